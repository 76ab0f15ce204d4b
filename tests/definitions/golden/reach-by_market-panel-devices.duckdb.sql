WITH "t11" AS (
  SELECT
    *
  FROM (
    SELECT
      "t6"."row_id",
      "t6"."title",
      "t6"."season",
      "t6"."episode",
      "t6"."unit_id",
      "t6"."started_at",
      "t6"."seconds_watched",
      "t6"."market",
      "t7"."weight",
      "t9"."launch_at",
      "t9"."horizon"
    FROM (
      SELECT
        "t0"."row_id",
        "t0"."title",
        "t0"."season",
        "t0"."episode",
        "t0"."account_id" AS "unit_id",
        "t0"."started_at",
        "t0"."seconds_watched",
        "t0"."market"
      FROM "viewing" AS "t0"
      WHERE
        "t0"."device" IN ('desktop', 'mobile')
        AND "t0"."account_id" IS NOT NULL
        AND "t0"."account_id" <> ''
    ) AS "t6"
    INNER JOIN (
      SELECT
        "t1"."unit_id",
        "t1"."weight"
      FROM "panels" AS "t1"
      WHERE
        "t1"."panel" = 'desktop' AND "t1"."unit" = 'account'
    ) AS "t7"
      ON "t6"."unit_id" = "t7"."unit_id"
    INNER JOIN (
      SELECT
        "t3"."title",
        "t3"."season",
        "t3"."market",
        "t3"."launch_at",
        MAX("t3"."launch_at") OVER (
          PARTITION BY "t3"."title", "t3"."season"
          ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
        ) + INTERVAL '720' HOUR AS "horizon"
      FROM (
        SELECT
          "t2"."title",
          "t2"."season",
          "t2"."market",
          "t2"."launch_at"
        FROM "launches" AS "t2"
      ) AS "t3"
    ) AS "t9"
      ON "t6"."title" = "t9"."title"
      AND "t6"."season" = "t9"."season"
      AND "t6"."market" = "t9"."market"
  ) AS "t10"
  WHERE
    "t10"."started_at" >= "t10"."launch_at" AND "t10"."started_at" < "t10"."horizon"
), "t16" AS (
  SELECT
    "t13"."row_id",
    "t13"."title",
    "t13"."season",
    "t13"."episode",
    "t13"."unit_id",
    "t13"."started_at",
    "t13"."seconds_watched",
    "t13"."market",
    "t13"."weight",
    "t13"."launch_at",
    "t13"."horizon",
    "t15"."unit_market",
    "t15"."unit_launch_at"
  FROM "t11" AS "t13"
  INNER JOIN (
    SELECT
      "t12"."title",
      "t12"."season",
      "t12"."unit_id",
      FIRST(
        "t12"."market" ORDER BY {'started_at': "t12"."started_at", 'market': "t12"."market"}
      ) AS "unit_market",
      FIRST(
        "t12"."launch_at" ORDER BY {'started_at': "t12"."started_at", 'market': "t12"."market"}
      ) AS "unit_launch_at"
    FROM "t11" AS "t12"
    GROUP BY
      1,
      2,
      3
  ) AS "t15"
    ON "t13"."title" = "t15"."title"
    AND "t13"."season" = "t15"."season"
    AND "t13"."unit_id" = "t15"."unit_id"
)
SELECT
  *
FROM (
  SELECT
    "t20"."title",
    "t20"."season",
    "t20"."market",
    COALESCE("t24"."value", 0.0) AS "value",
    COALESCE("t24"."units", 0) AS "units"
  FROM (
    SELECT DISTINCT
      "t17"."title",
      "t17"."season",
      "t17"."unit_market" AS "market"
    FROM "t16" AS "t17"
    WHERE
      "t17"."started_at" < (
        "t17"."launch_at" + INTERVAL '720' HOUR
      )
  ) AS "t20"
  LEFT OUTER JOIN (
    SELECT
      "t22"."title",
      "t22"."season",
      "t22"."market",
      (
        CAST(SUM(CAST(FLOOR("t22"."weight" / 4294967296) AS BIGINT)) AS DOUBLE) * 4294967296
      ) + CAST(SUM(
        CAST(FLOOR("t22"."weight") AS BIGINT) - (
          CAST(FLOOR("t22"."weight" / 4294967296) AS BIGINT) * 4294967296
        )
      ) AS DOUBLE) + (
        (
          (
            CAST(SUM(
              CAST(FLOOR(
                (
                  (
                    (
                      "t22"."weight" - CAST(FLOOR("t22"."weight") AS BIGINT)
                    ) * 1073741824
                  ) - CAST(FLOOR((
                    "t22"."weight" - CAST(FLOOR("t22"."weight") AS BIGINT)
                  ) * 1073741824) AS BIGINT)
                ) * 1073741824
              ) AS BIGINT)
            ) AS DOUBLE) / 1073741824
          ) + CAST(SUM(
            CAST(FLOOR((
              "t22"."weight" - CAST(FLOOR("t22"."weight") AS BIGINT)
            ) * 1073741824) AS BIGINT)
          ) AS DOUBLE)
        ) / 1073741824
      ) AS "value",
      COUNT(*) AS "units"
    FROM (
      SELECT DISTINCT
        "t21"."title",
        "t21"."season",
        "t21"."market",
        "t21"."unit_id",
        "t21"."weight"
      FROM (
        SELECT
          "t19"."title",
          "t19"."season",
          "t19"."market",
          "t19"."unit_id",
          "t19"."weight",
          CASE WHEN "t19"."seconds_watched" >= 120.0 THEN 0 ELSE "t19"."episode" END AS "episode_part",
          SUM("t19"."seconds_watched") AS "seconds"
        FROM (
          SELECT
            "t17"."title",
            "t17"."season",
            "t17"."episode",
            "t17"."unit_id",
            "t17"."weight",
            "t17"."started_at",
            "t17"."seconds_watched",
            "t17"."launch_at",
            "t17"."row_id",
            "t17"."unit_market" AS "market"
          FROM "t16" AS "t17"
          WHERE
            "t17"."started_at" < (
              "t17"."launch_at" + INTERVAL '720' HOUR
            )
        ) AS "t19"
        GROUP BY
          1,
          2,
          3,
          4,
          5,
          6
      ) AS "t21"
      WHERE
        "t21"."seconds" >= 120.0
    ) AS "t22"
    GROUP BY
      1,
      2,
      3
  ) AS "t24"
    ON "t20"."title" = "t24"."title"
    AND "t20"."season" = "t24"."season"
    AND "t20"."market" = "t24"."market"
) AS "t25"
ORDER BY
  "t25"."title" ASC,
  "t25"."season" ASC,
  "t25"."market" ASC
