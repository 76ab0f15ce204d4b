SELECT
  *
FROM (
  SELECT
    "t12"."title",
    "t12"."season",
    "t8"."episode",
    COALESCE("t21"."value", 0.0) AS "value",
    COALESCE("t21"."units", 0) AS "units"
  FROM (
    SELECT
      "t0"."title",
      "t0"."season"
    FROM "seasons" AS "t0"
    WHERE
      "t0"."launch_at" IS NOT NULL
  ) AS "t12"
  INNER JOIN (
    SELECT
      "t1"."title",
      "t1"."season",
      "t1"."episode"
    FROM "episodes" AS "t1"
  ) AS "t8"
    ON "t12"."title" = "t8"."title" AND "t12"."season" = "t8"."season"
  LEFT OUTER JOIN (
    SELECT
      "t19"."title",
      "t19"."season",
      "t19"."episode",
      "t19"."credited" / NULLIF("t19"."runtime_us", 0) AS "value",
      "t19"."units"
    FROM (
      SELECT
        "t18"."title",
        "t18"."season",
        "t18"."episode",
        "t18"."runtime_us",
        (
          CAST(SUM(CAST(FLOOR("t18"."credited" / 4294967296) AS BIGINT)) AS DOUBLE) * 4294967296
        ) + CAST(SUM(
          CAST(FLOOR("t18"."credited") AS BIGINT) - (
            CAST(FLOOR("t18"."credited" / 4294967296) AS BIGINT) * 4294967296
          )
        ) AS DOUBLE) + (
          (
            (
              CAST(SUM(
                CAST(FLOOR(
                  (
                    (
                      (
                        "t18"."credited" - CAST(FLOOR("t18"."credited") AS BIGINT)
                      ) * 1073741824
                    ) - CAST(FLOOR((
                      "t18"."credited" - CAST(FLOOR("t18"."credited") AS BIGINT)
                    ) * 1073741824) AS BIGINT)
                  ) * 1073741824
                ) AS BIGINT)
              ) AS DOUBLE) / 1073741824
            ) + CAST(SUM(
              CAST(FLOOR((
                "t18"."credited" - CAST(FLOOR("t18"."credited") AS BIGINT)
              ) * 1073741824) AS BIGINT)
            ) AS DOUBLE)
          ) / 1073741824
        ) AS "credited",
        COUNT(*) AS "units"
      FROM (
        SELECT
          "t17"."title",
          "t17"."season",
          "t17"."episode",
          "t9"."runtime_s" * 1000000 AS "runtime_us",
          "t17"."weight" * LEAST("t9"."runtime_s" * 1000000, "t17"."us") AS "credited"
        FROM (
          SELECT
            "t15"."title",
            "t15"."season",
            "t15"."episode",
            "t15"."unit_id",
            "t15"."weight",
            CAST(ROUND(SUM("t15"."seconds_watched") * 1000000, 0) AS BIGINT) AS "us"
          FROM (
            SELECT
              "t14"."title",
              "t14"."season",
              "t14"."episode",
              "t14"."unit_id",
              "t14"."weight",
              "t14"."started_at",
              "t14"."seconds_watched",
              "t14"."launch_at",
              "t14"."row_id"
            FROM (
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
                "t11"."launch_at"
              FROM (
                SELECT
                  "t2"."row_id",
                  "t2"."title",
                  "t2"."season",
                  "t2"."episode",
                  "t2"."account_id" AS "unit_id",
                  "t2"."started_at",
                  "t2"."seconds_watched",
                  "t2"."market",
                  CAST(1 AS DOUBLE) AS "weight"
                FROM "viewing" AS "t2"
                WHERE
                  "t2"."account_id" IS NOT NULL AND "t2"."account_id" <> ''
              ) AS "t13"
              INNER JOIN (
                SELECT
                  "t3"."title",
                  "t3"."season",
                  "t3"."market",
                  "t3"."launch_at"
                FROM "launches" AS "t3"
              ) AS "t11"
                ON "t13"."title" = "t11"."title"
                AND "t13"."season" = "t11"."season"
                AND "t13"."market" = "t11"."market"
            ) AS "t14"
            WHERE
              "t14"."started_at" >= "t14"."launch_at"
              AND "t14"."started_at" < (
                "t14"."launch_at" + INTERVAL '168' HOUR
              )
          ) AS "t15"
          GROUP BY
            1,
            2,
            3,
            4,
            5
        ) AS "t17"
        INNER JOIN (
          SELECT
            "t1"."title",
            "t1"."season",
            "t1"."episode",
            "t1"."runtime_s"
          FROM "episodes" AS "t1"
        ) AS "t9"
          ON "t17"."title" = "t9"."title"
          AND "t17"."season" = "t9"."season"
          AND "t17"."episode" = "t9"."episode"
      ) AS "t18"
      GROUP BY
        1,
        2,
        3,
        4
    ) AS "t19"
  ) AS "t21"
    ON "t12"."title" = "t21"."title"
    AND "t12"."season" = "t21"."season"
    AND "t8"."episode" = "t21"."episode"
) AS "t22"
ORDER BY
  "t22"."title" ASC,
  "t22"."season" ASC,
  "t22"."episode" ASC
