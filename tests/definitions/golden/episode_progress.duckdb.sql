WITH "t11" AS (
  SELECT
    *
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
      "t9"."launch_at",
      "t9"."horizon"
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
        "t4"."title",
        "t4"."season",
        "t4"."market",
        "t4"."launch_at",
        MAX("t4"."launch_at") OVER (
          PARTITION BY "t4"."title", "t4"."season"
          ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
        ) + INTERVAL '672' HOUR AS "horizon"
      FROM (
        SELECT
          "t2"."title",
          "t2"."season",
          "t2"."market",
          "t2"."launch_at"
        FROM "launches" AS "t2"
      ) AS "t4"
    ) AS "t9"
      ON "t7"."title" = "t9"."title"
      AND "t7"."season" = "t9"."season"
      AND "t7"."market" = "t9"."market"
  ) AS "t10"
  WHERE
    "t10"."started_at" >= "t10"."launch_at" AND "t10"."started_at" < "t10"."horizon"
), "t17" AS (
  SELECT
    "t16"."title",
    "t16"."season",
    "t16"."episode",
    "t16"."unit_id",
    "t16"."weight",
    "t16"."started_at",
    "t16"."seconds_watched",
    "t16"."unit_launch_at" AS "launch_at",
    "t16"."row_id"
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
  ) AS "t16"
  WHERE
    "t16"."started_at" >= "t16"."unit_launch_at"
    AND "t16"."started_at" < (
      "t16"."unit_launch_at" + INTERVAL '672' HOUR
    )
)
SELECT
  *
FROM (
  SELECT
    "t21"."title",
    "t21"."season",
    "t21"."unit_id",
    "t21"."episode",
    "t21"."seconds" / "t5"."runtime_s" AS "value",
    "t21"."seconds",
    "t27"."completed_hours"
  FROM (
    SELECT
      "t18"."title",
      "t18"."season",
      "t18"."unit_id",
      "t18"."episode",
      SUM("t18"."seconds_watched") AS "seconds"
    FROM "t17" AS "t18"
    GROUP BY
      1,
      2,
      3,
      4
  ) AS "t21"
  INNER JOIN (
    SELECT
      "t0"."title",
      "t0"."season",
      "t0"."episode",
      "t0"."runtime_s"
    FROM "episodes" AS "t0"
  ) AS "t5"
    ON "t21"."title" = "t5"."title"
    AND "t21"."season" = "t5"."season"
    AND "t21"."episode" = "t5"."episode"
  LEFT OUTER JOIN (
    SELECT
      "t25"."title",
      "t25"."season",
      "t25"."unit_id",
      "t25"."episode",
      "t25"."completed_us" / 3600000000 AS "completed_hours"
    FROM (
      SELECT
        "t24"."title",
        "t24"."season",
        "t24"."unit_id",
        "t24"."weight",
        "t24"."episode",
        "t24"."runtime_s",
        (
          EPOCH_US("t24"."started_at") - EPOCH_US("t24"."launch_at")
        ) + (
          "t24"."seconds_watched" * 1000000
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
            ) AS "through"
          FROM (
            SELECT
              "t19"."title",
              "t19"."season",
              "t19"."episode",
              "t19"."unit_id",
              "t19"."weight",
              "t19"."started_at",
              "t19"."seconds_watched",
              "t19"."launch_at",
              "t19"."row_id",
              "t5"."runtime_s"
            FROM "t17" AS "t19"
            INNER JOIN (
              SELECT
                "t0"."title",
                "t0"."season",
                "t0"."episode",
                "t0"."runtime_s"
              FROM "episodes" AS "t0"
            ) AS "t5"
              ON "t19"."title" = "t5"."title"
              AND "t19"."season" = "t5"."season"
              AND "t19"."episode" = "t5"."episode"
          ) AS "t22"
        ) AS "t23"
        WHERE
          "t23"."through" >= "t23"."threshold"
          AND (
            "t23"."through" - "t23"."seconds_watched"
          ) < "t23"."threshold"
      ) AS "t24"
    ) AS "t25"
    WHERE
      "t25"."completed_us" < 2419200000000
  ) AS "t27"
    ON "t21"."title" = "t27"."title"
    AND "t21"."season" = "t27"."season"
    AND "t21"."unit_id" = "t27"."unit_id"
    AND "t21"."episode" = "t27"."episode"
) AS "t28"
ORDER BY
  "t28"."title" ASC,
  "t28"."season" ASC,
  "t28"."unit_id" ASC,
  "t28"."episode" ASC
