import ParleyCore

/// The statements of each change to a PostgreSQL store, as values: one change runs them in a transaction, and
/// a burst of changes sends all of theirs in one round trip (`PostgresConnection.runTogether`).
enum PostgresWrites {
    /// The statements of `operation`.
    static func statements(for operation: WriteOperation) -> [SQLStatement] {
        switch operation {
        case .createUser(let user): statements(creating: user)
        case .createThread(let thread): statements(creating: thread)
        case .updateThread(let id, let name, let tags, let metadata):
            statements(updatingThread: id, name: name, tags: tags, metadata: metadata)
        case .deleteThread(let id): statements(deletingThread: id)
        case .upsertStep(let step): statements(upserting: step)
        case .deleteStep(let id): statements(deletingStep: id)
        case .createElement(let element): statements(creating: element)
        case .deleteElement(let id): statements(deletingElement: id)
        case .upsertFeedback(let feedback): statements(upserting: feedback)
        case .deleteFeedback(let id): [deletingFeedback(id)]
        }
    }

    /// Says, for the rest of the transaction, that its statements keep their chats' activity themselves, so the
    /// triggers that do it for other programs' writes let them be (schema/postgres/0004); and that they reuse
    /// one plan. They find rows by key, so a plan made for their parameters is never a better one, and making it
    /// again at every write took half a step's time on the server. Reads keep their plans for their values.
    static let keepingActivity = SQLStatement("""
        SELECT set_config('parley.keeps_activity', 'on', true),
            set_config('plan_cache_mode', 'force_generic_plan', true)
        """)

    /// Keeps an existing user of that identifier as it is. Such a user proposes no row at all, as a row-level
    /// security policy would check a proposed row (with a made-up id) before the conflict could skip it.
    static func statements(creating user: User) -> [SQLStatement] {
        [SQLStatement("""
            INSERT INTO users ("id", "identifier", "metadata", "createdAt")
            SELECT $1::uuid, $2, $3::jsonb, $4 WHERE NOT EXISTS (SELECT 1 FROM users u WHERE u."identifier" = $2)
            ON CONFLICT ("identifier") DO NOTHING
            """, [.text(user.id), .text(user.identifier), .text(JSONValue.object(user.metadata).jsonText),
                  .text(user.createdAt)])]
    }

    /// A new thread is active from its creation (schema/postgres/0004: parley keeps the activity itself).
    static func statements(creating thread: ChatThread) -> [SQLStatement] {
        [SQLStatement("""
            INSERT INTO threads ("id", "createdAt", "name", "userId", "userIdentifier", "tags", "metadata",
                "parleyActivityAt")
            VALUES ($1::uuid, $2, $3,
                    coalesce((SELECT u."id" FROM users u WHERE u."id" = $4::uuid),
                             (SELECT u."id" FROM users u WHERE u."identifier" = $5), $4::uuid),
                    coalesce($5, (SELECT u."identifier" FROM users u WHERE u."id" = $4::uuid)),
                    \(tags(6)), $7::jsonb, coalesce($2, ''))
            ON CONFLICT ("id") DO UPDATE SET "name" = EXCLUDED."name", "userId" = EXCLUDED."userId",
                "userIdentifier" = EXCLUDED."userIdentifier", "tags" = EXCLUDED."tags",
                "metadata" = EXCLUDED."metadata"
            """, thread.parameters)]
    }

    static func statements(updatingThread id: String, name: String?, tags: [String]?,
                           metadata: [String: JSONValue]?) -> [SQLStatement] {
        [SQLStatement("""
            UPDATE threads SET
                "name" = coalesce($2, "name"),
                "tags" = CASE WHEN $3::jsonb IS NULL THEN "tags" ELSE \(Self.tags(3)) END,
                "metadata" = CASE WHEN $4::jsonb IS NULL THEN "metadata" ELSE
                    (coalesce("metadata", '{}'::jsonb) || $4::jsonb)
                    - ARRAY(SELECT m.key FROM jsonb_each($4::jsonb) m WHERE m.value = 'null'::jsonb) END
            WHERE "id" = $1::uuid
            """, [
                .text(id), .text(name), .text(tags.map { JSONValue.array($0.map(JSONValue.string)).jsonText }),
                .text(metadata.map { JSONValue.object($0).jsonText }),
            ])]
    }

    static func statements(deletingThread id: String) -> [SQLStatement] {
        [SQLStatement(#"DELETE FROM threads WHERE "id" = $1::uuid"#, [.text(id)])]
    }

    /// A new step moves its thread's activity forward; an upsert that updates a step does not (parley keeps the
    /// activity itself, schema/postgres/0004; `xmax` is 0 only in a row this statement inserted).
    static func statements(upserting step: Step) -> [SQLStatement] {
        [SQLStatement("""
            WITH written AS (INSERT INTO steps ("id", "threadId", "parentId", "name", "type", "streaming", "waitForAnswer",
                "isError", "metadata", "tags", "input", "output", "createdAt", "start", "end", "generation",
                "showInput", "language", "defaultOpen", "autoCollapse")
            VALUES ($1::uuid, $2::uuid, $3::uuid, $4, $5, $6::boolean, $7::boolean, $8::boolean, $9::jsonb,
                \(tags(10)), $11, $12, $13, $14, $15, $16::jsonb, $17, $18, $19::boolean, $20::boolean)
            ON CONFLICT ("id") DO UPDATE SET
                "parentId" = coalesce(EXCLUDED."parentId", steps."parentId"), "name" = EXCLUDED."name",
                "type" = EXCLUDED."type", "streaming" = EXCLUDED."streaming",
                "waitForAnswer" = coalesce(EXCLUDED."waitForAnswer", steps."waitForAnswer"),
                "isError" = coalesce(EXCLUDED."isError", steps."isError"), "metadata" = EXCLUDED."metadata",
                "tags" = coalesce(EXCLUDED."tags", steps."tags"),
                "input" = coalesce(EXCLUDED."input", steps."input"),
                "output" = coalesce(EXCLUDED."output", steps."output"),
                "createdAt" = coalesce(steps."createdAt", EXCLUDED."createdAt"),
                "start" = coalesce(EXCLUDED."start", steps."start"), "end" = coalesce(EXCLUDED."end", steps."end"),
                "generation" = coalesce(EXCLUDED."generation", steps."generation"),
                "showInput" = coalesce(EXCLUDED."showInput", steps."showInput"),
                "language" = coalesce(EXCLUDED."language", steps."language"),
                "defaultOpen" = coalesce(EXCLUDED."defaultOpen", steps."defaultOpen"),
                "autoCollapse" = coalesce(EXCLUDED."autoCollapse", steps."autoCollapse")
            RETURNING "threadId", "createdAt", xmax = 0 AS inserted)
            UPDATE threads t SET "parleyActivityAt" = w."createdAt" FROM written w
            WHERE w.inserted AND t."id" = w."threadId" AND w."createdAt" IS NOT NULL
                AND (t."parleyActivityAt" IS NULL OR t."parleyActivityAt" < w."createdAt")
            """, step.parameters)]
    }

    static func statements(deletingStep id: String) -> [SQLStatement] {
        [
            SQLStatement(#"DELETE FROM feedbacks WHERE "forId" = $1::uuid"#, [.text(id)]),
            SQLStatement(#"DELETE FROM elements WHERE "forId" = $1::uuid"#, [.text(id)]),
            SQLStatement(#"DELETE FROM steps WHERE "id" = $1::uuid"#, [.text(id)]),
        ]
    }

    static func statements(creating element: Element) -> [SQLStatement] {
        let row = SQLStatement("""
            INSERT INTO elements ("id", "threadId", "forId", "type", "name", "url", "chainlitKey", "display",
                "objectKey", "size", "page", "language", "mime", "props")
            VALUES ($1::uuid, $2::uuid, $3::uuid, $4, $5, $6, $7, $8, $9, $10, $11::int, $12, $13, $14::jsonb)
            ON CONFLICT ("id") DO UPDATE SET "threadId" = EXCLUDED."threadId", "forId" = EXCLUDED."forId",
                "type" = EXCLUDED."type", "name" = EXCLUDED."name", "url" = EXCLUDED."url",
                "chainlitKey" = EXCLUDED."chainlitKey", "display" = EXCLUDED."display",
                "objectKey" = EXCLUDED."objectKey", "size" = EXCLUDED."size", "page" = EXCLUDED."page",
                "language" = EXCLUDED."language", "mime" = EXCLUDED."mime", "props" = EXCLUDED."props"
            """, element.parameters)
        guard let bytes = element.bytes else { return [row] }
        return [row, SQLStatement("""
            INSERT INTO parley_attachments ("elementId", "bytes") VALUES ($1::uuid, $2::bytea)
            ON CONFLICT ("elementId") DO UPDATE SET "bytes" = EXCLUDED."bytes"
            """, [.text(element.id), .bytes(bytes)])]
    }

    static func statements(deletingElement id: String) -> [SQLStatement] {
        [SQLStatement(#"DELETE FROM elements WHERE "id" = $1::uuid"#, [.text(id)])]
    }

    static func statements(upserting feedback: Feedback) -> [SQLStatement] {
        [SQLStatement("""
            INSERT INTO feedbacks ("id", "forId", "threadId", "value", "comment")
            VALUES ($1::uuid, $2::uuid, $3::uuid, $4::int, $5)
            ON CONFLICT ("id") DO UPDATE SET "value" = EXCLUDED."value", "comment" = EXCLUDED."comment"
            """, [.text(feedback.id), .text(feedback.forId), .text(feedback.threadId), .int(feedback.value),
                  .text(feedback.comment)])]
    }

    /// Returns the id of the row it deleted, if there was one.
    static func deletingFeedback(_ id: String) -> SQLStatement {
        SQLStatement(#"DELETE FROM feedbacks WHERE "id" = $1::uuid RETURNING "id""#, [.text(id)])
    }

    /// TEXT[] from a JSON array parameter, keeping NULL as NULL (an SQL fragment, never a value).
    private static func tags(_ parameter: Int) -> String {
        "CASE WHEN $\(parameter)::jsonb IS NULL THEN NULL "
            + "ELSE ARRAY(SELECT jsonb_array_elements_text($\(parameter)::jsonb)) END"
    }
}
