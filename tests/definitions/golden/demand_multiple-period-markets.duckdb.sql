WITH "t17" AS (
  SELECT
    "t5"."date",
    "t5"."market",
    "t5"."title",
    "t5"."value" * "t6"."weight" AS "points"
  FROM "signals" AS "t5"
  INNER JOIN "signal_weights" AS "t6"
    ON "t5"."signal" = "t6"."signal"
), "t18" AS (
  SELECT
    *
  FROM (
    SELECT
      CAST("t0"."market" AS TEXT) AS "market",
      "t0"."population"
    FROM "markets" AS "t0"
  ) AS "t11"
  UNION ALL
  SELECT
    *
  FROM (
    SELECT
      'ALL' AS "market",
      "t10"."population"
    FROM (
      SELECT
        SUM("t0"."population") AS "population"
      FROM "markets" AS "t0"
    ) AS "t10"
  ) AS "t16"
), "t21" AS (
  SELECT
    UNNEST(CAST(GENERATE_SERIES("t12"."first", "t12"."last", INTERVAL '24' HOUR) AS DATE[])) AS "date"
  FROM (
    SELECT
      MAKE_DATE(2017, 8, 20) AS "first",
      MAKE_DATE(2017, 8, 26) AS "last"
    FROM (
      SELECT
        COUNT(*) AS "first",
        COUNT(*) AS "last"
      FROM "markets" AS "t0"
    ) AS "t8"
    WHERE
      MAKE_DATE(2017, 8, 20) <= MAKE_DATE(2017, 8, 26)
  ) AS "t12"
), "t25" AS (
  SELECT
    "t7"."title",
    "t7"."market",
    CAST(CAST("t7"."available_from" AS TIMESTAMP) AT TIME ZONE 'UTC' AT TIME ZONE "t13"."tz" AS DATE) AS "first",
    CAST(CAST("t7"."available_until" - INTERVAL '1' MICROSECOND AS TIMESTAMP) AT TIME ZONE 'UTC' AT TIME ZONE "t13"."tz" AS DATE) AS "last"
  FROM "availability" AS "t7"
  INNER JOIN (
    SELECT
      "t0"."market",
      "t0"."tz"
    FROM "markets" AS "t0"
  ) AS "t13"
    ON "t7"."market" = "t13"."market"
  INNER JOIN (
    SELECT
      "t4"."title"
    FROM "titles" AS "t4"
    WHERE
      "t4"."kind" = 'series'
  ) AS "t15"
    ON "t7"."title" = "t15"."title"
), "t39" AS (
  SELECT
    *
  FROM (
    SELECT
      *
    FROM (
      SELECT
        "t28"."title",
        "t28"."market",
        "t28"."date",
        SUM("t28"."points") AS "points"
      FROM (
        SELECT
          *
        FROM "t17" AS "t19"
        WHERE
          "t19"."date" >= MAKE_DATE(2017, 8, 20)
          AND "t19"."date" <= MAKE_DATE(2017, 8, 26)
          AND "t19"."market" IN ('US')
      ) AS "t28"
      GROUP BY
        1,
        2,
        3
    ) AS "t33"
  ) AS "t37"
  UNION ALL
  SELECT
    *
  FROM (
    SELECT
      "t32"."title",
      'ALL' AS "market",
      "t32"."date",
      "t32"."points"
    FROM (
      SELECT
        "t27"."title",
        "t27"."date",
        SUM("t27"."points") AS "points"
      FROM (
        SELECT
          *
        FROM "t17" AS "t19"
        WHERE
          "t19"."date" >= MAKE_DATE(2017, 8, 20) AND "t19"."date" <= MAKE_DATE(2017, 8, 26)
      ) AS "t27"
      GROUP BY
        1,
        2
    ) AS "t32"
  ) AS "t36"
), "t48" AS (
  SELECT
    "t47"."title",
    "t47"."market",
    "t47"."first",
    CASE WHEN "t47"."open" THEN CAST(NULL AS DATE) ELSE "t47"."last" END AS "last"
  FROM (
    SELECT
      "t46"."title",
      "t46"."market",
      "t46"."island",
      MIN("t46"."first") AS "first",
      MAX("t46"."last") AS "last",
      COUNT("t46"."last") < COUNT(*) AS "open"
    FROM (
      SELECT
        "t45"."title",
        "t45"."market",
        "t45"."first",
        "t45"."last",
        "t45"."starts",
        SUM("t45"."starts") OVER (
          PARTITION BY "t45"."title", "t45"."market"
          ORDER BY "t45"."first" ASC, "t45"."last" ASC
          ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
        ) AS "island"
      FROM (
        SELECT
          "t41"."title",
          "t41"."market",
          "t41"."first",
          "t41"."last",
          CAST((
            COALESCE(
              MAX(CAST("t41"."last" IS NULL AS BIGINT)) OVER (
                PARTITION BY "t41"."title", "t41"."market"
                ORDER BY "t41"."first" ASC, "t41"."last" ASC
                ROWS BETWEEN UNBOUNDED PRECEDING AND 1 preceding
              ),
              0
            ) = 0
          )
          AND (
            (
              MAX("t41"."last") OVER (
                PARTITION BY "t41"."title", "t41"."market"
                ORDER BY "t41"."first" ASC, "t41"."last" ASC
                ROWS BETWEEN UNBOUNDED PRECEDING AND 1 preceding
              ) IS NULL
            )
            OR (
              "t41"."first" > MAX("t41"."last") OVER (
                PARTITION BY "t41"."title", "t41"."market"
                ORDER BY "t41"."first" ASC, "t41"."last" ASC
                ROWS BETWEEN UNBOUNDED PRECEDING AND 1 preceding
              )
            )
          ) AS BIGINT) AS "starts"
        FROM (
          SELECT DISTINCT
            *
          FROM (
            SELECT
              *
            FROM (
              SELECT
                *
              FROM "t25" AS "t29"
              WHERE
                (
                  (
                    "t29"."last" IS NULL
                  ) OR (
                    "t29"."first" <= "t29"."last"
                  )
                )
                AND "t29"."market" IN ('US')
            ) AS "t34"
            UNION ALL
            SELECT
              *
            FROM (
              SELECT
                "t29"."title",
                'ALL' AS "market",
                "t29"."first",
                "t29"."last"
              FROM "t25" AS "t29"
              WHERE
                (
                  "t29"."last" IS NULL
                ) OR (
                  "t29"."first" <= "t29"."last"
                )
            ) AS "t35"
          ) AS "t38"
        ) AS "t41"
      ) AS "t45"
    ) AS "t46"
    GROUP BY
      1,
      2,
      3
  ) AS "t47"
)
SELECT
  *
FROM (
  SELECT
    "t44"."title",
    "t44"."market",
    (
      (
        (
          "t44"."points" * 100.0
        ) / NULLIF("t22"."population", 0)
      ) / "t31"."days"
    ) / NULLIF("t60"."benchmark", 0) AS "value",
    (
      (
        "t44"."points" * 100.0
      ) / NULLIF("t22"."population", 0)
    ) / "t31"."days" AS "demand",
    "t60"."benchmark"
  FROM (
    SELECT
      "t40"."title",
      "t40"."market",
      SUM("t40"."points") AS "points"
    FROM "t39" AS "t40"
    GROUP BY
      1,
      2
  ) AS "t44"
  LEFT OUTER JOIN "t18" AS "t22"
    ON "t44"."market" = "t22"."market"
  CROSS JOIN (
    SELECT
      COUNT(*) AS "days"
    FROM "t21" AS "t24"
  ) AS "t31"
  LEFT OUTER JOIN (
    SELECT
      "t58"."market",
      AVG(
        (
          (
            "t58"."points" * 100.0
          ) / NULLIF("t58"."population", 0)
        ) / "t58"."titles"
      ) AS "benchmark"
    FROM (
      SELECT
        "t55"."market",
        "t55"."date",
        "t55"."titles",
        COALESCE("t57"."points", 0.0) AS "points",
        "t23"."market" AS "market_right",
        "t23"."population"
      FROM (
        SELECT
          "t52"."market",
          "t52"."date",
          COUNT(*) AS "titles"
        FROM (
          SELECT
            "t50"."title",
            "t50"."market",
            "t50"."first",
            "t50"."last",
            "t26"."date"
          FROM "t48" AS "t50"
          INNER JOIN "t21" AS "t26"
            ON "t50"."first" <= "t26"."date"
            AND (
              (
                "t50"."last" IS NULL
              ) OR (
                "t26"."date" <= "t50"."last"
              )
            )
        ) AS "t52"
        GROUP BY
          1,
          2
      ) AS "t55"
      LEFT OUTER JOIN (
        SELECT
          "t53"."market",
          "t53"."date",
          SUM("t53"."points") AS "points"
        FROM (
          SELECT
            "t42"."title",
            "t42"."market",
            "t42"."date",
            "t42"."points",
            "t51"."title" AS "title_right",
            "t51"."market" AS "market_right",
            "t51"."first",
            "t51"."last"
          FROM "t39" AS "t42"
          INNER JOIN "t48" AS "t51"
            ON "t42"."title" = "t51"."title"
            AND "t42"."market" = "t51"."market"
            AND "t51"."first" <= "t42"."date"
            AND (
              (
                "t51"."last" IS NULL
              ) OR (
                "t42"."date" <= "t51"."last"
              )
            )
        ) AS "t53"
        GROUP BY
          1,
          2
      ) AS "t57"
        ON "t55"."market" = "t57"."market" AND "t55"."date" = "t57"."date"
      LEFT OUTER JOIN "t18" AS "t23"
        ON "t55"."market" = "t23"."market"
    ) AS "t58"
    GROUP BY
      1
  ) AS "t60"
    ON "t44"."market" = "t60"."market"
) AS "t61"
ORDER BY
  "t61"."title" ASC,
  "t61"."market" ASC
