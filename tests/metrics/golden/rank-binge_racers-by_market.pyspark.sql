WITH `t15` AS (
  SELECT
    `t14`.`row_id`,
    `t14`.`title`,
    `t14`.`season`,
    `t14`.`episode`,
    `t14`.`unit_id`,
    `t14`.`started_at`,
    `t14`.`seconds_watched`,
    `t14`.`market`,
    `t14`.`weight`,
    `t14`.`launch_at`,
    `t14`.`horizon`,
    FIRST(`t14`.`market`) IGNORE NULLS OVER (
      PARTITION BY `t14`.`title`, `t14`.`season`, `t14`.`unit_id`
      ORDER BY `t14`.`started_at` ASC NULLS LAST, `t14`.`market` ASC NULLS LAST
      ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
    ) AS `unit_market`,
    FIRST(`t14`.`launch_at`) IGNORE NULLS OVER (
      PARTITION BY `t14`.`title`, `t14`.`season`, `t14`.`unit_id`
      ORDER BY `t14`.`started_at` ASC NULLS LAST, `t14`.`market` ASC NULLS LAST
      ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
    ) AS `unit_launch_at`
  FROM (
    SELECT
      *
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
        `t12`.`launch_at`,
        `t12`.`horizon`
      FROM (
        SELECT
          `t0`.`row_id`,
          `t0`.`title`,
          `t0`.`season`,
          `t0`.`episode`,
          `t0`.`account_id` AS `unit_id`,
          `t0`.`started_at`,
          `t0`.`seconds_watched`,
          `t0`.`market`,
          CAST(1 AS DOUBLE) AS `weight`
        FROM `viewing` AS `t0`
        WHERE
          `t0`.`account_id` IS NOT NULL AND `t0`.`account_id` <> ''
      ) AS `t10`
      INNER JOIN (
        SELECT
          `t5`.`title`,
          `t5`.`season`,
          `t5`.`market`,
          `t5`.`launch_at`,
          MAX(`t5`.`launch_at`) OVER (
            PARTITION BY `t5`.`title`, `t5`.`season`
            ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
          ) + INTERVAL '24' HOUR AS `horizon`
        FROM (
          SELECT
            `t2`.`title`,
            `t2`.`season`,
            `t2`.`market`,
            `t2`.`launch_at`
          FROM `launches` AS `t2`
        ) AS `t5`
      ) AS `t12`
        ON `t10`.`title` = `t12`.`title`
        AND `t10`.`season` = `t12`.`season`
        AND `t10`.`market` = `t12`.`market`
    ) AS `t13`
    WHERE
      `t13`.`started_at` >= `t13`.`launch_at` AND `t13`.`started_at` < `t13`.`horizon`
  ) AS `t14`
)
SELECT
  *
FROM (
  SELECT
    `t32`.`title`,
    `t32`.`season`,
    `t32`.`market`,
    `t32`.`value`,
    IF(
      `t32`.`value` IS NULL OR ISNAN(`t32`.`value`),
      CAST(NULL AS BIGINT),
      (
        RANK() OVER (PARTITION BY `t32`.`market` ORDER BY `t32`.`value` DESC) - 1
      ) + 1
    ) AS `rank`
  FROM (
    SELECT
      `t19`.`title`,
      `t19`.`season`,
      `t19`.`market`,
      COALESCE(`t31`.`value`, 0.0) AS `value`,
      COALESCE(`t31`.`units`, 0) AS `units`
    FROM (
      SELECT DISTINCT
        `t16`.`title`,
        `t16`.`season`,
        `t16`.`unit_market` AS `market`
      FROM `t15` AS `t16`
      WHERE
        `t16`.`started_at` >= `t16`.`unit_launch_at`
        AND `t16`.`started_at` < (
          `t16`.`unit_launch_at` + INTERVAL '24' HOUR
        )
    ) AS `t19`
    LEFT OUTER JOIN (
      SELECT
        `t29`.`title`,
        `t29`.`season`,
        `t29`.`market`,
        SUM(`t29`.`weight`) AS `value`,
        COUNT(*) AS `units`
      FROM (
        SELECT
          `t28`.`title`,
          `t28`.`season`,
          `t28`.`market`,
          `t28`.`unit_id`,
          `t28`.`weight`,
          `t28`.`last_us`
        FROM (
          SELECT
            `t27`.`title`,
            `t27`.`season`,
            `t27`.`market`,
            `t27`.`unit_id`,
            `t27`.`weight`,
            `t27`.`episodes_done`,
            `t27`.`last_us`,
            `t8`.`episodes`
          FROM (
            SELECT
              `t25`.`title`,
              `t25`.`season`,
              `t25`.`market`,
              `t25`.`unit_id`,
              `t25`.`weight`,
              COUNT(*) AS `episodes_done`,
              MAX(`t25`.`completed_us`) AS `last_us`
            FROM (
              SELECT
                *
              FROM (
                SELECT
                  `t23`.`title`,
                  `t23`.`season`,
                  `t23`.`market`,
                  `t23`.`unit_id`,
                  `t23`.`weight`,
                  `t23`.`episode`,
                  `t23`.`runtime_s`,
                  (
                    UNIX_MICROS(`t23`.`started_at`) - UNIX_MICROS(`t23`.`launch_at`)
                  ) + (
                    `t23`.`seconds_watched` * 1000000
                  ) AS `completed_us`
                FROM (
                  SELECT
                    *
                  FROM (
                    SELECT
                      `t21`.`title`,
                      `t21`.`season`,
                      `t21`.`episode`,
                      `t21`.`unit_id`,
                      `t21`.`weight`,
                      `t21`.`started_at`,
                      `t21`.`seconds_watched`,
                      `t21`.`launch_at`,
                      `t21`.`row_id`,
                      `t21`.`market`,
                      `t21`.`runtime_s`,
                      `t21`.`runtime_s` * 0.9 AS `threshold`,
                      SUM(`t21`.`seconds_watched`) OVER (
                        PARTITION BY `t21`.`title`, `t21`.`season`, `t21`.`unit_id`, `t21`.`episode`
                        ORDER BY `t21`.`started_at` ASC NULLS LAST, `t21`.`seconds_watched` ASC NULLS LAST
                        ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
                      ) AS `through`,
                      SUM(`t21`.`seconds_watched`) OVER (
                        PARTITION BY `t21`.`title`, `t21`.`season`, `t21`.`unit_id`, `t21`.`episode`
                        ORDER BY `t21`.`started_at` ASC NULLS LAST, `t21`.`seconds_watched` ASC NULLS LAST
                        ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING
                      ) AS `before`
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
                        `t20`.`market`,
                        `t9`.`runtime_s`
                      FROM (
                        SELECT
                          `t16`.`title`,
                          `t16`.`season`,
                          `t16`.`episode`,
                          `t16`.`unit_id`,
                          `t16`.`weight`,
                          `t16`.`started_at`,
                          `t16`.`seconds_watched`,
                          `t16`.`unit_launch_at` AS `launch_at`,
                          `t16`.`row_id`,
                          `t16`.`unit_market` AS `market`
                        FROM `t15` AS `t16`
                        WHERE
                          `t16`.`started_at` >= `t16`.`unit_launch_at`
                          AND `t16`.`started_at` < (
                            `t16`.`unit_launch_at` + INTERVAL '24' HOUR
                          )
                      ) AS `t20`
                      INNER JOIN (
                        SELECT
                          `t3`.`title`,
                          `t3`.`season`,
                          `t3`.`episode`,
                          `t3`.`runtime_s`
                        FROM `episodes` AS `t3`
                      ) AS `t9`
                        ON `t20`.`title` = `t9`.`title`
                        AND `t20`.`season` = `t9`.`season`
                        AND `t20`.`episode` = `t9`.`episode`
                    ) AS `t21`
                  ) AS `t22`
                  WHERE
                    `t22`.`through` >= `t22`.`threshold`
                    AND (
                      `t22`.`before` IS NULL
                      OR ISNAN(`t22`.`before`)
                      OR (
                        `t22`.`before` < `t22`.`threshold`
                      )
                    )
                ) AS `t23`
              ) AS `t24`
              WHERE
                `t24`.`completed_us` < 86400000000
            ) AS `t25`
            GROUP BY
              1,
              2,
              3,
              4,
              5
          ) AS `t27`
          INNER JOIN (
            SELECT
              `t1`.`title`,
              `t1`.`season`,
              `t1`.`episodes`
            FROM `seasons` AS `t1`
          ) AS `t8`
            ON `t27`.`title` = `t8`.`title` AND `t27`.`season` = `t8`.`season`
        ) AS `t28`
        WHERE
          `t28`.`episodes_done` = `t28`.`episodes`
      ) AS `t29`
      GROUP BY
        1,
        2,
        3
    ) AS `t31`
      ON `t19`.`title` = `t31`.`title`
      AND `t19`.`season` = `t31`.`season`
      AND `t19`.`market` = `t31`.`market`
  ) AS `t32`
) AS `t33`
ORDER BY
  `t33`.`market` ASC NULLS LAST,
  `t33`.`rank` ASC NULLS LAST,
  `t33`.`title` ASC NULLS LAST,
  `t33`.`season` ASC NULLS LAST
