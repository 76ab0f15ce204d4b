WITH `t17` AS (
  SELECT
    *
  FROM (
    SELECT
      `t12`.`title`,
      CAST(`t12`.`market` AS STRING) AS `market`,
      `t12`.`date`,
      `t12`.`points`
    FROM (
      SELECT
        `t6`.`title`,
        `t6`.`market`,
        `t6`.`date`,
        SUM(`t6`.`points`) AS `points`
      FROM (
        SELECT
          `t1`.`date`,
          `t1`.`market`,
          `t1`.`title`,
          `t1`.`value` * CASE `t1`.`signal` WHEN 'pageviews' THEN 1.0 WHEN 'searches' THEN 2.0 ELSE NULL END AS `points`
        FROM `signals` AS `t1`
        WHERE
          `t1`.`signal` IN ('pageviews', 'searches')
          AND `t1`.`date` >= MAKE_DATE(2017, 8, 20)
          AND `t1`.`date` <= MAKE_DATE(2017, 8, 26)
          AND `t1`.`market` IN ('KR', 'US')
      ) AS `t6`
      GROUP BY
        1,
        2,
        3
    ) AS `t12`
  ) AS `t16`
  UNION ALL
  SELECT
    *
  FROM (
    SELECT
      `t13`.`title`,
      'ALL' AS `market`,
      `t13`.`date`,
      `t13`.`points`
    FROM (
      SELECT
        `t7`.`title`,
        `t7`.`date`,
        SUM(`t7`.`points`) AS `points`
      FROM (
        SELECT
          `t1`.`date`,
          `t1`.`market`,
          `t1`.`title`,
          `t1`.`value` * CASE `t1`.`signal` WHEN 'pageviews' THEN 1.0 WHEN 'searches' THEN 2.0 ELSE NULL END AS `points`
        FROM `signals` AS `t1`
        WHERE
          `t1`.`signal` IN ('pageviews', 'searches')
          AND `t1`.`date` >= MAKE_DATE(2017, 8, 20)
          AND `t1`.`date` <= MAKE_DATE(2017, 8, 26)
      ) AS `t7`
      GROUP BY
        1,
        2
    ) AS `t13`
  ) AS `t15`
)
SELECT
  *
FROM (
  SELECT
    `t21`.`title`,
    `t21`.`market`,
    `t14`.`date`,
    (
      COALESCE(`t19`.`points`, 0.0) * 100.0
    ) / NULLIF(`t10`.`population`, 0) AS `value`,
    COALESCE(`t19`.`points`, 0.0) AS `points`,
    `t10`.`population`
  FROM (
    SELECT DISTINCT
      `t18`.`title`,
      `t18`.`market`
    FROM `t17` AS `t18`
  ) AS `t21`
  CROSS JOIN (
    SELECT
      EXPLODE(SEQUENCE(`t4`.`first`, `t4`.`last`, INTERVAL '24' HOUR)) AS `date`
    FROM (
      SELECT
        MAKE_DATE(2017, 8, 20) AS `first`,
        MAKE_DATE(2017, 8, 26) AS `last`
      FROM (
        SELECT
          COUNT(*) AS `first`,
          COUNT(*) AS `last`
        FROM `markets` AS `t0`
      ) AS `t2`
      WHERE
        MAKE_DATE(2017, 8, 20) <= MAKE_DATE(2017, 8, 26)
    ) AS `t4`
  ) AS `t14`
  LEFT OUTER JOIN `t17` AS `t19`
    ON `t21`.`title` = `t19`.`title`
    AND `t21`.`market` = `t19`.`market`
    AND `t14`.`date` = `t19`.`date`
  LEFT OUTER JOIN (
    SELECT
      *
    FROM (
      SELECT
        CAST(`t0`.`market` AS STRING) AS `market`,
        `t0`.`population`
      FROM `markets` AS `t0`
    ) AS `t5`
    UNION ALL
    SELECT
      *
    FROM (
      SELECT
        'ALL' AS `market`,
        `t3`.`population`
      FROM (
        SELECT
          SUM(`t0`.`population`) AS `population`
        FROM `markets` AS `t0`
      ) AS `t3`
    ) AS `t8`
  ) AS `t10`
    ON `t21`.`market` = `t10`.`market`
) AS `t22`
ORDER BY
  `t22`.`title` ASC NULLS LAST,
  `t22`.`market` ASC NULLS LAST,
  `t22`.`date` ASC NULLS LAST
