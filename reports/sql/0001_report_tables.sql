-- Frozen: the SQL migration reports/0001_report_tables ran, as reports/rollups.py
-- generated it at commit 16c2ee6. Only that migration reads this file; never edit it.
-- A change to the report SQL ships as a new migration with its own file.
--
-- :'time_zone' stands for settings.TIME_ZONE as a quoted literal (psql's syntax
-- for a quoted variable), substituted by the migration.

CREATE OR REPLACE FUNCTION reports_period(grain text, day date) RETURNS date
LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE grain WHEN 'd' THEN day
                      WHEN 'm' THEN date_trunc('month', day)::date
                      WHEN 'q' THEN date_trunc('quarter', day)::date
                      ELSE date_trunc('year', day)::date END
$$;


        CREATE OR REPLACE VIEW reports_claimfact_source AS
        SELECT c.id AS claim_id, c.created_at, (c.created_at AT TIME ZONE :'time_zone')::date AS day,
               coalesce(a.outlet_id, 0)::int AS outlet, c.article_id, a.title, c.claimant,
               c.kind, c.status, v.rating,
               floor(extract(epoch FROM v.settled_at - c.created_at) / 3600)::int
                   AS verdict_hours,
               r.v1::int, r.v2::int, r.v3::int, r.v4::int, r.v5::int, r.hi - r.lo AS spread
        FROM claims_claim c
        JOIN claims_article a ON a.id = c.article_id
        LEFT JOIN claims_verdict v ON v.claim_id = c.id
        CROSS JOIN LATERAL (
            SELECT count(*) FILTER (WHERE rating = 1) AS v1, count(*) FILTER (WHERE rating = 2) AS v2, count(*) FILTER (WHERE rating = 3) AS v3, count(*) FILTER (WHERE rating = 4) AS v4, count(*) FILTER (WHERE rating = 5) AS v5, max(rating) AS hi, min(rating) AS lo
            FROM claims_review WHERE claim_id = c.id AND rating > 0
        ) r;


        CREATE OR REPLACE VIEW reports_reviewfact_source AS
        SELECT r.id AS review_id, r.claim_id, (c.created_at AT TIME ZONE :'time_zone')::date AS day,
               coalesce(a.outlet_id, 0)::int AS outlet, r.reviewer_id,
               floor(extract(epoch FROM r.submitted_at - s.assigned_at) / 3600)::int AS hours,
               v.id IS NOT NULL AS with_verdict, coalesce(r.rating = v.rating, false) AS agreed
        FROM claims_review r
        JOIN claims_claim c ON c.id = r.claim_id
        JOIN claims_article a ON a.id = c.article_id
        LEFT JOIN claims_assignment s ON s.claim_id = r.claim_id AND s.reviewer_id = r.reviewer_id
        LEFT JOIN claims_verdict v ON v.claim_id = r.claim_id;

CREATE UNIQUE INDEX IF NOT EXISTS reports_claimcount_key ON reports_claimcount (grain, outlet, period, kind, status) NULLS NOT DISTINCT;

CREATE UNIQUE INDEX IF NOT EXISTS reports_claimantcount_key ON reports_claimantcount (grain, outlet, period, claimant) NULLS NOT DISTINCT;

CREATE UNIQUE INDEX IF NOT EXISTS reports_verdicthours_key ON reports_verdicthours (grain, outlet, period, hours) NULLS NOT DISTINCT;

CREATE UNIQUE INDEX IF NOT EXISTS reports_alphaunits_key ON reports_alphaunits (grain, outlet, period, kind, v1, v2, v3, v4, v5) NULLS NOT DISTINCT;

CREATE UNIQUE INDEX IF NOT EXISTS reports_articlecount_key ON reports_articlecount (article_id, outlet, title) NULLS NOT DISTINCT;

CREATE UNIQUE INDEX IF NOT EXISTS reports_articledaycount_key ON reports_articledaycount (article_id, day, outlet, title) NULLS NOT DISTINCT;

CREATE UNIQUE INDEX IF NOT EXISTS reports_reviewtimes_key ON reports_reviewtimes (grain, outlet, period, hours) NULLS NOT DISTINCT;

CREATE UNIQUE INDEX IF NOT EXISTS reports_reviewhours_key ON reports_reviewhours (grain, outlet, period, reviewer_id, hours) NULLS NOT DISTINCT;

CREATE INDEX IF NOT EXISTS articlecount_least_reliable ON reports_articlecount (false_share DESC NULLS LAST, claims DESC, article_id);


    CREATE OR REPLACE FUNCTION reports_bump_claimfact(f reports_claimfact, sign int) RETURNS void
    LANGUAGE plpgsql AS $$
    DECLARE g text; o int; row_id tid; left_over int;
    BEGIN
        FOREACH g IN ARRAY ARRAY['d', 'm', 'q', 'y'] LOOP FOREACH o IN ARRAY ARRAY[f.outlet, -1] LOOP
IF true THEN 
        INSERT INTO reports_claimcount AS t (grain, outlet, period, kind, status, claims, r0, r1, r2, r3, r4, r5) VALUES (g, o, reports_period(g, f.day), f.kind, f.status, (1) * sign, ((f.rating IS NOT DISTINCT FROM 0)::int) * sign, ((f.rating IS NOT DISTINCT FROM 1)::int) * sign, ((f.rating IS NOT DISTINCT FROM 2)::int) * sign, ((f.rating IS NOT DISTINCT FROM 3)::int) * sign, ((f.rating IS NOT DISTINCT FROM 4)::int) * sign, ((f.rating IS NOT DISTINCT FROM 5)::int) * sign)
        ON CONFLICT (grain, outlet, period, kind, status) DO UPDATE SET claims = t.claims + excluded.claims, r0 = t.r0 + excluded.r0, r1 = t.r1 + excluded.r1, r2 = t.r2 + excluded.r2, r3 = t.r3 + excluded.r3, r4 = t.r4 + excluded.r4, r5 = t.r5 + excluded.r5
        RETURNING t.ctid, t.claims INTO row_id, left_over;
        IF left_over = 0 THEN
            DELETE FROM reports_claimcount WHERE ctid = row_id;
        END IF; END IF;
IF true THEN 
        INSERT INTO reports_claimantcount AS t (grain, outlet, period, claimant, claims, r0, r1, r2, r3, r4, r5) VALUES (g, o, reports_period(g, f.day), f.claimant, (1) * sign, ((f.rating IS NOT DISTINCT FROM 0)::int) * sign, ((f.rating IS NOT DISTINCT FROM 1)::int) * sign, ((f.rating IS NOT DISTINCT FROM 2)::int) * sign, ((f.rating IS NOT DISTINCT FROM 3)::int) * sign, ((f.rating IS NOT DISTINCT FROM 4)::int) * sign, ((f.rating IS NOT DISTINCT FROM 5)::int) * sign)
        ON CONFLICT (grain, outlet, period, claimant) DO UPDATE SET claims = t.claims + excluded.claims, r0 = t.r0 + excluded.r0, r1 = t.r1 + excluded.r1, r2 = t.r2 + excluded.r2, r3 = t.r3 + excluded.r3, r4 = t.r4 + excluded.r4, r5 = t.r5 + excluded.r5
        RETURNING t.ctid, t.claims INTO row_id, left_over;
        IF left_over = 0 THEN
            DELETE FROM reports_claimantcount WHERE ctid = row_id;
        END IF; END IF;
IF f.verdict_hours IS NOT NULL THEN 
        INSERT INTO reports_verdicthours AS t (grain, outlet, period, hours, claims) VALUES (g, o, reports_period(g, f.day), f.verdict_hours, (1) * sign)
        ON CONFLICT (grain, outlet, period, hours) DO UPDATE SET claims = t.claims + excluded.claims
        RETURNING t.ctid, t.claims INTO row_id, left_over;
        IF left_over = 0 THEN
            DELETE FROM reports_verdicthours WHERE ctid = row_id;
        END IF; END IF;
IF f.v1 + f.v2 + f.v3 + f.v4 + f.v5 >= 2 THEN 
        INSERT INTO reports_alphaunits AS t (grain, outlet, period, kind, v1, v2, v3, v4, v5, claims) VALUES (g, o, reports_period(g, f.day), f.kind, f.v1, f.v2, f.v3, f.v4, f.v5, (1) * sign)
        ON CONFLICT (grain, outlet, period, kind, v1, v2, v3, v4, v5) DO UPDATE SET claims = t.claims + excluded.claims
        RETURNING t.ctid, t.claims INTO row_id, left_over;
        IF left_over = 0 THEN
            DELETE FROM reports_alphaunits WHERE ctid = row_id;
        END IF; END IF;
END LOOP; END LOOP;
IF true THEN 
        INSERT INTO reports_articlecount AS t (article_id, outlet, title, claims, r0, r1, r2, r3, r4, r5) VALUES (f.article_id, f.outlet, f.title, (1) * sign, ((f.rating IS NOT DISTINCT FROM 0)::int) * sign, ((f.rating IS NOT DISTINCT FROM 1)::int) * sign, ((f.rating IS NOT DISTINCT FROM 2)::int) * sign, ((f.rating IS NOT DISTINCT FROM 3)::int) * sign, ((f.rating IS NOT DISTINCT FROM 4)::int) * sign, ((f.rating IS NOT DISTINCT FROM 5)::int) * sign)
        ON CONFLICT (article_id, outlet, title) DO UPDATE SET claims = t.claims + excluded.claims, r0 = t.r0 + excluded.r0, r1 = t.r1 + excluded.r1, r2 = t.r2 + excluded.r2, r3 = t.r3 + excluded.r3, r4 = t.r4 + excluded.r4, r5 = t.r5 + excluded.r5
        RETURNING t.ctid, t.claims INTO row_id, left_over;
        IF left_over = 0 THEN
            DELETE FROM reports_articlecount WHERE ctid = row_id;
        END IF; END IF;
IF true THEN 
        INSERT INTO reports_articledaycount AS t (article_id, day, outlet, title, claims, r0, r1, r2, r3, r4, r5) VALUES (f.article_id, f.day, f.outlet, f.title, (1) * sign, ((f.rating IS NOT DISTINCT FROM 0)::int) * sign, ((f.rating IS NOT DISTINCT FROM 1)::int) * sign, ((f.rating IS NOT DISTINCT FROM 2)::int) * sign, ((f.rating IS NOT DISTINCT FROM 3)::int) * sign, ((f.rating IS NOT DISTINCT FROM 4)::int) * sign, ((f.rating IS NOT DISTINCT FROM 5)::int) * sign)
        ON CONFLICT (article_id, day, outlet, title) DO UPDATE SET claims = t.claims + excluded.claims, r0 = t.r0 + excluded.r0, r1 = t.r1 + excluded.r1, r2 = t.r2 + excluded.r2, r3 = t.r3 + excluded.r3, r4 = t.r4 + excluded.r4, r5 = t.r5 + excluded.r5
        RETURNING t.ctid, t.claims INTO row_id, left_over;
        IF left_over = 0 THEN
            DELETE FROM reports_articledaycount WHERE ctid = row_id;
        END IF; END IF;
    END $$;


        CREATE OR REPLACE FUNCTION reports_claimfact_changed() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP <> 'INSERT' THEN PERFORM reports_bump_claimfact(OLD, -1); END IF;
            IF TG_OP <> 'DELETE' THEN PERFORM reports_bump_claimfact(NEW, 1); END IF;
            RETURN NULL;
        END $$;


        CREATE OR REPLACE TRIGGER reports_claimfact_rollup
        AFTER INSERT OR UPDATE OR DELETE ON reports_claimfact
        FOR EACH ROW EXECUTE FUNCTION reports_claimfact_changed();


    CREATE OR REPLACE FUNCTION reports_bump_reviewfact(f reports_reviewfact, sign int) RETURNS void
    LANGUAGE plpgsql AS $$
    DECLARE g text; o int; row_id tid; left_over int;
    BEGIN
        FOREACH g IN ARRAY ARRAY['d', 'm', 'q', 'y'] LOOP FOREACH o IN ARRAY ARRAY[f.outlet, -1] LOOP
IF f.hours IS NOT NULL THEN 
        INSERT INTO reports_reviewtimes AS t (grain, outlet, period, hours, reviews) VALUES (g, o, reports_period(g, f.day), f.hours, (1) * sign)
        ON CONFLICT (grain, outlet, period, hours) DO UPDATE SET reviews = t.reviews + excluded.reviews
        RETURNING t.ctid, t.reviews INTO row_id, left_over;
        IF left_over = 0 THEN
            DELETE FROM reports_reviewtimes WHERE ctid = row_id;
        END IF; END IF;
IF true THEN 
        INSERT INTO reports_reviewhours AS t (grain, outlet, period, reviewer_id, hours, reviews, with_verdict, agreed) VALUES (g, o, reports_period(g, f.day), f.reviewer_id, f.hours, (1) * sign, (f.with_verdict::int) * sign, (f.agreed::int) * sign)
        ON CONFLICT (grain, outlet, period, reviewer_id, hours) DO UPDATE SET reviews = t.reviews + excluded.reviews, with_verdict = t.with_verdict + excluded.with_verdict, agreed = t.agreed + excluded.agreed
        RETURNING t.ctid, t.reviews INTO row_id, left_over;
        IF left_over = 0 THEN
            DELETE FROM reports_reviewhours WHERE ctid = row_id;
        END IF; END IF;
END LOOP; END LOOP;
    END $$;


        CREATE OR REPLACE FUNCTION reports_reviewfact_changed() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP <> 'INSERT' THEN PERFORM reports_bump_reviewfact(OLD, -1); END IF;
            IF TG_OP <> 'DELETE' THEN PERFORM reports_bump_reviewfact(NEW, 1); END IF;
            RETURN NULL;
        END $$;


        CREATE OR REPLACE TRIGGER reports_reviewfact_rollup
        AFTER INSERT OR UPDATE OR DELETE ON reports_reviewfact
        FOR EACH ROW EXECUTE FUNCTION reports_reviewfact_changed();


CREATE OR REPLACE FUNCTION reports_refresh_claim(cid bigint) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    IF cid IS NULL THEN RETURN; END IF;
    
        DELETE FROM reports_claimfact t WHERE t.claim_id = cid AND NOT EXISTS (SELECT 1 FROM claims_claim c WHERE c.id = cid);
        INSERT INTO reports_claimfact AS t (claim_id, created_at, day, outlet, article_id, title, claimant, kind, status, rating, verdict_hours, v1, v2, v3, v4, v5, spread)
        SELECT claim_id, created_at, day, outlet, article_id, title, claimant, kind, status, rating, verdict_hours, v1, v2, v3, v4, v5, spread FROM reports_claimfact_source WHERE claim_id = cid
        ON CONFLICT (claim_id) DO UPDATE SET (created_at, day, outlet, article_id, title, claimant, kind, status, rating, verdict_hours, v1, v2, v3, v4, v5, spread) = ROW(excluded.created_at, excluded.day, excluded.outlet, excluded.article_id, excluded.title, excluded.claimant, excluded.kind, excluded.status, excluded.rating, excluded.verdict_hours, excluded.v1, excluded.v2, excluded.v3, excluded.v4, excluded.v5, excluded.spread)
        WHERE ROW(t.created_at, t.day, t.outlet, t.article_id, t.title, t.claimant, t.kind, t.status, t.rating, t.verdict_hours, t.v1, t.v2, t.v3, t.v4, t.v5, t.spread) IS DISTINCT FROM ROW(excluded.created_at, excluded.day, excluded.outlet, excluded.article_id, excluded.title, excluded.claimant, excluded.kind, excluded.status, excluded.rating, excluded.verdict_hours, excluded.v1, excluded.v2, excluded.v3, excluded.v4, excluded.v5, excluded.spread);
    
    
        DELETE FROM reports_reviewfact t WHERE t.claim_id = cid AND NOT EXISTS (SELECT 1 FROM claims_review r WHERE r.id = t.review_id AND r.claim_id = cid);
        INSERT INTO reports_reviewfact AS t (review_id, claim_id, day, outlet, reviewer_id, hours, with_verdict, agreed)
        SELECT review_id, claim_id, day, outlet, reviewer_id, hours, with_verdict, agreed FROM reports_reviewfact_source WHERE claim_id = cid
        ON CONFLICT (review_id) DO UPDATE SET (claim_id, day, outlet, reviewer_id, hours, with_verdict, agreed) = ROW(excluded.claim_id, excluded.day, excluded.outlet, excluded.reviewer_id, excluded.hours, excluded.with_verdict, excluded.agreed)
        WHERE ROW(t.claim_id, t.day, t.outlet, t.reviewer_id, t.hours, t.with_verdict, t.agreed) IS DISTINCT FROM ROW(excluded.claim_id, excluded.day, excluded.outlet, excluded.reviewer_id, excluded.hours, excluded.with_verdict, excluded.agreed);
    
END $$;


            CREATE OR REPLACE FUNCTION reports_claim_changed() RETURNS trigger
            LANGUAGE plpgsql AS $$
            BEGIN
                IF TG_OP <> 'INSERT' THEN PERFORM reports_refresh_claim(OLD.id); END IF;
                IF TG_OP = 'INSERT' OR (TG_OP = 'UPDATE' AND NEW.id <> OLD.id) THEN
                    PERFORM reports_refresh_claim(NEW.id);
                END IF;
                RETURN NULL;
            END $$;


            CREATE OR REPLACE TRIGGER reports_claim_added_or_deleted AFTER INSERT OR DELETE ON claims_claim
            FOR EACH ROW EXECUTE FUNCTION reports_claim_changed();


            CREATE OR REPLACE TRIGGER reports_claim_updated AFTER UPDATE ON claims_claim
            FOR EACH ROW WHEN (ROW(OLD.id, OLD.article_id, OLD.claimant, OLD.kind, OLD.status, OLD.created_at) IS DISTINCT FROM ROW(NEW.id, NEW.article_id, NEW.claimant, NEW.kind, NEW.status, NEW.created_at))
            EXECUTE FUNCTION reports_claim_changed();


            CREATE OR REPLACE FUNCTION reports_verdict_changed() RETURNS trigger
            LANGUAGE plpgsql AS $$
            BEGIN
                IF TG_OP <> 'INSERT' THEN PERFORM reports_refresh_claim(OLD.claim_id); END IF;
                IF TG_OP = 'INSERT' OR (TG_OP = 'UPDATE' AND NEW.claim_id <> OLD.claim_id) THEN
                    PERFORM reports_refresh_claim(NEW.claim_id);
                END IF;
                RETURN NULL;
            END $$;


            CREATE OR REPLACE TRIGGER reports_verdict_added_or_deleted AFTER INSERT OR DELETE ON claims_verdict
            FOR EACH ROW EXECUTE FUNCTION reports_verdict_changed();


            CREATE OR REPLACE TRIGGER reports_verdict_updated AFTER UPDATE ON claims_verdict
            FOR EACH ROW WHEN (ROW(OLD.claim_id, OLD.rating, OLD.settled_at) IS DISTINCT FROM ROW(NEW.claim_id, NEW.rating, NEW.settled_at))
            EXECUTE FUNCTION reports_verdict_changed();


            CREATE OR REPLACE FUNCTION reports_review_changed() RETURNS trigger
            LANGUAGE plpgsql AS $$
            BEGIN
                IF TG_OP <> 'INSERT' THEN PERFORM reports_refresh_claim(OLD.claim_id); END IF;
                IF TG_OP = 'INSERT' OR (TG_OP = 'UPDATE' AND NEW.claim_id <> OLD.claim_id) THEN
                    PERFORM reports_refresh_claim(NEW.claim_id);
                END IF;
                RETURN NULL;
            END $$;


            CREATE OR REPLACE TRIGGER reports_review_added_or_deleted AFTER INSERT OR DELETE ON claims_review
            FOR EACH ROW EXECUTE FUNCTION reports_review_changed();


            CREATE OR REPLACE TRIGGER reports_review_updated AFTER UPDATE ON claims_review
            FOR EACH ROW WHEN (ROW(OLD.id, OLD.claim_id, OLD.reviewer_id, OLD.rating, OLD.submitted_at) IS DISTINCT FROM ROW(NEW.id, NEW.claim_id, NEW.reviewer_id, NEW.rating, NEW.submitted_at))
            EXECUTE FUNCTION reports_review_changed();


            CREATE OR REPLACE FUNCTION reports_assignment_changed() RETURNS trigger
            LANGUAGE plpgsql AS $$
            BEGIN
                IF TG_OP <> 'INSERT' THEN PERFORM reports_refresh_claim(OLD.claim_id); END IF;
                IF TG_OP = 'INSERT' OR (TG_OP = 'UPDATE' AND NEW.claim_id <> OLD.claim_id) THEN
                    PERFORM reports_refresh_claim(NEW.claim_id);
                END IF;
                RETURN NULL;
            END $$;


            CREATE OR REPLACE TRIGGER reports_assignment_added_or_deleted AFTER INSERT OR DELETE ON claims_assignment
            FOR EACH ROW EXECUTE FUNCTION reports_assignment_changed();


            CREATE OR REPLACE TRIGGER reports_assignment_updated AFTER UPDATE ON claims_assignment
            FOR EACH ROW WHEN (ROW(OLD.claim_id, OLD.reviewer_id, OLD.assigned_at) IS DISTINCT FROM ROW(NEW.claim_id, NEW.reviewer_id, NEW.assigned_at))
            EXECUTE FUNCTION reports_assignment_changed();


        CREATE OR REPLACE FUNCTION reports_article_changed() RETURNS trigger
        LANGUAGE plpgsql AS $$
        DECLARE cid bigint;
        BEGIN
            FOR cid IN SELECT id FROM claims_claim WHERE article_id IN (OLD.id, NEW.id) LOOP
                PERFORM reports_refresh_claim(cid);
            END LOOP;
            RETURN NULL;
        END $$;


        CREATE OR REPLACE TRIGGER reports_article_updated AFTER UPDATE ON claims_article
        FOR EACH ROW WHEN (ROW(OLD.id, OLD.outlet_id, OLD.title)
                           IS DISTINCT FROM ROW(NEW.id, NEW.outlet_id, NEW.title))
        EXECUTE FUNCTION reports_article_changed();
