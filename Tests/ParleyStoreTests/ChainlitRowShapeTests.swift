import Foundation
import ParleyCore
import Testing
@testable import ParleyStore

/// The rows parley writes, checked column by column against what Chainlit's web app reads.
@Suite("Chainlit row shapes", .enabled(if: TestPostgres.enabled, TestPostgres.reason))
struct ChainlitRowShapeTests {
    /// Chainlit's format: six fractional digits and Z.
    static func isTimestamp(_ text: String?) -> Bool {
        text?.wholeMatch(of: #/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z/#) != nil
    }

    @Test("an exchange is user_message → run on_message → assistant_message with feedback on the run step")
    func exchange() async throws {
        let database = try StoreKind.postgres.makeDatabase()
        let layer = try await database.open()
        let fixture = try await Fixture.make(layer, identifier: "bob")
        let (exchange, assistant) = try await fixture.exchange(layer, question: "hi", answer: "hello")
        _ = try await layer.upsertFeedback(exchange.feedback(value: 1, comment: "good"))
        await layer.close()

        let steps = try database.rows("""
            SELECT "id"::text, "name", "type", "parentId"::text, "input", "output", "showInput",
                "generation" ->> 'model', "streaming", "isError", "metadata"::text, "createdAt", "start", "end",
                "autoCollapse", "defaultOpen"
            FROM steps ORDER BY "createdAt"
            """)
        #expect(steps.count == 3)
        let user = try #require(steps.first), run = steps[1], answer = steps[2]
        #expect(user.text(1) == "bob" && user.text(2) == "user_message" && user.text(3) == nil)
        #expect(user.text(4) == nil && user.text(5) == "hi" && user.text(6) == nil && user.text(10) == "{}")
        #expect(user.bool(8) == false && user.bool(9) == false)
        #expect(run.text(1) == "on_message" && run.text(2) == "run" && run.text(3) == exchange.userStep.id)
        #expect(run.text(4) == "hi" && run.text(5) == "" && run.text(6) == "json")
        #expect(run.bool(14) == false && run.bool(15) == false && run.text(13) != nil)
        #expect(answer.text(0) == assistant.id && answer.text(1) == "Assistant")
        #expect(answer.text(2) == "assistant_message" && answer.text(3) == exchange.runStep.id)
        #expect(answer.text(5) == "hello" && answer.text(7) == "test-model")
        for row in steps {
            for column in [11, 12] {
                #expect(Self.isTimestamp(row.text(column)), "\(row.text(column) ?? "nil")")
            }
        }
        #expect(try database.rows(#"SELECT "forId"::text, "value", "comment" FROM feedbacks"#).first?.values
                    == [.text(exchange.runStep.id), .text("1"), .text("good")])

        let thread = try #require(try database.rows("""
            SELECT "name", "userId"::text, "userIdentifier", "tags"[1], array_length("tags", 1), "createdAt",
                jsonb_typeof("metadata")
            FROM threads
            """).first)
        #expect(thread.text(0) == "first question" && thread.text(1) == fixture.user.id)
        #expect(thread.text(2) == "bob" && thread.text(3) == "work" && thread.int(4) == 1)
        #expect(Self.isTimestamp(thread.text(5)))
        #expect(thread.text(6) == "object")
    }

    @Test("the columns have Chainlit's types: TEXT timestamps, JSONB, TEXT[] tags, UUID ids")
    func columnTypes() async throws {
        let database = try StoreKind.postgres.makeDatabase()
        try await database.open().close()
        let types = try database.rows("""
            SELECT table_name::text || '.' || column_name::text, data_type::text FROM information_schema.columns
            WHERE table_schema = 'public'
            """)
        let map = Dictionary(uniqueKeysWithValues: types.compactMap { row in row.text(0).map { ($0, row.text(1)) } })
        #expect(map["steps.createdAt"] == "text" && map["threads.createdAt"] == "text")
        #expect(map["steps.metadata"] == "jsonb" && map["steps.generation"] == "jsonb")
        #expect(map["threads.tags"] == "ARRAY" && map["steps.tags"] == "ARRAY")
        #expect(map["steps.id"] == "uuid" && map["feedbacks.forId"] == "uuid" && map["feedbacks.value"] == "integer")
        #expect(map["steps.autoCollapse"] == "boolean" && map["elements.playerConfig"] == "jsonb")
    }

    @Test("Chainlit's writes move a chat's activity by trigger; parley's keep it without firing any trigger")
    func activityWithoutTriggers() async throws {
        let database = try StoreKind.postgres.makeDatabase()
        let layer = try await database.open()
        let user = try await layer.createUser(User(id: ChainlitExchange.newID(), identifier: "bob"))
        func activity(_ thread: String) throws -> String? {
            try database.rows(#"SELECT "parleyActivityAt" FROM threads WHERE "id" = $1::uuid"#, [.text(thread)])
                .first?.text(0)
        }
        // Another program's connection, as Chainlit's data layer writes: a thread, then a later step.
        let other = try database.connection()
        try other.run(script: "SET parley.keeps_activity = off")
        let chainlitThread = ChainlitExchange.newID()
        try other.query("""
            INSERT INTO threads ("id", "createdAt", "name", "userId", "userIdentifier")
            VALUES ($1::uuid, '2026-01-01T00:00:00.000000Z', 'from the web app', $2::uuid, 'bob')
            """, [.text(chainlitThread), .text(user.id)])
        #expect(try activity(chainlitThread) == "2026-01-01T00:00:00.000000Z")
        try other.query("""
            INSERT INTO steps ("id", "threadId", "name", "type", "streaming", "isError", "waitForAnswer", "metadata",
                "output", "createdAt")
            VALUES ($1::uuid, $2::uuid, 'bob', 'user_message', false, false, false, '{}', 'hi',
                '2026-01-02T00:00:00.000000Z')
            """, [.text(ChainlitExchange.newID()), .text(chainlitThread)])
        #expect(try activity(chainlitThread) == "2026-01-02T00:00:00.000000Z")

        // With the triggers' functions made to fail, parley's writes still succeed and keep the activity.
        for function in ["parley_thread_activity_start", "parley_thread_activity_step"] {
            try other.run(script: """
                CREATE OR REPLACE FUNCTION \(function)() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN RAISE EXCEPTION '\(function) fired'; END $$
                """)
        }
        let thread = ChatThread(id: ChainlitExchange.newID(), createdAt: Timestamp.now(), name: "parley",
                                userId: user.id, userIdentifier: "bob")
        try await layer.createThread(thread)
        #expect(try activity(thread.id) == thread.createdAt)
        var step = Step(id: ChainlitExchange.newID(), threadId: thread.id, name: "bob", type: .userMessage,
                        output: "hello", createdAt: Timestamp.now())
        try await layer.createStep(step)
        #expect(try activity(thread.id) == step.createdAt)
        let later = Step(id: ChainlitExchange.newID(), threadId: thread.id, name: "bob", type: .userMessage,
                         output: "again", createdAt: Timestamp.now())
        let latest = Step(id: ChainlitExchange.newID(), threadId: thread.id, name: "bob", type: .userMessage,
                          output: "and again", createdAt: Timestamp.now())
        try await layer.apply([.upsertStep(later), .upsertStep(latest)])
        #expect(try activity(thread.id) == latest.createdAt)
        step.output = "edited"
        step.createdAt = Timestamp.now()
        try await layer.updateStep(step)
        #expect(try activity(thread.id) == latest.createdAt, "an updated step does not move the chat")
        await layer.close()
        // The triggers are still there for everyone else.
        let error = #expect(throws: ParleyError.self) {
            try other.query("""
                INSERT INTO steps ("id", "threadId", "name", "type", "streaming", "isError", "waitForAnswer", "metadata")
                VALUES ($1::uuid, $2::uuid, 'bob', 'user_message', false, false, false, '{}')
                """, [.text(ChainlitExchange.newID()), .text(thread.id)])
        }
        #expect(error?.message.contains("parley_thread_activity_step fired") == true)
    }
}
