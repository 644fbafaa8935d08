-- Frozen: the SQL migration reports/0001_report_tables ran to reverse itself, as reports/rollups.py
-- generated it at commit 16c2ee6. Only that migration reads this file; never edit it.
-- A change to the report SQL ships as a new migration with its own file.
DROP TRIGGER IF EXISTS reports_claim_added_or_deleted ON claims_claim;

DROP TRIGGER IF EXISTS reports_claim_updated ON claims_claim;

DROP TRIGGER IF EXISTS reports_verdict_added_or_deleted ON claims_verdict;

DROP TRIGGER IF EXISTS reports_verdict_updated ON claims_verdict;

DROP TRIGGER IF EXISTS reports_review_added_or_deleted ON claims_review;

DROP TRIGGER IF EXISTS reports_review_updated ON claims_review;

DROP TRIGGER IF EXISTS reports_assignment_added_or_deleted ON claims_assignment;

DROP TRIGGER IF EXISTS reports_assignment_updated ON claims_assignment;

DROP TRIGGER IF EXISTS reports_article_updated ON claims_article;

DROP TRIGGER IF EXISTS reports_claimfact_rollup ON reports_claimfact;

DROP TRIGGER IF EXISTS reports_reviewfact_rollup ON reports_reviewfact;

DROP FUNCTION IF EXISTS reports_claim_changed();

DROP FUNCTION IF EXISTS reports_verdict_changed();

DROP FUNCTION IF EXISTS reports_review_changed();

DROP FUNCTION IF EXISTS reports_assignment_changed();

DROP FUNCTION IF EXISTS reports_article_changed();

DROP FUNCTION IF EXISTS reports_refresh_claim(bigint);

DROP FUNCTION IF EXISTS reports_claimfact_changed();

DROP FUNCTION IF EXISTS reports_bump_claimfact(reports_claimfact, int);

DROP VIEW IF EXISTS reports_claimfact_source;

DROP FUNCTION IF EXISTS reports_reviewfact_changed();

DROP FUNCTION IF EXISTS reports_bump_reviewfact(reports_reviewfact, int);

DROP VIEW IF EXISTS reports_reviewfact_source;

DROP INDEX IF EXISTS reports_claimcount_key;

DROP INDEX IF EXISTS reports_claimantcount_key;

DROP INDEX IF EXISTS reports_verdicthours_key;

DROP INDEX IF EXISTS reports_alphaunits_key;

DROP INDEX IF EXISTS reports_articlecount_key;

DROP INDEX IF EXISTS reports_articledaycount_key;

DROP INDEX IF EXISTS reports_reviewtimes_key;

DROP INDEX IF EXISTS reports_reviewhours_key;

DROP INDEX IF EXISTS articlecount_least_reliable;

DROP FUNCTION IF EXISTS reports_period(text, date);
