import Foundation
import ParleyCore
import Testing
@testable import ParleyStore

/// Bad data gets a clear error and changes nothing.
@Suite("Clear errors for bad databases")
struct BadInputTests {
    @Test("a corrupt SQLite file is refused and left byte for byte as it was")
    func corruptSQLite() async throws {
        let database = try StoreKind.sqlite.makeDatabase()
        let garbage = Data((0..<8192).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) })
        try garbage.write(to: URL(fileURLWithPath: database.location))
        let error = await #expect(throws: ParleyError.self) { try await database.open() }
        #expect(error?.code == .database)
        #expect(error?.message.contains("is not a usable SQLite database") == true)
        #expect(FileManager.default.contents(atPath: database.location) == garbage)
        #expect(!FileManager.default.fileExists(atPath: database.location + "-wal"))
    }

    @Test("an SQLite file in a directory that cannot be created is a clear error")
    func unwritableDirectory() async throws {
        let blocker = try StoreKind.sqlite.makeDatabase().location
        try Data("x".utf8).write(to: URL(fileURLWithPath: blocker))
        let error = await #expect(throws: ParleyError.self) {
            try await Store.open(.sqlite(path: blocker + "/sub/parley.sqlite3"))
        }
        #expect(error?.message.contains("cannot create the directory \(blocker)/sub") == true)
    }

    @Test("an unreachable server is a database error that names it without the password")
    func unreachable() async throws {
        let url = try DatabaseURL(parsing: "postgresql://ann:s3cret@127.0.0.1:1/chats?connect_timeout=2")
        let error = await #expect(throws: ParleyError.self) { try await Store.open(url) }
        #expect(error?.code == .databaseUnreachable, "a server that may come back, unlike a refusal")
        #expect(error?.message.contains("could not connect to PostgreSQL at postgresql://ann:***@127.0.0.1:1") == true)
        #expect(error?.description.contains("s3cret") == false)
        #expect(error?.hint.isEmpty == false)
    }

    @Test("a database or role that does not exist is named in the error, with a hint",
          .enabled(if: TestPostgres.enabled, TestPostgres.reason))
    func missing() async throws {
        let admin = try TestPostgres.requireAdminURL()
        for url in [TestPostgres.url(admin, database: "no_such_db"),
                    TestPostgres.url(admin, user: "no_such_role", password: "s3cret")] {
            let error = await #expect(throws: ParleyError.self) {
                try await Store.open(DatabaseURL(parsing: url))
            }
            #expect(error?.message.contains("does not exist") == true)
            #expect(error?.description.contains("s3cret") == false)
        }
    }

    @Test("a wrong password is refused with a clear error that never shows it; the right one gets in",
          .enabled(if: TestPostgres.enabled, TestPostgres.reason))
    func wrongPassword() async throws {
        let right = try #require(ProcessInfo.processInfo.environment["PARLEY_TEST_PASSWORD_URL"],
                                 "with-postgres.sh exports PARLEY_TEST_PASSWORD_URL")
        let wrong = right.replacingOccurrences(of: "correct-horse-battery", with: "tr0ub4dor")
        let error = await #expect(throws: ParleyError.self) {
            try await Store.open(DatabaseURL(parsing: wrong), migrate: false)
        }
        #expect(error?.code == .database)
        #expect(error?.message.contains("password authentication failed") == true, "\(error?.message ?? "")")
        #expect(error?.description.contains("tr0ub4dor") == false)
        let store = try await Store.open(DatabaseURL(parsing: right), migrate: false)
        await store.close()
    }
}
