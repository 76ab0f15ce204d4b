SELECT
  *
FROM (
  SELECT
    "t7"."title",
    "t7"."season",
    COALESCE("t12"."value", 0.0) AS "value",
    COALESCE("t12"."units", 0) AS "units"
  FROM (
    SELECT
      "t0"."title",
      "t0"."season"
    FROM "seasons" AS "t0"
    WHERE
      "t0"."launch_at" IS NOT NULL
  ) AS "t7"
  LEFT OUTER JOIN (
    SELECT
      "t10"."title",
      "t10"."season",
      (
        (
          CAST(SUM(
            CAST(FLOOR((
              "t10"."weight" * "t10"."seconds_watched"
            ) / 4294967296) AS BIGINT)
          ) AS DOUBLE) * 4294967296
        ) + CAST(SUM(
          CAST(FLOOR("t10"."weight" * "t10"."seconds_watched") AS BIGINT) - (
            CAST(FLOOR((
              "t10"."weight" * "t10"."seconds_watched"
            ) / 4294967296) AS BIGINT) * 4294967296
          )
        ) AS DOUBLE) + (
          (
            (
              CAST(SUM(
                CAST(FLOOR(
                  (
                    (
                      (
                        (
                          "t10"."weight" * "t10"."seconds_watched"
                        ) - CAST(FLOOR("t10"."weight" * "t10"."seconds_watched") AS BIGINT)
                      ) * 1073741824
                    ) - CAST(FLOOR(
                      (
                        (
                          "t10"."weight" * "t10"."seconds_watched"
                        ) - CAST(FLOOR("t10"."weight" * "t10"."seconds_watched") AS BIGINT)
                      ) * 1073741824
                    ) AS BIGINT)
                  ) * 1073741824
                ) AS BIGINT)
              ) AS DOUBLE) / 1073741824
            ) + CAST(SUM(
              CAST(FLOOR(
                (
                  (
                    "t10"."weight" * "t10"."seconds_watched"
                  ) - CAST(FLOOR("t10"."weight" * "t10"."seconds_watched") AS BIGINT)
                ) * 1073741824
              ) AS BIGINT)
            ) AS DOUBLE)
          ) / 1073741824
        )
      ) / 3600 AS "value",
      COUNT(DISTINCT "t10"."unit_id") AS "units"
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
        "t9"."row_id"
      FROM (
        SELECT
          "t8"."row_id",
          "t8"."title",
          "t8"."season",
          "t8"."episode",
          "t8"."unit_id",
          "t8"."started_at",
          "t8"."seconds_watched",
          "t8"."market",
          "t8"."weight",
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
        ) AS "t8"
        INNER JOIN (
          SELECT
            "t2"."title",
            "t2"."season",
            "t2"."market",
            "t2"."launch_at"
          FROM "launches" AS "t2"
        ) AS "t6"
          ON "t8"."title" = "t6"."title"
          AND "t8"."season" = "t6"."season"
          AND "t8"."market" = "t6"."market"
      ) AS "t9"
      WHERE
        "t9"."started_at" >= "t9"."launch_at"
        AND "t9"."started_at" < (
          "t9"."launch_at" + INTERVAL '2184' HOUR
        )
    ) AS "t10"
    GROUP BY
      1,
      2
  ) AS "t12"
    ON "t7"."title" = "t12"."title" AND "t7"."season" = "t12"."season"
) AS "t13"
ORDER BY
  "t13"."title" ASC,
  "t13"."season" ASC
