WITH "t9" AS (
  SELECT
    "t3"."date",
    "t3"."market",
    "t3"."title",
    "t3"."value" * "t4"."weight" AS "points"
  FROM "signals" AS "t3"
  INNER JOIN "signal_weights" AS "t4"
    ON "t3"."signal" = "t4"."signal"
), "t20" AS (
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
  ) AS "t18"
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
  ) AS "t19"
)
SELECT
  *
FROM (
  SELECT
    "t24"."title",
    "t24"."market",
    "t17"."date",
    (
      COALESCE("t22"."points", 0.0) * 100.0
    ) / NULLIF("t13"."population", 0) AS "value",
    COALESCE("t22"."points", 0.0) AS "points",
    "t13"."population"
  FROM (
    SELECT DISTINCT
      "t21"."title",
      "t21"."market"
    FROM "t20" AS "t21"
  ) AS "t24"
  CROSS JOIN (
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
  ) AS "t17"
  LEFT OUTER JOIN "t20" AS "t22"
    ON "t24"."title" = "t22"."title"
    AND "t24"."market" = "t22"."market"
    AND "t17"."date" = "t22"."date"
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
    ON "t24"."market" = "t13"."market"
) AS "t25"
ORDER BY
  "t25"."title" ASC,
  "t25"."market" ASC,
  "t25"."date" ASC
