import Foundation
import ParleyCore
import Testing
@testable import ParleyStore

/// The SQLite connection keeps its statements compiled between uses.
@Suite("SQLite connection")
struct SQLiteConnectionTests {
    @Test("a kept statement sees a changed schema, new parameters, and never an earlier run's rows")
    func keptStatements() throws {
        let connection = try SQLiteConnection(path: try StoreKind.sqlite.makeDatabase().location)
        try connection.run(script: "CREATE TABLE t (a INTEGER); INSERT INTO t VALUES (1), (2), (3)")
        let select = "SELECT * FROM t WHERE a >= ?1 ORDER BY a"
        #expect(try connection.query(select, [.int(2)]).map(\.values) == [[.int(2)], [.int(3)]])
        #expect(try connection.query(select, [.int(3)]).map(\.values) == [[.int(3)]])
        try connection.run(script: "ALTER TABLE t ADD COLUMN b TEXT DEFAULT 'x'")
        #expect(try connection.query(select, [.int(3)]).map(\.values) == [[.int(3), .text("x")]])
    }

    @Test("a statement that failed half-way runs again cleanly, and writes are not held open by it")
    func failedStatement() throws {
        let location = try StoreKind.sqlite.makeDatabase().location
        let connection = try SQLiteConnection(path: location)
        try connection.run(script: "CREATE TABLE u (a INTEGER UNIQUE)")
        let insert = "INSERT INTO u VALUES (?1)"
        try connection.query(insert, [.int(1)])
        #expect(throws: ParleyError.self) { try connection.query(insert, [.int(1)]) }
        try connection.query(insert, [.int(2)])
        // Another connection can write, so no statement of the first one still holds a transaction.
        let other = try SQLiteConnection(path: location)
        try other.query(insert, [.int(3)])
        let values = try connection.query("SELECT a FROM u ORDER BY a", []).map(\.values)
        #expect(values == [[.int(1)], [.int(2)], [.int(3)]])
    }
}
