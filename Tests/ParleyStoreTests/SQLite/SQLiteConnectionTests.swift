import Foundation
import ParleyCore
import Testing
@testable import ParleyStore

/// The SQLite connection keeps its statements compiled between uses, and its write-ahead log between runs.
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

    @Test("closing keeps the write-ahead log, and the next connection reads every write from it")
    func logKeptAtClose() throws {
        let location = try StoreKind.sqlite.makeDatabase().location
        do {
            let connection = try SQLiteConnection(path: location)
            try connection.run(script: "CREATE TABLE v (a TEXT); INSERT INTO v VALUES ('kept')")
        }
        let log = try FileManager.default.attributesOfItem(atPath: location + "-wal")[.size] as? Int ?? 0
        #expect(log > 0, "the log was folded into the database at close")
        let reopened = try SQLiteConnection(path: location)
        #expect(try reopened.query("SELECT a FROM v", []).map(\.values) == [[.text("kept")]])
        #expect(try reopened.query("PRAGMA wal_autocheckpoint", []).map(\.values) == [[.int(200)]])
    }
}
