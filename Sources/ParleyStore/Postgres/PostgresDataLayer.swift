import ParleyCore

/// Chats in PostgreSQL, in Chainlit's tables; every libpq call runs on this actor's own thread.
public actor PostgresDataLayer: DataLayer {
    private let executor: ThreadExecutor
    private let location: String
    private var connection: PostgresConnection?
    private let opening = Opening()
    /// Why the connection `begin` started failed, once `opened()` has seen it.
    private var openingFailure: ParleyError?

    public nonisolated var unownedExecutor: UnownedSerialExecutor {
        executor.asUnownedSerialExecutor()
    }

    private init(location: PostgresLocation, migrate: Bool) {
        self.location = location.redacted
        let opening = self.opening
        executor = ThreadExecutor(name: "parley-postgres") {
            opening.result = Result { () throws(ParleyError) in
                let connection = try PostgresConnection(url: location.connectionURL, location: location.redacted,
                                                        triesPlainFirst: location.triesPlainFirst,
                                                        answerTimeout: location.answerTimeout)
                if migrate {
                    // Building an index over a large table may rightly take longer than any statement of a chat.
                    let deadline = connection.deadline
                    connection.deadline = nil
                    defer { connection.deadline = deadline }
                    try Migrator(dialect: .postgres).migrate(connection, location: location.redacted)
                }
                return connection
            }
        }
    }

    /// Connects and, unless told otherwise, applies pending migrations.
    public static func open(_ location: PostgresLocation, migrate: Bool = true) async throws(ParleyError)
        -> PostgresDataLayer {
        let layer = begin(location, migrate: migrate)
        try await layer.opened()
        return layer
    }

    /// Starts connecting (and migrating, unless told not to) at once, on the store's own thread, before any task
    /// reaches it: measured here, waiting for a task to start and hop to that thread put a piped prompt's
    /// connection 0.6 ms later.
    public static func begin(_ location: PostgresLocation, migrate: Bool = true) -> PostgresDataLayer {
        PostgresDataLayer(location: location, migrate: migrate)
    }

    /// Waits for the connection `begin` started; throws why it failed, as often as it is asked.
    public func opened() throws(ParleyError) {
        if let openingFailure { throw openingFailure }
        guard let result = opening.result else { return }
        opening.result = nil
        switch result {
        case .success(let opened):
            connection = opened
        case .failure(let failure):
            openingFailure = failure
            throw failure
        }
    }

    /// Runs schema/postgres/rls.sql; done only when asked (`parley migrate --rls`).
    public func applyRowLevelSecurity() throws(ParleyError) {
        try db().transaction { () throws(ParleyError) in
            try db().run(script: Migration.postgresRowLevelSecurity)
        }
    }

    public func close() {
        connection = nil
    }

    /// Runs a change's statements, or a burst's, as one transaction that keeps its chats' activity itself.
    private func write(_ statements: [SQLStatement]) throws(ParleyError) {
        try db().runTogether([PostgresWrites.keepingActivity] + statements)
    }

    /// The connection the store's thread made before its first job. Only that thread touches it: first while
    /// connecting, then in the actor's jobs, which run after.
    private final class Opening: @unchecked Sendable {
        var result: Result<PostgresConnection, ParleyError>?
    }

    func db() throws(ParleyError) -> PostgresConnection {
        guard let connection else {
            throw ParleyError(.database, "the connection to PostgreSQL at \(location) is closed")
        }
        return connection
    }

    // MARK: - Users

    public func user(identifier: String) throws(ParleyError) -> User? {
        try db().query("""
            SELECT "id"::text, "identifier", "metadata"::text, "createdAt" FROM users WHERE "identifier" = $1
            """, [.text(identifier)]).first.map(User.init(row:))
    }

    public func createUser(_ user: User) throws(ParleyError) -> User {
        try write(PostgresWrites.statements(creating: user))
        guard let stored = try self.user(identifier: user.identifier) else {
            throw ParleyError(.database, "PostgreSQL at \(location) did not keep the user \(user.identifier)",
                              hint: "with row-level security, log in as the role named like the user")
        }
        return stored
    }

    /// A burst of changes in order, sent to the server in one round trip as one transaction.
    public func apply(_ operations: [WriteOperation]) throws(ParleyError) {
        try write(operations.flatMap(PostgresWrites.statements(for:)))
    }

    // MARK: - Threads

    /// A chat begun while the database was away may carry a user id made up then; if the database knows
    /// that person under another id (created meanwhile from elsewhere), the chat goes to that id.
    public func createThread(_ thread: ChatThread) throws(ParleyError) {
        try write(PostgresWrites.statements(creating: thread))
    }

    public func updateThread(id: String, name: String?, tags: [String]?, metadata: [String: JSONValue]?)
        throws(ParleyError) {
        try write(PostgresWrites.statements(updatingThread: id, name: name, tags: tags, metadata: metadata))
    }

    public func deleteThread(id: String) throws(ParleyError) {
        try write(PostgresWrites.statements(deletingThread: id))
    }

    public func thread(id: String) throws(ParleyError) -> ChatThread? {
        let db = try db()
        return try db.transaction { () throws(ParleyError) -> ChatThread? in
            guard let row = try db.query("""
                SELECT "id"::text, "createdAt", "name", "userId"::text, "userIdentifier", to_json("tags")::text,
                    "metadata"::text
                FROM threads WHERE "id" = $1::uuid
                """, [.text(id)]).first else { return nil }
            var thread = ChatThread(row: row)
            thread.steps = try db.query("""
                SELECT s."id"::text, s."threadId"::text, s."parentId"::text, s."name", s."type", s."streaming",
                    s."waitForAnswer", s."isError", s."metadata"::text, to_json(s."tags")::text, s."input",
                    s."output", s."createdAt", s."start", s."end", s."generation"::text, s."showInput",
                    s."language", s."defaultOpen", s."autoCollapse", f."id"::text, f."value", f."comment"
                FROM steps s
                LEFT JOIN LATERAL (
                    SELECT "id", "value", "comment" FROM feedbacks WHERE "forId" = s."id" ORDER BY "id" LIMIT 1
                ) f ON true
                WHERE s."threadId" = $1::uuid
                ORDER BY s."createdAt", s."id"
                """, [.text(id)]).map(Step.init(row:))
            thread.elements = try db.query("""
                SELECT "id"::text, "threadId"::text, "forId"::text, "type", "name", "url", "chainlitKey",
                    "display", "objectKey", "size", "page", "language", "mime", "props"::text
                FROM elements WHERE "threadId" = $1::uuid ORDER BY "id"
                """, [.text(id)]).map(Element.init(row:))
            return thread
        }
    }

    public func threads(_ filter: ThreadFilter, after cursor: String?, pageSize: Int) throws(ParleyError)
        -> ThreadPage {
        let position = try cursor.map { (text) throws(ParleyError) in try ThreadCursor(parsing: text) }
        let rows = try db().query("""
            SELECT t."id"::text, t."createdAt", t."name", t."userIdentifier", to_json(t."tags")::text,
                (SELECT left(s."output", \(Self.previewLength)) FROM steps s
                 WHERE s."threadId" = t."id" AND s."type" IN ('user_message', 'assistant_message')
                 ORDER BY s."createdAt" DESC, s."id" DESC LIMIT 1),
                (SELECT count(*) FROM steps s
                 WHERE s."threadId" = t."id" AND s."type" IN ('user_message', 'assistant_message')),
                t."parleyActivityAt",
                (SELECT count(*) FROM feedbacks f WHERE f."threadId" = t."id" AND f."value" = 1),
                (SELECT count(*) FROM feedbacks f WHERE f."threadId" = t."id" AND f."value" = 0)
            FROM threads t
            WHERE t."userId" = $1::uuid
                AND ($2::text IS NULL OR (t."parleyActivityAt", t."id") < ($2::text, $3::uuid))
                AND ($4::text IS NULL OR EXISTS (
                    SELECT 1 FROM steps s WHERE s."threadId" = t."id"
                        AND \(Self.searchVector("s")) @@ plainto_tsquery('simple'::regconfig, $4::text)))
                AND ($5::int IS NULL OR EXISTS (
                    SELECT 1 FROM feedbacks f WHERE f."threadId" = t."id" AND f."value" = $5::int))
                AND ($7::text IS NULL OR left(t."id"::text, length($7::text)) = $7::text)
            ORDER BY t."parleyActivityAt" DESC, t."id" DESC
            LIMIT $6
            """, [
                .text(filter.userId), .text(position?.activityAt), .text(position?.id), .text(filter.search),
                .int(filter.feedback), .int(max(pageSize, 1) + 1), .text(filter.idPrefix),
            ])
        return ThreadPage(rows: rows, pageSize: pageSize)
    }

    // MARK: - Steps

    public func upsertStep(_ step: Step) throws(ParleyError) {
        try write(PostgresWrites.statements(upserting: step))
    }

    public func deleteStep(id: String) throws(ParleyError) {
        try write(PostgresWrites.statements(deletingStep: id))
    }

    // MARK: - Elements

    public func createElement(_ element: Element) throws(ParleyError) {
        try write(PostgresWrites.statements(creating: element))
    }

    public func element(threadId: String, id: String) throws(ParleyError) -> Element? {
        try db().query("""
            SELECT e."id"::text, e."threadId"::text, e."forId"::text, e."type", e."name", e."url",
                e."chainlitKey", e."display", e."objectKey", e."size", e."page", e."language", e."mime",
                e."props"::text, a."bytes"
            FROM elements e LEFT JOIN parley_attachments a ON a."elementId" = e."id"
            WHERE e."threadId" = $1::uuid AND e."id" = $2::uuid
            """, [.text(threadId), .text(id)]).first.map(Element.init(row:))
    }

    public func deleteElement(id: String) throws(ParleyError) {
        try write(PostgresWrites.statements(deletingElement: id))
    }

    // MARK: - Feedback

    public func upsertFeedback(_ feedback: Feedback) throws(ParleyError) -> String {
        try write(PostgresWrites.statements(upserting: feedback))
        return feedback.id
    }

    public func deleteFeedback(id: String) throws(ParleyError) -> Bool {
        let statement = PostgresWrites.deletingFeedback(id)
        return !(try db().query(statement.sql, statement.parameters).isEmpty)
    }

    // MARK: - Search

    public func search(userId: String, words: String, limit: Int) throws(ParleyError) -> [SearchHit] {
        guard !words.allSatisfy(\.isWhitespace) else { return [] }
        return try db().query("""
            SELECT t."id"::text, t."name", s."id"::text,
                ts_headline('simple'::regconfig, coalesce(nullif(s."output", ''), s."input", ''), q,
                    format('StartSel=%s, StopSel=%s, MinWords=5, MaxWords=20', $4::text, $5::text))
            FROM steps s
            JOIN threads t ON t."id" = s."threadId"
            CROSS JOIN plainto_tsquery('simple'::regconfig, $2) q
            WHERE t."userId" = $1::uuid AND s."type" NOT IN ('run', 'system_message') AND \(Self.searchVector("s")) @@ q
            ORDER BY ts_rank(\(Self.searchVector("s")), q) DESC, s."createdAt" DESC, s."id"
            LIMIT $3
            """, [.text(userId), .text(words), .int(max(limit, 0)), .text(SearchHit.matchStart),
                  .text(SearchHit.matchEnd)]).map(SearchHit.init(row:))
    }

    // MARK: - SQL fragments (constants, never values)

    /// The exact expression the GIN index in 0005_search_limit.sql is built on, so the planner can use it.
    private static func searchVector(_ alias: String) -> String {
        "to_tsvector('simple'::regconfig, left(coalesce(\(alias).\"input\", '') || ' ' || "
            + "coalesce(\(alias).\"output\", ''), 100000))"
    }

    public func usage(userId: String, days: Int) throws(ParleyError) -> UsageReport {
        let counts = try db().query("""
            SELECT (SELECT count(*) FROM threads WHERE "userId" = $1::uuid),
                   (SELECT count(*) FROM steps s JOIN threads t ON t."id" = s."threadId"
                    WHERE t."userId" = $1::uuid AND s."type" IN ('user_message', 'assistant_message'))
            """, [.text(userId)])
        let rows = try db().query("""
            WITH answers AS (
                SELECT left(s."createdAt", 10) AS day, coalesce(s."generation" ->> 'model', '') AS model,
                       (s."generation" ->> 'inputTokenCount')::bigint AS input,
                       (s."generation" ->> 'outputTokenCount')::bigint AS output
                FROM steps s JOIN threads t ON t."id" = s."threadId"
                WHERE t."userId" = $1::uuid AND s."type" = 'assistant_message')
            SELECT day, model, count(*), coalesce(sum(input), 0), coalesce(sum(output), 0) FROM answers
            WHERE day IN (SELECT DISTINCT day FROM answers ORDER BY 1 DESC LIMIT $2::int)
            GROUP BY 1, 2 ORDER BY 1 DESC, 2
            """, [.text(userId), .int(max(days, 1))])
        return UsageReport(rows: counts, details: rows)
    }
}
