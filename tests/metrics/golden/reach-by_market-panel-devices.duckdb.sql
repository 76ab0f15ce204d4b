WITH "t12" AS (
  SELECT
    "t11"."row_id",
    "t11"."title",
    "t11"."season",
    "t11"."episode",
    "t11"."unit_id",
    "t11"."started_at",
    "t11"."seconds_watched",
    "t11"."market",
    "t11"."weight",
    "t11"."launch_at",
    "t11"."horizon",
    FIRST_VALUE("t11"."market") OVER (
      PARTITION BY "t11"."title", "t11"."season", "t11"."unit_id"
      ORDER BY "t11"."started_at" ASC, "t11"."market" ASC
      ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
    ) AS "unit_market"
  FROM (
    SELECT
      *
    FROM (
      SELECT
        "t6"."row_id",
        "t6"."title",
        "t6"."season",
        "t6"."episode",
        "t6"."unit_id",
        "t6"."started_at",
        "t6"."seconds_watched",
        "t6"."market",
        "t7"."weight",
        "t9"."launch_at",
        "t9"."horizon"
      FROM (
        SELECT
          "t0"."row_id",
          "t0"."title",
          "t0"."season",
          "t0"."episode",
          "t0"."account_id" AS "unit_id",
          "t0"."started_at",
          "t0"."seconds_watched",
          "t0"."market"
        FROM "viewing" AS "t0"
        WHERE
          "t0"."device" IN ('desktop', 'mobile')
          AND "t0"."account_id" IS NOT NULL
          AND "t0"."account_id" <> ''
      ) AS "t6"
      INNER JOIN (
        SELECT
          "t1"."unit_id",
          "t1"."weight"
        FROM "panels" AS "t1"
        WHERE
          "t1"."panel" = 'desktop' AND "t1"."unit" = 'account'
      ) AS "t7"
        ON "t6"."unit_id" = "t7"."unit_id"
      INNER JOIN (
        SELECT
          "t3"."title",
          "t3"."season",
          "t3"."market",
          "t3"."launch_at",
          MAX("t3"."launch_at") OVER (
            PARTITION BY "t3"."title", "t3"."season"
            ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
          ) + INTERVAL '720' HOUR AS "horizon"
        FROM (
          SELECT
            "t2"."title",
            "t2"."season",
            "t2"."market",
            "t2"."launch_at"
          FROM "launches" AS "t2"
        ) AS "t3"
      ) AS "t9"
        ON "t6"."title" = "t9"."title"
        AND "t6"."season" = "t9"."season"
        AND "t6"."market" = "t9"."market"
    ) AS "t10"
    WHERE
      "t10"."started_at" >= "t10"."launch_at" AND "t10"."started_at" < "t10"."horizon"
  ) AS "t11"
)
SELECT
  *
FROM (
  SELECT
    "t16"."title",
    "t16"."season",
    "t16"."market",
    COALESCE("t20"."value", 0.0) AS "value",
    COALESCE("t20"."units", 0) AS "units"
  FROM (
    SELECT DISTINCT
      "t13"."title",
      "t13"."season",
      "t13"."unit_market" AS "market"
    FROM "t12" AS "t13"
    WHERE
      "t13"."started_at" < (
        "t13"."launch_at" + INTERVAL '720' HOUR
      )
  ) AS "t16"
  LEFT OUTER JOIN (
    SELECT
      "t18"."title",
      "t18"."season",
      "t18"."market",
      SUM("t18"."weight") AS "value",
      COUNT(*) AS "units"
    FROM (
      SELECT DISTINCT
        "t17"."title",
        "t17"."season",
        "t17"."market",
        "t17"."unit_id",
        "t17"."weight"
      FROM (
        SELECT
          "t15"."title",
          "t15"."season",
          "t15"."market",
          "t15"."unit_id",
          "t15"."weight",
          "t15"."episode",
          SUM("t15"."seconds_watched") AS "seconds"
        FROM (
          SELECT
            "t13"."title",
            "t13"."season",
            "t13"."episode",
            "t13"."unit_id",
            "t13"."weight",
            "t13"."started_at",
            "t13"."seconds_watched",
            "t13"."launch_at",
            "t13"."row_id",
            "t13"."unit_market" AS "market"
          FROM "t12" AS "t13"
          WHERE
            "t13"."started_at" < (
              "t13"."launch_at" + INTERVAL '720' HOUR
            )
        ) AS "t15"
        GROUP BY
          1,
          2,
          3,
          4,
          5,
          6
      ) AS "t17"
      WHERE
        "t17"."seconds" >= 120.0
    ) AS "t18"
    GROUP BY
      1,
      2,
      3
  ) AS "t20"
    ON "t16"."title" = "t20"."title"
    AND "t16"."season" = "t20"."season"
    AND "t16"."market" = "t20"."market"
) AS "t21"
ORDER BY
  "t21"."title" ASC,
  "t21"."season" ASC,
  "t21"."market" ASC
