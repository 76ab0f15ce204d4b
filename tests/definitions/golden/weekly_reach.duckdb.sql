SELECT
  *
FROM (
  SELECT
    "t17"."title",
    "t17"."season",
    "t17"."week",
    "t17"."value",
    "t17"."units",
    (
      "t17"."value" / NULLIF(
        LAG("t17"."value") OVER (
          PARTITION BY "t17"."title", "t17"."season"
          ORDER BY "t17"."week" ASC
          ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
        ),
        0
      )
    ) - 1 AS "wow_change"
  FROM (
    SELECT
      "t9"."title",
      "t9"."season",
      "t9"."week",
      COALESCE("t16"."value", 0.0) AS "value",
      COALESCE("t16"."units", 0) AS "units"
    FROM (
      SELECT
        "t4"."title",
        "t4"."season",
        UNNEST(RANGE(1, 5, 1)) AS "week"
      FROM (
        SELECT
          "t0"."title",
          "t0"."season"
        FROM "seasons" AS "t0"
        WHERE
          "t0"."launch_at" IS NOT NULL
      ) AS "t4"
    ) AS "t9"
    LEFT OUTER JOIN (
      SELECT
        "t14"."title",
        "t14"."season",
        "t14"."week",
        SUM("t14"."weight") AS "value",
        COUNT(*) AS "units"
      FROM (
        SELECT DISTINCT
          "t13"."title",
          "t13"."season",
          "t13"."week",
          "t13"."unit_id",
          "t13"."weight"
        FROM (
          SELECT
            "t12"."title",
            "t12"."season",
            "t12"."week",
            "t12"."unit_id",
            "t12"."weight",
            CASE WHEN "t12"."seconds_watched" >= 120.0 THEN 0 ELSE "t12"."episode" END AS "episode_part",
            SUM("t12"."seconds_watched") AS "seconds"
          FROM (
            SELECT
              "t11"."title",
              "t11"."season",
              "t11"."episode",
              "t11"."unit_id",
              "t11"."weight",
              "t11"."started_at",
              "t11"."seconds_watched",
              "t11"."launch_at",
              "t11"."row_id",
              CAST(FLOOR(
                (
                  EPOCH_US("t11"."started_at") - EPOCH_US("t11"."launch_at")
                ) / (
                  604800000000
                )
              ) AS BIGINT) + 1 AS "week"
            FROM (
              SELECT
                "t10"."title",
                "t10"."season",
                "t10"."episode",
                "t10"."unit_id",
                "t10"."weight",
                "t10"."started_at",
                "t10"."seconds_watched",
                "t10"."launch_at",
                "t10"."row_id"
              FROM (
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
                  "t6"."launch_at"
                FROM (
                  SELECT
                    "t1"."row_id",
                    "t1"."title",
                    "t1"."season",
                    "t1"."episode",
                    "t1"."account_id" AS "unit_id",
                    "t1"."started_at",
                    "t1"."seconds_watched",
                    "t1"."market",
                    CAST(1 AS DOUBLE) AS "weight"
                  FROM "viewing" AS "t1"
                  WHERE
                    "t1"."account_id" IS NOT NULL AND "t1"."account_id" <> ''
                ) AS "t7"
                INNER JOIN (
                  SELECT
                    "t2"."title",
                    "t2"."season",
                    "t2"."market",
                    "t2"."launch_at"
                  FROM "launches" AS "t2"
                ) AS "t6"
                  ON "t7"."title" = "t6"."title"
                  AND "t7"."season" = "t6"."season"
                  AND "t7"."market" = "t6"."market"
              ) AS "t10"
              WHERE
                "t10"."started_at" >= "t10"."launch_at"
                AND "t10"."started_at" < (
                  "t10"."launch_at" + INTERVAL '672' HOUR
                )
            ) AS "t11"
          ) AS "t12"
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
      ON "t9"."title" = "t16"."title"
      AND "t9"."season" = "t16"."season"
      AND "t9"."week" = "t16"."week"
  ) AS "t17"
) AS "t18"
ORDER BY
  "t18"."title" ASC,
  "t18"."season" ASC,
  "t18"."week" ASC
