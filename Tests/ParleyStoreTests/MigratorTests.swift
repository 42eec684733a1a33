import Foundation
import ParleyCore
import Testing
@testable import ParleyStore

@Suite("Migrations")
struct MigratorTests {
    @Test("an empty database gets every migration once, recorded", arguments: StoreKind.all)
    func fromEmpty(kind: StoreKind) async throws {
        let database = try kind.makeDatabase()
        let all = database.migrator().migrations.map(\.version)
        #expect(!all.isEmpty)
        #expect(try database.migrator().migrate(database.connection(), location: "test") == all)
        #expect(try database.migrator().migrate(database.connection(), location: "test").isEmpty)
        let recorded = try database.rows("SELECT version FROM parley_schema_migrations ORDER BY version")
        #expect(recorded.compactMap { $0.int(0) } == all)
        #expect(try database.tables().isSuperset(of: ["users", "threads", "steps", "elements", "feedbacks"]))
    }

    @Test("a database at each earlier version is brought up to date", arguments: StoreKind.all)
    func fromEarlier(kind: StoreKind) async throws {
        let versions = try kind.makeDatabase().migrator().migrations.map(\.version)
        for earlier in [0] + versions.dropLast() {
            let database = try kind.makeDatabase()
            try database.migrator(upTo: earlier).migrate(database.connection(), location: "test")
            let applied = try database.migrator().migrate(database.connection(), location: "test")
            #expect(applied == versions.filter { $0 > earlier }, "from version \(earlier)")
            let layer = try await database.open()
            _ = try await Fixture.make(layer)
            await layer.close()
        }
    }

    @Test("a schema newer than parley knows is refused and left alone", arguments: StoreKind.all)
    func newer(kind: StoreKind) async throws {
        let database = try kind.makeDatabase()
        try database.migrator().migrate(database.connection(), location: "test")
        try database.rows("INSERT INTO parley_schema_migrations (version, name, \"appliedAt\") VALUES (999, 'x', 'y')")
        let error = await #expect(throws: ParleyError.self) { try await database.open() }
        #expect(error?.code == .database)
        #expect(error?.message.contains("version 999, newer than this parley knows") == true)
        #expect(try database.rows("SELECT count(*) FROM parley_schema_migrations").first?.int(0)
                    == database.migrator().migrations.count + 1)
    }

    @Test("a database holding other tables is refused and not touched", arguments: StoreKind.all)
    func foreign(kind: StoreKind) async throws {
        let database = try kind.makeDatabase()
        try database.connection().run(script: "CREATE TABLE orders (id INTEGER PRIMARY KEY)")
        let error = await #expect(throws: ParleyError.self) { try await database.open() }
        #expect(error?.message.contains("not a parley or Chainlit database") == true)
        #expect(error?.message.contains("orders") == true)
        #expect(try database.tables() == ["orders"])
    }

    @Test("tables Chainlit created are adopted with their rows, and gain the columns Chainlit now writes",
          .enabled(if: TestPostgres.enabled, TestPostgres.reason))
    func adoptChainlit() async throws {
        let database = try StoreKind.postgres.makeDatabase()
        try database.connection().run(script: ChainlitFixture.documentedDDL)
        let threadId = ChainlitExchange.newID()
        let userId = ChainlitExchange.newID()
        try database.rows("""
            INSERT INTO users ("id", "identifier", "metadata", "createdAt") VALUES ($1::uuid, 'bob', '{}', $2)
            """, [.text(userId), .text(Timestamp.now())])
        try database.rows("""
            INSERT INTO threads ("id", "createdAt", "name", "userId", "userIdentifier", "metadata")
            VALUES ($1::uuid, $2, 'from chainlit', $3::uuid, 'bob', '{}')
            """, [.text(threadId), .text(Timestamp.now()), .text(userId)])
        try database.rows("""
            INSERT INTO steps ("id", "name", "type", "threadId", "streaming", "output", "createdAt", "metadata",
                "generation")
            VALUES ($1::uuid, 'bob', 'user_message', $2::uuid, false, 'hello', $3, '{}', '{}')
            """, [.text(ChainlitExchange.newID()), .text(threadId), .text(Timestamp.now())])
        let layer = try await database.open()
        let thread = try #require(try await layer.thread(id: threadId))
        #expect(thread.name == "from chainlit")
        #expect(thread.steps.map(\.output) == ["hello"])
        await layer.close()
        let columns = try database.rows("""
            SELECT table_name::text || '.' || column_name::text FROM information_schema.columns
            WHERE column_name IN ('autoCollapse', 'autoPlay', 'playerConfig')
            """).compactMap { $0.text(0) }
        #expect(Set(columns) == ["steps.autoCollapse", "elements.autoPlay", "elements.playerConfig"])
    }

    @Test("several clients starting at once against one PostgreSQL all succeed and migrate once",
          .enabled(if: TestPostgres.enabled, TestPostgres.reason))
    func concurrentStart() async throws {
        let database = try StoreKind.postgres.makeDatabase()
        let location = try TestPostgres.location(database.location)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<6 {
                group.addTask {
                    let layer = try await PostgresDataLayer.open(location)
                    _ = try await layer.user(identifier: "nobody")
                    await layer.close()
                }
            }
            try await group.waitForAll()
        }
        let recorded = try database.rows("SELECT version FROM parley_schema_migrations ORDER BY version")
        #expect(recorded.compactMap { $0.int(0) } == database.migrator().migrations.map(\.version))
    }

    @Test("several clients starting at once against one SQLite file all succeed and migrate once")
    func concurrentSQLiteStart() async throws {
        let database = try StoreKind.sqlite.makeDatabase()
        let path = database.location
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<4 {
                group.addTask {
                    let layer = try await SQLiteDataLayer.open(path: path)
                    _ = try await layer.user(identifier: "nobody")
                    await layer.close()
                }
            }
            try await group.waitForAll()
        }
        let recorded = try database.rows("SELECT version FROM parley_schema_migrations ORDER BY version")
        #expect(recorded.compactMap { $0.int(0) } == database.migrator().migrations.map(\.version))
    }
}
