WITH "t16" AS (
  SELECT
    "t5"."date",
    "t5"."market",
    "t5"."title",
    "t5"."value" * "t6"."weight" AS "points"
  FROM "signals" AS "t5"
  INNER JOIN "signal_weights" AS "t6"
    ON "t5"."signal" = "t6"."signal"
), "t17" AS (
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
), "t23" AS (
  SELECT
    "t7"."title",
    "t7"."market",
    CAST(CAST("t7"."available_from" AS TIMESTAMP) AT TIME ZONE 'UTC' AT TIME ZONE "t11"."tz" AS DATE) AS "first",
    CAST(CAST("t7"."available_until" - INTERVAL '1' MICROSECOND AS TIMESTAMP) AT TIME ZONE 'UTC' AT TIME ZONE "t11"."tz" AS DATE) AS "last"
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
), "t27" AS (
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
    ) AS "t24"
  ) AS "t29"
  UNION ALL
  SELECT
    *
  FROM (
    SELECT
      "t25"."title",
      'ALL' AS "market",
      "t25"."date",
      "t25"."points"
    FROM (
      SELECT
        "t19"."title",
        "t19"."date",
        SUM("t19"."points") AS "points"
      FROM "t16" AS "t19"
      GROUP BY
        1,
        2
    ) AS "t25"
  ) AS "t30"
), "t46" AS (
  SELECT
    "t45"."title",
    "t45"."market",
    "t45"."first",
    CASE WHEN "t45"."open" THEN CAST(NULL AS DATE) ELSE "t45"."last" END AS "last"
  FROM (
    SELECT
      "t44"."title",
      "t44"."market",
      "t44"."island",
      MIN("t44"."first") AS "first",
      MAX("t44"."last") AS "last",
      COUNT("t44"."last") < COUNT(*) AS "open"
    FROM (
      SELECT
        "t43"."title",
        "t43"."market",
        "t43"."first",
        "t43"."last",
        "t43"."starts",
        SUM("t43"."starts") OVER (
          PARTITION BY "t43"."title", "t43"."market"
          ORDER BY "t43"."first" ASC, "t43"."last" ASC
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
              FROM "t23" AS "t26"
              WHERE
                (
                  "t26"."last" IS NULL
                ) OR (
                  "t26"."first" <= "t26"."last"
                )
            ) AS "t35"
            UNION ALL
            SELECT
              *
            FROM (
              SELECT
                "t26"."title",
                'ALL' AS "market",
                "t26"."first",
                "t26"."last"
              FROM "t23" AS "t26"
              WHERE
                (
                  "t26"."last" IS NULL
                ) OR (
                  "t26"."first" <= "t26"."last"
                )
            ) AS "t36"
          ) AS "t39"
        ) AS "t41"
      ) AS "t43"
    ) AS "t44"
    GROUP BY
      1,
      2,
      3
  ) AS "t45"
)
SELECT
  *
FROM (
  SELECT
    "t42"."title",
    "t42"."market",
    (
      (
        (
          "t42"."points" * 100.0
        ) / NULLIF("t21"."population", 0)
      ) / "t37"."days"
    ) / NULLIF("t58"."benchmark", 0) AS "value",
    (
      (
        "t42"."points" * 100.0
      ) / NULLIF("t21"."population", 0)
    ) / "t37"."days" AS "demand",
    "t58"."benchmark"
  FROM (
    SELECT
      "t34"."title",
      "t34"."market",
      SUM("t34"."points") AS "points"
    FROM "t32" AS "t34"
    GROUP BY
      1,
      2
  ) AS "t42"
  LEFT OUTER JOIN "t17" AS "t21"
    ON "t42"."market" = "t21"."market"
  CROSS JOIN (
    SELECT
      COUNT(*) AS "days"
    FROM "t27" AS "t28"
  ) AS "t37"
  LEFT OUTER JOIN (
    SELECT
      "t56"."market",
      AVG(
        (
          (
            "t56"."points" * 100.0
          ) / NULLIF("t56"."population", 0)
        ) / "t56"."titles"
      ) AS "benchmark"
    FROM (
      SELECT
        "t53"."market",
        "t53"."date",
        "t53"."titles",
        COALESCE("t55"."points", 0.0) AS "points",
        "t22"."market" AS "market_right",
        "t22"."population"
      FROM (
        SELECT
          "t50"."market",
          "t50"."date",
          COUNT(*) AS "titles"
        FROM (
          SELECT
            "t48"."title",
            "t48"."market",
            "t48"."first",
            "t48"."last",
            "t31"."date"
          FROM "t46" AS "t48"
          INNER JOIN "t27" AS "t31"
            ON "t48"."first" <= "t31"."date"
            AND (
              (
                "t48"."last" IS NULL
              ) OR (
                "t31"."date" <= "t48"."last"
              )
            )
        ) AS "t50"
        GROUP BY
          1,
          2
      ) AS "t53"
      LEFT OUTER JOIN (
        SELECT
          "t51"."market",
          "t51"."date",
          SUM("t51"."points") AS "points"
        FROM (
          SELECT
            "t38"."title",
            "t38"."market",
            "t38"."date",
            "t38"."points",
            "t49"."title" AS "title_right",
            "t49"."market" AS "market_right",
            "t49"."first",
            "t49"."last"
          FROM "t32" AS "t38"
          INNER JOIN "t46" AS "t49"
            ON "t38"."title" = "t49"."title"
            AND "t38"."market" = "t49"."market"
            AND "t49"."first" <= "t38"."date"
            AND (
              (
                "t49"."last" IS NULL
              ) OR (
                "t38"."date" <= "t49"."last"
              )
            )
        ) AS "t51"
        GROUP BY
          1,
          2
      ) AS "t55"
        ON "t53"."market" = "t55"."market" AND "t53"."date" = "t55"."date"
      LEFT OUTER JOIN "t17" AS "t22"
        ON "t53"."market" = "t22"."market"
    ) AS "t56"
    GROUP BY
      1
  ) AS "t58"
    ON "t42"."market" = "t58"."market"
) AS "t59"
ORDER BY
  "t59"."title" ASC,
  "t59"."market" ASC
