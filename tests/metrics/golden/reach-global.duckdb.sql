WITH "t8" AS (
  SELECT
    "t7"."row_id",
    "t7"."title",
    "t7"."season",
    "t7"."episode",
    "t7"."unit_id",
    "t7"."started_at",
    "t7"."seconds_watched",
    "t7"."market",
    "t7"."weight",
    "t7"."launch_at",
    FIRST_VALUE("t7"."market") OVER (
      PARTITION BY "t7"."title", "t7"."season", "t7"."unit_id"
      ORDER BY "t7"."started_at" ASC, "t7"."market" ASC
      ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
    ) AS "unit_market"
  FROM (
    SELECT
      *
    FROM (
      SELECT
        "t4"."row_id",
        "t4"."title",
        "t4"."season",
        "t4"."episode",
        "t4"."unit_id",
        "t4"."started_at",
        "t4"."seconds_watched",
        "t4"."market",
        "t4"."weight",
        "t5"."launch_at"
      FROM (
        SELECT
          "t0"."row_id",
          "t0"."title",
          "t0"."season",
          "t0"."episode",
          "t0"."account_id" AS "unit_id",
          "t0"."started_at",
          "t0"."seconds_watched",
          "t0"."market",
          CAST(1 AS DOUBLE) AS "weight"
        FROM "viewing" AS "t0"
        WHERE
          "t0"."account_id" IS NOT NULL AND "t0"."account_id" <> ''
      ) AS "t4"
      INNER JOIN (
        SELECT
          "t1"."title",
          "t1"."season",
          "t1"."launch_at"
        FROM "seasons" AS "t1"
        WHERE
          "t1"."launch_at" IS NOT NULL
      ) AS "t5"
        ON "t4"."title" = "t5"."title" AND "t4"."season" = "t5"."season"
    ) AS "t6"
    WHERE
      "t6"."started_at" >= "t6"."launch_at"
      AND "t6"."started_at" < (
        "t6"."launch_at" + INTERVAL '720' HOUR
      )
  ) AS "t7"
)
SELECT
  *
FROM (
  SELECT
    "t12"."title",
    "t12"."season",
    "t12"."market",
    COALESCE("t16"."value", 0.0) AS "value",
    COALESCE("t16"."units", 0) AS "units"
  FROM (
    SELECT DISTINCT
      "t9"."title",
      "t9"."season",
      "t9"."unit_market" AS "market"
    FROM "t8" AS "t9"
  ) AS "t12"
  LEFT OUTER JOIN (
    SELECT
      "t14"."title",
      "t14"."season",
      "t14"."market",
      SUM("t14"."weight") AS "value",
      COUNT(*) AS "units"
    FROM (
      SELECT DISTINCT
        "t13"."title",
        "t13"."season",
        "t13"."market",
        "t13"."unit_id",
        "t13"."weight"
      FROM (
        SELECT
          "t11"."title",
          "t11"."season",
          "t11"."market",
          "t11"."unit_id",
          "t11"."weight",
          "t11"."episode",
          SUM("t11"."seconds_watched") AS "seconds"
        FROM (
          SELECT
            "t9"."title",
            "t9"."season",
            "t9"."episode",
            "t9"."unit_id",
            "t9"."weight",
            "t9"."started_at",
            "t9"."seconds_watched",
            "t9"."launch_at",
            "t9"."row_id",
            "t9"."unit_market" AS "market"
          FROM "t8" AS "t9"
        ) AS "t11"
        GROUP BY
          1,
          2,
          3,
          4,
          5,
          6
      ) AS "t13"
      WHERE
        "t13"."seconds" >= 120.0
    ) AS "t14"
    GROUP BY
      1,
      2,
      3
  ) AS "t16"
    ON "t12"."title" = "t16"."title"
    AND "t12"."season" = "t16"."season"
    AND "t12"."market" = "t16"."market"
) AS "t17"
ORDER BY
  "t17"."title" ASC,
  "t17"."season" ASC,
  "t17"."market" ASC
