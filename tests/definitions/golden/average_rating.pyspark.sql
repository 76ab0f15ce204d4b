SELECT
  *
FROM (
  SELECT
    `t3`.`title`,
    `t3`.`season`,
    IF(COALESCE(`t6`.`reviews`, 0) >= 5, `t6`.`mean`, NULL) AS `value`,
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
      AVG(`t4`.`score_10`) AS `mean`,
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
        CAST(NULL AS BOOLEAN) AS `fresh`
      FROM `reviews` AS `t1`
      WHERE
        (
          (
            `t1`.`verdict` IS NOT NULL
          )
          OR (
            `t1`.`score_100` IS NOT NULL AND NOT ISNAN(`t1`.`score_100`)
          )
        )
        AND (
          `t1`.`score_10` IS NOT NULL AND NOT ISNAN(`t1`.`score_10`)
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
