SELECT
  *
FROM (
  SELECT
    `t8`.`title`,
    `t8`.`season`,
    COALESCE(`t14`.`value`, 0.0) / NULLIF(`t9`.`runtime_hours`, 0) AS `value`,
    COALESCE(`t14`.`value`, 0.0) AS `hours_viewed`,
    `t9`.`runtime_hours`
  FROM (
    SELECT
      `t0`.`title`,
      `t0`.`season`
    FROM `seasons` AS `t0`
    WHERE
      `t0`.`launch_at` IS NOT NULL
  ) AS `t8`
  LEFT OUTER JOIN (
    SELECT
      `t12`.`title`,
      `t12`.`season`,
      (
        (
          CAST(SUM(
            CAST(FLOOR((
              `t12`.`weight` * `t12`.`seconds_watched`
            ) / 4294967296) AS BIGINT)
          ) AS DOUBLE) * 4294967296
        ) + CAST(SUM(
          CAST(FLOOR(`t12`.`weight` * `t12`.`seconds_watched`) AS BIGINT) - (
            CAST(FLOOR((
              `t12`.`weight` * `t12`.`seconds_watched`
            ) / 4294967296) AS BIGINT) * 4294967296
          )
        ) AS DOUBLE) + (
          (
            (
              CAST(SUM(
                CAST(FLOOR(
                  (
                    (
                      (
                        (
                          `t12`.`weight` * `t12`.`seconds_watched`
                        ) - CAST(FLOOR(`t12`.`weight` * `t12`.`seconds_watched`) AS BIGINT)
                      ) * 1073741824
                    ) - CAST(FLOOR(
                      (
                        (
                          `t12`.`weight` * `t12`.`seconds_watched`
                        ) - CAST(FLOOR(`t12`.`weight` * `t12`.`seconds_watched`) AS BIGINT)
                      ) * 1073741824
                    ) AS BIGINT)
                  ) * 1073741824
                ) AS BIGINT)
              ) AS DOUBLE) / 1073741824
            ) + CAST(SUM(
              CAST(FLOOR(
                (
                  (
                    `t12`.`weight` * `t12`.`seconds_watched`
                  ) - CAST(FLOOR(`t12`.`weight` * `t12`.`seconds_watched`) AS BIGINT)
                ) * 1073741824
              ) AS BIGINT)
            ) AS DOUBLE)
          ) / 1073741824
        )
      ) / 3600 AS `value`,
      COUNT(DISTINCT `t12`.`unit_id`) AS `units`
    FROM (
      SELECT
        `t11`.`title`,
        `t11`.`season`,
        `t11`.`episode`,
        `t11`.`unit_id`,
        `t11`.`weight`,
        `t11`.`started_at`,
        `t11`.`seconds_watched`,
        `t11`.`launch_at`,
        `t11`.`row_id`
      FROM (
        SELECT
          `t10`.`row_id`,
          `t10`.`title`,
          `t10`.`season`,
          `t10`.`episode`,
          `t10`.`unit_id`,
          `t10`.`started_at`,
          `t10`.`seconds_watched`,
          `t10`.`market`,
          `t10`.`weight`,
          `t7`.`launch_at`
        FROM (
          SELECT
            `t1`.`row_id`,
            `t1`.`title`,
            `t1`.`season`,
            `t1`.`episode`,
            `t1`.`account_id` AS `unit_id`,
            `t1`.`started_at`,
            `t1`.`seconds_watched`,
            `t1`.`market`,
            CAST(1 AS DOUBLE) AS `weight`
          FROM `viewing` AS `t1`
          WHERE
            `t1`.`account_id` IS NOT NULL AND `t1`.`account_id` <> ''
        ) AS `t10`
        INNER JOIN (
          SELECT
            `t2`.`title`,
            `t2`.`season`,
            `t2`.`market`,
            `t2`.`launch_at`
          FROM `launches` AS `t2`
        ) AS `t7`
          ON `t10`.`title` = `t7`.`title`
          AND `t10`.`season` = `t7`.`season`
          AND `t10`.`market` = `t7`.`market`
      ) AS `t11`
      WHERE
        `t11`.`started_at` >= `t11`.`launch_at`
        AND `t11`.`started_at` < (
          `t11`.`launch_at` + INTERVAL '2184' HOUR
        )
    ) AS `t12`
    GROUP BY
      1,
      2
  ) AS `t14`
    ON `t8`.`title` = `t14`.`title` AND `t8`.`season` = `t14`.`season`
  INNER JOIN (
    SELECT
      `t0`.`title`,
      `t0`.`season`,
      `t0`.`runtime_s` / 3600 AS `runtime_hours`
    FROM `seasons` AS `t0`
  ) AS `t9`
    ON `t8`.`title` = `t9`.`title` AND `t8`.`season` = `t9`.`season`
) AS `t15`
ORDER BY
  `t15`.`title` ASC NULLS LAST,
  `t15`.`season` ASC NULLS LAST
