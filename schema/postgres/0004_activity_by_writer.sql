-- parley keeps a chat's activity itself, in the statement that writes the thread or the step, so its own writes
-- skip the triggers of 0003: on each new connection, loading PL/pgSQL and compiling them cost about 2 ms of
-- every run. Writes from Chainlit, or any other program, still fire them.
DROP TRIGGER IF EXISTS parley_thread_activity_start ON threads;
CREATE TRIGGER parley_thread_activity_start BEFORE INSERT ON threads
    FOR EACH ROW WHEN (NEW."parleyActivityAt" IS NULL) EXECUTE FUNCTION parley_thread_activity_start();

-- parley's writes say so for their own transaction (set_config('parley.keeps_activity', 'on', true)), which
-- no connection pooler can carry over to another client.
DROP TRIGGER IF EXISTS parley_thread_activity_step ON steps;
CREATE TRIGGER parley_thread_activity_step AFTER INSERT ON steps
    FOR EACH ROW WHEN (current_setting('parley.keeps_activity', true) IS DISTINCT FROM 'on')
    EXECUTE FUNCTION parley_thread_activity_step();
