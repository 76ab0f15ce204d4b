SELECT
  *
FROM (
  SELECT
    "t7"."title",
    "t7"."season",
    COALESCE("t14"."value", 0.0) AS "value",
    COALESCE("t14"."units", 0) AS "units"
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
      "t12"."title",
      "t12"."season",
      SUM("t12"."weight") AS "value",
      COUNT(*) AS "units"
    FROM (
      SELECT DISTINCT
        "t11"."title",
        "t11"."season",
        "t11"."unit_id",
        "t11"."weight"
      FROM (
        SELECT
          "t10"."title",
          "t10"."season",
          "t10"."unit_id",
          "t10"."weight",
          CASE WHEN "t10"."seconds_watched" >= 120.0 THEN 0 ELSE "t10"."episode" END AS "episode_part",
          SUM("t10"."seconds_watched") AS "seconds"
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
              "t9"."launch_at" + INTERVAL '720' HOUR
            )
        ) AS "t10"
        GROUP BY
          1,
          2,
          3,
          4,
          5
      ) AS "t11"
      WHERE
        "t11"."seconds" >= 120.0
    ) AS "t12"
    GROUP BY
      1,
      2
  ) AS "t14"
    ON "t7"."title" = "t14"."title" AND "t7"."season" = "t14"."season"
) AS "t15"
ORDER BY
  "t15"."title" ASC,
  "t15"."season" ASC
