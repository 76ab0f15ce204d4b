SELECT
  `t25`.`title`,
  `t25`.`season`,
  (
    (
      `t25`.`reach` / NULLIF(`t25`.`active`, 0)
    ) * 100
  ) / NULLIF(`t25`.`reference_reach` / NULLIF(`t25`.`reference_active`, 0), 0) AS `value`,
  `t25`.`reach`,
  `t25`.`reference_reach`,
  `t25`.`active`,
  `t25`.`reference_active`
FROM (
  SELECT
    `t24`.`title`,
    `t24`.`season`,
    `t24`.`reach`,
    `t24`.`active`,
    MAX(
      IF((
        `t24`.`title` = 'daredevil'
      ) AND (
        `t24`.`season` = 2
      ), `t24`.`reach`, NULL)
    ) OVER (ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) AS `reference_reach`,
    MAX(
      IF((
        `t24`.`title` = 'daredevil'
      ) AND (
        `t24`.`season` = 2
      ), `t24`.`active`, NULL)
    ) OVER (ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) AS `reference_active`
  FROM (
    SELECT
      `t23`.`title`,
      `t23`.`season`,
      `t23`.`reach`,
      COALESCE(`t16`.`active`, 0.0) AS `active`
    FROM (
      SELECT
        `t21`.`title`,
        `t21`.`season`,
        `t21`.`value` AS `reach`
      FROM (
        SELECT
          `t9`.`title`,
          `t9`.`season`,
          COALESCE(`t20`.`value`, 0.0) AS `value`,
          COALESCE(`t20`.`units`, 0) AS `units`
        FROM (
          SELECT
            `t0`.`title`,
            `t0`.`season`
          FROM `seasons` AS `t0`
          WHERE
            `t0`.`launch_at` IS NOT NULL
        ) AS `t9`
        LEFT OUTER JOIN (
          SELECT
            `t18`.`title`,
            `t18`.`season`,
            SUM(`t18`.`weight`) AS `value`,
            COUNT(*) AS `units`
          FROM (
            SELECT DISTINCT
              `t17`.`title`,
              `t17`.`season`,
              `t17`.`unit_id`,
              `t17`.`weight`
            FROM (
              SELECT
                `t14`.`title`,
                `t14`.`season`,
                `t14`.`unit_id`,
                `t14`.`weight`,
                IF(`t14`.`seconds_watched` >= 120.0, 0, `t14`.`episode`) AS `episode_part`,
                SUM(`t14`.`seconds_watched`) AS `seconds`
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
                    `t8`.`launch_at`
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
                  ) AS `t8`
                    ON `t10`.`title` = `t8`.`title`
                    AND `t10`.`season` = `t8`.`season`
                    AND `t10`.`market` = `t8`.`market`
                ) AS `t11`
                WHERE
                  `t11`.`started_at` >= `t11`.`launch_at`
                  AND `t11`.`started_at` < (
                    `t11`.`launch_at` + INTERVAL '720' HOUR
                  )
              ) AS `t14`
              GROUP BY
                1,
                2,
                3,
                4,
                5
            ) AS `t17`
            WHERE
              `t17`.`seconds` >= 120.0
          ) AS `t18`
          GROUP BY
            1,
            2
        ) AS `t20`
          ON `t9`.`title` = `t20`.`title` AND `t9`.`season` = `t20`.`season`
      ) AS `t21`
    ) AS `t23`
    LEFT OUTER JOIN (
      SELECT
        `t13`.`window_title` AS `title`,
        `t13`.`window_season` AS `season`,
        SUM(`t13`.`weight`) AS `active`
      FROM (
        SELECT DISTINCT
          *
        FROM (
          SELECT
            `t7`.`window_title`,
            `t7`.`window_season`,
            `t10`.`unit_id`,
            `t10`.`weight`
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
              `t2`.`title` AS `window_title`,
              `t2`.`season` AS `window_season`,
              `t2`.`market` AS `window_market`,
              `t2`.`launch_at`
            FROM `launches` AS `t2`
          ) AS `t7`
            ON `t10`.`market` = `t7`.`window_market`
            AND `t10`.`started_at` >= `t7`.`launch_at`
            AND `t10`.`started_at` < (
              `t7`.`launch_at` + INTERVAL '720' HOUR
            )
        ) AS `t12`
      ) AS `t13`
      GROUP BY
        1,
        2
    ) AS `t16`
      ON `t23`.`title` = `t16`.`title` AND `t23`.`season` = `t16`.`season`
  ) AS `t24`
) AS `t25`
ORDER BY
  `t25`.`title` ASC NULLS LAST,
  `t25`.`season` ASC NULLS LAST
