SELECT
  *
FROM (
  SELECT
    "t3"."title",
    "t3"."season",
    COALESCE(
      (
        "t10"."last_award" IS NOT NULL
      )
      AND (
        (
          "t10"."last_revoke" IS NULL
        )
        OR (
          "t10"."last_award" > "t10"."last_revoke"
        )
      ),
      FALSE
    ) AS "value",
    NULLIF(
      CASE
        WHEN (
          "t10"."last_award" IS NOT NULL
        )
        AND (
          (
            "t10"."last_revoke" IS NULL
          )
          OR (
            "t10"."last_award" > "t10"."last_revoke"
          )
        )
        THEN "t10"."awarded"
        WHEN "t10"."last_award" IS NOT NULL
        THEN "t10"."revoked"
        ELSE "t10"."first"
      END,
      MAKE_DATE(1, 1, 1)
    ) AS "since",
    (
      "t10"."fresh" * 100.0
    ) / NULLIF(COALESCE("t10"."reviews", 0), 0) AS "tomatometer",
    COALESCE("t10"."reviews", 0) AS "reviews",
    COALESCE("t10"."top", 0) AS "top_critic_reviews"
  FROM (
    SELECT
      "t0"."title",
      "t0"."season"
    FROM "seasons" AS "t0"
  ) AS "t3"
  LEFT OUTER JOIN (
    SELECT
      "t8"."title",
      "t8"."season",
      MAX("t8"."last_award") AS "last_award",
      MAX("t8"."last_revoke") AS "last_revoke",
      MIN("t8"."at") FILTER(WHERE
        "t8"."award"
        AND (
          (
            "t8"."last_revoke" IS NULL
          ) OR (
            "t8"."at" > "t8"."last_revoke"
          )
        )) AS "awarded",
      MIN("t8"."at") FILTER(WHERE
        "t8"."revoke" AND (
          "t8"."at" > "t8"."last_award"
        )) AS "revoked",
      MIN("t8"."at") AS "first",
      SUM("t8"."n") AS "reviews",
      SUM("t8"."f") AS "fresh",
      SUM("t8"."k") AS "top"
    FROM (
      SELECT
        "t7"."title",
        "t7"."season",
        "t7"."at",
        "t7"."n",
        "t7"."f",
        "t7"."k",
        "t7"."reviews",
        "t7"."fresh",
        "t7"."top",
        "t7"."award",
        "t7"."revoke",
        MAX("t7"."at") FILTER(WHERE
          "t7"."award") OVER (
          PARTITION BY "t7"."title", "t7"."season"
          ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
        ) AS "last_award",
        MAX("t7"."at") FILTER(WHERE
          "t7"."revoke") OVER (
          PARTITION BY "t7"."title", "t7"."season"
          ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
        ) AS "last_revoke"
      FROM (
        SELECT
          "t6"."title",
          "t6"."season",
          "t6"."at",
          "t6"."n",
          "t6"."f",
          "t6"."k",
          "t6"."reviews",
          "t6"."fresh",
          "t6"."top",
          (
            (
              (
                "t6"."fresh" * 100.0
              ) / "t6"."reviews"
            ) >= 75.0
          )
          AND (
            "t6"."reviews" >= 20
          )
          AND (
            "t6"."top" >= 5
          ) AS "award",
          (
            (
              "t6"."fresh" * 100.0
            ) / "t6"."reviews"
          ) < 70.0 AS "revoke"
        FROM (
          SELECT
            "t5"."title",
            "t5"."season",
            "t5"."at",
            "t5"."n",
            "t5"."f",
            "t5"."k",
            SUM("t5"."n") OVER (
              PARTITION BY "t5"."title", "t5"."season"
              ORDER BY "t5"."at" ASC
              ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
            ) AS "reviews",
            SUM("t5"."f") OVER (
              PARTITION BY "t5"."title", "t5"."season"
              ORDER BY "t5"."at" ASC
              ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
            ) AS "fresh",
            SUM("t5"."k") OVER (
              PARTITION BY "t5"."title", "t5"."season"
              ORDER BY "t5"."at" ASC
              ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
            ) AS "top"
          FROM (
            SELECT
              "t4"."title",
              "t4"."season",
              "t4"."at",
              COUNT(*) AS "n",
              SUM(CAST("t4"."fresh" AS BIGINT)) AS "f",
              SUM(CAST("t4"."top_critic" AS BIGINT)) AS "k"
            FROM (
              SELECT
                "t1"."title",
                "t1"."season",
                "t1"."published_at",
                "t1"."top_critic",
                "t1"."weight",
                "t1"."score_100",
                "t1"."score_10",
                CASE
                  WHEN "t1"."verdict" = 'fresh'
                  THEN TRUE
                  WHEN "t1"."verdict" = 'rotten'
                  THEN FALSE
                  ELSE "t1"."score_100" >= 60.0
                END AS "fresh",
                COALESCE("t1"."published_at", MAKE_DATE(1, 1, 1)) AS "at"
              FROM "reviews" AS "t1"
              WHERE
                (
                  "t1"."verdict" IS NOT NULL
                ) OR (
                  "t1"."score_100" IS NOT NULL
                )
            ) AS "t4"
            GROUP BY
              1,
              2,
              3
          ) AS "t5"
        ) AS "t6"
      ) AS "t7"
    ) AS "t8"
    GROUP BY
      1,
      2
  ) AS "t10"
    ON "t3"."title" = "t10"."title" AND "t3"."season" = "t10"."season"
) AS "t11"
ORDER BY
  "t11"."title" ASC,
  "t11"."season" ASC
