WITH "t12" AS (
  SELECT
    "t4"."date",
    "t4"."market",
    "t4"."title",
    "t4"."value" * "t5"."weight" AS "points"
  FROM "signals" AS "t4"
  INNER JOIN "signal_weights" AS "t5"
    ON "t4"."signal" = "t5"."signal"
)
SELECT
  *
FROM (
  SELECT
    "t26"."title",
    "t26"."market",
    (
      RANK() OVER (
        PARTITION BY "t26"."market"
        ORDER BY "t26"."points" DESC
        ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
      ) - 1
    ) + 1 AS "value",
    (
      (
        "t26"."points" * 100.0
      ) / NULLIF("t16"."population", 0)
    ) / "t24"."days" AS "demand",
    COUNT("t26"."title") OVER (
      PARTITION BY "t26"."market"
      ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
    ) AS "titles"
  FROM (
    SELECT
      "t23"."title",
      "t23"."market",
      SUM("t23"."points") AS "points"
    FROM (
      SELECT
        *
      FROM (
        SELECT
          *
        FROM (
          SELECT
            "t15"."title",
            "t15"."market",
            "t15"."date",
            SUM("t15"."points") AS "points"
          FROM "t12" AS "t15"
          GROUP BY
            1,
            2,
            3
        ) AS "t17"
      ) AS "t20"
      UNION ALL
      SELECT
        *
      FROM (
        SELECT
          "t18"."title",
          'ALL' AS "market",
          "t18"."date",
          "t18"."points"
        FROM (
          SELECT
            "t15"."title",
            "t15"."date",
            SUM("t15"."points") AS "points"
          FROM "t12" AS "t15"
          GROUP BY
            1,
            2
        ) AS "t18"
      ) AS "t21"
    ) AS "t23"
    GROUP BY
      1,
      2
  ) AS "t26"
  LEFT OUTER JOIN (
    SELECT
      *
    FROM (
      SELECT
        CAST("t1"."market" AS TEXT) AS "market",
        "t1"."population"
      FROM "markets" AS "t1"
    ) AS "t9"
    UNION ALL
    SELECT
      *
    FROM (
      SELECT
        'ALL' AS "market",
        "t8"."population"
      FROM (
        SELECT
          SUM("t1"."population") AS "population"
        FROM "markets" AS "t1"
      ) AS "t8"
    ) AS "t11"
  ) AS "t16"
    ON "t26"."market" = "t16"."market"
  CROSS JOIN (
    SELECT
      COUNT(*) AS "days"
    FROM (
      SELECT
        UNNEST(CAST(GENERATE_SERIES("t14"."first", "t14"."last", INTERVAL '24' HOUR) AS DATE[])) AS "date"
      FROM (
        SELECT
          *
        FROM (
          SELECT
            MIN("t2"."date") AS "first",
            MAX("t2"."date") AS "last"
          FROM "signals" AS "t2"
        ) AS "t10"
        WHERE
          "t10"."first" <= "t10"."last"
      ) AS "t14"
    ) AS "t19"
  ) AS "t24"
  INNER JOIN (
    SELECT
      "t0"."title"
    FROM "titles" AS "t0"
  ) AS "t7"
    ON "t26"."title" = "t7"."title"
) AS "t27"
ORDER BY
  "t27"."market" ASC,
  "t27"."value" ASC,
  "t27"."title" ASC
