SELECT
  *
FROM (
  SELECT
    `t14`.`title`,
    `t14`.`season`,
    `t9`.`episode`,
    COALESCE(`t24`.`value`, 0.0) AS `value`,
    COALESCE(`t24`.`units`, 0) AS `units`
  FROM (
    SELECT
      `t0`.`title`,
      `t0`.`season`
    FROM `seasons` AS `t0`
    WHERE
      `t0`.`launch_at` IS NOT NULL
  ) AS `t14`
  INNER JOIN (
    SELECT
      `t1`.`title`,
      `t1`.`season`,
      `t1`.`episode`
    FROM `episodes` AS `t1`
  ) AS `t9`
    ON `t14`.`title` = `t9`.`title` AND `t14`.`season` = `t9`.`season`
  LEFT OUTER JOIN (
    SELECT
      `t22`.`title`,
      `t22`.`season`,
      `t22`.`episode`,
      `t22`.`credited` / NULLIF(`t22`.`runtime_us`, 0) AS `value`,
      `t22`.`units`
    FROM (
      SELECT
        `t21`.`title`,
        `t21`.`season`,
        `t21`.`episode`,
        `t21`.`runtime_us`,
        (
          CAST(SUM(CAST(FLOOR(`t21`.`credited` / 4294967296) AS BIGINT)) AS DOUBLE) * 4294967296
        ) + CAST(SUM(
          CAST(FLOOR(`t21`.`credited`) AS BIGINT) - (
            CAST(FLOOR(`t21`.`credited` / 4294967296) AS BIGINT) * 4294967296
          )
        ) AS DOUBLE) + (
          (
            (
              CAST(SUM(
                CAST(FLOOR(
                  (
                    (
                      (
                        `t21`.`credited` - CAST(FLOOR(`t21`.`credited`) AS BIGINT)
                      ) * 1073741824
                    ) - CAST(FLOOR((
                      `t21`.`credited` - CAST(FLOOR(`t21`.`credited`) AS BIGINT)
                    ) * 1073741824) AS BIGINT)
                  ) * 1073741824
                ) AS BIGINT)
              ) AS DOUBLE) / 1073741824
            ) + CAST(SUM(
              CAST(FLOOR((
                `t21`.`credited` - CAST(FLOOR(`t21`.`credited`) AS BIGINT)
              ) * 1073741824) AS BIGINT)
            ) AS DOUBLE)
          ) / 1073741824
        ) AS `credited`,
        COUNT(*) AS `units`
      FROM (
        SELECT
          `t20`.`title`,
          `t20`.`season`,
          `t20`.`episode`,
          `t10`.`runtime_s` * 1000000 AS `runtime_us`,
          `t20`.`weight` * LEAST(`t10`.`runtime_s` * 1000000, `t20`.`us`) AS `credited`
        FROM (
          SELECT
            `t18`.`title`,
            `t18`.`season`,
            `t18`.`episode`,
            `t18`.`unit_id`,
            `t18`.`weight`,
            CAST(ROUND(SUM(`t18`.`seconds_watched`) * 1000000, 0) AS BIGINT) AS `us`
          FROM (
            SELECT
              `t17`.`title`,
              `t17`.`season`,
              `t17`.`episode`,
              `t17`.`unit_id`,
              `t17`.`weight`,
              `t17`.`started_at`,
              `t17`.`seconds_watched`,
              `t17`.`launch_at`,
              `t17`.`row_id`
            FROM (
              SELECT
                `t15`.`row_id`,
                `t15`.`title`,
                `t15`.`season`,
                `t15`.`episode`,
                `t15`.`unit_id`,
                `t15`.`started_at`,
                `t15`.`seconds_watched`,
                `t15`.`market`,
                `t16`.`weight`,
                `t13`.`launch_at`
              FROM (
                SELECT
                  `t2`.`row_id`,
                  `t2`.`title`,
                  `t2`.`season`,
                  `t2`.`episode`,
                  `t2`.`person_id` AS `unit_id`,
                  `t2`.`started_at`,
                  `t2`.`seconds_watched`,
                  `t2`.`market`
                FROM `viewing` AS `t2`
                WHERE
                  `t2`.`device` IN ('tv')
                  AND `t2`.`person_id` IS NOT NULL
                  AND `t2`.`person_id` <> ''
              ) AS `t15`
              INNER JOIN (
                SELECT
                  `t3`.`unit_id`,
                  `t3`.`weight`
                FROM `panels` AS `t3`
                WHERE
                  `t3`.`panel` = 'tv'
                  AND `t3`.`unit` = 'person'
                  AND `t3`.`age` >= 18
                  AND `t3`.`age` <= 49
              ) AS `t16`
                ON `t15`.`unit_id` = `t16`.`unit_id`
              INNER JOIN (
                SELECT
                  `t4`.`title`,
                  `t4`.`season`,
                  `t4`.`market`,
                  `t4`.`launch_at`
                FROM `launches` AS `t4`
              ) AS `t13`
                ON `t15`.`title` = `t13`.`title`
                AND `t15`.`season` = `t13`.`season`
                AND `t15`.`market` = `t13`.`market`
            ) AS `t17`
            WHERE
              `t17`.`started_at` >= `t17`.`launch_at`
              AND `t17`.`started_at` < (
                `t17`.`launch_at` + INTERVAL '168' HOUR
              )
          ) AS `t18`
          GROUP BY
            1,
            2,
            3,
            4,
            5
        ) AS `t20`
        INNER JOIN (
          SELECT
            `t1`.`title`,
            `t1`.`season`,
            `t1`.`episode`,
            `t1`.`runtime_s`
          FROM `episodes` AS `t1`
        ) AS `t10`
          ON `t20`.`title` = `t10`.`title`
          AND `t20`.`season` = `t10`.`season`
          AND `t20`.`episode` = `t10`.`episode`
      ) AS `t21`
      GROUP BY
        1,
        2,
        3,
        4
    ) AS `t22`
  ) AS `t24`
    ON `t14`.`title` = `t24`.`title`
    AND `t14`.`season` = `t24`.`season`
    AND `t9`.`episode` = `t24`.`episode`
) AS `t25`
ORDER BY
  `t25`.`title` ASC NULLS LAST,
  `t25`.`season` ASC NULLS LAST,
  `t25`.`episode` ASC NULLS LAST
