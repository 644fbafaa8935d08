-- The report tables' views, functions, indexes and triggers (reports/rollups.py
-- says how they fit together). Migration reports/0006_rebuild_from_grain_below installs this file
-- and rebuild_report_tables runs it again, so it is safe to re-run.
--
-- Written by reports/sqlgen.py (manage.py report_sql); a test fails when the two
-- drift. Never edit a file a migration has run: a change ships as a new
-- migration with its own file.
--
-- :'time_zone' stands for settings.TIME_ZONE as a quoted literal (psql's syntax).

-- The first day of the day, month, quarter or year (grain d, m, q, y) holding `day`.
CREATE OR REPLACE FUNCTION reports_period(grain text, day date) RETURNS date
LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE grain
        WHEN 'd' THEN day
        WHEN 'm' THEN date_trunc('month', day)::date
        WHEN 'q' THEN date_trunc('quarter', day)::date
        ELSE date_trunc('year', day)::date
    END
$$;

-- What a claim's fact row should hold, from the claims tables: day is the
-- creation date in TIME_ZONE, outlet 0 (NO_OUTLET) an article without one,
-- unit Krippendorff's unit by level id ('id:n,id:n', ids ascending: the claim's
-- reviews per blind rating, every level, rated or not), unit_size its reviews.
-- Reviews count by their blind rating, the one given before the reviewer could
-- see anyone else's. The scale says which levels are rated, and their steps,
-- when the figures are read, so a change of scale changes no row here.
--
-- The reviews are grouped for all claims at once (a rebuild reads them in one
-- pass); a refresh's claim_id = cid reaches the grouping as claims_review's
-- claim_id, so one claim's refresh reads that claim's reviews alone.
CREATE OR REPLACE VIEW reports_claimfact_source AS
SELECT
    c.id AS claim_id,
    c.created_at,
    (c.created_at AT TIME ZONE :'time_zone')::date AS day,
    coalesce(a.outlet_id, 0)::int AS outlet,
    c.article_id,
    a.title,
    c.claimant,
    c.kind,
    c.status,
    v.rating,
    floor(extract(epoch FROM v.settled_at - c.created_at) / 3600)::int AS verdict_hours,
    coalesce(r.unit, '') AS unit,
    coalesce(r.unit_size, 0) AS unit_size
FROM claims_claim c
JOIN claims_article a ON a.id = c.article_id
LEFT JOIN claims_verdict v ON v.claim_id = c.id
LEFT JOIN (
    SELECT
        claim_id,
        string_agg(blind_rating || ':' || n, ',' ORDER BY blind_rating) AS unit,
        sum(n)::int AS unit_size
    FROM (
        SELECT claim_id, blind_rating, count(*) AS n
        FROM claims_review
        GROUP BY claim_id, blind_rating
    ) per_rating
    GROUP BY claim_id
) r ON r.claim_id = c.id;

-- What a review's fact row should hold: hours are whole hours from the
-- reviewer's assignment to the review, null without an assignment; agreed
-- compares the blind rating with the verdict; revised says the review was
-- revised after its reviewer could see other reviews.
CREATE OR REPLACE VIEW reports_reviewfact_source AS
SELECT
    r.id AS review_id,
    r.claim_id,
    (c.created_at AT TIME ZONE :'time_zone')::date AS day,
    coalesce(a.outlet_id, 0)::int AS outlet,
    r.reviewer_id,
    floor(extract(epoch FROM r.submitted_at - s.assigned_at) / 3600)::int AS hours,
    v.id IS NOT NULL AS with_verdict,
    coalesce(r.blind_rating = v.rating, false) AS agreed,
    r.revised_after_reveal AS revised
FROM claims_review r
JOIN claims_claim c ON c.id = r.claim_id
JOIN claims_article a ON a.id = c.article_id
LEFT JOIN claims_assignment s ON s.claim_id = r.claim_id AND s.reviewer_id = r.reviewer_id
LEFT JOIN claims_verdict v ON v.claim_id = r.claim_id;

-- Each rollup's key, which the triggers' upserts find their row by. NULLS NOT
-- DISTINCT: a review without an assignment counts under null hours.
CREATE UNIQUE INDEX IF NOT EXISTS reports_claimcount_key ON reports_claimcount (
    grain, outlet, period, kind, status, rating
) NULLS NOT DISTINCT;
CREATE UNIQUE INDEX IF NOT EXISTS reports_claimantcount_key ON reports_claimantcount (
    grain, outlet, period, claimant, rating
) NULLS NOT DISTINCT;
CREATE UNIQUE INDEX IF NOT EXISTS reports_verdicthours_key ON reports_verdicthours (
    grain, outlet, period, hours
) NULLS NOT DISTINCT;
CREATE UNIQUE INDEX IF NOT EXISTS reports_alphaunits_key ON reports_alphaunits (
    grain, outlet, period, kind, unit
) NULLS NOT DISTINCT;
CREATE UNIQUE INDEX IF NOT EXISTS reports_articlecount_key ON reports_articlecount (
    article_id, outlet, title, rating
) NULLS NOT DISTINCT;
CREATE UNIQUE INDEX IF NOT EXISTS reports_articledaycount_key ON reports_articledaycount (
    article_id, day, outlet, title, rating
) NULLS NOT DISTINCT;
CREATE UNIQUE INDEX IF NOT EXISTS reports_reviewtimes_key ON reports_reviewtimes (
    grain, outlet, period, hours
) NULLS NOT DISTINCT;
CREATE UNIQUE INDEX IF NOT EXISTS reports_reviewhours_key ON reports_reviewhours (
    grain, outlet, period, reviewer_id, hours
) NULLS NOT DISTINCT;

-- Adds fact row f to every rollup it counts in (sign 1) or takes it out (sign -1).
-- A rollup row whose count falls to zero goes: the tables hold only what counts.
CREATE OR REPLACE FUNCTION reports_bump_claimfact(f reports_claimfact, sign int) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    g text;
    o int;
    row_id tid;
    left_over int;
BEGIN
    -- Dated rollups: a row per grain, for the fact's outlet and for all
    -- outlets (-1, ALL_OUTLETS).
    FOREACH g IN ARRAY ARRAY['d', 'm', 'q', 'y'] LOOP
        FOREACH o IN ARRAY ARRAY[f.outlet, -1] LOOP
            -- reports_claimcount: claims by kind, status, rating.
            INSERT INTO reports_claimcount AS t (
                grain, outlet, period, kind, status, rating, claims
            ) VALUES (
                g, o, reports_period(g, f.day), f.kind, f.status, f.rating, sign
            )
            ON CONFLICT (grain, outlet, period, kind, status, rating) DO UPDATE SET
                claims = t.claims + excluded.claims
            RETURNING t.ctid, t.claims INTO row_id, left_over;
            IF left_over = 0 THEN
                DELETE FROM reports_claimcount WHERE ctid = row_id;
            END IF;

            -- reports_claimantcount: claims by claimant, rating.
            INSERT INTO reports_claimantcount AS t (
                grain, outlet, period, claimant, rating, claims
            ) VALUES (
                g, o, reports_period(g, f.day), f.claimant, f.rating, sign
            )
            ON CONFLICT (grain, outlet, period, claimant, rating) DO UPDATE SET
                claims = t.claims + excluded.claims
            RETURNING t.ctid, t.claims INTO row_id, left_over;
            IF left_over = 0 THEN
                DELETE FROM reports_claimantcount WHERE ctid = row_id;
            END IF;

            -- reports_verdicthours: claims by hours.
            IF f.verdict_hours IS NOT NULL THEN
                INSERT INTO reports_verdicthours AS t (
                    grain, outlet, period, hours, claims
                ) VALUES (
                    g, o, reports_period(g, f.day), f.verdict_hours, sign
                )
                ON CONFLICT (grain, outlet, period, hours) DO UPDATE SET
                    claims = t.claims + excluded.claims
                RETURNING t.ctid, t.claims INTO row_id, left_over;
                IF left_over = 0 THEN
                    DELETE FROM reports_verdicthours WHERE ctid = row_id;
                END IF;
            END IF;

            -- reports_alphaunits: claims by kind, unit.
            IF f.unit_size >= 2 THEN
                INSERT INTO reports_alphaunits AS t (
                    grain, outlet, period, kind, unit, claims
                ) VALUES (
                    g, o, reports_period(g, f.day), f.kind, f.unit, sign
                )
                ON CONFLICT (grain, outlet, period, kind, unit) DO UPDATE SET
                    claims = t.claims + excluded.claims
                RETURNING t.ctid, t.claims INTO row_id, left_over;
                IF left_over = 0 THEN
                    DELETE FROM reports_alphaunits WHERE ctid = row_id;
                END IF;
            END IF;
        END LOOP;
    END LOOP;

    -- reports_articlecount: claims by article_id, outlet, title, rating.
    INSERT INTO reports_articlecount AS t (
        article_id, outlet, title, rating, claims
    ) VALUES (
        f.article_id, f.outlet, f.title, f.rating, sign
    )
    ON CONFLICT (article_id, outlet, title, rating) DO UPDATE SET
        claims = t.claims + excluded.claims
    RETURNING t.ctid, t.claims INTO row_id, left_over;
    IF left_over = 0 THEN
        DELETE FROM reports_articlecount WHERE ctid = row_id;
    END IF;

    -- reports_articledaycount: claims by article_id, day, outlet, title, rating.
    INSERT INTO reports_articledaycount AS t (
        article_id, day, outlet, title, rating, claims
    ) VALUES (
        f.article_id, f.day, f.outlet, f.title, f.rating, sign
    )
    ON CONFLICT (article_id, day, outlet, title, rating) DO UPDATE SET
        claims = t.claims + excluded.claims
    RETURNING t.ctid, t.claims INTO row_id, left_over;
    IF left_over = 0 THEN
        DELETE FROM reports_articledaycount WHERE ctid = row_id;
    END IF;
END
$$;

-- An update is the old row taken out and the new one put in.
CREATE OR REPLACE FUNCTION reports_claimfact_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        PERFORM reports_bump_claimfact(OLD, -1);
    END IF;
    IF TG_OP <> 'DELETE' THEN
        PERFORM reports_bump_claimfact(NEW, 1);
    END IF;
    RETURN NULL;
END
$$;

CREATE OR REPLACE TRIGGER reports_claimfact_rollup
AFTER INSERT OR UPDATE OR DELETE ON reports_claimfact
FOR EACH ROW EXECUTE FUNCTION reports_claimfact_changed();

-- Adds fact row f to every rollup it counts in (sign 1) or takes it out (sign -1).
-- A rollup row whose count falls to zero goes: the tables hold only what counts.
CREATE OR REPLACE FUNCTION reports_bump_reviewfact(f reports_reviewfact, sign int) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    g text;
    o int;
    row_id tid;
    left_over int;
BEGIN
    -- Dated rollups: a row per grain, for the fact's outlet and for all
    -- outlets (-1, ALL_OUTLETS).
    FOREACH g IN ARRAY ARRAY['d', 'm', 'q', 'y'] LOOP
        FOREACH o IN ARRAY ARRAY[f.outlet, -1] LOOP
            -- reports_reviewtimes: reviews by hours.
            IF g IN ('m', 'q', 'y') THEN
                IF f.hours IS NOT NULL THEN
                    INSERT INTO reports_reviewtimes AS t (
                        grain, outlet, period, hours, reviews
                    ) VALUES (
                        g, o, reports_period(g, f.day), f.hours, sign
                    )
                    ON CONFLICT (grain, outlet, period, hours) DO UPDATE SET
                        reviews = t.reviews + excluded.reviews
                    RETURNING t.ctid, t.reviews INTO row_id, left_over;
                    IF left_over = 0 THEN
                        DELETE FROM reports_reviewtimes WHERE ctid = row_id;
                    END IF;
                END IF;
            END IF;

            -- reports_reviewhours: reviews by reviewer_id, hours.
            IF g IN ('m', 'q', 'y') THEN
                INSERT INTO reports_reviewhours AS t (
                    grain, outlet, period, reviewer_id, hours, reviews, with_verdict,
                    agreed, revised
                ) VALUES (
                    g, o, reports_period(g, f.day), f.reviewer_id, f.hours, sign,
                    sign * f.with_verdict::int, sign * f.agreed::int, sign * f.revised::int
                )
                ON CONFLICT (grain, outlet, period, reviewer_id, hours) DO UPDATE SET
                    reviews = t.reviews + excluded.reviews,
                    with_verdict = t.with_verdict + excluded.with_verdict,
                    agreed = t.agreed + excluded.agreed,
                    revised = t.revised + excluded.revised
                RETURNING t.ctid, t.reviews INTO row_id, left_over;
                IF left_over = 0 THEN
                    DELETE FROM reports_reviewhours WHERE ctid = row_id;
                END IF;
            END IF;
        END LOOP;
    END LOOP;
END
$$;

-- An update is the old row taken out and the new one put in.
CREATE OR REPLACE FUNCTION reports_reviewfact_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        PERFORM reports_bump_reviewfact(OLD, -1);
    END IF;
    IF TG_OP <> 'DELETE' THEN
        PERFORM reports_bump_reviewfact(NEW, 1);
    END IF;
    RETURN NULL;
END
$$;

CREATE OR REPLACE TRIGGER reports_reviewfact_rollup
AFTER INSERT OR UPDATE OR DELETE ON reports_reviewfact
FOR EACH ROW EXECUTE FUNCTION reports_reviewfact_changed();

-- Makes claim cid's fact rows match the claims tables. A row that would not
-- change is not written, so it fires no rollup trigger.
CREATE OR REPLACE FUNCTION reports_refresh_claim(cid bigint) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    IF cid IS NULL THEN
        RETURN;
    END IF;

    -- The claim's fact row: gone with the claim, else as the view says.
    DELETE FROM reports_claimfact t
    WHERE t.claim_id = cid
        AND NOT EXISTS (SELECT 1 FROM claims_claim c WHERE c.id = cid);
    INSERT INTO reports_claimfact AS t (
        claim_id, created_at, day, outlet, article_id, title, claimant, kind, status, rating,
        verdict_hours, unit, unit_size
    )
    SELECT
        claim_id, created_at, day, outlet, article_id, title, claimant, kind, status, rating,
        verdict_hours, unit, unit_size
    FROM reports_claimfact_source
    WHERE claim_id = cid
    ON CONFLICT (claim_id) DO UPDATE SET (
        created_at, day, outlet, article_id, title, claimant, kind, status, rating,
        verdict_hours, unit, unit_size
    ) = ROW(
        excluded.created_at, excluded.day, excluded.outlet, excluded.article_id, excluded.title,
        excluded.claimant, excluded.kind, excluded.status, excluded.rating,
        excluded.verdict_hours, excluded.unit, excluded.unit_size
    )
    WHERE ROW(
        t.created_at, t.day, t.outlet, t.article_id, t.title, t.claimant, t.kind, t.status,
        t.rating, t.verdict_hours, t.unit, t.unit_size
    ) IS DISTINCT FROM ROW(
        excluded.created_at, excluded.day, excluded.outlet, excluded.article_id, excluded.title,
        excluded.claimant, excluded.kind, excluded.status, excluded.rating,
        excluded.verdict_hours, excluded.unit, excluded.unit_size
    );

    -- Its reviews' fact rows: gone with the review, or moved to another claim.
    DELETE FROM reports_reviewfact t
    WHERE t.claim_id = cid
        AND NOT EXISTS (SELECT 1 FROM claims_review r WHERE r.id = t.review_id AND r.claim_id = cid);
    INSERT INTO reports_reviewfact AS t (
        review_id, claim_id, day, outlet, reviewer_id, hours, with_verdict, agreed, revised
    )
    SELECT
        review_id, claim_id, day, outlet, reviewer_id, hours, with_verdict, agreed, revised
    FROM reports_reviewfact_source
    WHERE claim_id = cid
    ON CONFLICT (review_id) DO UPDATE SET (
        claim_id, day, outlet, reviewer_id, hours, with_verdict, agreed, revised
    ) = ROW(
        excluded.claim_id, excluded.day, excluded.outlet, excluded.reviewer_id, excluded.hours,
        excluded.with_verdict, excluded.agreed, excluded.revised
    )
    WHERE ROW(
        t.claim_id, t.day, t.outlet, t.reviewer_id, t.hours, t.with_verdict, t.agreed,
        t.revised
    ) IS DISTINCT FROM ROW(
        excluded.claim_id, excluded.day, excluded.outlet, excluded.reviewer_id, excluded.hours,
        excluded.with_verdict, excluded.agreed, excluded.revised
    );
END
$$;

-- claims_claim: refresh the claim a row belongs to, and on an update that moves
-- the row to another claim, that one too.
CREATE OR REPLACE FUNCTION reports_claim_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        PERFORM reports_refresh_claim(OLD.id);
    END IF;
    IF TG_OP = 'INSERT' OR (TG_OP = 'UPDATE' AND NEW.id <> OLD.id) THEN
        PERFORM reports_refresh_claim(NEW.id);
    END IF;
    RETURN NULL;
END
$$;

CREATE OR REPLACE TRIGGER reports_claim_added_or_deleted
AFTER INSERT OR DELETE ON claims_claim
FOR EACH ROW EXECUTE FUNCTION reports_claim_changed();

-- Only updates of columns that can move a figure.
CREATE OR REPLACE TRIGGER reports_claim_updated
AFTER UPDATE ON claims_claim
FOR EACH ROW WHEN (ROW(
    OLD.id, OLD.article_id, OLD.claimant, OLD.kind, OLD.status, OLD.created_at
) IS DISTINCT FROM ROW(
    NEW.id, NEW.article_id, NEW.claimant, NEW.kind, NEW.status, NEW.created_at
))
EXECUTE FUNCTION reports_claim_changed();

-- claims_verdict: refresh the claim a row belongs to, and on an update that moves
-- the row to another claim, that one too.
CREATE OR REPLACE FUNCTION reports_verdict_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        PERFORM reports_refresh_claim(OLD.claim_id);
    END IF;
    IF TG_OP = 'INSERT' OR (TG_OP = 'UPDATE' AND NEW.claim_id <> OLD.claim_id) THEN
        PERFORM reports_refresh_claim(NEW.claim_id);
    END IF;
    RETURN NULL;
END
$$;

CREATE OR REPLACE TRIGGER reports_verdict_added_or_deleted
AFTER INSERT OR DELETE ON claims_verdict
FOR EACH ROW EXECUTE FUNCTION reports_verdict_changed();

-- Only updates of columns that can move a figure.
CREATE OR REPLACE TRIGGER reports_verdict_updated
AFTER UPDATE ON claims_verdict
FOR EACH ROW WHEN (ROW(
    OLD.claim_id, OLD.rating, OLD.settled_at
) IS DISTINCT FROM ROW(
    NEW.claim_id, NEW.rating, NEW.settled_at
))
EXECUTE FUNCTION reports_verdict_changed();

-- claims_review: refresh the claim a row belongs to, and on an update that moves
-- the row to another claim, that one too.
CREATE OR REPLACE FUNCTION reports_review_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        PERFORM reports_refresh_claim(OLD.claim_id);
    END IF;
    IF TG_OP = 'INSERT' OR (TG_OP = 'UPDATE' AND NEW.claim_id <> OLD.claim_id) THEN
        PERFORM reports_refresh_claim(NEW.claim_id);
    END IF;
    RETURN NULL;
END
$$;

CREATE OR REPLACE TRIGGER reports_review_added_or_deleted
AFTER INSERT OR DELETE ON claims_review
FOR EACH ROW EXECUTE FUNCTION reports_review_changed();

-- Only updates of columns that can move a figure.
CREATE OR REPLACE TRIGGER reports_review_updated
AFTER UPDATE ON claims_review
FOR EACH ROW WHEN (ROW(
    OLD.id, OLD.claim_id, OLD.reviewer_id, OLD.blind_rating, OLD.revised_after_reveal,
    OLD.submitted_at
) IS DISTINCT FROM ROW(
    NEW.id, NEW.claim_id, NEW.reviewer_id, NEW.blind_rating, NEW.revised_after_reveal,
    NEW.submitted_at
))
EXECUTE FUNCTION reports_review_changed();

-- claims_assignment: refresh the claim a row belongs to, and on an update that moves
-- the row to another claim, that one too.
CREATE OR REPLACE FUNCTION reports_assignment_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        PERFORM reports_refresh_claim(OLD.claim_id);
    END IF;
    IF TG_OP = 'INSERT' OR (TG_OP = 'UPDATE' AND NEW.claim_id <> OLD.claim_id) THEN
        PERFORM reports_refresh_claim(NEW.claim_id);
    END IF;
    RETURN NULL;
END
$$;

CREATE OR REPLACE TRIGGER reports_assignment_added_or_deleted
AFTER INSERT OR DELETE ON claims_assignment
FOR EACH ROW EXECUTE FUNCTION reports_assignment_changed();

-- Only updates of columns that can move a figure.
CREATE OR REPLACE TRIGGER reports_assignment_updated
AFTER UPDATE ON claims_assignment
FOR EACH ROW WHEN (ROW(
    OLD.claim_id, OLD.reviewer_id, OLD.assigned_at
) IS DISTINCT FROM ROW(
    NEW.claim_id, NEW.reviewer_id, NEW.assigned_at
))
EXECUTE FUNCTION reports_assignment_changed();

-- claims_article: an article's outlet and title are in each of its claims' facts.
CREATE OR REPLACE FUNCTION reports_article_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    cid bigint;
BEGIN
    FOR cid IN SELECT id FROM claims_claim WHERE article_id IN (OLD.id, NEW.id) LOOP
        PERFORM reports_refresh_claim(cid);
    END LOOP;
    RETURN NULL;
END
$$;

-- Articles come and go with no claims (PROTECT keeps one with claims), so only updates.
CREATE OR REPLACE TRIGGER reports_article_updated
AFTER UPDATE ON claims_article
FOR EACH ROW WHEN (
    ROW(OLD.id, OLD.outlet_id, OLD.title) IS DISTINCT FROM ROW(NEW.id, NEW.outlet_id, NEW.title)
)
EXECUTE FUNCTION reports_article_changed();

-- Recomputes reports_claimfact and the rollups summed from it from the claims
-- tables, set-based: a statement for the facts, and per grain of each rollup,
-- each grain summed from the one below; the indexes are built after the rows.
-- Big groupings and sorts run in memory rather than in temporary files.
-- Groupings sort rather than hash: the rows go in in their key's order anyway,
-- and the planner, expecting far fewer groups than the nearly unique keys
-- make, would pick hash tables that spill.
CREATE OR REPLACE FUNCTION reports_rebuild_claimfact() RETURNS void
LANGUAGE plpgsql
SET work_mem = '256MB'
SET maintenance_work_mem = '1GB'
SET enable_hashagg = off
AS $$
DECLARE
    drops text[];
    definitions text[];
    i int;
BEGIN
    -- Writers wait until the transaction ends, so a change made meanwhile
    -- is counted once, after the rebuild.
    LOCK TABLE
        reports_claimfact, reports_claimcount, reports_claimantcount, reports_verdicthours,
        reports_alphaunits, reports_articlecount, reports_articledaycount
    IN ACCESS EXCLUSIVE MODE;
    TRUNCATE
        reports_claimfact, reports_claimcount, reports_claimantcount, reports_verdicthours,
        reports_alphaunits, reports_articlecount, reports_articledaycount;

    -- Indexes are built once the rows are in (a sort each), not kept up row by
    -- row: every index of these tables goes, and comes back as it was
    -- below. Primary keys too: kept up row by row, they cost each insert an
    -- index update and its WAL record.
    SELECT
        array_agg(CASE WHEN c.oid IS NULL
            THEN 'DROP INDEX ' || i.indexrelid::regclass::text
            ELSE format(
                'ALTER TABLE %s DROP CONSTRAINT %I', i.indrelid::regclass, c.conname
            )
        END ORDER BY c.oid IS NULL),
        array_agg(CASE WHEN c.oid IS NULL
            THEN pg_get_indexdef(i.indexrelid)
            ELSE format(
                'ALTER TABLE %s ADD CONSTRAINT %I %s',
                i.indrelid::regclass, c.conname, pg_get_constraintdef(c.oid)
            )
        END ORDER BY c.oid IS NULL)
    INTO drops, definitions
    FROM pg_index i
    LEFT JOIN pg_constraint c ON c.conindid = i.indexrelid AND c.contype IN ('p', 'u')
    WHERE i.indrelid = ANY (ARRAY[
        'reports_claimfact', 'reports_claimcount', 'reports_claimantcount',
        'reports_verdicthours', 'reports_alphaunits', 'reports_articlecount',
        'reports_articledaycount'
    ]::regclass[]);
    FOR i IN 1 .. coalesce(array_length(drops, 1), 0) LOOP
        EXECUTE drops[i];
    END LOOP;

    -- The facts, with their rollup trigger off: the rollups are summed below.
    ALTER TABLE reports_claimfact DISABLE TRIGGER reports_claimfact_rollup;
    INSERT INTO reports_claimfact (
        claim_id, created_at, day, outlet, article_id, title, claimant, kind, status, rating,
        verdict_hours, unit, unit_size
    )
    SELECT
        claim_id, created_at, day, outlet, article_id, title, claimant, kind, status, rating,
        verdict_hours, unit, unit_size
    FROM reports_claimfact_source;
    ALTER TABLE reports_claimfact ENABLE TRIGGER reports_claimfact_rollup;

    -- Each rollup's rows go in in the order of its key, so that a scope's rows
    -- lie on few pages.

    -- reports_claimcount
    -- Day rows per outlet, from the facts.
    CREATE TEMP TABLE rebuild_claimcount_d ON COMMIT DROP AS
    SELECT
        f.outlet, f.day AS period, f.kind, f.status, f.rating, count(*) AS claims
    FROM reports_claimfact f
    GROUP BY 1, 2, 3, 4, 5
    ORDER BY 1, 2, 3, 4, 5;
    INSERT INTO reports_claimcount (
        grain, outlet, period, kind, status, rating, claims
    )
    SELECT
        'd', -1, f.period, f.kind, f.status, f.rating, sum(f.claims) AS claims
    FROM rebuild_claimcount_d f
    GROUP BY 3, 4, 5, 6
    ORDER BY 3, 4, 5, 6;
    INSERT INTO reports_claimcount (
        grain, outlet, period, kind, status, rating, claims
    )
    SELECT
        'd', f.outlet, f.period, f.kind, f.status, f.rating, f.claims
    FROM rebuild_claimcount_d f;
    -- Month rows per outlet, from the day rows.
    CREATE TEMP TABLE rebuild_claimcount_m ON COMMIT DROP AS
    SELECT
        f.outlet, date_trunc('month', f.period)::date AS period, f.kind, f.status, f.rating,
        sum(f.claims) AS claims
    FROM rebuild_claimcount_d f
    GROUP BY 1, 2, 3, 4, 5
    ORDER BY 1, 2, 3, 4, 5;
    DROP TABLE rebuild_claimcount_d;
    INSERT INTO reports_claimcount (
        grain, outlet, period, kind, status, rating, claims
    )
    SELECT
        'm', -1, f.period, f.kind, f.status, f.rating, sum(f.claims) AS claims
    FROM rebuild_claimcount_m f
    GROUP BY 3, 4, 5, 6
    ORDER BY 3, 4, 5, 6;
    INSERT INTO reports_claimcount (
        grain, outlet, period, kind, status, rating, claims
    )
    SELECT
        'm', f.outlet, f.period, f.kind, f.status, f.rating, f.claims
    FROM rebuild_claimcount_m f;
    -- Quarter rows per outlet, from the month rows.
    CREATE TEMP TABLE rebuild_claimcount_q ON COMMIT DROP AS
    SELECT
        f.outlet, date_trunc('quarter', f.period)::date AS period, f.kind, f.status, f.rating,
        sum(f.claims) AS claims
    FROM rebuild_claimcount_m f
    GROUP BY 1, 2, 3, 4, 5
    ORDER BY 1, 2, 3, 4, 5;
    DROP TABLE rebuild_claimcount_m;
    INSERT INTO reports_claimcount (
        grain, outlet, period, kind, status, rating, claims
    )
    SELECT
        'q', -1, f.period, f.kind, f.status, f.rating, sum(f.claims) AS claims
    FROM rebuild_claimcount_q f
    GROUP BY 3, 4, 5, 6
    ORDER BY 3, 4, 5, 6;
    INSERT INTO reports_claimcount (
        grain, outlet, period, kind, status, rating, claims
    )
    SELECT
        'q', f.outlet, f.period, f.kind, f.status, f.rating, f.claims
    FROM rebuild_claimcount_q f;
    -- Year rows per outlet, from the quarter rows.
    CREATE TEMP TABLE rebuild_claimcount_y ON COMMIT DROP AS
    SELECT
        f.outlet, date_trunc('year', f.period)::date AS period, f.kind, f.status, f.rating,
        sum(f.claims) AS claims
    FROM rebuild_claimcount_q f
    GROUP BY 1, 2, 3, 4, 5
    ORDER BY 1, 2, 3, 4, 5;
    DROP TABLE rebuild_claimcount_q;
    INSERT INTO reports_claimcount (
        grain, outlet, period, kind, status, rating, claims
    )
    SELECT
        'y', -1, f.period, f.kind, f.status, f.rating, sum(f.claims) AS claims
    FROM rebuild_claimcount_y f
    GROUP BY 3, 4, 5, 6
    ORDER BY 3, 4, 5, 6;
    INSERT INTO reports_claimcount (
        grain, outlet, period, kind, status, rating, claims
    )
    SELECT
        'y', f.outlet, f.period, f.kind, f.status, f.rating, f.claims
    FROM rebuild_claimcount_y f;
    DROP TABLE rebuild_claimcount_y;

    -- reports_claimantcount
    -- Day rows per outlet, from the facts.
    CREATE TEMP TABLE rebuild_claimantcount_d ON COMMIT DROP AS
    SELECT
        f.outlet, f.day AS period, f.claimant, f.rating, count(*) AS claims
    FROM reports_claimfact f
    GROUP BY 1, 2, 3, 4
    ORDER BY 1, 2, 3, 4;
    INSERT INTO reports_claimantcount (
        grain, outlet, period, claimant, rating, claims
    )
    SELECT
        'd', -1, f.period, f.claimant, f.rating, sum(f.claims) AS claims
    FROM rebuild_claimantcount_d f
    GROUP BY 3, 4, 5
    ORDER BY 3, 4, 5;
    INSERT INTO reports_claimantcount (
        grain, outlet, period, claimant, rating, claims
    )
    SELECT
        'd', f.outlet, f.period, f.claimant, f.rating, f.claims
    FROM rebuild_claimantcount_d f;
    -- Month rows per outlet, from the day rows.
    CREATE TEMP TABLE rebuild_claimantcount_m ON COMMIT DROP AS
    SELECT
        f.outlet, date_trunc('month', f.period)::date AS period, f.claimant, f.rating,
        sum(f.claims) AS claims
    FROM rebuild_claimantcount_d f
    GROUP BY 1, 2, 3, 4
    ORDER BY 1, 2, 3, 4;
    DROP TABLE rebuild_claimantcount_d;
    INSERT INTO reports_claimantcount (
        grain, outlet, period, claimant, rating, claims
    )
    SELECT
        'm', -1, f.period, f.claimant, f.rating, sum(f.claims) AS claims
    FROM rebuild_claimantcount_m f
    GROUP BY 3, 4, 5
    ORDER BY 3, 4, 5;
    INSERT INTO reports_claimantcount (
        grain, outlet, period, claimant, rating, claims
    )
    SELECT
        'm', f.outlet, f.period, f.claimant, f.rating, f.claims
    FROM rebuild_claimantcount_m f;
    -- Quarter rows per outlet, from the month rows.
    CREATE TEMP TABLE rebuild_claimantcount_q ON COMMIT DROP AS
    SELECT
        f.outlet, date_trunc('quarter', f.period)::date AS period, f.claimant, f.rating,
        sum(f.claims) AS claims
    FROM rebuild_claimantcount_m f
    GROUP BY 1, 2, 3, 4
    ORDER BY 1, 2, 3, 4;
    DROP TABLE rebuild_claimantcount_m;
    INSERT INTO reports_claimantcount (
        grain, outlet, period, claimant, rating, claims
    )
    SELECT
        'q', -1, f.period, f.claimant, f.rating, sum(f.claims) AS claims
    FROM rebuild_claimantcount_q f
    GROUP BY 3, 4, 5
    ORDER BY 3, 4, 5;
    INSERT INTO reports_claimantcount (
        grain, outlet, period, claimant, rating, claims
    )
    SELECT
        'q', f.outlet, f.period, f.claimant, f.rating, f.claims
    FROM rebuild_claimantcount_q f;
    -- Year rows per outlet, from the quarter rows.
    CREATE TEMP TABLE rebuild_claimantcount_y ON COMMIT DROP AS
    SELECT
        f.outlet, date_trunc('year', f.period)::date AS period, f.claimant, f.rating,
        sum(f.claims) AS claims
    FROM rebuild_claimantcount_q f
    GROUP BY 1, 2, 3, 4
    ORDER BY 1, 2, 3, 4;
    DROP TABLE rebuild_claimantcount_q;
    INSERT INTO reports_claimantcount (
        grain, outlet, period, claimant, rating, claims
    )
    SELECT
        'y', -1, f.period, f.claimant, f.rating, sum(f.claims) AS claims
    FROM rebuild_claimantcount_y f
    GROUP BY 3, 4, 5
    ORDER BY 3, 4, 5;
    INSERT INTO reports_claimantcount (
        grain, outlet, period, claimant, rating, claims
    )
    SELECT
        'y', f.outlet, f.period, f.claimant, f.rating, f.claims
    FROM rebuild_claimantcount_y f;
    DROP TABLE rebuild_claimantcount_y;

    -- reports_verdicthours
    -- Day rows per outlet, from the facts.
    CREATE TEMP TABLE rebuild_verdicthours_d ON COMMIT DROP AS
    SELECT
        f.outlet, f.day AS period, f.verdict_hours AS hours, count(*) AS claims
    FROM reports_claimfact f
    WHERE f.verdict_hours IS NOT NULL
    GROUP BY 1, 2, 3
    ORDER BY 1, 2, 3;
    INSERT INTO reports_verdicthours (
        grain, outlet, period, hours, claims
    )
    SELECT
        'd', -1, f.period, f.hours, sum(f.claims) AS claims
    FROM rebuild_verdicthours_d f
    GROUP BY 3, 4
    ORDER BY 3, 4;
    INSERT INTO reports_verdicthours (
        grain, outlet, period, hours, claims
    )
    SELECT
        'd', f.outlet, f.period, f.hours, f.claims
    FROM rebuild_verdicthours_d f;
    -- Month rows per outlet, from the day rows.
    CREATE TEMP TABLE rebuild_verdicthours_m ON COMMIT DROP AS
    SELECT
        f.outlet, date_trunc('month', f.period)::date AS period, f.hours,
        sum(f.claims) AS claims
    FROM rebuild_verdicthours_d f
    GROUP BY 1, 2, 3
    ORDER BY 1, 2, 3;
    DROP TABLE rebuild_verdicthours_d;
    INSERT INTO reports_verdicthours (
        grain, outlet, period, hours, claims
    )
    SELECT
        'm', -1, f.period, f.hours, sum(f.claims) AS claims
    FROM rebuild_verdicthours_m f
    GROUP BY 3, 4
    ORDER BY 3, 4;
    INSERT INTO reports_verdicthours (
        grain, outlet, period, hours, claims
    )
    SELECT
        'm', f.outlet, f.period, f.hours, f.claims
    FROM rebuild_verdicthours_m f;
    -- Quarter rows per outlet, from the month rows.
    CREATE TEMP TABLE rebuild_verdicthours_q ON COMMIT DROP AS
    SELECT
        f.outlet, date_trunc('quarter', f.period)::date AS period, f.hours,
        sum(f.claims) AS claims
    FROM rebuild_verdicthours_m f
    GROUP BY 1, 2, 3
    ORDER BY 1, 2, 3;
    DROP TABLE rebuild_verdicthours_m;
    INSERT INTO reports_verdicthours (
        grain, outlet, period, hours, claims
    )
    SELECT
        'q', -1, f.period, f.hours, sum(f.claims) AS claims
    FROM rebuild_verdicthours_q f
    GROUP BY 3, 4
    ORDER BY 3, 4;
    INSERT INTO reports_verdicthours (
        grain, outlet, period, hours, claims
    )
    SELECT
        'q', f.outlet, f.period, f.hours, f.claims
    FROM rebuild_verdicthours_q f;
    -- Year rows per outlet, from the quarter rows.
    CREATE TEMP TABLE rebuild_verdicthours_y ON COMMIT DROP AS
    SELECT
        f.outlet, date_trunc('year', f.period)::date AS period, f.hours,
        sum(f.claims) AS claims
    FROM rebuild_verdicthours_q f
    GROUP BY 1, 2, 3
    ORDER BY 1, 2, 3;
    DROP TABLE rebuild_verdicthours_q;
    INSERT INTO reports_verdicthours (
        grain, outlet, period, hours, claims
    )
    SELECT
        'y', -1, f.period, f.hours, sum(f.claims) AS claims
    FROM rebuild_verdicthours_y f
    GROUP BY 3, 4
    ORDER BY 3, 4;
    INSERT INTO reports_verdicthours (
        grain, outlet, period, hours, claims
    )
    SELECT
        'y', f.outlet, f.period, f.hours, f.claims
    FROM rebuild_verdicthours_y f;
    DROP TABLE rebuild_verdicthours_y;

    -- reports_alphaunits
    -- Day rows per outlet, from the facts.
    CREATE TEMP TABLE rebuild_alphaunits_d ON COMMIT DROP AS
    SELECT
        f.outlet, f.day AS period, f.kind, f.unit, count(*) AS claims
    FROM reports_claimfact f
    WHERE f.unit_size >= 2
    GROUP BY 1, 2, 3, 4
    ORDER BY 1, 2, 3, 4;
    INSERT INTO reports_alphaunits (
        grain, outlet, period, kind, unit, claims
    )
    SELECT
        'd', -1, f.period, f.kind, f.unit, sum(f.claims) AS claims
    FROM rebuild_alphaunits_d f
    GROUP BY 3, 4, 5
    ORDER BY 3, 4, 5;
    INSERT INTO reports_alphaunits (
        grain, outlet, period, kind, unit, claims
    )
    SELECT
        'd', f.outlet, f.period, f.kind, f.unit, f.claims
    FROM rebuild_alphaunits_d f;
    -- Month rows per outlet, from the day rows.
    CREATE TEMP TABLE rebuild_alphaunits_m ON COMMIT DROP AS
    SELECT
        f.outlet, date_trunc('month', f.period)::date AS period, f.kind, f.unit,
        sum(f.claims) AS claims
    FROM rebuild_alphaunits_d f
    GROUP BY 1, 2, 3, 4
    ORDER BY 1, 2, 3, 4;
    DROP TABLE rebuild_alphaunits_d;
    INSERT INTO reports_alphaunits (
        grain, outlet, period, kind, unit, claims
    )
    SELECT
        'm', -1, f.period, f.kind, f.unit, sum(f.claims) AS claims
    FROM rebuild_alphaunits_m f
    GROUP BY 3, 4, 5
    ORDER BY 3, 4, 5;
    INSERT INTO reports_alphaunits (
        grain, outlet, period, kind, unit, claims
    )
    SELECT
        'm', f.outlet, f.period, f.kind, f.unit, f.claims
    FROM rebuild_alphaunits_m f;
    -- Quarter rows per outlet, from the month rows.
    CREATE TEMP TABLE rebuild_alphaunits_q ON COMMIT DROP AS
    SELECT
        f.outlet, date_trunc('quarter', f.period)::date AS period, f.kind, f.unit,
        sum(f.claims) AS claims
    FROM rebuild_alphaunits_m f
    GROUP BY 1, 2, 3, 4
    ORDER BY 1, 2, 3, 4;
    DROP TABLE rebuild_alphaunits_m;
    INSERT INTO reports_alphaunits (
        grain, outlet, period, kind, unit, claims
    )
    SELECT
        'q', -1, f.period, f.kind, f.unit, sum(f.claims) AS claims
    FROM rebuild_alphaunits_q f
    GROUP BY 3, 4, 5
    ORDER BY 3, 4, 5;
    INSERT INTO reports_alphaunits (
        grain, outlet, period, kind, unit, claims
    )
    SELECT
        'q', f.outlet, f.period, f.kind, f.unit, f.claims
    FROM rebuild_alphaunits_q f;
    -- Year rows per outlet, from the quarter rows.
    CREATE TEMP TABLE rebuild_alphaunits_y ON COMMIT DROP AS
    SELECT
        f.outlet, date_trunc('year', f.period)::date AS period, f.kind, f.unit,
        sum(f.claims) AS claims
    FROM rebuild_alphaunits_q f
    GROUP BY 1, 2, 3, 4
    ORDER BY 1, 2, 3, 4;
    DROP TABLE rebuild_alphaunits_q;
    INSERT INTO reports_alphaunits (
        grain, outlet, period, kind, unit, claims
    )
    SELECT
        'y', -1, f.period, f.kind, f.unit, sum(f.claims) AS claims
    FROM rebuild_alphaunits_y f
    GROUP BY 3, 4, 5
    ORDER BY 3, 4, 5;
    INSERT INTO reports_alphaunits (
        grain, outlet, period, kind, unit, claims
    )
    SELECT
        'y', f.outlet, f.period, f.kind, f.unit, f.claims
    FROM rebuild_alphaunits_y f;
    DROP TABLE rebuild_alphaunits_y;

    -- reports_articlecount
    INSERT INTO reports_articlecount (
        article_id, outlet, title, rating, claims
    )
    SELECT
        f.article_id, f.outlet, f.title, f.rating, count(*) AS claims
    FROM reports_claimfact f
    GROUP BY 1, 2, 3, 4
    ORDER BY 1;

    -- reports_articledaycount
    INSERT INTO reports_articledaycount (
        article_id, day, outlet, title, rating, claims
    )
    SELECT
        f.article_id, f.day, f.outlet, f.title, f.rating, count(*) AS claims
    FROM reports_claimfact f
    GROUP BY 2, 1, 3, 4, 5
    ORDER BY 2;

    FOR i IN 1 .. coalesce(array_length(definitions, 1), 0) LOOP
        EXECUTE definitions[i];
    END LOOP;

    ANALYZE reports_claimfact;
    ANALYZE reports_claimcount;
    ANALYZE reports_claimantcount;
    ANALYZE reports_verdicthours;
    ANALYZE reports_alphaunits;
    ANALYZE reports_articlecount;
    ANALYZE reports_articledaycount;
END
$$;

-- Recomputes reports_reviewfact and the rollups summed from it from the claims
-- tables, set-based: a statement for the facts, and per grain of each rollup,
-- each grain summed from the one below; the indexes are built after the rows.
-- Big groupings and sorts run in memory rather than in temporary files.
-- Groupings sort rather than hash: the rows go in in their key's order anyway,
-- and the planner, expecting far fewer groups than the nearly unique keys
-- make, would pick hash tables that spill.
CREATE OR REPLACE FUNCTION reports_rebuild_reviewfact() RETURNS void
LANGUAGE plpgsql
SET work_mem = '256MB'
SET maintenance_work_mem = '1GB'
SET enable_hashagg = off
AS $$
DECLARE
    drops text[];
    definitions text[];
    i int;
BEGIN
    -- Writers wait until the transaction ends, so a change made meanwhile
    -- is counted once, after the rebuild.
    LOCK TABLE
        reports_reviewfact, reports_reviewtimes, reports_reviewhours
    IN ACCESS EXCLUSIVE MODE;
    TRUNCATE
        reports_reviewfact, reports_reviewtimes, reports_reviewhours;

    -- Indexes are built once the rows are in (a sort each), not kept up row by
    -- row: every index of these tables goes, and comes back as it was
    -- below. Primary keys too: kept up row by row, they cost each insert an
    -- index update and its WAL record.
    SELECT
        array_agg(CASE WHEN c.oid IS NULL
            THEN 'DROP INDEX ' || i.indexrelid::regclass::text
            ELSE format(
                'ALTER TABLE %s DROP CONSTRAINT %I', i.indrelid::regclass, c.conname
            )
        END ORDER BY c.oid IS NULL),
        array_agg(CASE WHEN c.oid IS NULL
            THEN pg_get_indexdef(i.indexrelid)
            ELSE format(
                'ALTER TABLE %s ADD CONSTRAINT %I %s',
                i.indrelid::regclass, c.conname, pg_get_constraintdef(c.oid)
            )
        END ORDER BY c.oid IS NULL)
    INTO drops, definitions
    FROM pg_index i
    LEFT JOIN pg_constraint c ON c.conindid = i.indexrelid AND c.contype IN ('p', 'u')
    WHERE i.indrelid = ANY (ARRAY[
        'reports_reviewfact', 'reports_reviewtimes', 'reports_reviewhours'
    ]::regclass[]);
    FOR i IN 1 .. coalesce(array_length(drops, 1), 0) LOOP
        EXECUTE drops[i];
    END LOOP;

    -- The facts, with their rollup trigger off: the rollups are summed below.
    ALTER TABLE reports_reviewfact DISABLE TRIGGER reports_reviewfact_rollup;
    INSERT INTO reports_reviewfact (
        review_id, claim_id, day, outlet, reviewer_id, hours, with_verdict, agreed, revised
    )
    SELECT
        review_id, claim_id, day, outlet, reviewer_id, hours, with_verdict, agreed, revised
    FROM reports_reviewfact_source;
    ALTER TABLE reports_reviewfact ENABLE TRIGGER reports_reviewfact_rollup;

    -- Each rollup's rows go in in the order of its key, so that a scope's rows
    -- lie on few pages.

    -- reports_reviewtimes
    -- Month rows per outlet, from the facts.
    CREATE TEMP TABLE rebuild_reviewtimes_m ON COMMIT DROP AS
    SELECT
        f.outlet, date_trunc('month', f.day)::date AS period, f.hours, count(*) AS reviews
    FROM reports_reviewfact f
    WHERE f.hours IS NOT NULL
    GROUP BY 1, 2, 3
    ORDER BY 1, 2, 3;
    INSERT INTO reports_reviewtimes (
        grain, outlet, period, hours, reviews
    )
    SELECT
        'm', -1, f.period, f.hours, sum(f.reviews) AS reviews
    FROM rebuild_reviewtimes_m f
    GROUP BY 3, 4
    ORDER BY 3, 4;
    INSERT INTO reports_reviewtimes (
        grain, outlet, period, hours, reviews
    )
    SELECT
        'm', f.outlet, f.period, f.hours, f.reviews
    FROM rebuild_reviewtimes_m f;
    -- Quarter rows per outlet, from the month rows.
    CREATE TEMP TABLE rebuild_reviewtimes_q ON COMMIT DROP AS
    SELECT
        f.outlet, date_trunc('quarter', f.period)::date AS period, f.hours,
        sum(f.reviews) AS reviews
    FROM rebuild_reviewtimes_m f
    GROUP BY 1, 2, 3
    ORDER BY 1, 2, 3;
    DROP TABLE rebuild_reviewtimes_m;
    INSERT INTO reports_reviewtimes (
        grain, outlet, period, hours, reviews
    )
    SELECT
        'q', -1, f.period, f.hours, sum(f.reviews) AS reviews
    FROM rebuild_reviewtimes_q f
    GROUP BY 3, 4
    ORDER BY 3, 4;
    INSERT INTO reports_reviewtimes (
        grain, outlet, period, hours, reviews
    )
    SELECT
        'q', f.outlet, f.period, f.hours, f.reviews
    FROM rebuild_reviewtimes_q f;
    -- Year rows per outlet, from the quarter rows.
    CREATE TEMP TABLE rebuild_reviewtimes_y ON COMMIT DROP AS
    SELECT
        f.outlet, date_trunc('year', f.period)::date AS period, f.hours,
        sum(f.reviews) AS reviews
    FROM rebuild_reviewtimes_q f
    GROUP BY 1, 2, 3
    ORDER BY 1, 2, 3;
    DROP TABLE rebuild_reviewtimes_q;
    INSERT INTO reports_reviewtimes (
        grain, outlet, period, hours, reviews
    )
    SELECT
        'y', -1, f.period, f.hours, sum(f.reviews) AS reviews
    FROM rebuild_reviewtimes_y f
    GROUP BY 3, 4
    ORDER BY 3, 4;
    INSERT INTO reports_reviewtimes (
        grain, outlet, period, hours, reviews
    )
    SELECT
        'y', f.outlet, f.period, f.hours, f.reviews
    FROM rebuild_reviewtimes_y f;
    DROP TABLE rebuild_reviewtimes_y;

    -- reports_reviewhours
    -- Month rows per outlet, from the facts.
    CREATE TEMP TABLE rebuild_reviewhours_m ON COMMIT DROP AS
    SELECT
        f.outlet, date_trunc('month', f.day)::date AS period, f.reviewer_id, f.hours,
        count(*) AS reviews, sum(f.with_verdict::int) AS with_verdict,
        sum(f.agreed::int) AS agreed, sum(f.revised::int) AS revised
    FROM reports_reviewfact f
    GROUP BY 1, 2, 3, 4
    ORDER BY 1, 2, 3, 4;
    INSERT INTO reports_reviewhours (
        grain, outlet, period, reviewer_id, hours, reviews, with_verdict, agreed, revised
    )
    SELECT
        'm', -1, f.period, f.reviewer_id, f.hours, sum(f.reviews) AS reviews,
        sum(f.with_verdict) AS with_verdict, sum(f.agreed) AS agreed, sum(f.revised) AS revised
    FROM rebuild_reviewhours_m f
    GROUP BY 3, 4, 5
    ORDER BY 3, 4, 5;
    INSERT INTO reports_reviewhours (
        grain, outlet, period, reviewer_id, hours, reviews, with_verdict, agreed, revised
    )
    SELECT
        'm', f.outlet, f.period, f.reviewer_id, f.hours, f.reviews, f.with_verdict, f.agreed,
        f.revised
    FROM rebuild_reviewhours_m f;
    -- Quarter rows per outlet, from the month rows.
    CREATE TEMP TABLE rebuild_reviewhours_q ON COMMIT DROP AS
    SELECT
        f.outlet, date_trunc('quarter', f.period)::date AS period, f.reviewer_id, f.hours,
        sum(f.reviews) AS reviews, sum(f.with_verdict) AS with_verdict, sum(f.agreed) AS agreed,
        sum(f.revised) AS revised
    FROM rebuild_reviewhours_m f
    GROUP BY 1, 2, 3, 4
    ORDER BY 1, 2, 3, 4;
    DROP TABLE rebuild_reviewhours_m;
    INSERT INTO reports_reviewhours (
        grain, outlet, period, reviewer_id, hours, reviews, with_verdict, agreed, revised
    )
    SELECT
        'q', -1, f.period, f.reviewer_id, f.hours, sum(f.reviews) AS reviews,
        sum(f.with_verdict) AS with_verdict, sum(f.agreed) AS agreed, sum(f.revised) AS revised
    FROM rebuild_reviewhours_q f
    GROUP BY 3, 4, 5
    ORDER BY 3, 4, 5;
    INSERT INTO reports_reviewhours (
        grain, outlet, period, reviewer_id, hours, reviews, with_verdict, agreed, revised
    )
    SELECT
        'q', f.outlet, f.period, f.reviewer_id, f.hours, f.reviews, f.with_verdict, f.agreed,
        f.revised
    FROM rebuild_reviewhours_q f;
    -- Year rows per outlet, from the quarter rows.
    CREATE TEMP TABLE rebuild_reviewhours_y ON COMMIT DROP AS
    SELECT
        f.outlet, date_trunc('year', f.period)::date AS period, f.reviewer_id, f.hours,
        sum(f.reviews) AS reviews, sum(f.with_verdict) AS with_verdict, sum(f.agreed) AS agreed,
        sum(f.revised) AS revised
    FROM rebuild_reviewhours_q f
    GROUP BY 1, 2, 3, 4
    ORDER BY 1, 2, 3, 4;
    DROP TABLE rebuild_reviewhours_q;
    INSERT INTO reports_reviewhours (
        grain, outlet, period, reviewer_id, hours, reviews, with_verdict, agreed, revised
    )
    SELECT
        'y', -1, f.period, f.reviewer_id, f.hours, sum(f.reviews) AS reviews,
        sum(f.with_verdict) AS with_verdict, sum(f.agreed) AS agreed, sum(f.revised) AS revised
    FROM rebuild_reviewhours_y f
    GROUP BY 3, 4, 5
    ORDER BY 3, 4, 5;
    INSERT INTO reports_reviewhours (
        grain, outlet, period, reviewer_id, hours, reviews, with_verdict, agreed, revised
    )
    SELECT
        'y', f.outlet, f.period, f.reviewer_id, f.hours, f.reviews, f.with_verdict, f.agreed,
        f.revised
    FROM rebuild_reviewhours_y f;
    DROP TABLE rebuild_reviewhours_y;

    FOR i IN 1 .. coalesce(array_length(definitions, 1), 0) LOOP
        EXECUTE definitions[i];
    END LOOP;

    ANALYZE reports_reviewfact;
    ANALYZE reports_reviewtimes;
    ANALYZE reports_reviewhours;
END
$$;

-- Recomputes every report table from the claims tables (rebuild_report_tables,
-- and after bulk loads that skip triggers), in one transaction: each part in
-- turn. rollups.rebuild runs the parts at once on two connections where it can.
CREATE OR REPLACE FUNCTION reports_rebuild() RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM reports_rebuild_claimfact();
    PERFORM reports_rebuild_reviewfact();
END
$$;
