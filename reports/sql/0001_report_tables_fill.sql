-- Frozen: the first fill migration reports/0001_report_tables ran, as reports/rollups.py
-- generated it at commit 16c2ee6. Only that migration reads this file; never edit it.
-- A change to the report SQL ships as a new migration with its own file.
SET LOCAL work_mem = '256MB';

SET LOCAL maintenance_work_mem = '1GB';

LOCK TABLE reports_claimfact, reports_reviewfact, reports_claimcount, reports_claimantcount, reports_verdicthours, reports_alphaunits, reports_articlecount, reports_articledaycount, reports_reviewtimes, reports_reviewhours IN ACCESS EXCLUSIVE MODE;

TRUNCATE reports_claimfact, reports_reviewfact, reports_claimcount, reports_claimantcount, reports_verdicthours, reports_alphaunits, reports_articlecount, reports_articledaycount, reports_reviewtimes, reports_reviewhours;

ALTER TABLE reports_claimfact DISABLE TRIGGER reports_claimfact_rollup;

INSERT INTO reports_claimfact (claim_id, created_at, day, outlet, article_id, title, claimant, kind, status, rating, verdict_hours, v1, v2, v3, v4, v5, spread) SELECT claim_id, created_at, day, outlet, article_id, title, claimant, kind, status, rating, verdict_hours, v1, v2, v3, v4, v5, spread FROM reports_claimfact_source;

ALTER TABLE reports_claimfact ENABLE TRIGGER reports_claimfact_rollup;

ALTER TABLE reports_reviewfact DISABLE TRIGGER reports_reviewfact_rollup;

INSERT INTO reports_reviewfact (review_id, claim_id, day, outlet, reviewer_id, hours, with_verdict, agreed) SELECT review_id, claim_id, day, outlet, reviewer_id, hours, with_verdict, agreed FROM reports_reviewfact_source;

ALTER TABLE reports_reviewfact ENABLE TRIGGER reports_reviewfact_rollup;

INSERT INTO reports_claimcount (grain, outlet, period, kind, status, claims, r0, r1, r2, r3, r4, r5) SELECT 'd', f.outlet, f.day, f.kind, f.status, sum(1), sum((f.rating IS NOT DISTINCT FROM 0)::int), sum((f.rating IS NOT DISTINCT FROM 1)::int), sum((f.rating IS NOT DISTINCT FROM 2)::int), sum((f.rating IS NOT DISTINCT FROM 3)::int), sum((f.rating IS NOT DISTINCT FROM 4)::int), sum((f.rating IS NOT DISTINCT FROM 5)::int) FROM reports_claimfact f WHERE true GROUP BY f.day, f.outlet, f.kind, f.status ORDER BY 1, 2, 3;

INSERT INTO reports_claimcount (grain, outlet, period, kind, status, claims, r0, r1, r2, r3, r4, r5) SELECT 'd', -1, period, kind, status, sum(claims), sum(r0), sum(r1), sum(r2), sum(r3), sum(r4), sum(r5) FROM reports_claimcount WHERE grain = 'd' GROUP BY period, kind, status ORDER BY 1, 2, 3;

INSERT INTO reports_claimcount (grain, outlet, period, kind, status, claims, r0, r1, r2, r3, r4, r5) SELECT 'm', outlet, reports_period('m', period), kind, status, sum(claims), sum(r0), sum(r1), sum(r2), sum(r3), sum(r4), sum(r5) FROM reports_claimcount WHERE grain = 'd' GROUP BY outlet, 3, kind, status ORDER BY 1, 2, 3;

INSERT INTO reports_claimcount (grain, outlet, period, kind, status, claims, r0, r1, r2, r3, r4, r5) SELECT 'q', outlet, reports_period('q', period), kind, status, sum(claims), sum(r0), sum(r1), sum(r2), sum(r3), sum(r4), sum(r5) FROM reports_claimcount WHERE grain = 'm' GROUP BY outlet, 3, kind, status ORDER BY 1, 2, 3;

INSERT INTO reports_claimcount (grain, outlet, period, kind, status, claims, r0, r1, r2, r3, r4, r5) SELECT 'y', outlet, reports_period('y', period), kind, status, sum(claims), sum(r0), sum(r1), sum(r2), sum(r3), sum(r4), sum(r5) FROM reports_claimcount WHERE grain = 'q' GROUP BY outlet, 3, kind, status ORDER BY 1, 2, 3;

INSERT INTO reports_claimantcount (grain, outlet, period, claimant, claims, r0, r1, r2, r3, r4, r5) SELECT 'd', f.outlet, f.day, f.claimant, sum(1), sum((f.rating IS NOT DISTINCT FROM 0)::int), sum((f.rating IS NOT DISTINCT FROM 1)::int), sum((f.rating IS NOT DISTINCT FROM 2)::int), sum((f.rating IS NOT DISTINCT FROM 3)::int), sum((f.rating IS NOT DISTINCT FROM 4)::int), sum((f.rating IS NOT DISTINCT FROM 5)::int) FROM reports_claimfact f WHERE true GROUP BY f.day, f.outlet, f.claimant ORDER BY 1, 2, 3;

INSERT INTO reports_claimantcount (grain, outlet, period, claimant, claims, r0, r1, r2, r3, r4, r5) SELECT 'd', -1, period, claimant, sum(claims), sum(r0), sum(r1), sum(r2), sum(r3), sum(r4), sum(r5) FROM reports_claimantcount WHERE grain = 'd' GROUP BY period, claimant ORDER BY 1, 2, 3;

INSERT INTO reports_claimantcount (grain, outlet, period, claimant, claims, r0, r1, r2, r3, r4, r5) SELECT 'm', outlet, reports_period('m', period), claimant, sum(claims), sum(r0), sum(r1), sum(r2), sum(r3), sum(r4), sum(r5) FROM reports_claimantcount WHERE grain = 'd' GROUP BY outlet, 3, claimant ORDER BY 1, 2, 3;

INSERT INTO reports_claimantcount (grain, outlet, period, claimant, claims, r0, r1, r2, r3, r4, r5) SELECT 'q', outlet, reports_period('q', period), claimant, sum(claims), sum(r0), sum(r1), sum(r2), sum(r3), sum(r4), sum(r5) FROM reports_claimantcount WHERE grain = 'm' GROUP BY outlet, 3, claimant ORDER BY 1, 2, 3;

INSERT INTO reports_claimantcount (grain, outlet, period, claimant, claims, r0, r1, r2, r3, r4, r5) SELECT 'y', outlet, reports_period('y', period), claimant, sum(claims), sum(r0), sum(r1), sum(r2), sum(r3), sum(r4), sum(r5) FROM reports_claimantcount WHERE grain = 'q' GROUP BY outlet, 3, claimant ORDER BY 1, 2, 3;

INSERT INTO reports_verdicthours (grain, outlet, period, hours, claims) SELECT 'd', f.outlet, f.day, f.verdict_hours, sum(1) FROM reports_claimfact f WHERE f.verdict_hours IS NOT NULL GROUP BY f.day, f.outlet, f.verdict_hours ORDER BY 1, 2, 3;

INSERT INTO reports_verdicthours (grain, outlet, period, hours, claims) SELECT 'd', -1, period, hours, sum(claims) FROM reports_verdicthours WHERE grain = 'd' GROUP BY period, hours ORDER BY 1, 2, 3;

INSERT INTO reports_verdicthours (grain, outlet, period, hours, claims) SELECT 'm', outlet, reports_period('m', period), hours, sum(claims) FROM reports_verdicthours WHERE grain = 'd' GROUP BY outlet, 3, hours ORDER BY 1, 2, 3;

INSERT INTO reports_verdicthours (grain, outlet, period, hours, claims) SELECT 'q', outlet, reports_period('q', period), hours, sum(claims) FROM reports_verdicthours WHERE grain = 'm' GROUP BY outlet, 3, hours ORDER BY 1, 2, 3;

INSERT INTO reports_verdicthours (grain, outlet, period, hours, claims) SELECT 'y', outlet, reports_period('y', period), hours, sum(claims) FROM reports_verdicthours WHERE grain = 'q' GROUP BY outlet, 3, hours ORDER BY 1, 2, 3;

INSERT INTO reports_alphaunits (grain, outlet, period, kind, v1, v2, v3, v4, v5, claims) SELECT 'd', f.outlet, f.day, f.kind, f.v1, f.v2, f.v3, f.v4, f.v5, sum(1) FROM reports_claimfact f WHERE f.v1 + f.v2 + f.v3 + f.v4 + f.v5 >= 2 GROUP BY f.day, f.outlet, f.kind, f.v1, f.v2, f.v3, f.v4, f.v5 ORDER BY 1, 2, 3;

INSERT INTO reports_alphaunits (grain, outlet, period, kind, v1, v2, v3, v4, v5, claims) SELECT 'd', -1, period, kind, v1, v2, v3, v4, v5, sum(claims) FROM reports_alphaunits WHERE grain = 'd' GROUP BY period, kind, v1, v2, v3, v4, v5 ORDER BY 1, 2, 3;

INSERT INTO reports_alphaunits (grain, outlet, period, kind, v1, v2, v3, v4, v5, claims) SELECT 'm', outlet, reports_period('m', period), kind, v1, v2, v3, v4, v5, sum(claims) FROM reports_alphaunits WHERE grain = 'd' GROUP BY outlet, 3, kind, v1, v2, v3, v4, v5 ORDER BY 1, 2, 3;

INSERT INTO reports_alphaunits (grain, outlet, period, kind, v1, v2, v3, v4, v5, claims) SELECT 'q', outlet, reports_period('q', period), kind, v1, v2, v3, v4, v5, sum(claims) FROM reports_alphaunits WHERE grain = 'm' GROUP BY outlet, 3, kind, v1, v2, v3, v4, v5 ORDER BY 1, 2, 3;

INSERT INTO reports_alphaunits (grain, outlet, period, kind, v1, v2, v3, v4, v5, claims) SELECT 'y', outlet, reports_period('y', period), kind, v1, v2, v3, v4, v5, sum(claims) FROM reports_alphaunits WHERE grain = 'q' GROUP BY outlet, 3, kind, v1, v2, v3, v4, v5 ORDER BY 1, 2, 3;

INSERT INTO reports_articlecount (article_id, outlet, title, claims, r0, r1, r2, r3, r4, r5) SELECT f.article_id, f.outlet, f.title, sum(1), sum((f.rating IS NOT DISTINCT FROM 0)::int), sum((f.rating IS NOT DISTINCT FROM 1)::int), sum((f.rating IS NOT DISTINCT FROM 2)::int), sum((f.rating IS NOT DISTINCT FROM 3)::int), sum((f.rating IS NOT DISTINCT FROM 4)::int), sum((f.rating IS NOT DISTINCT FROM 5)::int) FROM reports_claimfact f WHERE true GROUP BY f.article_id, f.outlet, f.title ORDER BY 1;

INSERT INTO reports_articledaycount (article_id, day, outlet, title, claims, r0, r1, r2, r3, r4, r5) SELECT f.article_id, f.day, f.outlet, f.title, sum(1), sum((f.rating IS NOT DISTINCT FROM 0)::int), sum((f.rating IS NOT DISTINCT FROM 1)::int), sum((f.rating IS NOT DISTINCT FROM 2)::int), sum((f.rating IS NOT DISTINCT FROM 3)::int), sum((f.rating IS NOT DISTINCT FROM 4)::int), sum((f.rating IS NOT DISTINCT FROM 5)::int) FROM reports_claimfact f WHERE true GROUP BY f.article_id, f.day, f.outlet, f.title ORDER BY 2;

INSERT INTO reports_reviewtimes (grain, outlet, period, hours, reviews) SELECT 'd', f.outlet, f.day, f.hours, sum(1) FROM reports_reviewfact f WHERE f.hours IS NOT NULL GROUP BY f.day, f.outlet, f.hours ORDER BY 1, 2, 3;

INSERT INTO reports_reviewtimes (grain, outlet, period, hours, reviews) SELECT 'd', -1, period, hours, sum(reviews) FROM reports_reviewtimes WHERE grain = 'd' GROUP BY period, hours ORDER BY 1, 2, 3;

INSERT INTO reports_reviewtimes (grain, outlet, period, hours, reviews) SELECT 'm', outlet, reports_period('m', period), hours, sum(reviews) FROM reports_reviewtimes WHERE grain = 'd' GROUP BY outlet, 3, hours ORDER BY 1, 2, 3;

INSERT INTO reports_reviewtimes (grain, outlet, period, hours, reviews) SELECT 'q', outlet, reports_period('q', period), hours, sum(reviews) FROM reports_reviewtimes WHERE grain = 'm' GROUP BY outlet, 3, hours ORDER BY 1, 2, 3;

INSERT INTO reports_reviewtimes (grain, outlet, period, hours, reviews) SELECT 'y', outlet, reports_period('y', period), hours, sum(reviews) FROM reports_reviewtimes WHERE grain = 'q' GROUP BY outlet, 3, hours ORDER BY 1, 2, 3;

INSERT INTO reports_reviewhours (grain, outlet, period, reviewer_id, hours, reviews, with_verdict, agreed) SELECT 'd', f.outlet, f.day, f.reviewer_id, f.hours, sum(1), sum(f.with_verdict::int), sum(f.agreed::int) FROM reports_reviewfact f WHERE true GROUP BY f.day, f.outlet, f.reviewer_id, f.hours ORDER BY 1, 2, 3;

INSERT INTO reports_reviewhours (grain, outlet, period, reviewer_id, hours, reviews, with_verdict, agreed) SELECT 'd', -1, period, reviewer_id, hours, sum(reviews), sum(with_verdict), sum(agreed) FROM reports_reviewhours WHERE grain = 'd' GROUP BY period, reviewer_id, hours ORDER BY 1, 2, 3;

INSERT INTO reports_reviewhours (grain, outlet, period, reviewer_id, hours, reviews, with_verdict, agreed) SELECT 'm', outlet, reports_period('m', period), reviewer_id, hours, sum(reviews), sum(with_verdict), sum(agreed) FROM reports_reviewhours WHERE grain = 'd' GROUP BY outlet, 3, reviewer_id, hours ORDER BY 1, 2, 3;

INSERT INTO reports_reviewhours (grain, outlet, period, reviewer_id, hours, reviews, with_verdict, agreed) SELECT 'q', outlet, reports_period('q', period), reviewer_id, hours, sum(reviews), sum(with_verdict), sum(agreed) FROM reports_reviewhours WHERE grain = 'm' GROUP BY outlet, 3, reviewer_id, hours ORDER BY 1, 2, 3;

INSERT INTO reports_reviewhours (grain, outlet, period, reviewer_id, hours, reviews, with_verdict, agreed) SELECT 'y', outlet, reports_period('y', period), reviewer_id, hours, sum(reviews), sum(with_verdict), sum(agreed) FROM reports_reviewhours WHERE grain = 'q' GROUP BY outlet, 3, reviewer_id, hours ORDER BY 1, 2, 3;

ANALYZE reports_claimfact;

ANALYZE reports_reviewfact;

ANALYZE reports_claimcount;

ANALYZE reports_claimantcount;

ANALYZE reports_verdicthours;

ANALYZE reports_alphaunits;

ANALYZE reports_articlecount;

ANALYZE reports_articledaycount;

ANALYZE reports_reviewtimes;

ANALYZE reports_reviewhours;
