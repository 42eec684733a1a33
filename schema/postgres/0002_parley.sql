-- parley's additions; Chainlit ignores them. Each index serves one query parley makes.

-- A user's threads, newest first, paged by ("createdAt", "id").
CREATE INDEX IF NOT EXISTS parley_threads_user_created
    ON threads ("userId", "createdAt" DESC, "id" DESC);

-- A thread's steps in order (also the previews: its latest message).
CREATE INDEX IF NOT EXISTS parley_steps_thread_created ON steps ("threadId", "createdAt", "id");

-- Feedback of a step, and of a thread (the feedback filter).
CREATE INDEX IF NOT EXISTS parley_feedbacks_for ON feedbacks ("forId");
CREATE INDEX IF NOT EXISTS parley_feedbacks_thread_value ON feedbacks ("threadId", "value");

-- Elements of a thread and of a step.
CREATE INDEX IF NOT EXISTS parley_elements_thread ON elements ("threadId");
CREATE INDEX IF NOT EXISTS parley_elements_for ON elements ("forId");

-- Full-text search over what was said; an expression index adds no column Chainlit would see.
CREATE INDEX IF NOT EXISTS parley_steps_search ON steps USING GIN (
    to_tsvector('simple'::regconfig, coalesce("input", '') || ' ' || coalesce("output", ''))
);

-- Attachment bytes, kept apart so Chainlit's element queries stay light.
CREATE TABLE IF NOT EXISTS parley_attachments (
    "elementId" UUID PRIMARY KEY REFERENCES elements("id") ON DELETE CASCADE,
    "bytes" BYTEA NOT NULL
);
