import Foundation
import ParleyCore

/// Chats in an embedded SQLite file (WAL, busy timeout); every sqlite3 call runs on this actor's own thread.
public actor SQLiteDataLayer: DataLayer {
    private let executor: ThreadExecutor
    private let path: String
    private var connection: SQLiteConnection?

    public nonisolated var unownedExecutor: UnownedSerialExecutor {
        executor.asUnownedSerialExecutor()
    }

    private init(path: String) {
        executor = ThreadExecutor(name: "parley-sqlite")
        self.path = path
    }

    /// Opens (creating the file when missing) and, unless told otherwise, applies pending migrations.
    public static func open(path: String, migrate: Bool = true) async throws(ParleyError) -> SQLiteDataLayer {
        let layer = SQLiteDataLayer(path: path)
        try await layer.connect(migrate: migrate)
        return layer
    }

    private func connect(migrate: Bool) throws(ParleyError) {
        let connection = try SQLiteConnection(path: path)
        if migrate {
            try Migrator(dialect: .sqlite).migrate(connection, location: path)
        }
        self.connection = connection
    }

    public func close() {
        connection = nil
    }

    func db() throws(ParleyError) -> SQLiteConnection {
        guard let connection else { throw ParleyError(.database, "the SQLite database \(path) is closed") }
        return connection
    }

    // MARK: - Users

    public func user(identifier: String) throws(ParleyError) -> User? {
        try db().query("""
            SELECT "id", "identifier", "metadata", "createdAt" FROM users WHERE "identifier" = ?1
            """, [.text(identifier)]).first.map(User.init(row:))
    }

    public func createUser(_ user: User) throws(ParleyError) -> User {
        try db().query("""
            INSERT INTO users ("id", "identifier", "metadata", "createdAt") VALUES (?1, ?2, ?3, ?4)
            ON CONFLICT ("identifier") DO NOTHING
            """, [.text(user.id), .text(user.identifier), .text(JSONValue.object(user.metadata).jsonText),
                  .text(user.createdAt)])
        guard let stored = try self.user(identifier: user.identifier) else {
            throw ParleyError(.database, "\(path) did not keep the user \(user.identifier)")
        }
        return stored
    }

    /// A burst of changes in one transaction, all or none: one commit for all of them instead of one each. The
    /// changes run here without suspending, so no other call can run inside the transaction.
    public func apply(_ operations: [WriteOperation]) throws(ParleyError) {
        try db().transaction(begin: "BEGIN IMMEDIATE") { () throws(ParleyError) in
            for operation in operations {
                switch operation {
                case .createUser(let user): _ = try createUser(user)
                case .createThread(let thread): try createThread(thread)
                case .updateThread(let id, let name, let tags, let metadata):
                    try updateThread(id: id, name: name, tags: tags, metadata: metadata)
                case .deleteThread(let id): try deleteThread(id: id)
                case .upsertStep(let step): try upsertStep(step)
                case .deleteStep(let id): try deleteStep(id: id)
                case .createElement(let element): try createElement(element)
                case .deleteElement(let id): try deleteElement(id: id)
                case .upsertFeedback(let feedback): _ = try upsertFeedback(feedback)
                case .deleteFeedback(let id): _ = try deleteFeedback(id: id)
                }
            }
        }
    }

    // MARK: - Threads

    /// A thread naming a user id the file does not know goes to the user with its identifier, as in PostgreSQL.
    public func createThread(_ thread: ChatThread) throws(ParleyError) {
        try db().query("""
            INSERT INTO threads ("id", "createdAt", "name", "userId", "userIdentifier", "tags", "metadata")
            VALUES (?1, ?2, ?3,
                    coalesce((SELECT u."id" FROM users u WHERE u."id" = ?4),
                             (SELECT u."id" FROM users u WHERE u."identifier" = ?5), ?4),
                    coalesce(?5, (SELECT u."identifier" FROM users u WHERE u."id" = ?4)), ?6, ?7)
            ON CONFLICT ("id") DO UPDATE SET "name" = excluded."name", "userId" = excluded."userId",
                "userIdentifier" = excluded."userIdentifier", "tags" = excluded."tags",
                "metadata" = excluded."metadata"
            """, thread.parameters)
    }

    public func updateThread(id: String, name: String?, tags: [String]?, metadata: [String: JSONValue]?)
        throws(ParleyError) {
        // json_patch is RFC 7396 merge: a null member removes the key, as Chainlit's update_thread does.
        try db().query("""
            UPDATE threads SET "name" = coalesce(?2, "name"), "tags" = coalesce(?3, "tags"),
                "metadata" = CASE WHEN ?4 IS NULL THEN "metadata" ELSE json_patch(coalesce("metadata", '{}'), ?4) END
            WHERE "id" = ?1
            """, [
                .text(id), .text(name), .text(tags.map { JSONValue.array($0.map(JSONValue.string)).jsonText }),
                .text(metadata.map { JSONValue.object($0).jsonText }),
            ])
    }

    public func deleteThread(id: String) throws(ParleyError) {
        try db().query(#"DELETE FROM threads WHERE "id" = ?1"#, [.text(id)])
    }

    public func thread(id: String) throws(ParleyError) -> ChatThread? {
        let db = try db()
        return try db.transaction { () throws(ParleyError) -> ChatThread? in
            guard let row = try db.query("""
                SELECT "id", "createdAt", "name", "userId", "userIdentifier", "tags", "metadata"
                FROM threads WHERE "id" = ?1
                """, [.text(id)]).first else { return nil }
            var thread = ChatThread(row: row)
            thread.steps = try db.query("""
                SELECT s."id", s."threadId", s."parentId", s."name", s."type", s."streaming", s."waitForAnswer",
                    s."isError", s."metadata", s."tags", s."input", s."output", s."createdAt", s."start", s."end",
                    s."generation", s."showInput", s."language", s."defaultOpen", s."autoCollapse",
                    f."id", f."value", f."comment"
                FROM steps s
                LEFT JOIN feedbacks f ON f."id" = (
                    SELECT g."id" FROM feedbacks g WHERE g."forId" = s."id" ORDER BY g."id" LIMIT 1)
                WHERE s."threadId" = ?1
                ORDER BY s."createdAt", s."id"
                """, [.text(id)]).map(Step.init(row:))
            thread.elements = try db.query("""
                SELECT "id", "threadId", "forId", "type", "name", "url", "chainlitKey", "display", "objectKey",
                    "size", "page", "language", "mime", "props"
                FROM elements WHERE "threadId" = ?1 ORDER BY "id"
                """, [.text(id)]).map(Element.init(row:))
            return thread
        }
    }

    public func threads(_ filter: ThreadFilter, after cursor: String?, pageSize: Int) throws(ParleyError)
        -> ThreadPage {
        let position = try cursor.map { (text) throws(ParleyError) in try ThreadCursor(parsing: text) }
        // Only fixed fragments are chosen here; every value is a parameter. FTS5's MATCH cannot take NULL.
        var conditions = [#"t."userId" = ?1"#]
        if position != nil {
            conditions.append(#"(t."parleyActivityAt", t."id") < (?2, ?3)"#)
        }
        if filter.search != nil {
            conditions.append("""
                t."id" IN (SELECT s."threadId" FROM parley_steps_fts JOIN steps s ON s.rowid = parley_steps_fts.rowid
                           WHERE parley_steps_fts MATCH ?4)
                """)
        }
        if filter.feedback != nil {
            conditions.append(#"EXISTS (SELECT 1 FROM feedbacks f WHERE f."threadId" = t."id" AND f."value" = ?5)"#)
        }
        // Always there, as SQLite refuses a parameter numbered past the last one the statement names.
        conditions.append(#"(?7 IS NULL OR substr(t."id", 1, length(?7)) = ?7)"#)
        let rows = try db().query("""
            SELECT t."id", t."createdAt", t."name", t."userIdentifier", t."tags",
                (SELECT substr(s."output", 1, \(Self.previewLength)) FROM steps s
                 WHERE s."threadId" = t."id" AND s."type" IN ('user_message', 'assistant_message')
                 ORDER BY s."createdAt" DESC, s."id" DESC LIMIT 1),
                (SELECT count(*) FROM steps s
                 WHERE s."threadId" = t."id" AND s."type" IN ('user_message', 'assistant_message')),
                t."parleyActivityAt",
                (SELECT count(*) FROM feedbacks f WHERE f."threadId" = t."id" AND f."value" = 1),
                (SELECT count(*) FROM feedbacks f WHERE f."threadId" = t."id" AND f."value" = 0)
            FROM threads t
            WHERE \(conditions.joined(separator: " AND "))
            ORDER BY t."parleyActivityAt" DESC, t."id" DESC
            LIMIT ?6
            """, [
                .text(filter.userId), .text(position?.activityAt), .text(position?.id),
                .text(filter.search.map(Self.ftsQuery)), .int(filter.feedback), .int(max(pageSize, 1) + 1),
                .text(filter.idPrefix),
            ])
        return ThreadPage(rows: rows, pageSize: pageSize)
    }

    // MARK: - Steps

    public func upsertStep(_ step: Step) throws(ParleyError) {
        try db().query("""
            INSERT INTO steps ("id", "threadId", "parentId", "name", "type", "streaming", "waitForAnswer",
                "isError", "metadata", "tags", "input", "output", "createdAt", "start", "end", "generation",
                "showInput", "language", "defaultOpen", "autoCollapse")
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20)
            ON CONFLICT ("id") DO UPDATE SET
                "parentId" = coalesce(excluded."parentId", "parentId"), "name" = excluded."name",
                "type" = excluded."type", "streaming" = excluded."streaming",
                "waitForAnswer" = coalesce(excluded."waitForAnswer", "waitForAnswer"),
                "isError" = coalesce(excluded."isError", "isError"), "metadata" = excluded."metadata",
                "tags" = coalesce(excluded."tags", "tags"), "input" = coalesce(excluded."input", "input"),
                "output" = coalesce(excluded."output", "output"),
                "createdAt" = coalesce("createdAt", excluded."createdAt"),
                "start" = coalesce(excluded."start", "start"), "end" = coalesce(excluded."end", "end"),
                "generation" = coalesce(excluded."generation", "generation"),
                "showInput" = coalesce(excluded."showInput", "showInput"),
                "language" = coalesce(excluded."language", "language"),
                "defaultOpen" = coalesce(excluded."defaultOpen", "defaultOpen"),
                "autoCollapse" = coalesce(excluded."autoCollapse", "autoCollapse")
            """, step.parameters)
    }

    public func deleteStep(id: String) throws(ParleyError) {
        let db = try db()
        try db.transaction { () throws(ParleyError) in
            try db.query(#"DELETE FROM feedbacks WHERE "forId" = ?1"#, [.text(id)])
            try db.query(#"DELETE FROM elements WHERE "forId" = ?1"#, [.text(id)])
            try db.query(#"DELETE FROM steps WHERE "id" = ?1"#, [.text(id)])
        }
    }

    // MARK: - Elements

    public func createElement(_ element: Element) throws(ParleyError) {
        let db = try db()
        try db.transaction { () throws(ParleyError) in
            try db.query("""
                INSERT INTO elements ("id", "threadId", "forId", "type", "name", "url", "chainlitKey", "display",
                    "objectKey", "size", "page", "language", "mime", "props")
                VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)
                ON CONFLICT ("id") DO UPDATE SET "threadId" = excluded."threadId", "forId" = excluded."forId",
                    "type" = excluded."type", "name" = excluded."name", "url" = excluded."url",
                    "chainlitKey" = excluded."chainlitKey", "display" = excluded."display",
                    "objectKey" = excluded."objectKey", "size" = excluded."size", "page" = excluded."page",
                    "language" = excluded."language", "mime" = excluded."mime", "props" = excluded."props"
                """, element.parameters)
            if let bytes = element.bytes {
                try db.query("""
                    INSERT INTO parley_attachments ("elementId", "bytes") VALUES (?1, ?2)
                    ON CONFLICT ("elementId") DO UPDATE SET "bytes" = excluded."bytes"
                    """, [.text(element.id), .bytes(bytes)])
            }
        }
    }

    public func element(threadId: String, id: String) throws(ParleyError) -> Element? {
        try db().query("""
            SELECT e."id", e."threadId", e."forId", e."type", e."name", e."url", e."chainlitKey", e."display",
                e."objectKey", e."size", e."page", e."language", e."mime", e."props", a."bytes"
            FROM elements e LEFT JOIN parley_attachments a ON a."elementId" = e."id"
            WHERE e."threadId" = ?1 AND e."id" = ?2
            """, [.text(threadId), .text(id)]).first.map(Element.init(row:))
    }

    public func deleteElement(id: String) throws(ParleyError) {
        try db().query(#"DELETE FROM elements WHERE "id" = ?1"#, [.text(id)])
    }

    // MARK: - Feedback

    public func upsertFeedback(_ feedback: Feedback) throws(ParleyError) -> String {
        try db().query("""
            INSERT INTO feedbacks ("id", "forId", "threadId", "value", "comment") VALUES (?1, ?2, ?3, ?4, ?5)
            ON CONFLICT ("id") DO UPDATE SET "value" = excluded."value", "comment" = excluded."comment"
            """, [.text(feedback.id), .text(feedback.forId), .text(feedback.threadId), .int(feedback.value),
                  .text(feedback.comment)])
        return feedback.id
    }

    public func deleteFeedback(id: String) throws(ParleyError) -> Bool {
        !(try db().query(#"DELETE FROM feedbacks WHERE "id" = ?1 RETURNING "id""#, [.text(id)]).isEmpty)
    }

    // MARK: - Search

    public func search(userId: String, words: String, limit: Int) throws(ParleyError) -> [SearchHit] {
        guard !words.allSatisfy(\.isWhitespace) else { return [] }
        return try db().query("""
            SELECT t."id", t."name", s."id", snippet(parley_steps_fts, -1, ?4, ?5, '…', 16)
            FROM parley_steps_fts
            JOIN steps s ON s.rowid = parley_steps_fts.rowid
            JOIN threads t ON t."id" = s."threadId"
            WHERE parley_steps_fts MATCH ?2 AND t."userId" = ?1 AND s."type" NOT IN ('run', 'system_message')
            ORDER BY bm25(parley_steps_fts), s."createdAt" DESC, s."id"
            LIMIT ?3
            """, [.text(userId), .text(Self.ftsQuery(words)), .int(max(limit, 0)), .text(SearchHit.matchStart),
                  .text(SearchHit.matchEnd)]).map(SearchHit.init(row:))
    }

    public func usage(userId: String, days: Int) throws(ParleyError) -> UsageReport {
        let counts = try db().query("""
            SELECT (SELECT count(*) FROM threads WHERE "userId" = ?1),
                   (SELECT count(*) FROM steps s JOIN threads t ON t."id" = s."threadId"
                    WHERE t."userId" = ?1 AND s."type" IN ('user_message', 'assistant_message'))
            """, [.text(userId)])
        let rows = try db().query("""
            SELECT substr(s."createdAt", 1, 10) AS day, coalesce(json_extract(s."generation", '$.model'), ''),
                   count(*), coalesce(sum(json_extract(s."generation", '$.inputTokenCount')), 0),
                   coalesce(sum(json_extract(s."generation", '$.outputTokenCount')), 0)
            FROM steps s JOIN threads t ON t."id" = s."threadId"
            WHERE t."userId" = ?1 AND s."type" = 'assistant_message'
                AND substr(s."createdAt", 1, 10) IN (
                    SELECT DISTINCT substr(a."createdAt", 1, 10) FROM steps a JOIN threads b ON b."id" = a."threadId"
                    WHERE b."userId" = ?1 AND a."type" = 'assistant_message' ORDER BY 1 DESC LIMIT ?2)
            GROUP BY 1, 2 ORDER BY 1 DESC, 2
            """, [.text(userId), .int(max(days, 1))])
        return UsageReport(rows: counts, details: rows)
    }

    /// Each word as a quoted FTS5 string, so punctuation in what a person types is never query syntax.
    static func ftsQuery(_ words: String) -> String {
        words.split(whereSeparator: { $0.isWhitespace })
            .map { "\"" + $0.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
            .joined(separator: " ")
    }
}
