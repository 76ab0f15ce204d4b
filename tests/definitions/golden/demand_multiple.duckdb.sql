WITH "t16" AS (
  SELECT
    "t5"."date",
    "t5"."market",
    "t5"."title",
    "t5"."value" * "t6"."weight" AS "points"
  FROM "signals" AS "t5"
  INNER JOIN "signal_weights" AS "t6"
    ON "t5"."signal" = "t6"."signal"
), "t21" AS (
  SELECT
    "t7"."title",
    "t7"."market",
    CAST(CAST("t7"."available_from" AS TIMESTAMP) AT TIME ZONE 'UTC' AT TIME ZONE "t11"."tz" AS DATE) AS "first_day",
    CAST(CAST("t7"."available_until" - INTERVAL '1' MICROSECOND AS TIMESTAMP) AT TIME ZONE 'UTC' AT TIME ZONE "t11"."tz" AS DATE) AS "last_day"
  FROM "availability" AS "t7"
  INNER JOIN (
    SELECT
      "t0"."market",
      "t0"."tz"
    FROM "markets" AS "t0"
  ) AS "t11"
    ON "t7"."market" = "t11"."market"
  INNER JOIN (
    SELECT
      "t4"."title"
    FROM "titles" AS "t4"
    WHERE
      "t4"."kind" = 'series'
  ) AS "t14"
    ON "t7"."title" = "t14"."title"
), "t25" AS (
  SELECT
    UNNEST(CAST(GENERATE_SERIES("t18"."first", "t18"."last", INTERVAL '24' HOUR) AS DATE[])) AS "date"
  FROM (
    SELECT
      *
    FROM (
      SELECT
        MIN("t1"."date") AS "first",
        MAX("t1"."date") AS "last"
      FROM "signals" AS "t1"
    ) AS "t12"
    WHERE
      "t12"."first" <= "t12"."last"
  ) AS "t18"
), "t32" AS (
  SELECT
    *
  FROM (
    SELECT
      *
    FROM (
      SELECT
        "t19"."title",
        "t19"."market",
        "t19"."date",
        SUM("t19"."points") AS "points"
      FROM "t16" AS "t19"
      GROUP BY
        1,
        2,
        3
    ) AS "t22"
  ) AS "t27"
  UNION ALL
  SELECT
    *
  FROM (
    SELECT
      "t23"."title",
      'ALL' AS "market",
      "t23"."date",
      "t23"."points"
    FROM (
      SELECT
        "t19"."title",
        "t19"."date",
        SUM("t19"."points") AS "points"
      FROM "t16" AS "t19"
      GROUP BY
        1,
        2
    ) AS "t23"
  ) AS "t28"
)
SELECT
  *
FROM (
  SELECT
    "t41"."title",
    "t41"."market",
    (
      (
        (
          "t41"."points" * 100.0
        ) / NULLIF("t20"."population", 0)
      ) / "t36"."days"
    ) / NULLIF("t50"."benchmark", 0) AS "value",
    (
      (
        "t41"."points" * 100.0
      ) / NULLIF("t20"."population", 0)
    ) / "t36"."days" AS "demand",
    "t50"."benchmark"
  FROM (
    SELECT
      "t34"."title",
      "t34"."market",
      SUM("t34"."points") AS "points"
    FROM "t32" AS "t34"
    GROUP BY
      1,
      2
  ) AS "t41"
  LEFT OUTER JOIN (
    SELECT
      *
    FROM (
      SELECT
        CAST("t0"."market" AS TEXT) AS "market",
        "t0"."population"
      FROM "markets" AS "t0"
    ) AS "t10"
    UNION ALL
    SELECT
      *
    FROM (
      SELECT
        'ALL' AS "market",
        "t9"."population"
      FROM (
        SELECT
          SUM("t0"."population") AS "population"
        FROM "markets" AS "t0"
      ) AS "t9"
    ) AS "t15"
  ) AS "t20"
    ON "t41"."market" = "t20"."market"
  CROSS JOIN (
    SELECT
      COUNT(*) AS "days"
    FROM "t25" AS "t26"
  ) AS "t36"
  LEFT OUTER JOIN (
    SELECT
      "t48"."market",
      AVG(
        (
          (
            "t48"."points" * 100.0
          ) / NULLIF("t48"."population", 0)
        ) / "t48"."titles"
      ) AS "benchmark"
    FROM (
      SELECT
        "t47"."market",
        "t47"."date",
        "t47"."titles",
        "t47"."points",
        "t20"."market" AS "market_right",
        "t20"."population"
      FROM (
        SELECT
          "t45"."market",
          "t45"."date",
          COUNT(*) AS "titles",
          SUM(COALESCE("t45"."points", 0.0)) AS "points"
        FROM (
          SELECT
            "t44"."title",
            "t44"."market",
            "t44"."date",
            "t37"."title" AS "title_right",
            "t37"."market" AS "market_right",
            "t37"."date" AS "date_right",
            "t37"."points"
          FROM (
            SELECT DISTINCT
              *
            FROM (
              SELECT
                "t39"."title",
                "t39"."market",
                "t31"."date"
              FROM (
                SELECT
                  *
                FROM (
                  SELECT DISTINCT
                    "t24"."title",
                    "t24"."market",
                    "t24"."first_day" AS "first",
                    "t24"."last_day" AS "last"
                  FROM "t21" AS "t24"
                ) AS "t29"
                UNION ALL
                SELECT
                  *
                FROM (
                  SELECT
                    "t30"."title",
                    'ALL' AS "market",
                    "t30"."first_day" AS "first",
                    "t30"."last_day" AS "last"
                  FROM (
                    SELECT DISTINCT
                      "t24"."title",
                      "t24"."first_day",
                      "t24"."last_day"
                    FROM "t21" AS "t24"
                  ) AS "t30"
                ) AS "t35"
              ) AS "t39"
              INNER JOIN "t25" AS "t31"
                ON "t39"."first" <= "t31"."date"
                AND (
                  (
                    "t39"."last" IS NULL
                  ) OR (
                    "t31"."date" <= "t39"."last"
                  )
                )
            ) AS "t42"
          ) AS "t44"
          LEFT OUTER JOIN "t32" AS "t37"
            ON "t44"."title" = "t37"."title"
            AND "t44"."market" = "t37"."market"
            AND "t44"."date" = "t37"."date"
        ) AS "t45"
        GROUP BY
          1,
          2
      ) AS "t47"
      LEFT OUTER JOIN (
        SELECT
          *
        FROM (
          SELECT
            CAST("t0"."market" AS TEXT) AS "market",
            "t0"."population"
          FROM "markets" AS "t0"
        ) AS "t10"
        UNION ALL
        SELECT
          *
        FROM (
          SELECT
            'ALL' AS "market",
            "t9"."population"
          FROM (
            SELECT
              SUM("t0"."population") AS "population"
            FROM "markets" AS "t0"
          ) AS "t9"
        ) AS "t15"
      ) AS "t20"
        ON "t47"."market" = "t20"."market"
    ) AS "t48"
    GROUP BY
      1
  ) AS "t50"
    ON "t41"."market" = "t50"."market"
) AS "t51"
ORDER BY
  "t51"."title" ASC,
  "t51"."market" ASC
