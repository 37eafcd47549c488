-- Money per ATS and year ("annualità"), in euro, by source, from the export in exports/.
-- One allocation may be stated by several sources (the Region's release, the ATS's own page):
-- each keeps its own rows, so group by source and never add two sources' figures together.
-- amount_eur is DECIMAL(18,2) in Parquet, so the sums are exact; rounding_unit_eur says what
-- the source rounded its figures to (null: exact as printed).
SELECT ats_id, year, source_id, sum(amount_eur) AS amount_eur,
       max(rounding_unit_eur) AS rounding_unit_eur, count(*) AS allocations
FROM 'exports/allocations.parquet'
WHERE basis = 'published'
GROUP BY ats_id, year, source_id
ORDER BY ats_id, year, source_id;
