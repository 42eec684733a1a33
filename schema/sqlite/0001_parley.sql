-- The embedded store: Chainlit's model with JSON as text and arrays as JSON text.

CREATE TABLE IF NOT EXISTS users (
    "id" TEXT PRIMARY KEY,
    "identifier" TEXT NOT NULL UNIQUE,
    "metadata" TEXT NOT NULL,
    "createdAt" TEXT
);

CREATE TABLE IF NOT EXISTS threads (
    "id" TEXT PRIMARY KEY,
    "createdAt" TEXT,
    "name" TEXT,
    "userId" TEXT REFERENCES users("id") ON DELETE CASCADE,
    "userIdentifier" TEXT,
    "tags" TEXT,
    "metadata" TEXT
);

CREATE TABLE IF NOT EXISTS steps (
    "id" TEXT PRIMARY KEY,
    "name" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "threadId" TEXT NOT NULL REFERENCES threads("id") ON DELETE CASCADE,
    "parentId" TEXT,
    "streaming" INTEGER NOT NULL,
    "waitForAnswer" INTEGER,
    "isError" INTEGER,
    "metadata" TEXT,
    "tags" TEXT,
    "input" TEXT,
    "output" TEXT,
    "createdAt" TEXT,
    "command" TEXT,
    "start" TEXT,
    "end" TEXT,
    "generation" TEXT,
    "showInput" TEXT,
    "language" TEXT,
    "indent" INTEGER,
    "defaultOpen" INTEGER,
    "modes" TEXT,
    "autoCollapse" INTEGER
);

CREATE TABLE IF NOT EXISTS elements (
    "id" TEXT PRIMARY KEY,
    "threadId" TEXT REFERENCES threads("id") ON DELETE CASCADE,
    "type" TEXT,
    "url" TEXT,
    "chainlitKey" TEXT,
    "name" TEXT NOT NULL,
    "display" TEXT,
    "objectKey" TEXT,
    "size" TEXT,
    "page" INTEGER,
    "language" TEXT,
    "forId" TEXT,
    "mime" TEXT,
    "props" TEXT,
    "autoPlay" INTEGER,
    "playerConfig" TEXT
);

CREATE TABLE IF NOT EXISTS feedbacks (
    "id" TEXT PRIMARY KEY,
    "forId" TEXT NOT NULL,
    "threadId" TEXT NOT NULL REFERENCES threads("id") ON DELETE CASCADE,
    "value" INTEGER NOT NULL,
    "comment" TEXT
);

CREATE TABLE IF NOT EXISTS parley_attachments (
    "elementId" TEXT PRIMARY KEY REFERENCES elements("id") ON DELETE CASCADE,
    "bytes" BLOB NOT NULL
);

CREATE INDEX IF NOT EXISTS parley_threads_user_created ON threads ("userId", "createdAt" DESC, "id" DESC);
CREATE INDEX IF NOT EXISTS parley_steps_thread_created ON steps ("threadId", "createdAt", "id");
CREATE INDEX IF NOT EXISTS parley_feedbacks_for ON feedbacks ("forId");
CREATE INDEX IF NOT EXISTS parley_feedbacks_thread_value ON feedbacks ("threadId", "value");
CREATE INDEX IF NOT EXISTS parley_elements_thread ON elements ("threadId");
CREATE INDEX IF NOT EXISTS parley_elements_for ON elements ("forId");

-- Full-text search over step input and output, kept in step with the table by triggers.
CREATE VIRTUAL TABLE IF NOT EXISTS parley_steps_fts USING fts5(
    "input", "output", content='steps', content_rowid='rowid'
);
CREATE TRIGGER IF NOT EXISTS parley_steps_fts_insert AFTER INSERT ON steps BEGIN
    INSERT INTO parley_steps_fts (rowid, "input", "output") VALUES (new.rowid, new."input", new."output");
END;
CREATE TRIGGER IF NOT EXISTS parley_steps_fts_delete AFTER DELETE ON steps BEGIN
    INSERT INTO parley_steps_fts (parley_steps_fts, rowid, "input", "output")
        VALUES ('delete', old.rowid, old."input", old."output");
END;
CREATE TRIGGER IF NOT EXISTS parley_steps_fts_update AFTER UPDATE ON steps BEGIN
    INSERT INTO parley_steps_fts (parley_steps_fts, rowid, "input", "output")
        VALUES ('delete', old.rowid, old."input", old."output");
    INSERT INTO parley_steps_fts (rowid, "input", "output") VALUES (new.rowid, new."input", new."output");
END;
