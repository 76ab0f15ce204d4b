WITH "t18" AS (
  SELECT
    "t17"."title",
    "t17"."season",
    "t17"."episode",
    "t17"."unit_id",
    "t17"."weight",
    "t17"."started_at",
    "t17"."seconds_watched",
    "t17"."unit_launch_at" AS "launch_at",
    "t17"."row_id"
  FROM (
    SELECT
      "t16"."row_id",
      "t16"."title",
      "t16"."season",
      "t16"."episode",
      "t16"."unit_id",
      "t16"."started_at",
      "t16"."seconds_watched",
      "t16"."market",
      "t16"."weight",
      "t16"."launch_at",
      "t16"."horizon",
      FIRST_VALUE("t16"."market") OVER (
        PARTITION BY "t16"."title", "t16"."season", "t16"."unit_id"
        ORDER BY "t16"."started_at" ASC, "t16"."market" ASC
        ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
      ) AS "unit_market",
      FIRST_VALUE("t16"."launch_at") OVER (
        PARTITION BY "t16"."title", "t16"."season", "t16"."unit_id"
        ORDER BY "t16"."started_at" ASC, "t16"."market" ASC
        ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
      ) AS "unit_launch_at"
    FROM (
      SELECT
        *
      FROM (
        SELECT
          "t12"."row_id",
          "t12"."title",
          "t12"."season",
          "t12"."episode",
          "t12"."unit_id",
          "t12"."started_at",
          "t12"."seconds_watched",
          "t12"."market",
          "t12"."weight",
          "t14"."launch_at",
          "t14"."horizon"
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
        ) AS "t12"
        INNER JOIN (
          SELECT
            "t6"."title",
            "t6"."season",
            "t6"."market",
            "t6"."launch_at",
            MAX("t6"."launch_at") OVER (
              PARTITION BY "t6"."title", "t6"."season"
              ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
            ) + INTERVAL '672' HOUR AS "horizon"
          FROM (
            SELECT
              "t3"."title",
              "t3"."season",
              "t3"."market",
              "t3"."launch_at"
            FROM "launches" AS "t3"
          ) AS "t6"
        ) AS "t14"
          ON "t12"."title" = "t14"."title"
          AND "t12"."season" = "t14"."season"
          AND "t12"."market" = "t14"."market"
      ) AS "t15"
      WHERE
        "t15"."started_at" >= "t15"."launch_at" AND "t15"."started_at" < "t15"."horizon"
    ) AS "t16"
  ) AS "t17"
  WHERE
    "t17"."started_at" >= "t17"."unit_launch_at"
    AND "t17"."started_at" < (
      "t17"."unit_launch_at" + INTERVAL '672' HOUR
    )
)
SELECT
  *
FROM (
  SELECT
    "t11"."title",
    "t11"."season",
    "t8"."episode",
    COALESCE("t31"."value", 0.0) AS "value",
    COALESCE("t26"."started", 0.0) AS "started"
  FROM (
    SELECT
      "t0"."title",
      "t0"."season"
    FROM "seasons" AS "t0"
    WHERE
      "t0"."launch_at" IS NOT NULL
  ) AS "t11"
  INNER JOIN (
    SELECT
      "t1"."title",
      "t1"."season",
      "t1"."episode"
    FROM "episodes" AS "t1"
  ) AS "t8"
    ON "t11"."title" = "t8"."title" AND "t11"."season" = "t8"."season"
  LEFT OUTER JOIN (
    SELECT
      "t29"."title",
      "t29"."season",
      "t29"."episode",
      SUM("t29"."weight") AS "value"
    FROM (
      SELECT
        *
      FROM (
        SELECT
          "t27"."title",
          "t27"."season",
          "t27"."unit_id",
          "t27"."weight",
          "t27"."episode",
          "t27"."runtime_s",
          (
            EPOCH_US("t27"."started_at") - EPOCH_US("t27"."launch_at")
          ) + (
            "t27"."seconds_watched" * 1000000
          ) AS "completed_us"
        FROM (
          SELECT
            *
          FROM (
            SELECT
              "t22"."title",
              "t22"."season",
              "t22"."episode",
              "t22"."unit_id",
              "t22"."weight",
              "t22"."started_at",
              "t22"."seconds_watched",
              "t22"."launch_at",
              "t22"."row_id",
              "t22"."runtime_s",
              "t22"."runtime_s" * 0.9 AS "threshold",
              SUM("t22"."seconds_watched") OVER (
                PARTITION BY "t22"."title", "t22"."season", "t22"."unit_id", "t22"."episode"
                ORDER BY "t22"."started_at" ASC, "t22"."seconds_watched" ASC
                ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
              ) AS "through",
              SUM("t22"."seconds_watched") OVER (
                PARTITION BY "t22"."title", "t22"."season", "t22"."unit_id", "t22"."episode"
                ORDER BY "t22"."started_at" ASC, "t22"."seconds_watched" ASC
                ROWS BETWEEN UNBOUNDED PRECEDING AND 1 preceding
              ) AS "before"
            FROM (
              SELECT
                "t20"."title",
                "t20"."season",
                "t20"."episode",
                "t20"."unit_id",
                "t20"."weight",
                "t20"."started_at",
                "t20"."seconds_watched",
                "t20"."launch_at",
                "t20"."row_id",
                "t9"."runtime_s"
              FROM "t18" AS "t20"
              INNER JOIN (
                SELECT
                  "t1"."title",
                  "t1"."season",
                  "t1"."episode",
                  "t1"."runtime_s"
                FROM "episodes" AS "t1"
              ) AS "t9"
                ON "t20"."title" = "t9"."title"
                AND "t20"."season" = "t9"."season"
                AND "t20"."episode" = "t9"."episode"
            ) AS "t22"
          ) AS "t25"
          WHERE
            "t25"."through" >= "t25"."threshold"
            AND (
              (
                "t25"."before" IS NULL
              ) OR (
                "t25"."before" < "t25"."threshold"
              )
            )
        ) AS "t27"
      ) AS "t28"
      WHERE
        "t28"."completed_us" < 2419200000000
    ) AS "t29"
    GROUP BY
      1,
      2,
      3
  ) AS "t31"
    ON "t11"."title" = "t31"."title"
    AND "t11"."season" = "t31"."season"
    AND "t8"."episode" = "t31"."episode"
  LEFT OUTER JOIN (
    SELECT
      "t23"."title",
      "t23"."season",
      "t23"."episode",
      SUM("t23"."weight") AS "started"
    FROM (
      SELECT DISTINCT
        "t21"."title",
        "t21"."season",
        "t21"."episode",
        "t21"."unit_id",
        "t21"."weight"
      FROM (
        SELECT
          "t19"."title",
          "t19"."season",
          "t19"."episode",
          "t19"."unit_id",
          "t19"."weight",
          SUM("t19"."seconds_watched") AS "seconds"
        FROM "t18" AS "t19"
        GROUP BY
          1,
          2,
          3,
          4,
          5
      ) AS "t21"
      WHERE
        "t21"."seconds" >= 120.0
    ) AS "t23"
    GROUP BY
      1,
      2,
      3
  ) AS "t26"
    ON "t11"."title" = "t26"."title"
    AND "t11"."season" = "t26"."season"
    AND "t8"."episode" = "t26"."episode"
) AS "t32"
ORDER BY
  "t32"."title" ASC,
  "t32"."season" ASC,
  "t32"."episode" ASC
