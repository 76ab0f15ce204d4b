WITH "t38" AS (
  SELECT
    *
  FROM (
    SELECT
      "t28"."row_id",
      "t28"."title",
      "t28"."season",
      "t28"."episode",
      "t28"."unit_id",
      "t28"."started_at",
      "t28"."seconds_watched",
      "t28"."market",
      "t28"."weight",
      "t36"."launch_at",
      "t36"."horizon"
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
    ) AS "t28"
    INNER JOIN (
      SELECT
        "t6"."title",
        "t6"."season",
        "t6"."market",
        "t6"."launch_at",
        MAX("t6"."launch_at") OVER (
          PARTITION BY "t6"."title", "t6"."season"
          ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
        ) + INTERVAL '168' HOUR AS "horizon"
      FROM (
        SELECT
          "t3"."title",
          "t3"."season",
          "t3"."market",
          "t3"."launch_at"
        FROM "launches" AS "t3"
      ) AS "t6"
    ) AS "t36"
      ON "t28"."title" = "t36"."title"
      AND "t28"."season" = "t36"."season"
      AND "t28"."market" = "t36"."market"
  ) AS "t37"
  WHERE
    "t37"."started_at" >= "t37"."launch_at" AND "t37"."started_at" < "t37"."horizon"
), "t55" AS (
  SELECT
    "t54"."title",
    "t54"."season",
    SUM("t54"."weight") FILTER(WHERE
      "t54"."last_us" < 21600000000) AS "value_6",
    SUM("t54"."weight") FILTER(WHERE
      "t54"."last_us" < 43200000000) AS "value_12",
    SUM("t54"."weight") FILTER(WHERE
      "t54"."last_us" < 64800000000) AS "value_18",
    SUM("t54"."weight") FILTER(WHERE
      "t54"."last_us" < 86400000000) AS "value_24",
    SUM("t54"."weight") FILTER(WHERE
      "t54"."last_us" < 108000000000) AS "value_30",
    SUM("t54"."weight") FILTER(WHERE
      "t54"."last_us" < 129600000000) AS "value_36",
    SUM("t54"."weight") FILTER(WHERE
      "t54"."last_us" < 172800000000) AS "value_48",
    SUM("t54"."weight") FILTER(WHERE
      "t54"."last_us" < 259200000000) AS "value_72",
    SUM("t54"."weight") FILTER(WHERE
      "t54"."last_us" < 345600000000) AS "value_96",
    SUM("t54"."weight") FILTER(WHERE
      "t54"."last_us" < 432000000000) AS "value_120",
    SUM("t54"."weight") FILTER(WHERE
      "t54"."last_us" < 518400000000) AS "value_144",
    SUM("t54"."weight") FILTER(WHERE
      "t54"."last_us" < 604800000000) AS "value_168",
    COUNT(*) FILTER(WHERE
      "t54"."last_us" < 21600000000) AS "units_6",
    COUNT(*) FILTER(WHERE
      "t54"."last_us" < 43200000000) AS "units_12",
    COUNT(*) FILTER(WHERE
      "t54"."last_us" < 64800000000) AS "units_18",
    COUNT(*) FILTER(WHERE
      "t54"."last_us" < 86400000000) AS "units_24",
    COUNT(*) FILTER(WHERE
      "t54"."last_us" < 108000000000) AS "units_30",
    COUNT(*) FILTER(WHERE
      "t54"."last_us" < 129600000000) AS "units_36",
    COUNT(*) FILTER(WHERE
      "t54"."last_us" < 172800000000) AS "units_48",
    COUNT(*) FILTER(WHERE
      "t54"."last_us" < 259200000000) AS "units_72",
    COUNT(*) FILTER(WHERE
      "t54"."last_us" < 345600000000) AS "units_96",
    COUNT(*) FILTER(WHERE
      "t54"."last_us" < 432000000000) AS "units_120",
    COUNT(*) FILTER(WHERE
      "t54"."last_us" < 518400000000) AS "units_144",
    COUNT(*) FILTER(WHERE
      "t54"."last_us" < 604800000000) AS "units_168"
  FROM (
    SELECT
      "t53"."title",
      "t53"."season",
      "t53"."unit_id",
      "t53"."weight",
      "t53"."last_us"
    FROM (
      SELECT
        "t52"."title",
        "t52"."season",
        "t52"."unit_id",
        "t52"."weight",
        "t52"."episodes_done",
        "t52"."last_us",
        "t19"."episodes"
      FROM (
        SELECT
          "t50"."title",
          "t50"."season",
          "t50"."unit_id",
          "t50"."weight",
          COUNT(*) AS "episodes_done",
          MAX("t50"."completed_us") AS "last_us"
        FROM (
          SELECT
            *
          FROM (
            SELECT
              "t48"."title",
              "t48"."season",
              "t48"."unit_id",
              "t48"."weight",
              "t48"."episode",
              "t48"."runtime_s",
              (
                EPOCH_US("t48"."started_at") - EPOCH_US("t48"."launch_at")
              ) + (
                "t48"."seconds_watched" * 1000000
              ) AS "completed_us"
            FROM (
              SELECT
                *
              FROM (
                SELECT
                  "t46"."title",
                  "t46"."season",
                  "t46"."episode",
                  "t46"."unit_id",
                  "t46"."weight",
                  "t46"."started_at",
                  "t46"."seconds_watched",
                  "t46"."launch_at",
                  "t46"."row_id",
                  "t46"."runtime_s",
                  "t46"."runtime_s" * 0.9 AS "threshold",
                  SUM("t46"."seconds_watched") OVER (
                    PARTITION BY "t46"."title", "t46"."season", "t46"."unit_id", "t46"."episode"
                    ORDER BY "t46"."started_at" ASC, "t46"."seconds_watched" ASC
                    ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
                  ) AS "through"
                FROM (
                  SELECT
                    "t45"."title",
                    "t45"."season",
                    "t45"."episode",
                    "t45"."unit_id",
                    "t45"."weight",
                    "t45"."started_at",
                    "t45"."seconds_watched",
                    "t45"."launch_at",
                    "t45"."row_id",
                    "t20"."runtime_s"
                  FROM (
                    SELECT
                      "t43"."title",
                      "t43"."season",
                      "t43"."episode",
                      "t43"."unit_id",
                      "t43"."weight",
                      "t43"."started_at",
                      "t43"."seconds_watched",
                      "t43"."unit_launch_at" AS "launch_at",
                      "t43"."row_id"
                    FROM (
                      SELECT
                        "t40"."row_id",
                        "t40"."title",
                        "t40"."season",
                        "t40"."episode",
                        "t40"."unit_id",
                        "t40"."started_at",
                        "t40"."seconds_watched",
                        "t40"."market",
                        "t40"."weight",
                        "t40"."launch_at",
                        "t40"."horizon",
                        "t42"."unit_market",
                        "t42"."unit_launch_at"
                      FROM "t38" AS "t40"
                      INNER JOIN (
                        SELECT
                          "t39"."title",
                          "t39"."season",
                          "t39"."unit_id",
                          FIRST(
                            "t39"."market" ORDER BY {'started_at': "t39"."started_at", 'market': "t39"."market"}
                          ) AS "unit_market",
                          FIRST(
                            "t39"."launch_at" ORDER BY {'started_at': "t39"."started_at", 'market': "t39"."market"}
                          ) AS "unit_launch_at"
                        FROM "t38" AS "t39"
                        GROUP BY
                          1,
                          2,
                          3
                      ) AS "t42"
                        ON "t40"."title" = "t42"."title"
                        AND "t40"."season" = "t42"."season"
                        AND "t40"."unit_id" = "t42"."unit_id"
                    ) AS "t43"
                    WHERE
                      "t43"."started_at" >= "t43"."unit_launch_at"
                      AND "t43"."started_at" < (
                        "t43"."unit_launch_at" + INTERVAL '168' HOUR
                      )
                  ) AS "t45"
                  INNER JOIN (
                    SELECT
                      "t1"."title",
                      "t1"."season",
                      "t1"."episode",
                      "t1"."runtime_s"
                    FROM "episodes" AS "t1"
                  ) AS "t20"
                    ON "t45"."title" = "t20"."title"
                    AND "t45"."season" = "t20"."season"
                    AND "t45"."episode" = "t20"."episode"
                ) AS "t46"
              ) AS "t47"
              WHERE
                "t47"."through" >= "t47"."threshold"
                AND (
                  "t47"."through" - "t47"."seconds_watched"
                ) < "t47"."threshold"
            ) AS "t48"
          ) AS "t49"
          WHERE
            "t49"."completed_us" < 604800000000
        ) AS "t50"
        GROUP BY
          1,
          2,
          3,
          4
      ) AS "t52"
      INNER JOIN (
        SELECT
          "t0"."title",
          "t0"."season",
          "t0"."episodes"
        FROM "seasons" AS "t0"
      ) AS "t19"
        ON "t52"."title" = "t19"."title" AND "t52"."season" = "t19"."season"
    ) AS "t53"
    WHERE
      "t53"."episodes_done" = "t53"."episodes"
  ) AS "t54"
  GROUP BY
    1,
    2
)
SELECT
  *
FROM (
  SELECT
    "t35"."title",
    "t35"."season",
    "t35"."hours",
    COALESCE("t80"."value", 0.0) AS "value",
    COALESCE("t80"."units", 0) AS "units"
  FROM (
    SELECT
      *
    FROM (
      SELECT
        *
      FROM (
        SELECT
          *
        FROM (
          SELECT
            "t0"."title",
            "t0"."season",
            96 AS "hours"
          FROM "seasons" AS "t0"
          WHERE
            "t0"."launch_at" IS NOT NULL
        ) AS "t7"
        UNION ALL
        SELECT
          *
        FROM (
          SELECT
            "t0"."title",
            "t0"."season",
            120 AS "hours"
          FROM "seasons" AS "t0"
          WHERE
            "t0"."launch_at" IS NOT NULL
        ) AS "t8"
      ) AS "t22"
      UNION ALL
      SELECT
        *
      FROM (
        SELECT
          *
        FROM (
          SELECT
            "t0"."title",
            "t0"."season",
            144 AS "hours"
          FROM "seasons" AS "t0"
          WHERE
            "t0"."launch_at" IS NOT NULL
        ) AS "t9"
        UNION ALL
        SELECT
          *
        FROM (
          SELECT
            "t0"."title",
            "t0"."season",
            168 AS "hours"
          FROM "seasons" AS "t0"
          WHERE
            "t0"."launch_at" IS NOT NULL
        ) AS "t10"
      ) AS "t23"
    ) AS "t29"
    UNION ALL
    SELECT
      *
    FROM (
      SELECT
        *
      FROM (
        SELECT
          *
        FROM (
          SELECT
            *
          FROM (
            SELECT
              "t0"."title",
              "t0"."season",
              6 AS "hours"
            FROM "seasons" AS "t0"
            WHERE
              "t0"."launch_at" IS NOT NULL
          ) AS "t11"
          UNION ALL
          SELECT
            *
          FROM (
            SELECT
              "t0"."title",
              "t0"."season",
              12 AS "hours"
            FROM "seasons" AS "t0"
            WHERE
              "t0"."launch_at" IS NOT NULL
          ) AS "t12"
        ) AS "t24"
        UNION ALL
        SELECT
          *
        FROM (
          SELECT
            *
          FROM (
            SELECT
              "t0"."title",
              "t0"."season",
              18 AS "hours"
            FROM "seasons" AS "t0"
            WHERE
              "t0"."launch_at" IS NOT NULL
          ) AS "t13"
          UNION ALL
          SELECT
            *
          FROM (
            SELECT
              "t0"."title",
              "t0"."season",
              24 AS "hours"
            FROM "seasons" AS "t0"
            WHERE
              "t0"."launch_at" IS NOT NULL
          ) AS "t14"
        ) AS "t25"
      ) AS "t30"
      UNION ALL
      SELECT
        *
      FROM (
        SELECT
          *
        FROM (
          SELECT
            *
          FROM (
            SELECT
              "t0"."title",
              "t0"."season",
              30 AS "hours"
            FROM "seasons" AS "t0"
            WHERE
              "t0"."launch_at" IS NOT NULL
          ) AS "t15"
          UNION ALL
          SELECT
            *
          FROM (
            SELECT
              "t0"."title",
              "t0"."season",
              36 AS "hours"
            FROM "seasons" AS "t0"
            WHERE
              "t0"."launch_at" IS NOT NULL
          ) AS "t16"
        ) AS "t26"
        UNION ALL
        SELECT
          *
        FROM (
          SELECT
            *
          FROM (
            SELECT
              "t0"."title",
              "t0"."season",
              48 AS "hours"
            FROM "seasons" AS "t0"
            WHERE
              "t0"."launch_at" IS NOT NULL
          ) AS "t17"
          UNION ALL
          SELECT
            *
          FROM (
            SELECT
              "t0"."title",
              "t0"."season",
              72 AS "hours"
            FROM "seasons" AS "t0"
            WHERE
              "t0"."launch_at" IS NOT NULL
          ) AS "t18"
        ) AS "t27"
      ) AS "t31"
    ) AS "t32"
  ) AS "t35"
  LEFT OUTER JOIN (
    SELECT
      *
    FROM (
      SELECT
        *
      FROM (
        SELECT
          *
        FROM (
          SELECT
            "t56"."title",
            "t56"."season",
            96 AS "hours",
            "t56"."value_96" AS "value",
            "t56"."units_96" AS "units"
          FROM "t55" AS "t56"
        ) AS "t57"
        UNION ALL
        SELECT
          *
        FROM (
          SELECT
            "t56"."title",
            "t56"."season",
            120 AS "hours",
            "t56"."value_120" AS "value",
            "t56"."units_120" AS "units"
          FROM "t55" AS "t56"
        ) AS "t58"
      ) AS "t69"
      UNION ALL
      SELECT
        *
      FROM (
        SELECT
          *
        FROM (
          SELECT
            "t56"."title",
            "t56"."season",
            144 AS "hours",
            "t56"."value_144" AS "value",
            "t56"."units_144" AS "units"
          FROM "t55" AS "t56"
        ) AS "t59"
        UNION ALL
        SELECT
          *
        FROM (
          SELECT
            "t56"."title",
            "t56"."season",
            168 AS "hours",
            "t56"."value_168" AS "value",
            "t56"."units_168" AS "units"
          FROM "t55" AS "t56"
        ) AS "t60"
      ) AS "t70"
    ) AS "t75"
    UNION ALL
    SELECT
      *
    FROM (
      SELECT
        *
      FROM (
        SELECT
          *
        FROM (
          SELECT
            *
          FROM (
            SELECT
              "t56"."title",
              "t56"."season",
              6 AS "hours",
              "t56"."value_6" AS "value",
              "t56"."units_6" AS "units"
            FROM "t55" AS "t56"
          ) AS "t61"
          UNION ALL
          SELECT
            *
          FROM (
            SELECT
              "t56"."title",
              "t56"."season",
              12 AS "hours",
              "t56"."value_12" AS "value",
              "t56"."units_12" AS "units"
            FROM "t55" AS "t56"
          ) AS "t62"
        ) AS "t71"
        UNION ALL
        SELECT
          *
        FROM (
          SELECT
            *
          FROM (
            SELECT
              "t56"."title",
              "t56"."season",
              18 AS "hours",
              "t56"."value_18" AS "value",
              "t56"."units_18" AS "units"
            FROM "t55" AS "t56"
          ) AS "t63"
          UNION ALL
          SELECT
            *
          FROM (
            SELECT
              "t56"."title",
              "t56"."season",
              24 AS "hours",
              "t56"."value_24" AS "value",
              "t56"."units_24" AS "units"
            FROM "t55" AS "t56"
          ) AS "t64"
        ) AS "t72"
      ) AS "t76"
      UNION ALL
      SELECT
        *
      FROM (
        SELECT
          *
        FROM (
          SELECT
            *
          FROM (
            SELECT
              "t56"."title",
              "t56"."season",
              30 AS "hours",
              "t56"."value_30" AS "value",
              "t56"."units_30" AS "units"
            FROM "t55" AS "t56"
          ) AS "t65"
          UNION ALL
          SELECT
            *
          FROM (
            SELECT
              "t56"."title",
              "t56"."season",
              36 AS "hours",
              "t56"."value_36" AS "value",
              "t56"."units_36" AS "units"
            FROM "t55" AS "t56"
          ) AS "t66"
        ) AS "t73"
        UNION ALL
        SELECT
          *
        FROM (
          SELECT
            *
          FROM (
            SELECT
              "t56"."title",
              "t56"."season",
              48 AS "hours",
              "t56"."value_48" AS "value",
              "t56"."units_48" AS "units"
            FROM "t55" AS "t56"
          ) AS "t67"
          UNION ALL
          SELECT
            *
          FROM (
            SELECT
              "t56"."title",
              "t56"."season",
              72 AS "hours",
              "t56"."value_72" AS "value",
              "t56"."units_72" AS "units"
            FROM "t55" AS "t56"
          ) AS "t68"
        ) AS "t74"
      ) AS "t77"
    ) AS "t78"
  ) AS "t80"
    ON "t35"."title" = "t80"."title"
    AND "t35"."season" = "t80"."season"
    AND "t35"."hours" = "t80"."hours"
) AS "t81"
ORDER BY
  "t81"."title" ASC,
  "t81"."season" ASC,
  "t81"."hours" ASC
