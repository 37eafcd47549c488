-- Where the sources disagree: the same allocation (ATS, act, year) stated by two sources, side by
-- side. A figure rounded to a unit may be off by half of it, so two figures agree when they
-- differ by no more than the two half-units added (the rule allocation-sources-disagree reports
-- the same comparisons in findings.parquet, with both sources named in its message).
SELECT a.ats_id, a.act_id, a.year,
       a.source_id AS source_a, a.amount_eur AS amount_a,
       b.source_id AS source_b, b.amount_eur AS amount_b,
       b.amount_eur - a.amount_eur AS difference,
       (coalesce(a.rounding_unit_eur, 0) + coalesce(b.rounding_unit_eur, 0)) / 2 AS rounding_allows,
       abs(b.amount_eur - a.amount_eur)
           <= (coalesce(a.rounding_unit_eur, 0) + coalesce(b.rounding_unit_eur, 0)) / 2 AS agree
FROM 'exports/allocations.parquet' AS a
JOIN 'exports/allocations.parquet' AS b
  ON a.ats_id = b.ats_id AND a.act_id = b.act_id AND a.year = b.year AND a.source_id < b.source_id
WHERE a.basis = 'published' AND b.basis = 'published'
ORDER BY a.ats_id, a.act_id, a.year, source_a, source_b;
