-- Projects per service typology (A-F). service_types is a list (a project may span several
-- typologies), so unnest gives one row per (project, typology). The pages seldom state a
-- project's own typologies; when a project states none, its plan's typologies (stated for the
-- plan as a whole) stand in, and stated_by says which of the two the row rests on.
WITH typed AS (
    SELECT
        p.project_id,
        CASE WHEN len(p.service_types) > 0 THEN p.service_types ELSE pl.service_types END
            AS service_types,
        CASE WHEN len(p.service_types) > 0 THEN 'project' ELSE 'plan' END AS stated_by
    FROM 'exports/projects.parquet' AS p
    LEFT JOIN 'exports/plans.parquet' AS pl ON pl.plan_id = p.plan_id
)
SELECT typology, stated_by, count(DISTINCT project_id) AS projects
FROM (SELECT project_id, stated_by, unnest(service_types) AS typology FROM typed)
GROUP BY typology, stated_by
ORDER BY typology, stated_by;
