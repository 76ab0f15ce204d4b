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
        ) + INTERVAL '24' HOUR AS "horizon"
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
)
SELECT
  *
FROM (
  SELECT
    "t11"."title",
    "t11"."season",
    COALESCE("t34"."value", 0.0) AS "value",
    COALESCE("t34"."units", 0) AS "units"
  FROM (
    SELECT
      "t0"."title",
      "t0"."season"
    FROM "seasons" AS "t0"
    WHERE
      "t0"."launch_at" IS NOT NULL
  ) AS "t11"
  LEFT OUTER JOIN (
    SELECT
      "t32"."title",
      "t32"."season",
      SUM("t32"."weight") AS "value",
      COUNT(*) AS "units"
    FROM (
      SELECT
        "t31"."title",
        "t31"."season",
        "t31"."unit_id",
        "t31"."weight",
        "t31"."last_us"
      FROM (
        SELECT
          "t30"."title",
          "t30"."season",
          "t30"."unit_id",
          "t30"."weight",
          "t30"."episodes_done",
          "t30"."last_us",
          "t8"."episodes"
        FROM (
          SELECT
            "t28"."title",
            "t28"."season",
            "t28"."unit_id",
            "t28"."weight",
            COUNT(*) AS "episodes_done",
            MAX("t28"."completed_us") AS "last_us"
          FROM (
            SELECT
              *
            FROM (
              SELECT
                "t26"."title",
                "t26"."season",
                "t26"."unit_id",
                "t26"."weight",
                "t26"."episode",
                "t26"."runtime_s",
                (
                  EPOCH_US("t26"."started_at") - EPOCH_US("t26"."launch_at")
                ) + (
                  "t26"."seconds_watched" * 1000000
                ) AS "completed_us"
              FROM (
                SELECT
                  *
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
                    "t24"."runtime_s",
                    "t24"."runtime_s" * 0.9 AS "threshold",
                    SUM("t24"."seconds_watched") OVER (
                      PARTITION BY "t24"."title", "t24"."season", "t24"."unit_id", "t24"."episode"
                      ORDER BY "t24"."started_at" ASC, "t24"."seconds_watched" ASC
                      ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
                    ) AS "through"
                  FROM (
                    SELECT
                      "t23"."title",
                      "t23"."season",
                      "t23"."episode",
                      "t23"."unit_id",
                      "t23"."weight",
                      "t23"."started_at",
                      "t23"."seconds_watched",
                      "t23"."launch_at",
                      "t23"."row_id",
                      "t9"."runtime_s"
                    FROM (
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
                          "t21"."unit_launch_at" + INTERVAL '24' HOUR
                        )
                    ) AS "t23"
                    INNER JOIN (
                      SELECT
                        "t1"."title",
                        "t1"."season",
                        "t1"."episode",
                        "t1"."runtime_s"
                      FROM "episodes" AS "t1"
                    ) AS "t9"
                      ON "t23"."title" = "t9"."title"
                      AND "t23"."season" = "t9"."season"
                      AND "t23"."episode" = "t9"."episode"
                  ) AS "t24"
                ) AS "t25"
                WHERE
                  "t25"."through" >= "t25"."threshold"
                  AND (
                    "t25"."through" - "t25"."seconds_watched"
                  ) < "t25"."threshold"
              ) AS "t26"
            ) AS "t27"
            WHERE
              "t27"."completed_us" < 86400000000
          ) AS "t28"
          GROUP BY
            1,
            2,
            3,
            4
        ) AS "t30"
        INNER JOIN (
          SELECT
            "t0"."title",
            "t0"."season",
            "t0"."episodes"
          FROM "seasons" AS "t0"
        ) AS "t8"
          ON "t30"."title" = "t8"."title" AND "t30"."season" = "t8"."season"
      ) AS "t31"
      WHERE
        "t31"."episodes_done" = "t31"."episodes"
    ) AS "t32"
    GROUP BY
      1,
      2
  ) AS "t34"
    ON "t11"."title" = "t34"."title" AND "t11"."season" = "t34"."season"
) AS "t35"
ORDER BY
  "t35"."title" ASC,
  "t35"."season" ASC
