-- Row-level security in the Supabase style: a person sees and changes only their own threads and what
-- hangs under them; a thread with metadata.is_shared = true is readable by everyone signed in; the table
-- owner (a Chainlit server) is not subject to RLS and sees all. Safe to run more than once.
-- Identity: Supabase's auth.uid() (JWT "sub" = users.id); on plain PostgreSQL, where auth.uid() is NULL,
-- the login role's name (current_user) matched to users.identifier.

DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'authenticated') THEN
        CREATE ROLE authenticated NOLOGIN;
    END IF;
EXCEPTION
    -- Roles are cluster-wide: another database's first application may create it at the same moment.
    WHEN duplicate_object OR unique_violation THEN NULL;
END
$$;

CREATE SCHEMA IF NOT EXISTS auth;

-- Supabase's 2024 definition, created only where Supabase has not provided one.
DO $$
BEGIN
    IF NOT EXISTS (
        SELECT 1 FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
        WHERE n.nspname = 'auth' AND p.proname = 'uid'
    ) THEN
        CREATE FUNCTION auth.uid() RETURNS uuid SET search_path TO '' AS $func$
            SELECT coalesce(
                nullif(current_setting('request.jwt.claim.sub', true), ''),
                (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'sub')
            )::uuid
        $func$ LANGUAGE sql STABLE;
    END IF;
END
$$;

-- The users.id of whoever is asking; users' own policy never calls it, so there is no recursion.
CREATE OR REPLACE FUNCTION public.parley_uid() RETURNS uuid SET search_path TO '' AS $$
    SELECT coalesce(
        auth.uid(),
        (SELECT u."id" FROM public.users u WHERE u."identifier" = current_user::text)
    )
$$ LANGUAGE sql STABLE;

-- True when the asker owns the thread.
CREATE OR REPLACE FUNCTION public.parley_owns_thread(thread uuid) RETURNS boolean SET search_path TO '' AS $$
    SELECT EXISTS (
        SELECT 1 FROM public.threads t WHERE t."id" = thread AND t."userId" = public.parley_uid()
    )
$$ LANGUAGE sql STABLE;

-- True when the asker may read the thread (owned or shared); threads' own policies decide.
CREATE OR REPLACE FUNCTION public.parley_sees_thread(thread uuid) RETURNS boolean SET search_path TO '' AS $$
    SELECT EXISTS (SELECT 1 FROM public.threads t WHERE t."id" = thread)
$$ LANGUAGE sql STABLE;

GRANT USAGE ON SCHEMA public, auth TO authenticated;
GRANT EXECUTE ON FUNCTION auth.uid(), public.parley_uid(), public.parley_owns_thread(uuid),
    public.parley_sees_thread(uuid) TO authenticated;
GRANT SELECT, INSERT, UPDATE, DELETE ON users, threads, steps, elements, feedbacks, parley_attachments
    TO authenticated;
GRANT SELECT ON parley_schema_migrations TO authenticated;

ALTER TABLE users ENABLE ROW LEVEL SECURITY;
ALTER TABLE threads ENABLE ROW LEVEL SECURITY;
ALTER TABLE steps ENABLE ROW LEVEL SECURITY;
ALTER TABLE elements ENABLE ROW LEVEL SECURITY;
ALTER TABLE feedbacks ENABLE ROW LEVEL SECURITY;
ALTER TABLE parley_attachments ENABLE ROW LEVEL SECURITY;

DROP POLICY IF EXISTS users_own ON users;
CREATE POLICY users_own ON users FOR ALL TO authenticated
    USING ("id" = (SELECT auth.uid()) OR "identifier" = current_user::text)
    WITH CHECK ("id" = (SELECT auth.uid()) OR "identifier" = current_user::text);

DROP POLICY IF EXISTS threads_select_own ON threads;
CREATE POLICY threads_select_own ON threads FOR SELECT TO authenticated
    USING ("userId" = (SELECT public.parley_uid()));
DROP POLICY IF EXISTS threads_select_shared ON threads;
CREATE POLICY threads_select_shared ON threads FOR SELECT TO authenticated
    USING (("metadata" ->> 'is_shared')::boolean IS TRUE);
DROP POLICY IF EXISTS threads_insert_own ON threads;
CREATE POLICY threads_insert_own ON threads FOR INSERT TO authenticated
    WITH CHECK ("userId" = (SELECT public.parley_uid()));
DROP POLICY IF EXISTS threads_update_own ON threads;
CREATE POLICY threads_update_own ON threads FOR UPDATE TO authenticated
    USING ("userId" = (SELECT public.parley_uid())) WITH CHECK ("userId" = (SELECT public.parley_uid()));
DROP POLICY IF EXISTS threads_delete_own ON threads;
CREATE POLICY threads_delete_own ON threads FOR DELETE TO authenticated
    USING ("userId" = (SELECT public.parley_uid()));

DROP POLICY IF EXISTS steps_select ON steps;
CREATE POLICY steps_select ON steps FOR SELECT TO authenticated USING (public.parley_sees_thread("threadId"));
DROP POLICY IF EXISTS steps_write ON steps;
CREATE POLICY steps_write ON steps FOR ALL TO authenticated
    USING (public.parley_owns_thread("threadId")) WITH CHECK (public.parley_owns_thread("threadId"));

DROP POLICY IF EXISTS elements_select ON elements;
CREATE POLICY elements_select ON elements FOR SELECT TO authenticated USING (public.parley_sees_thread("threadId"));
DROP POLICY IF EXISTS elements_write ON elements;
CREATE POLICY elements_write ON elements FOR ALL TO authenticated
    USING (public.parley_owns_thread("threadId")) WITH CHECK (public.parley_owns_thread("threadId"));

DROP POLICY IF EXISTS feedbacks_select ON feedbacks;
CREATE POLICY feedbacks_select ON feedbacks FOR SELECT TO authenticated
    USING (public.parley_sees_thread("threadId"));
DROP POLICY IF EXISTS feedbacks_write ON feedbacks;
CREATE POLICY feedbacks_write ON feedbacks FOR ALL TO authenticated
    USING (public.parley_owns_thread("threadId")) WITH CHECK (public.parley_owns_thread("threadId"));

DROP POLICY IF EXISTS attachments_select ON parley_attachments;
CREATE POLICY attachments_select ON parley_attachments FOR SELECT TO authenticated
    USING (EXISTS (SELECT 1 FROM elements e WHERE e."id" = "elementId"));
DROP POLICY IF EXISTS attachments_write ON parley_attachments;
CREATE POLICY attachments_write ON parley_attachments FOR ALL TO authenticated
    USING (EXISTS (SELECT 1 FROM elements e WHERE e."id" = "elementId" AND public.parley_owns_thread(e."threadId")))
    WITH CHECK (EXISTS (
        SELECT 1 FROM elements e WHERE e."id" = "elementId" AND public.parley_owns_thread(e."threadId")
    ));
