import Foundation
import ParleyCore
import Testing
@testable import ParleyStore

/// Two people with their own login roles (members of `authenticated`) on one database with rls.sql applied.
@Suite("Row-level security", .enabled(if: TestPostgres.enabled, TestPostgres.reason))
struct RowLevelSecurityTests {
    @Test("one cannot read, change or add to another's threads; shared threads are readable; the owner sees all")
    func isolation() async throws {
        let database = try StoreKind.postgres.makeDatabase()
        let owner = try await PostgresDataLayer.open(TestPostgres.location(database.location))
        try await owner.applyRowLevelSecurity()
        try await owner.applyRowLevelSecurity()
        await owner.close()

        // Roles are cluster-wide, so their names are unique to this run; generated hex, never input.
        let suffix = UUID().uuidString.prefix(8).lowercased()
        let alice = "alice_\(suffix)", mallory = "mallory_\(suffix)"
        let admin = try database.connection()
        try admin.run(script: "CREATE ROLE \(alice) LOGIN IN ROLE authenticated")
        try admin.run(script: "CREATE ROLE \(mallory) LOGIN IN ROLE authenticated")

        let aliceURL = TestPostgres.url(database.location, user: alice)
        let malloryURL = TestPostgres.url(database.location, user: mallory)
        let aliceLayer = try await PostgresDataLayer.open(TestPostgres.location(aliceURL))
        let malloryLayer = try await PostgresDataLayer.open(TestPostgres.location(malloryURL))
        let aliceFixture = try await Fixture.make(aliceLayer, identifier: alice)
        _ = try await aliceFixture.exchange(aliceLayer, question: "private question", answer: "private answer")
        let malloryFixture = try await Fixture.make(malloryLayer, identifier: mallory)
        let aliceThread = aliceFixture.thread.id

        #expect(try await malloryLayer.thread(id: aliceThread) == nil)
        #expect(try await malloryLayer.threads(ThreadFilter(userId: aliceFixture.user.id), after: nil, pageSize: 10)
                    .threads.isEmpty)
        #expect(try await malloryLayer.user(identifier: alice) == nil)

        let raw = try TestPostgres.connect(malloryURL)
        #expect(try raw.query("SELECT count(*) FROM threads", []).first?.int(0) == 1)
        #expect(try raw.query(#"SELECT count(*) FROM steps WHERE "threadId" = $1::uuid"#, [.text(aliceThread)])
                    .first?.int(0) == 0)
        #expect(try raw.query(#"UPDATE threads SET "name" = 'mine' WHERE "id" = $1::uuid RETURNING "id""#,
                              [.text(aliceThread)]).isEmpty)
        #expect(try raw.query(#"DELETE FROM threads WHERE "id" = $1::uuid RETURNING "id""#,
                              [.text(aliceThread)]).isEmpty)
        let intrusion = #expect(throws: ParleyError.self) {
            try raw.query("""
                INSERT INTO steps ("id", "name", "type", "threadId", "streaming", "output", "createdAt")
                VALUES ($1::uuid, 'x', 'user_message', $2::uuid, false, 'injected', $3)
                """, [.text(ChainlitExchange.newID()), .text(aliceThread), .text(Timestamp.now())])
        }
        #expect(intrusion?.message.contains("row-level security") == true)
        #expect(intrusion?.message.contains("42501") == true)
        #expect(throws: ParleyError.self) {
            try raw.query("""
                INSERT INTO threads ("id", "createdAt", "userId", "metadata") VALUES ($1::uuid, $2, $3::uuid, '{}')
                """, [.text(ChainlitExchange.newID()), .text(Timestamp.now()), .text(aliceFixture.user.id)])
        }
        await #expect(throws: ParleyError.self) {
            try await malloryLayer.upsertStep(Step(id: ChainlitExchange.newID(), threadId: aliceThread, name: "x",
                                                   type: .userMessage, output: "injected"))
        }

        try await aliceLayer.updateThread(id: aliceThread, name: nil, tags: nil, metadata: ["is_shared": .bool(true)])
        let shared = try #require(try await malloryLayer.thread(id: aliceThread))
        #expect(shared.steps.count == 3)
        #expect(try raw.query(#"UPDATE threads SET "name" = 'mine' WHERE "id" = $1::uuid RETURNING "id""#,
                              [.text(aliceThread)]).isEmpty)
        #expect(try await aliceLayer.thread(id: aliceThread)?.name == "first question")

        #expect(try admin.query("SELECT count(*) FROM threads", []).first?.int(0) == 2)
        #expect(try admin.query("SELECT count(*) FROM steps", []).first?.int(0) == 3)
        #expect(try await aliceLayer.thread(id: malloryFixture.thread.id) == nil)
        await aliceLayer.close()
        await malloryLayer.close()
    }

    @Test("on Supabase, identity comes from the JWT claims of the role authenticated")
    func supabaseClaims() async throws {
        let database = try StoreKind.postgres.makeDatabase()
        let owner = try await PostgresDataLayer.open(TestPostgres.location(database.location))
        try await owner.applyRowLevelSecurity()
        let ann = try await Fixture.make(owner, identifier: "ann@example.com")
        _ = try await ann.exchange(owner, question: "ann's question", answer: "ann's answer")
        let bob = try await Fixture.make(owner, identifier: "bob@example.com")
        await owner.close()

        // As PostgREST does per request: switch to the role and set the claims, both for one transaction.
        let admin = try database.connection()
        func visible(as user: String) throws -> (threads: Int?, steps: Int?) {
            try admin.run(script: "BEGIN")
            defer { _ = try? admin.run(script: "ROLLBACK") }
            try admin.run(script: "SET LOCAL ROLE authenticated")
            _ = try admin.query("SELECT set_config('request.jwt.claims', $1, true)",
                                [.text(#"{"sub":"\#(user)","role":"authenticated"}"#)])
            return (try admin.query("SELECT count(*) FROM threads", []).first?.int(0),
                    try admin.query("SELECT count(*) FROM steps", []).first?.int(0))
        }
        let annSees = try visible(as: ann.user.id)
        #expect(annSees.threads == 1 && annSees.steps == 3)
        let bobSees = try visible(as: bob.user.id)
        #expect(bobSees.threads == 1 && bobSees.steps == 0, "bob sees his own (empty) chat, not ann's")
        #expect(try admin.query("SELECT count(*) FROM steps", []).first?.int(0) == 3, "the owner still sees all")
    }
}
