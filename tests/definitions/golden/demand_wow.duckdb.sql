WITH "t9" AS (
  SELECT
    "t3"."date",
    "t3"."market",
    "t3"."title",
    "t3"."value" * "t4"."weight" AS "points"
  FROM "signals" AS "t3"
  INNER JOIN "signal_weights" AS "t4"
    ON "t3"."signal" = "t4"."signal"
)
SELECT
  *
FROM (
  SELECT
    "t26"."title",
    "t26"."market",
    (
      COALESCE("t26"."week", 0.0) / NULLIF(COALESCE("t26"."before", 0.0), 0)
    ) - 1 AS "value",
    (
      (
        COALESCE("t26"."week", 0.0) * 100.0
      ) / NULLIF("t13"."population", 0)
    ) / 7 AS "demand",
    (
      (
        COALESCE("t26"."before", 0.0) * 100.0
      ) / NULLIF("t13"."population", 0)
    ) / 7 AS "previous"
  FROM (
    SELECT
      "t24"."title",
      "t24"."market",
      SUM("t24"."points") FILTER(WHERE
        "t24"."back" < 7) AS "week",
      SUM("t24"."points") FILTER(WHERE
        "t24"."back" >= 7) AS "before"
    FROM (
      SELECT
        "t20"."title",
        "t20"."market",
        "t20"."date",
        "t20"."points",
        "t23"."back"
      FROM (
        SELECT
          *
        FROM (
          SELECT
            *
          FROM (
            SELECT
              "t12"."title",
              "t12"."market",
              "t12"."date",
              SUM("t12"."points") AS "points"
            FROM "t9" AS "t12"
            GROUP BY
              1,
              2,
              3
          ) AS "t14"
        ) AS "t17"
        UNION ALL
        SELECT
          *
        FROM (
          SELECT
            "t15"."title",
            'ALL' AS "market",
            "t15"."date",
            "t15"."points"
          FROM (
            SELECT
              "t12"."title",
              "t12"."date",
              SUM("t12"."points") AS "points"
            FROM "t9" AS "t12"
            GROUP BY
              1,
              2
          ) AS "t15"
        ) AS "t18"
      ) AS "t20"
      INNER JOIN (
        SELECT
          *
        FROM (
          SELECT
            "t16"."date",
            ROW_NUMBER() OVER (
              ORDER BY "t16"."date" DESC
              ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
            ) - 1 AS "back"
          FROM (
            SELECT
              UNNEST(CAST(GENERATE_SERIES("t11"."first", "t11"."last", INTERVAL '24' HOUR) AS DATE[])) AS "date"
            FROM (
              SELECT
                *
              FROM (
                SELECT
                  MIN("t1"."date") AS "first",
                  MAX("t1"."date") AS "last"
                FROM "signals" AS "t1"
              ) AS "t7"
              WHERE
                "t7"."first" <= "t7"."last"
            ) AS "t11"
          ) AS "t16"
        ) AS "t21"
        WHERE
          "t21"."back" < 14
      ) AS "t23"
        ON "t20"."date" = "t23"."date"
    ) AS "t24"
    GROUP BY
      1,
      2
  ) AS "t26"
  LEFT OUTER JOIN (
    SELECT
      *
    FROM (
      SELECT
        CAST("t0"."market" AS TEXT) AS "market",
        "t0"."population"
      FROM "markets" AS "t0"
    ) AS "t6"
    UNION ALL
    SELECT
      *
    FROM (
      SELECT
        'ALL' AS "market",
        "t5"."population"
      FROM (
        SELECT
          SUM("t0"."population") AS "population"
        FROM "markets" AS "t0"
      ) AS "t5"
    ) AS "t8"
  ) AS "t13"
    ON "t26"."market" = "t13"."market"
) AS "t27"
ORDER BY
  "t27"."title" ASC,
  "t27"."market" ASC
