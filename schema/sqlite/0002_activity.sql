-- Chats are listed by their latest activity, as Chainlit's sidebar orders them; see
-- schema/postgres/0003_activity.sql.
ALTER TABLE threads ADD COLUMN "parleyActivityAt" TEXT;

UPDATE threads SET "parleyActivityAt" = coalesce(
    (SELECT max(s."createdAt") FROM steps s WHERE s."threadId" = threads."id"), threads."createdAt", '');

CREATE TRIGGER parley_thread_activity_start AFTER INSERT ON threads
WHEN NEW."parleyActivityAt" IS NULL
BEGIN
    UPDATE threads SET "parleyActivityAt" = coalesce(NEW."createdAt", '') WHERE "id" = NEW."id";
END;

CREATE TRIGGER parley_thread_activity_step AFTER INSERT ON steps
WHEN NEW."createdAt" IS NOT NULL
BEGIN
    UPDATE threads SET "parleyActivityAt" = NEW."createdAt"
    WHERE "id" = NEW."threadId" AND ("parleyActivityAt" IS NULL OR "parleyActivityAt" < NEW."createdAt");
END;

CREATE INDEX parley_threads_user_activity ON threads ("userId", "parleyActivityAt" DESC, "id" DESC);
DROP INDEX IF EXISTS parley_threads_user_created;
