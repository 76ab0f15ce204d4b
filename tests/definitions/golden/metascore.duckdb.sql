SELECT
  *
FROM (
  SELECT
    "t3"."title",
    "t3"."season",
    "t7"."value",
    CASE
      WHEN "t7"."value" >= 81
      THEN 'universal acclaim'
      WHEN "t7"."value" >= 61
      THEN 'generally favorable'
      WHEN "t7"."value" >= 40
      THEN 'mixed or average'
      WHEN "t7"."value" >= 20
      THEN 'generally unfavorable'
      WHEN "t7"."value" >= 0
      THEN 'overwhelming dislike'
      ELSE NULL
    END AS "label",
    "t7"."weighted_mean",
    COALESCE("t7"."reviews", 0) AS "reviews"
  FROM (
    SELECT
      "t0"."title",
      "t0"."season"
    FROM "seasons" AS "t0"
  ) AS "t3"
  LEFT OUTER JOIN (
    SELECT
      "t5"."title",
      "t5"."season",
      "t5"."reviews",
      CASE
        WHEN "t5"."reviews" >= 4
        THEN "t5"."points" / NULLIF("t5"."weights", 0)
        ELSE NULL
      END AS "weighted_mean",
      CAST(FLOOR(
        CAST(ROUND(
          CASE
            WHEN "t5"."reviews" >= 4
            THEN "t5"."points" / NULLIF("t5"."weights", 0)
            ELSE NULL
          END,
          9
        ) AS DOUBLE) + 0.5
      ) AS BIGINT) AS "value"
    FROM (
      SELECT
        "t4"."title",
        "t4"."season",
        (
          CAST(SUM(CAST(FLOOR((
            "t4"."weight" * "t4"."score_100"
          ) / 4294967296) AS BIGINT)) AS DOUBLE) * 4294967296
        ) + CAST(SUM(
          CAST(FLOOR("t4"."weight" * "t4"."score_100") AS BIGINT) - (
            CAST(FLOOR((
              "t4"."weight" * "t4"."score_100"
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
                          "t4"."weight" * "t4"."score_100"
                        ) - CAST(FLOOR("t4"."weight" * "t4"."score_100") AS BIGINT)
                      ) * 1073741824
                    ) - CAST(FLOOR(
                      (
                        (
                          "t4"."weight" * "t4"."score_100"
                        ) - CAST(FLOOR("t4"."weight" * "t4"."score_100") AS BIGINT)
                      ) * 1073741824
                    ) AS BIGINT)
                  ) * 1073741824
                ) AS BIGINT)
              ) AS DOUBLE) / 1073741824
            ) + CAST(SUM(
              CAST(FLOOR(
                (
                  (
                    "t4"."weight" * "t4"."score_100"
                  ) - CAST(FLOOR("t4"."weight" * "t4"."score_100") AS BIGINT)
                ) * 1073741824
              ) AS BIGINT)
            ) AS DOUBLE)
          ) / 1073741824
        ) AS "points",
        (
          CAST(SUM(CAST(FLOOR("t4"."weight" / 4294967296) AS BIGINT)) AS DOUBLE) * 4294967296
        ) + CAST(SUM(
          CAST(FLOOR("t4"."weight") AS BIGINT) - (
            CAST(FLOOR("t4"."weight" / 4294967296) AS BIGINT) * 4294967296
          )
        ) AS DOUBLE) + (
          (
            (
              CAST(SUM(
                CAST(FLOOR(
                  (
                    (
                      (
                        "t4"."weight" - CAST(FLOOR("t4"."weight") AS BIGINT)
                      ) * 1073741824
                    ) - CAST(FLOOR((
                      "t4"."weight" - CAST(FLOOR("t4"."weight") AS BIGINT)
                    ) * 1073741824) AS BIGINT)
                  ) * 1073741824
                ) AS BIGINT)
              ) AS DOUBLE) / 1073741824
            ) + CAST(SUM(
              CAST(FLOOR((
                "t4"."weight" - CAST(FLOOR("t4"."weight") AS BIGINT)
              ) * 1073741824) AS BIGINT)
            ) AS DOUBLE)
          ) / 1073741824
        ) AS "weights",
        COUNT(*) AS "reviews"
      FROM (
        SELECT
          *
        FROM "reviews" AS "t1"
        WHERE
          "t1"."score_100" IS NOT NULL
      ) AS "t4"
      GROUP BY
        1,
        2
    ) AS "t5"
  ) AS "t7"
    ON "t3"."title" = "t7"."title" AND "t3"."season" = "t7"."season"
) AS "t8"
ORDER BY
  "t8"."title" ASC,
  "t8"."season" ASC
