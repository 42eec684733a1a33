import Foundation
import ParleyCore
import Testing
@testable import ParleyStore

/// A PostgreSQL connection sends a burst of statements in one pipeline, each statement prepared once.
@Suite("PostgreSQL connection", .enabled(if: TestPostgres.enabled, TestPostgres.reason))
struct PostgresConnectionTests {
    private func preparedCount(_ connection: PostgresConnection) throws -> Int? {
        try connection.query("SELECT count(*) FROM pg_prepared_statements", []).first?.int(0)
    }

    @Test("a store begun connects and migrates before anything waits for it; a start that failed says why each time")
    func begunBeforeAwaited() async throws {
        let url = try TestPostgres.createDatabase()
        let database = try #require(URLComponents(string: url)?.path.dropFirst()).description
        let observer = try TestPostgres.connect(TestPostgres.requireAdminURL())
        let start = Store.begin(try DatabaseURL(parsing: url))
        // Nothing awaits the start yet: the connection and the migration are its own thread's doing.
        let deadline = ContinuousClock.now + .seconds(10)
        var migrated = false
        while !migrated, ContinuousClock.now < deadline {
            migrated = try observer.query("""
                SELECT count(*) FROM pg_stat_activity
                WHERE datname = $1 AND application_name = 'parley' AND state = 'idle'
                """, [.text(database)]).first?.int(0) == 1
                && (try TestPostgres.connect(url).query("SELECT to_regclass('steps') IS NOT NULL", [])
                    .first?.bool(0) ?? false)
            if !migrated { try await Task.sleep(for: .milliseconds(20)) }
        }
        #expect(migrated, "the store connected and created its tables with no one waiting for it")
        let store = try await start.store()
        #expect(try await store.threads(ThreadFilter(userId: UUID().uuidString.lowercased()), after: nil,
                                        pageSize: 1).threads.isEmpty)
        await store.close()

        let unreachable = Store.begin(try DatabaseURL(parsing: "postgresql://ann@127.0.0.1:1/chats?connect_timeout=2"))
        var messages: [String] = []
        for _ in 0..<2 {
            let error = await #expect(throws: ParleyError.self) { try await unreachable.store() }
            #expect(error?.code == .databaseUnreachable)
            messages.append(error?.message ?? "")
        }
        #expect(messages[0].contains("could not connect to PostgreSQL at postgresql://ann@127.0.0.1:1"))
        #expect(messages[0] == messages[1], "the second wait hears the same failure")
    }

    @Test("a statement is prepared at its first use and reused after; a server that forgot it costs one burst")
    func preparedOnce() throws {
        let connection = try TestPostgres.connect(try TestPostgres.createDatabase())
        try connection.run(script: "CREATE TABLE t (a INTEGER PRIMARY KEY)")
        let insert = "INSERT INTO t VALUES ($1)"
        try connection.runTogether([SQLStatement(insert, [.int(1)]), SQLStatement(insert, [.int(2)])])
        #expect(try preparedCount(connection) == 1)
        try connection.runTogether([SQLStatement(insert, [.int(3)])])
        #expect(try preparedCount(connection) == 1)

        // As when a pooler hands the next burst to another server connection.
        try connection.run(script: "DEALLOCATE ALL")
        #expect(throws: ParleyError.self) { try connection.runTogether([SQLStatement(insert, [.int(4)])]) }
        try connection.runTogether([SQLStatement(insert, [.int(4)])])
        #expect(try preparedCount(connection) == 1)
        let values = try connection.query("SELECT a FROM t ORDER BY a", []).compactMap { $0.int(0) }
        #expect(values == [1, 2, 3, 4])
    }

    @Test("a burst refused half-way keeps nothing, and a statement first prepared in it is prepared again")
    func refusedBurst() throws {
        let connection = try TestPostgres.connect(try TestPostgres.createDatabase())
        try connection.run(script: "CREATE TABLE t (a INTEGER PRIMARY KEY)")
        let insert = "INSERT INTO t VALUES ($1)"
        let error = #expect(throws: ParleyError.self) {
            try connection.runTogether([SQLStatement(insert, [.int(1)]), SQLStatement(insert, [.int(1)])])
        }
        #expect(error?.message.contains("duplicate key") == true)
        #expect(try connection.query("SELECT count(*) FROM t", []).first?.int(0) == 0)
        try connection.runTogether([SQLStatement(insert, [.int(1)]), SQLStatement(insert, [.int(2)])])
        #expect(try connection.query("SELECT count(*) FROM t", []).first?.int(0) == 2)
    }
}
