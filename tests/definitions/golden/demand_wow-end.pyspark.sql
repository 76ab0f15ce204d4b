WITH `t14` AS (
  SELECT
    *
  FROM (
    SELECT
      `t3`.`date`,
      `t3`.`market`,
      `t3`.`title`,
      `t3`.`value` * `t4`.`weight` AS `points`
    FROM `signals` AS `t3`
    INNER JOIN `signal_weights` AS `t4`
      ON `t3`.`signal` = `t4`.`signal`
  ) AS `t10`
  WHERE
    `t10`.`date` >= MAKE_DATE(2017, 8, 13) AND `t10`.`date` <= MAKE_DATE(2017, 8, 26)
)
SELECT
  *
FROM (
  SELECT
    `t27`.`title`,
    `t27`.`market`,
    (
      COALESCE(`t27`.`week`, 0.0) / NULLIF(COALESCE(`t27`.`before`, 0.0), 0)
    ) - 1 AS `value`,
    (
      (
        COALESCE(`t27`.`week`, 0.0) * 100.0
      ) / NULLIF(`t12`.`population`, 0)
    ) / 7 AS `demand`,
    (
      (
        COALESCE(`t27`.`before`, 0.0) * 100.0
      ) / NULLIF(`t12`.`population`, 0)
    ) / 7 AS `previous`
  FROM (
    SELECT
      `t25`.`title`,
      `t25`.`market`,
      SUM(IF(`t25`.`back` < 7, `t25`.`points`, NULL)) AS `week`,
      SUM(IF(`t25`.`back` >= 7, `t25`.`points`, NULL)) AS `before`
    FROM (
      SELECT
        `t24`.`title`,
        `t24`.`market`,
        `t24`.`date`,
        `t24`.`points`,
        `t23`.`back`
      FROM (
        SELECT
          *
        FROM (
          SELECT
            *
          FROM (
            SELECT
              `t15`.`title`,
              `t15`.`market`,
              `t15`.`date`,
              SUM(`t15`.`points`) AS `points`
            FROM `t14` AS `t15`
            GROUP BY
              1,
              2,
              3
          ) AS `t17`
        ) AS `t19`
        UNION ALL
        SELECT
          *
        FROM (
          SELECT
            `t18`.`title`,
            'ALL' AS `market`,
            `t18`.`date`,
            `t18`.`points`
          FROM (
            SELECT
              `t15`.`title`,
              `t15`.`date`,
              SUM(`t15`.`points`) AS `points`
            FROM `t14` AS `t15`
            GROUP BY
              1,
              2
          ) AS `t18`
        ) AS `t20`
      ) AS `t24`
      INNER JOIN (
        SELECT
          *
        FROM (
          SELECT
            `t13`.`date`,
            ROW_NUMBER() OVER (ORDER BY `t13`.`date` DESC) - 1 AS `back`
          FROM (
            SELECT
              EXPLODE(SEQUENCE(`t8`.`first`, `t8`.`last`, INTERVAL '24' HOUR)) AS `date`
            FROM (
              SELECT
                MAKE_DATE(2017, 8, 13) AS `first`,
                MAKE_DATE(2017, 8, 26) AS `last`
              FROM (
                SELECT
                  COUNT(*) AS `first`,
                  COUNT(*) AS `last`
                FROM `markets` AS `t0`
              ) AS `t5`
              WHERE
                MAKE_DATE(2017, 8, 13) <= MAKE_DATE(2017, 8, 26)
            ) AS `t8`
          ) AS `t13`
        ) AS `t16`
        WHERE
          `t16`.`back` < 14
      ) AS `t23`
        ON `t24`.`date` = `t23`.`date`
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
        CAST(`t0`.`market` AS STRING) AS `market`,
        `t0`.`population`
      FROM `markets` AS `t0`
    ) AS `t7`
    UNION ALL
    SELECT
      *
    FROM (
      SELECT
        'ALL' AS `market`,
        `t6`.`population`
      FROM (
        SELECT
          SUM(`t0`.`population`) AS `population`
        FROM `markets` AS `t0`
      ) AS `t6`
    ) AS `t9`
  ) AS `t12`
    ON `t27`.`market` = `t12`.`market`
) AS `t28`
ORDER BY
  `t28`.`title` ASC NULLS LAST,
  `t28`.`market` ASC NULLS LAST
