-- Search indexes a step's first 100,000 characters. PostgreSQL refuses a tsvector over 1 MB, and with the whole
-- text in the index expression it refused the step itself: a long answer or a pasted file was not saved at all.
-- 100,000 characters make at most about 500 kB of tsvector, whatever the script.
DROP INDEX IF EXISTS parley_steps_search;
CREATE INDEX parley_steps_search ON steps USING GIN (
    to_tsvector('simple'::regconfig, left(coalesce("input", '') || ' ' || coalesce("output", ''), 100000))
) WITH (gin_pending_list_limit = 64);
