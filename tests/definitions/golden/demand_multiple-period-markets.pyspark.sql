WITH `t17` AS (
  SELECT
    `t5`.`date`,
    `t5`.`market`,
    `t5`.`title`,
    `t5`.`value` * `t6`.`weight` AS `points`
  FROM `signals` AS `t5`
  INNER JOIN `signal_weights` AS `t6`
    ON `t5`.`signal` = `t6`.`signal`
), `t21` AS (
  SELECT
    EXPLODE(SEQUENCE(`t12`.`first`, `t12`.`last`, INTERVAL '24' HOUR)) AS `date`
  FROM (
    SELECT
      MAKE_DATE(2017, 8, 20) AS `first`,
      MAKE_DATE(2017, 8, 26) AS `last`
    FROM (
      SELECT
        COUNT(*) AS `first`,
        COUNT(*) AS `last`
      FROM `markets` AS `t0`
    ) AS `t8`
    WHERE
      MAKE_DATE(2017, 8, 20) <= MAKE_DATE(2017, 8, 26)
  ) AS `t12`
), `t23` AS (
  SELECT
    `t7`.`title`,
    `t7`.`market`,
    CAST(CONVERT_TIMEZONE('UTC', `t13`.`tz`, `t7`.`available_from`) AS DATE) AS `first_day`,
    CAST(CONVERT_TIMEZONE('UTC', `t13`.`tz`, `t7`.`available_until` - INTERVAL '1' MICROSECOND) AS DATE) AS `last_day`
  FROM `availability` AS `t7`
  INNER JOIN (
    SELECT
      `t0`.`market`,
      `t0`.`tz`
    FROM `markets` AS `t0`
  ) AS `t13`
    ON `t7`.`market` = `t13`.`market`
  INNER JOIN (
    SELECT
      `t4`.`title`
    FROM `titles` AS `t4`
    WHERE
      `t4`.`kind` = 'series'
  ) AS `t15`
    ON `t7`.`title` = `t15`.`title`
), `t38` AS (
  SELECT
    *
  FROM (
    SELECT
      *
    FROM (
      SELECT
        `t26`.`title`,
        `t26`.`market`,
        `t26`.`date`,
        SUM(`t26`.`points`) AS `points`
      FROM (
        SELECT
          *
        FROM `t17` AS `t19`
        WHERE
          `t19`.`date` >= MAKE_DATE(2017, 8, 20)
          AND `t19`.`date` <= MAKE_DATE(2017, 8, 26)
          AND `t19`.`market` IN ('US')
      ) AS `t26`
      GROUP BY
        1,
        2,
        3
    ) AS `t32`
  ) AS `t36`
  UNION ALL
  SELECT
    *
  FROM (
    SELECT
      `t31`.`title`,
      'ALL' AS `market`,
      `t31`.`date`,
      `t31`.`points`
    FROM (
      SELECT
        `t25`.`title`,
        `t25`.`date`,
        SUM(`t25`.`points`) AS `points`
      FROM (
        SELECT
          *
        FROM `t17` AS `t19`
        WHERE
          `t19`.`date` >= MAKE_DATE(2017, 8, 20) AND `t19`.`date` <= MAKE_DATE(2017, 8, 26)
      ) AS `t25`
      GROUP BY
        1,
        2
    ) AS `t31`
  ) AS `t35`
)
SELECT
  *
FROM (
  SELECT
    `t43`.`title`,
    `t43`.`market`,
    (
      (
        (
          `t43`.`points` * 100.0
        ) / NULLIF(`t20`.`population`, 0)
      ) / `t29`.`days`
    ) / NULLIF(`t52`.`benchmark`, 0) AS `value`,
    (
      (
        `t43`.`points` * 100.0
      ) / NULLIF(`t20`.`population`, 0)
    ) / `t29`.`days` AS `demand`,
    `t52`.`benchmark`
  FROM (
    SELECT
      `t40`.`title`,
      `t40`.`market`,
      SUM(`t40`.`points`) AS `points`
    FROM `t38` AS `t40`
    GROUP BY
      1,
      2
  ) AS `t43`
  LEFT OUTER JOIN (
    SELECT
      *
    FROM (
      SELECT
        CAST(`t0`.`market` AS STRING) AS `market`,
        `t0`.`population`
      FROM `markets` AS `t0`
    ) AS `t11`
    UNION ALL
    SELECT
      *
    FROM (
      SELECT
        'ALL' AS `market`,
        `t10`.`population`
      FROM (
        SELECT
          SUM(`t0`.`population`) AS `population`
        FROM `markets` AS `t0`
      ) AS `t10`
    ) AS `t16`
  ) AS `t20`
    ON `t43`.`market` = `t20`.`market`
  CROSS JOIN (
    SELECT
      COUNT(*) AS `days`
    FROM `t21` AS `t22`
  ) AS `t29`
  LEFT OUTER JOIN (
    SELECT
      `t50`.`market`,
      AVG(
        (
          (
            `t50`.`points` * 100.0
          ) / NULLIF(`t50`.`population`, 0)
        ) / `t50`.`titles`
      ) AS `benchmark`
    FROM (
      SELECT
        `t49`.`market`,
        `t49`.`date`,
        `t49`.`titles`,
        `t49`.`points`,
        `t20`.`market` AS `market_right`,
        `t20`.`population`
      FROM (
        SELECT
          `t47`.`market`,
          `t47`.`date`,
          COUNT(*) AS `titles`,
          SUM(COALESCE(`t47`.`points`, 0.0)) AS `points`
        FROM (
          SELECT
            `t46`.`title`,
            `t46`.`market`,
            `t46`.`date`,
            `t41`.`title` AS `title_right`,
            `t41`.`market` AS `market_right`,
            `t41`.`date` AS `date_right`,
            `t41`.`points`
          FROM (
            SELECT DISTINCT
              *
            FROM (
              SELECT
                `t39`.`title`,
                `t39`.`market`,
                `t24`.`date`
              FROM (
                SELECT
                  *
                FROM (
                  SELECT DISTINCT
                    `t27`.`title`,
                    `t27`.`market`,
                    `t27`.`first_day` AS `first`,
                    `t27`.`last_day` AS `last`
                  FROM `t23` AS `t27`
                  WHERE
                    `t27`.`market` IN ('US')
                ) AS `t33`
                UNION ALL
                SELECT
                  *
                FROM (
                  SELECT
                    `t30`.`title`,
                    'ALL' AS `market`,
                    `t30`.`first_day` AS `first`,
                    `t30`.`last_day` AS `last`
                  FROM (
                    SELECT DISTINCT
                      `t27`.`title`,
                      `t27`.`first_day`,
                      `t27`.`last_day`
                    FROM `t23` AS `t27`
                  ) AS `t30`
                ) AS `t34`
              ) AS `t39`
              INNER JOIN `t21` AS `t24`
                ON `t39`.`first` <= `t24`.`date`
                AND (
                  (
                    `t39`.`last` IS NULL
                  ) OR (
                    `t24`.`date` <= `t39`.`last`
                  )
                )
            ) AS `t44`
          ) AS `t46`
          LEFT OUTER JOIN `t38` AS `t41`
            ON `t46`.`title` = `t41`.`title`
            AND `t46`.`market` = `t41`.`market`
            AND `t46`.`date` = `t41`.`date`
        ) AS `t47`
        GROUP BY
          1,
          2
      ) AS `t49`
      LEFT OUTER JOIN (
        SELECT
          *
        FROM (
          SELECT
            CAST(`t0`.`market` AS STRING) AS `market`,
            `t0`.`population`
          FROM `markets` AS `t0`
        ) AS `t11`
        UNION ALL
        SELECT
          *
        FROM (
          SELECT
            'ALL' AS `market`,
            `t10`.`population`
          FROM (
            SELECT
              SUM(`t0`.`population`) AS `population`
            FROM `markets` AS `t0`
          ) AS `t10`
        ) AS `t16`
      ) AS `t20`
        ON `t49`.`market` = `t20`.`market`
    ) AS `t50`
    GROUP BY
      1
  ) AS `t52`
    ON `t43`.`market` = `t52`.`market`
) AS `t53`
ORDER BY
  `t53`.`title` ASC NULLS LAST,
  `t53`.`market` ASC NULLS LAST
