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
