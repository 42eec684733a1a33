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
}
