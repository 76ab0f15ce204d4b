WITH "t16" AS (
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
), "t22" AS (
  SELECT
    "t21"."title",
    "t21"."season",
    "t21"."episode",
    "t21"."unit_id",
    "t21"."weight",
    "t21"."started_at",
    "t21"."seconds_watched",
    "t21"."unit_launch_at" AS "launch_at",
    "t21"."row_id"
  FROM (
    SELECT
      "t18"."row_id",
      "t18"."title",
      "t18"."season",
      "t18"."episode",
      "t18"."unit_id",
      "t18"."started_at",
      "t18"."seconds_watched",
      "t18"."market",
      "t18"."weight",
      "t18"."launch_at",
      "t18"."horizon",
      "t20"."unit_market",
      "t20"."unit_launch_at"
    FROM "t16" AS "t18"
    INNER JOIN (
      SELECT
        "t17"."title",
        "t17"."season",
        "t17"."unit_id",
        FIRST(
          "t17"."market" ORDER BY {'started_at': "t17"."started_at", 'market': "t17"."market"}
        ) AS "unit_market",
        FIRST(
          "t17"."launch_at" ORDER BY {'started_at': "t17"."started_at", 'market': "t17"."market"}
        ) AS "unit_launch_at"
      FROM "t16" AS "t17"
      GROUP BY
        1,
        2,
        3
    ) AS "t20"
      ON "t18"."title" = "t20"."title"
      AND "t18"."season" = "t20"."season"
      AND "t18"."unit_id" = "t20"."unit_id"
  ) AS "t21"
  WHERE
    "t21"."started_at" >= "t21"."unit_launch_at"
    AND "t21"."started_at" < (
      "t21"."unit_launch_at" + INTERVAL '672' HOUR
    )
)
SELECT
  *
FROM (
  SELECT
    "t11"."title",
    "t11"."season",
    "t8"."episode",
    COALESCE("t35"."value", 0.0) AS "value",
    COALESCE("t30"."started", 0.0) AS "started"
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
      "t33"."title",
      "t33"."season",
      "t33"."episode",
      SUM("t33"."weight") AS "value"
    FROM (
      SELECT
        *
      FROM (
        SELECT
          "t31"."title",
          "t31"."season",
          "t31"."unit_id",
          "t31"."weight",
          "t31"."episode",
          "t31"."runtime_s",
          (
            EPOCH_US("t31"."started_at") - EPOCH_US("t31"."launch_at")
          ) + (
            "t31"."seconds_watched" * 1000000
          ) AS "completed_us"
        FROM (
          SELECT
            *
          FROM (
            SELECT
              "t26"."title",
              "t26"."season",
              "t26"."episode",
              "t26"."unit_id",
              "t26"."weight",
              "t26"."started_at",
              "t26"."seconds_watched",
              "t26"."launch_at",
              "t26"."row_id",
              "t26"."runtime_s",
              "t26"."runtime_s" * 0.9 AS "threshold",
              SUM("t26"."seconds_watched") OVER (
                PARTITION BY "t26"."title", "t26"."season", "t26"."unit_id", "t26"."episode"
                ORDER BY "t26"."started_at" ASC, "t26"."seconds_watched" ASC
                ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
              ) AS "through"
            FROM (
              SELECT
                "t24"."title",
                "t24"."season",
                "t24"."episode",
                "t24"."unit_id",
                "t24"."weight",
                "t24"."started_at",
                "t24"."seconds_watched",
                "t24"."launch_at",
                "t24"."row_id",
                "t9"."runtime_s"
              FROM "t22" AS "t24"
              INNER JOIN (
                SELECT
                  "t1"."title",
                  "t1"."season",
                  "t1"."episode",
                  "t1"."runtime_s"
                FROM "episodes" AS "t1"
              ) AS "t9"
                ON "t24"."title" = "t9"."title"
                AND "t24"."season" = "t9"."season"
                AND "t24"."episode" = "t9"."episode"
            ) AS "t26"
          ) AS "t29"
          WHERE
            "t29"."through" >= "t29"."threshold"
            AND (
              "t29"."through" - "t29"."seconds_watched"
            ) < "t29"."threshold"
        ) AS "t31"
      ) AS "t32"
      WHERE
        "t32"."completed_us" < 2419200000000
    ) AS "t33"
    GROUP BY
      1,
      2,
      3
  ) AS "t35"
    ON "t11"."title" = "t35"."title"
    AND "t11"."season" = "t35"."season"
    AND "t8"."episode" = "t35"."episode"
  LEFT OUTER JOIN (
    SELECT
      "t27"."title",
      "t27"."season",
      "t27"."episode",
      SUM("t27"."weight") AS "started"
    FROM (
      SELECT DISTINCT
        "t25"."title",
        "t25"."season",
        "t25"."episode",
        "t25"."unit_id",
        "t25"."weight"
      FROM (
        SELECT
          "t23"."title",
          "t23"."season",
          "t23"."episode",
          "t23"."unit_id",
          "t23"."weight",
          "t23"."episode" AS "episode_part",
          SUM("t23"."seconds_watched") AS "seconds"
        FROM "t22" AS "t23"
        GROUP BY
          1,
          2,
          3,
          4,
          5,
          6
      ) AS "t25"
      WHERE
        "t25"."seconds" >= 120.0
    ) AS "t27"
    GROUP BY
      1,
      2,
      3
  ) AS "t30"
    ON "t11"."title" = "t30"."title"
    AND "t11"."season" = "t30"."season"
    AND "t8"."episode" = "t30"."episode"
) AS "t36"
ORDER BY
  "t36"."title" ASC,
  "t36"."season" ASC,
  "t36"."episode" ASC
