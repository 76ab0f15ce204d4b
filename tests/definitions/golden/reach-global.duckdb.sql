WITH "t7" AS (
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
), "t12" AS (
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
    "t11"."unit_market" AS "market"
  FROM "t7" AS "t9"
  INNER JOIN (
    SELECT
      "t8"."title",
      "t8"."season",
      "t8"."unit_id",
      FIRST(
        "t8"."market" ORDER BY {'started_at': "t8"."started_at", 'market': "t8"."market"}
      ) AS "unit_market",
      FIRST(
        "t8"."launch_at" ORDER BY {'started_at': "t8"."started_at", 'market': "t8"."market"}
      ) AS "unit_launch_at"
    FROM "t7" AS "t8"
    GROUP BY
      1,
      2,
      3
  ) AS "t11"
    ON "t9"."title" = "t11"."title"
    AND "t9"."season" = "t11"."season"
    AND "t9"."unit_id" = "t11"."unit_id"
)
SELECT
  *
FROM (
  SELECT
    "t15"."title",
    "t15"."season",
    "t15"."market",
    COALESCE("t19"."value", 0.0) AS "value",
    COALESCE("t19"."units", 0) AS "units"
  FROM (
    SELECT DISTINCT
      "t13"."title",
      "t13"."season",
      "t13"."market"
    FROM "t12" AS "t13"
  ) AS "t15"
  LEFT OUTER JOIN (
    SELECT
      "t17"."title",
      "t17"."season",
      "t17"."market",
      SUM("t17"."weight") AS "value",
      COUNT(*) AS "units"
    FROM (
      SELECT DISTINCT
        "t16"."title",
        "t16"."season",
        "t16"."market",
        "t16"."unit_id",
        "t16"."weight"
      FROM (
        SELECT
          "t13"."title",
          "t13"."season",
          "t13"."market",
          "t13"."unit_id",
          "t13"."weight",
          CASE WHEN "t13"."seconds_watched" >= 120.0 THEN 0 ELSE "t13"."episode" END AS "episode_part",
          SUM("t13"."seconds_watched") AS "seconds"
        FROM "t12" AS "t13"
        GROUP BY
          1,
          2,
          3,
          4,
          5,
          6
      ) AS "t16"
      WHERE
        "t16"."seconds" >= 120.0
    ) AS "t17"
    GROUP BY
      1,
      2,
      3
  ) AS "t19"
    ON "t15"."title" = "t19"."title"
    AND "t15"."season" = "t19"."season"
    AND "t15"."market" = "t19"."market"
) AS "t20"
ORDER BY
  "t20"."title" ASC,
  "t20"."season" ASC,
  "t20"."market" ASC
