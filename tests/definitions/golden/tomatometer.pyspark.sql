SELECT
  *
FROM (
  SELECT
    `t3`.`title`,
    `t3`.`season`,
    IF(
      COALESCE(`t6`.`reviews`, 0) >= 5,
      (
        COALESCE(`t6`.`fresh`, 0) * 100.0
      ) / COALESCE(`t6`.`reviews`, 0),
      NULL
    ) AS `value`,
    CASE
      WHEN NOT (
        COALESCE(`t6`.`reviews`, 0) >= 5
      )
      THEN NULL
      WHEN (
        COALESCE(`t6`.`fresh`, 0) * 100
      ) >= (
        COALESCE(`t6`.`reviews`, 0) * 60.0
      )
      THEN 'Fresh'
      ELSE 'Rotten'
    END AS `label`,
    COALESCE(`t6`.`fresh`, 0) AS `fresh`,
    COALESCE(`t6`.`reviews`, 0) AS `reviews`
  FROM (
    SELECT
      `t0`.`title`,
      `t0`.`season`
    FROM `seasons` AS `t0`
  ) AS `t3`
  LEFT OUTER JOIN (
    SELECT
      `t4`.`title`,
      `t4`.`season`,
      SUM(CAST(`t4`.`fresh` AS BIGINT)) AS `fresh`,
      COUNT(*) AS `reviews`
    FROM (
      SELECT
        `t1`.`title`,
        `t1`.`season`,
        `t1`.`published_at`,
        `t1`.`top_critic`,
        `t1`.`weight`,
        `t1`.`score_100`,
        `t1`.`score_10`,
        CASE
          WHEN `t1`.`verdict` = 'fresh'
          THEN TRUE
          WHEN `t1`.`verdict` = 'rotten'
          THEN FALSE
          ELSE `t1`.`score_100` >= 60.0
        END AS `fresh`
      FROM `reviews` AS `t1`
      WHERE
        (
          `t1`.`verdict` IS NOT NULL
        )
        OR (
          `t1`.`score_100` IS NOT NULL AND NOT ISNAN(`t1`.`score_100`)
        )
    ) AS `t4`
    GROUP BY
      1,
      2
  ) AS `t6`
    ON `t3`.`title` = `t6`.`title` AND `t3`.`season` = `t6`.`season`
) AS `t7`
ORDER BY
  `t7`.`title` ASC NULLS LAST,
  `t7`.`season` ASC NULLS LAST
