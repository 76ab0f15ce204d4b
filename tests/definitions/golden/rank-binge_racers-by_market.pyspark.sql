WITH `t14` AS (
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
), `t19` AS (
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
    `t18`.`unit_market`,
    `t18`.`unit_launch_at`
  FROM `t14` AS `t16`
  INNER JOIN (
    SELECT
      `t15`.`title`,
      `t15`.`season`,
      `t15`.`unit_id`,
      MIN_BY(
        `t15`.`market`,
        STRUCT(`t15`.`started_at` AS `started_at`, `t15`.`market` AS `market`)
      ) AS `unit_market`,
      MIN_BY(
        `t15`.`launch_at`,
        STRUCT(`t15`.`started_at` AS `started_at`, `t15`.`market` AS `market`)
      ) AS `unit_launch_at`
    FROM `t14` AS `t15`
    GROUP BY
      1,
      2,
      3
  ) AS `t18`
    ON `t16`.`title` = `t18`.`title`
    AND `t16`.`season` = `t18`.`season`
    AND `t16`.`unit_id` = `t18`.`unit_id`
)
SELECT
  *
FROM (
  SELECT
    `t36`.`title`,
    `t36`.`season`,
    `t36`.`market`,
    `t36`.`value`,
    IF(
      `t36`.`value` IS NULL OR ISNAN(`t36`.`value`),
      CAST(NULL AS BIGINT),
      (
        RANK() OVER (PARTITION BY `t36`.`market` ORDER BY `t36`.`value` DESC) - 1
      ) + 1
    ) AS `rank`
  FROM (
    SELECT
      `t23`.`title`,
      `t23`.`season`,
      `t23`.`market`,
      COALESCE(`t35`.`value`, 0.0) AS `value`,
      COALESCE(`t35`.`units`, 0) AS `units`
    FROM (
      SELECT DISTINCT
        `t20`.`title`,
        `t20`.`season`,
        `t20`.`unit_market` AS `market`
      FROM `t19` AS `t20`
      WHERE
        `t20`.`started_at` >= `t20`.`unit_launch_at`
        AND `t20`.`started_at` < (
          `t20`.`unit_launch_at` + INTERVAL '24' HOUR
        )
    ) AS `t23`
    LEFT OUTER JOIN (
      SELECT
        `t33`.`title`,
        `t33`.`season`,
        `t33`.`market`,
        SUM(`t33`.`weight`) AS `value`,
        COUNT(*) AS `units`
      FROM (
        SELECT
          `t32`.`title`,
          `t32`.`season`,
          `t32`.`market`,
          `t32`.`unit_id`,
          `t32`.`weight`,
          `t32`.`last_us`
        FROM (
          SELECT
            `t31`.`title`,
            `t31`.`season`,
            `t31`.`market`,
            `t31`.`unit_id`,
            `t31`.`weight`,
            `t31`.`episodes_done`,
            `t31`.`last_us`,
            `t7`.`episodes`
          FROM (
            SELECT
              `t29`.`title`,
              `t29`.`season`,
              `t29`.`market`,
              `t29`.`unit_id`,
              `t29`.`weight`,
              COUNT(*) AS `episodes_done`,
              MAX(`t29`.`completed_us`) AS `last_us`
            FROM (
              SELECT
                *
              FROM (
                SELECT
                  `t27`.`title`,
                  `t27`.`season`,
                  `t27`.`market`,
                  `t27`.`unit_id`,
                  `t27`.`weight`,
                  `t27`.`episode`,
                  `t27`.`runtime_s`,
                  (
                    UNIX_MICROS(`t27`.`started_at`) - UNIX_MICROS(`t27`.`launch_at`)
                  ) + (
                    `t27`.`seconds_watched` * 1000000
                  ) AS `completed_us`
                FROM (
                  SELECT
                    *
                  FROM (
                    SELECT
                      `t25`.`title`,
                      `t25`.`season`,
                      `t25`.`episode`,
                      `t25`.`unit_id`,
                      `t25`.`weight`,
                      `t25`.`started_at`,
                      `t25`.`seconds_watched`,
                      `t25`.`launch_at`,
                      `t25`.`row_id`,
                      `t25`.`market`,
                      `t25`.`runtime_s`,
                      `t25`.`runtime_s` * 0.9 AS `threshold`,
                      SUM(`t25`.`seconds_watched`) OVER (
                        PARTITION BY `t25`.`title`, `t25`.`season`, `t25`.`unit_id`, `t25`.`episode`
                        ORDER BY `t25`.`started_at` ASC NULLS LAST, `t25`.`seconds_watched` ASC NULLS LAST
                        ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
                      ) AS `through`
                    FROM (
                      SELECT
                        `t24`.`title`,
                        `t24`.`season`,
                        `t24`.`episode`,
                        `t24`.`unit_id`,
                        `t24`.`weight`,
                        `t24`.`started_at`,
                        `t24`.`seconds_watched`,
                        `t24`.`launch_at`,
                        `t24`.`row_id`,
                        `t24`.`market`,
                        `t9`.`runtime_s`
                      FROM (
                        SELECT
                          `t20`.`title`,
                          `t20`.`season`,
                          `t20`.`episode`,
                          `t20`.`unit_id`,
                          `t20`.`weight`,
                          `t20`.`started_at`,
                          `t20`.`seconds_watched`,
                          `t20`.`unit_launch_at` AS `launch_at`,
                          `t20`.`row_id`,
                          `t20`.`unit_market` AS `market`
                        FROM `t19` AS `t20`
                        WHERE
                          `t20`.`started_at` >= `t20`.`unit_launch_at`
                          AND `t20`.`started_at` < (
                            `t20`.`unit_launch_at` + INTERVAL '24' HOUR
                          )
                      ) AS `t24`
                      INNER JOIN (
                        SELECT
                          `t3`.`title`,
                          `t3`.`season`,
                          `t3`.`episode`,
                          `t3`.`runtime_s`
                        FROM `episodes` AS `t3`
                      ) AS `t9`
                        ON `t24`.`title` = `t9`.`title`
                        AND `t24`.`season` = `t9`.`season`
                        AND `t24`.`episode` = `t9`.`episode`
                    ) AS `t25`
                  ) AS `t26`
                  WHERE
                    `t26`.`through` >= `t26`.`threshold`
                    AND (
                      `t26`.`through` - `t26`.`seconds_watched`
                    ) < `t26`.`threshold`
                ) AS `t27`
              ) AS `t28`
              WHERE
                `t28`.`completed_us` < 86400000000
            ) AS `t29`
            GROUP BY
              1,
              2,
              3,
              4,
              5
          ) AS `t31`
          INNER JOIN (
            SELECT
              `t0`.`title`,
              `t0`.`season`,
              `t0`.`episodes`
            FROM `seasons` AS `t0`
          ) AS `t7`
            ON `t31`.`title` = `t7`.`title` AND `t31`.`season` = `t7`.`season`
        ) AS `t32`
        WHERE
          `t32`.`episodes_done` = `t32`.`episodes`
      ) AS `t33`
      GROUP BY
        1,
        2,
        3
    ) AS `t35`
      ON `t23`.`title` = `t35`.`title`
      AND `t23`.`season` = `t35`.`season`
      AND `t23`.`market` = `t35`.`market`
  ) AS `t36`
) AS `t37`
ORDER BY
  `t37`.`market` ASC NULLS LAST,
  `t37`.`rank` ASC NULLS LAST,
  `t37`.`title` ASC NULLS LAST,
  `t37`.`season` ASC NULLS LAST
