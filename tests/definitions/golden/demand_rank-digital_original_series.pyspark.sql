WITH `t17` AS (
  SELECT
    *
  FROM (
    SELECT
      `t4`.`date`,
      `t4`.`market`,
      `t4`.`title`,
      `t4`.`value` * `t5`.`weight` AS `points`
    FROM `signals` AS `t4`
    INNER JOIN `signal_weights` AS `t5`
      ON `t4`.`signal` = `t5`.`signal`
  ) AS `t13`
  WHERE
    `t13`.`date` >= MAKE_DATE(2017, 8, 20) AND `t13`.`date` <= MAKE_DATE(2017, 8, 26)
)
SELECT
  *
FROM (
  SELECT
    `t27`.`title`,
    `t27`.`market`,
    (
      RANK() OVER (PARTITION BY `t27`.`market` ORDER BY `t27`.`points` DESC) - 1
    ) + 1 AS `value`,
    (
      (
        `t27`.`points` * 100.0
      ) / NULLIF(`t15`.`population`, 0)
    ) / `t20`.`days` AS `demand`,
    COUNT(`t27`.`title`) OVER (
      PARTITION BY `t27`.`market`
      ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
    ) AS `titles`
  FROM (
    SELECT
      `t25`.`title`,
      `t25`.`market`,
      SUM(`t25`.`points`) AS `points`
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
          FROM `t17` AS `t19`
          GROUP BY
            1,
            2,
            3
        ) AS `t21`
      ) AS `t23`
      UNION ALL
      SELECT
        *
      FROM (
        SELECT
          `t22`.`title`,
          'ALL' AS `market`,
          `t22`.`date`,
          `t22`.`points`
        FROM (
          SELECT
            `t19`.`title`,
            `t19`.`date`,
            SUM(`t19`.`points`) AS `points`
          FROM `t17` AS `t19`
          GROUP BY
            1,
            2
        ) AS `t22`
      ) AS `t24`
    ) AS `t25`
    GROUP BY
      1,
      2
  ) AS `t27`
  LEFT OUTER JOIN (
    SELECT
      *
    FROM (
      SELECT
        CAST(`t1`.`market` AS STRING) AS `market`,
        `t1`.`population`
      FROM `markets` AS `t1`
    ) AS `t8`
    UNION ALL
    SELECT
      *
    FROM (
      SELECT
        'ALL' AS `market`,
        `t7`.`population`
      FROM (
        SELECT
          SUM(`t1`.`population`) AS `population`
        FROM `markets` AS `t1`
      ) AS `t7`
    ) AS `t12`
  ) AS `t15`
    ON `t27`.`market` = `t15`.`market`
  CROSS JOIN (
    SELECT
      COUNT(*) AS `days`
    FROM (
      SELECT
        EXPLODE(SEQUENCE(`t9`.`first`, `t9`.`last`, INTERVAL '24' HOUR)) AS `date`
      FROM (
        SELECT
          MAKE_DATE(2017, 8, 20) AS `first`,
          MAKE_DATE(2017, 8, 26) AS `last`
        FROM (
          SELECT
            COUNT(*) AS `first`,
            COUNT(*) AS `last`
          FROM `markets` AS `t1`
        ) AS `t6`
        WHERE
          MAKE_DATE(2017, 8, 20) <= MAKE_DATE(2017, 8, 26)
      ) AS `t9`
    ) AS `t16`
  ) AS `t20`
  INNER JOIN (
    SELECT
      `t0`.`title`
    FROM `titles` AS `t0`
    WHERE
      `t0`.`original` = TRUE
      AND `t0`.`kind` = 'series'
      AND LOWER(`t0`.`category`) IN ('drama')
  ) AS `t11`
    ON `t27`.`title` = `t11`.`title`
) AS `t28`
ORDER BY
  `t28`.`market` ASC NULLS LAST,
  `t28`.`value` ASC NULLS LAST,
  `t28`.`title` ASC NULLS LAST
