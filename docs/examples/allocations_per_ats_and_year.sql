-- Funds allocated to each ATS per year ("annualità"), in euro, from the export in exports/.
-- amount_eur is DECIMAL(18,2) in Parquet, so the sums are exact.
SELECT ats_id, year, sum(amount_eur) AS amount_eur, count(*) AS allocations
FROM 'exports/allocations.parquet'
GROUP BY ats_id, year
ORDER BY ats_id, year;
