WITH `t16` AS (
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
    `t7`.`title`,
    `t7`.`market`,
    CAST(CONVERT_TIMEZONE('UTC', `t11`.`tz`, `t7`.`available_from`) AS DATE) AS `first`,
    CAST(CONVERT_TIMEZONE('UTC', `t11`.`tz`, `t7`.`available_until` - INTERVAL '1' MICROSECOND) AS DATE) AS `last`
  FROM `availability` AS `t7`
  INNER JOIN (
    SELECT
      `t0`.`market`,
      `t0`.`tz`
    FROM `markets` AS `t0`
  ) AS `t11`
    ON `t7`.`market` = `t11`.`market`
  INNER JOIN (
    SELECT
      `t4`.`title`
    FROM `titles` AS `t4`
    WHERE
      `t4`.`kind` = 'series'
  ) AS `t14`
    ON `t7`.`title` = `t14`.`title`
), `t25` AS (
  SELECT
    EXPLODE(SEQUENCE(`t18`.`first`, `t18`.`last`, INTERVAL '24' HOUR)) AS `date`
  FROM (
    SELECT
      *
    FROM (
      SELECT
        MIN(`t1`.`date`) AS `first`,
        MAX(`t1`.`date`) AS `last`
      FROM `signals` AS `t1`
    ) AS `t12`
    WHERE
      `t12`.`first` <= `t12`.`last`
  ) AS `t18`
), `t41` AS (
  SELECT
    `t38`.`title`,
    `t38`.`market`,
    `t38`.`points`,
    (
      (
        `t38`.`points` * 100.0
      ) / NULLIF(`t20`.`population`, 0)
    ) / `t33`.`days` AS `demand`
  FROM (
    SELECT
      `t29`.`title`,
      `t29`.`market`,
      SUM(`t29`.`points`) AS `points`
    FROM (
      SELECT
        *
      FROM (
        SELECT
          *
        FROM (
          SELECT
            `t19`.`title`,
            `t19`.`market`,
            `t19`.`date`,
            SUM(`t19`.`points`) AS `points`
          FROM `t16` AS `t19`
          GROUP BY
            1,
            2,
            3
        ) AS `t22`
      ) AS `t27`
      UNION ALL
      SELECT
        *
      FROM (
        SELECT
          `t23`.`title`,
          'ALL' AS `market`,
          `t23`.`date`,
          `t23`.`points`
        FROM (
          SELECT
            `t19`.`title`,
            `t19`.`date`,
            SUM(`t19`.`points`) AS `points`
          FROM `t16` AS `t19`
          GROUP BY
            1,
            2
        ) AS `t23`
      ) AS `t28`
    ) AS `t29`
    GROUP BY
      1,
      2
  ) AS `t38`
  LEFT OUTER JOIN (
    SELECT
      *
    FROM (
      SELECT
        CAST(`t0`.`market` AS STRING) AS `market`,
        `t0`.`population`
      FROM `markets` AS `t0`
    ) AS `t10`
    UNION ALL
    SELECT
      *
    FROM (
      SELECT
        'ALL' AS `market`,
        `t9`.`population`
      FROM (
        SELECT
          SUM(`t0`.`population`) AS `population`
        FROM `markets` AS `t0`
      ) AS `t9`
    ) AS `t15`
  ) AS `t20`
    ON `t38`.`market` = `t20`.`market`
  CROSS JOIN (
    SELECT
      COUNT(*) AS `days`
    FROM `t25` AS `t26`
  ) AS `t33`
)
SELECT
  *
FROM (
  SELECT
    `t52`.`title`,
    `t52`.`market`,
    (
      `t52`.`below` * 100.0
    ) / NULLIF(`t52`.`titles`, 0) AS `value`,
    `t44`.`demand`,
    `t52`.`below`,
    `t52`.`titles`
  FROM (
    SELECT
      *
    FROM (
      SELECT
        `t49`.`title`,
        `t49`.`market`,
        `t49`.`member`,
        `t49`.`subject`,
        `t49`.`points`,
        SUM(`t49`.`member`) OVER (
          PARTITION BY `t49`.`market`
          ORDER BY `t49`.`points` ASC NULLS LAST
          RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
        ) - SUM(`t49`.`member`) OVER (
          PARTITION BY `t49`.`market`, `t49`.`points`
          ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
        ) AS `below`,
        SUM(`t49`.`member`) OVER (
          PARTITION BY `t49`.`market`
          ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
        ) AS `titles`
      FROM (
        SELECT
          `t48`.`title`,
          `t48`.`market`,
          MAX(`t48`.`member`) AS `member`,
          COUNT(`t48`.`points`) AS `subject`,
          COALESCE(SUM(`t48`.`points`), 0.0) AS `points`
        FROM (
          SELECT
            *
          FROM (
            SELECT
              `t46`.`title`,
              `t46`.`market`,
              1 AS `member`,
              CAST(NULL AS DOUBLE) AS `points`
            FROM (
              SELECT DISTINCT
                *
              FROM (
                SELECT
                  `t40`.`title`,
                  `t40`.`market`
                FROM (
                  SELECT DISTINCT
                    *
                  FROM (
                    SELECT
                      *
                    FROM (
                      SELECT
                        *
                      FROM `t21` AS `t24`
                      WHERE
                        (
                          `t24`.`last` IS NULL
                        ) OR (
                          `t24`.`first` <= `t24`.`last`
                        )
                    ) AS `t31`
                    UNION ALL
                    SELECT
                      *
                    FROM (
                      SELECT
                        `t24`.`title`,
                        'ALL' AS `market`,
                        `t24`.`first`,
                        `t24`.`last`
                      FROM `t21` AS `t24`
                      WHERE
                        (
                          `t24`.`last` IS NULL
                        ) OR (
                          `t24`.`first` <= `t24`.`last`
                        )
                    ) AS `t32`
                  ) AS `t35`
                ) AS `t40`
                INNER JOIN (
                  SELECT
                    MIN(`t26`.`date`) AS `start`,
                    MAX(`t26`.`date`) AS `end`
                  FROM `t25` AS `t26`
                ) AS `t36`
                  ON `t40`.`first` <= `t36`.`end`
                  AND (
                    (
                      `t40`.`last` IS NULL
                    ) OR (
                      `t36`.`start` <= `t40`.`last`
                    )
                  )
              ) AS `t43`
            ) AS `t46`
          ) AS `t47`
          UNION ALL
          SELECT
            *
          FROM (
            SELECT
              `t42`.`title`,
              `t42`.`market`,
              0 AS `member`,
              `t42`.`points`
            FROM `t41` AS `t42`
          ) AS `t45`
        ) AS `t48`
        GROUP BY
          1,
          2
      ) AS `t49`
    ) AS `t50`
    WHERE
      `t50`.`subject` > 0
  ) AS `t52`
  INNER JOIN `t41` AS `t44`
    ON `t52`.`title` = `t44`.`title` AND `t52`.`market` = `t44`.`market`
) AS `t53`
ORDER BY
  `t53`.`title` ASC NULLS LAST,
  `t53`.`market` ASC NULLS LAST
