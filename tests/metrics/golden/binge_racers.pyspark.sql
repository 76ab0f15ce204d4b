SELECT
  *
FROM (
  SELECT
    `t11`.`title`,
    `t11`.`season`,
    COALESCE(`t30`.`value`, 0.0) AS `value`,
    COALESCE(`t30`.`units`, 0) AS `units`
  FROM (
    SELECT
      `t0`.`title`,
      `t0`.`season`
    FROM `seasons` AS `t0`
    WHERE
      `t0`.`launch_at` IS NOT NULL
  ) AS `t11`
  LEFT OUTER JOIN (
    SELECT
      `t28`.`title`,
      `t28`.`season`,
      SUM(`t28`.`weight`) AS `value`,
      COUNT(*) AS `units`
    FROM (
      SELECT
        `t27`.`title`,
        `t27`.`season`,
        `t27`.`unit_id`,
        `t27`.`weight`,
        `t27`.`last_us`
      FROM (
        SELECT
          `t26`.`title`,
          `t26`.`season`,
          `t26`.`unit_id`,
          `t26`.`weight`,
          `t26`.`episodes_done`,
          `t26`.`last_us`,
          `t8`.`episodes`
        FROM (
          SELECT
            `t24`.`title`,
            `t24`.`season`,
            `t24`.`unit_id`,
            `t24`.`weight`,
            COUNT(*) AS `episodes_done`,
            MAX(`t24`.`completed_us`) AS `last_us`
          FROM (
            SELECT
              *
            FROM (
              SELECT
                `t22`.`title`,
                `t22`.`season`,
                `t22`.`unit_id`,
                `t22`.`weight`,
                `t22`.`episode`,
                `t22`.`runtime_s`,
                (
                  UNIX_MICROS(`t22`.`started_at`) - UNIX_MICROS(`t22`.`launch_at`)
                ) + (
                  `t22`.`seconds_watched` * 1000000
                ) AS `completed_us`
              FROM (
                SELECT
                  *
                FROM (
                  SELECT
                    `t20`.`title`,
                    `t20`.`season`,
                    `t20`.`episode`,
                    `t20`.`unit_id`,
                    `t20`.`weight`,
                    `t20`.`started_at`,
                    `t20`.`seconds_watched`,
                    `t20`.`launch_at`,
                    `t20`.`row_id`,
                    `t20`.`runtime_s`,
                    `t20`.`runtime_s` * 0.9 AS `threshold`,
                    SUM(`t20`.`seconds_watched`) OVER (
                      PARTITION BY `t20`.`title`, `t20`.`season`, `t20`.`unit_id`, `t20`.`episode`
                      ORDER BY `t20`.`started_at` ASC NULLS LAST, `t20`.`seconds_watched` ASC NULLS LAST
                      ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
                    ) AS `through`,
                    SUM(`t20`.`seconds_watched`) OVER (
                      PARTITION BY `t20`.`title`, `t20`.`season`, `t20`.`unit_id`, `t20`.`episode`
                      ORDER BY `t20`.`started_at` ASC NULLS LAST, `t20`.`seconds_watched` ASC NULLS LAST
                      ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING
                    ) AS `before`
                  FROM (
                    SELECT
                      `t19`.`title`,
                      `t19`.`season`,
                      `t19`.`episode`,
                      `t19`.`unit_id`,
                      `t19`.`weight`,
                      `t19`.`started_at`,
                      `t19`.`seconds_watched`,
                      `t19`.`launch_at`,
                      `t19`.`row_id`,
                      `t9`.`runtime_s`
                    FROM (
                      SELECT
                        `t17`.`title`,
                        `t17`.`season`,
                        `t17`.`episode`,
                        `t17`.`unit_id`,
                        `t17`.`weight`,
                        `t17`.`started_at`,
                        `t17`.`seconds_watched`,
                        `t17`.`unit_launch_at` AS `launch_at`,
                        `t17`.`row_id`
                      FROM (
                        SELECT
                          `t16`.`row_id`,
                          `t16`.`title`,
                          `t16`.`season`,
                          `t16`.`episode`,
                          `t16`.`unit_id`,
                          `t16`.`started_at`,
                          `t16`.`seconds_watched`,
                          `t16`.`market`,
                          `t16`.`weight`,
                          `t16`.`launch_at`,
                          `t16`.`horizon`,
                          FIRST(`t16`.`market`) IGNORE NULLS OVER (
                            PARTITION BY `t16`.`title`, `t16`.`season`, `t16`.`unit_id`
                            ORDER BY `t16`.`started_at` ASC NULLS LAST, `t16`.`market` ASC NULLS LAST
                            ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
                          ) AS `unit_market`,
                          FIRST(`t16`.`launch_at`) IGNORE NULLS OVER (
                            PARTITION BY `t16`.`title`, `t16`.`season`, `t16`.`unit_id`
                            ORDER BY `t16`.`started_at` ASC NULLS LAST, `t16`.`market` ASC NULLS LAST
                            ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
                          ) AS `unit_launch_at`
                        FROM (
                          SELECT
                            *
                          FROM (
                            SELECT
                              `t12`.`row_id`,
                              `t12`.`title`,
                              `t12`.`season`,
                              `t12`.`episode`,
                              `t12`.`unit_id`,
                              `t12`.`started_at`,
                              `t12`.`seconds_watched`,
                              `t12`.`market`,
                              `t12`.`weight`,
                              `t14`.`launch_at`,
                              `t14`.`horizon`
                            FROM (
                              SELECT
                                `t2`.`row_id`,
                                `t2`.`title`,
                                `t2`.`season`,
                                `t2`.`episode`,
                                `t2`.`account_id` AS `unit_id`,
                                `t2`.`started_at`,
                                `t2`.`seconds_watched`,
                                `t2`.`market`,
                                CAST(1 AS DOUBLE) AS `weight`
                              FROM `viewing` AS `t2`
                              WHERE
                                `t2`.`account_id` IS NOT NULL AND `t2`.`account_id` <> ''
                            ) AS `t12`
                            INNER JOIN (
                              SELECT
                                `t6`.`title`,
                                `t6`.`season`,
                                `t6`.`market`,
                                `t6`.`launch_at`,
                                MAX(`t6`.`launch_at`) OVER (
                                  PARTITION BY `t6`.`title`, `t6`.`season`
                                  ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
                                ) + INTERVAL '24' HOUR AS `horizon`
                              FROM (
                                SELECT
                                  `t3`.`title`,
                                  `t3`.`season`,
                                  `t3`.`market`,
                                  `t3`.`launch_at`
                                FROM `launches` AS `t3`
                              ) AS `t6`
                            ) AS `t14`
                              ON `t12`.`title` = `t14`.`title`
                              AND `t12`.`season` = `t14`.`season`
                              AND `t12`.`market` = `t14`.`market`
                          ) AS `t15`
                          WHERE
                            `t15`.`started_at` >= `t15`.`launch_at` AND `t15`.`started_at` < `t15`.`horizon`
                        ) AS `t16`
                      ) AS `t17`
                      WHERE
                        `t17`.`started_at` >= `t17`.`unit_launch_at`
                        AND `t17`.`started_at` < (
                          `t17`.`unit_launch_at` + INTERVAL '24' HOUR
                        )
                    ) AS `t19`
                    INNER JOIN (
                      SELECT
                        `t1`.`title`,
                        `t1`.`season`,
                        `t1`.`episode`,
                        `t1`.`runtime_s`
                      FROM `episodes` AS `t1`
                    ) AS `t9`
                      ON `t19`.`title` = `t9`.`title`
                      AND `t19`.`season` = `t9`.`season`
                      AND `t19`.`episode` = `t9`.`episode`
                  ) AS `t20`
                ) AS `t21`
                WHERE
                  `t21`.`through` >= `t21`.`threshold`
                  AND (
                    `t21`.`before` IS NULL
                    OR ISNAN(`t21`.`before`)
                    OR (
                      `t21`.`before` < `t21`.`threshold`
                    )
                  )
              ) AS `t22`
            ) AS `t23`
            WHERE
              `t23`.`completed_us` < 86400000000
          ) AS `t24`
          GROUP BY
            1,
            2,
            3,
            4
        ) AS `t26`
        INNER JOIN (
          SELECT
            `t0`.`title`,
            `t0`.`season`,
            `t0`.`episodes`
          FROM `seasons` AS `t0`
        ) AS `t8`
          ON `t26`.`title` = `t8`.`title` AND `t26`.`season` = `t8`.`season`
      ) AS `t27`
      WHERE
        `t27`.`episodes_done` = `t27`.`episodes`
    ) AS `t28`
    GROUP BY
      1,
      2
  ) AS `t30`
    ON `t11`.`title` = `t30`.`title` AND `t11`.`season` = `t30`.`season`
) AS `t31`
ORDER BY
  `t31`.`title` ASC NULLS LAST,
  `t31`.`season` ASC NULLS LAST
