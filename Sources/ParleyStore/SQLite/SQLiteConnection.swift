import CSQLite
import Foundation
import ParleyCore

/// One sqlite3 connection; not Sendable, so only its owning actor's thread calls it.
final class SQLiteConnection: SQLDatabase {
    private let sqlite: LibSQLite
    private let handle: OpaquePointer
    let path: String
    /// Compiled statements by their SQL. parley's statements are a fixed set of constants, and compiling one
    /// (parsing, resolving names against the schema, planning) cost more CPU than running it: compiling again
    /// for every write was most of the fifth of a scripted chat's CPU that SQLite took. SQLite recompiles a
    /// kept statement itself when the schema changes.
    private var statements: [String: OpaquePointer] = [:]
    private static let statementCacheLimit = 64
    /// Pages the write-ahead log may hold before a commit copies them into the database (SQLite's default is
    /// 1,000); about ten chat turns.
    private static let checkpointPages = 200

    /// Opens (creating when missing) and checks that the file really is a database before anything is written.
    init(path: String) throws(ParleyError) {
        self.path = path
        sqlite = try LibSQLite.shared.opened(.database, "SQLite needs libsqlite3",
                                             hint: "install it (Debian and Ubuntu: apt install libsqlite3-0), "
                                                 + "or use PostgreSQL")
        let sqlite = self.sqlite
        var connection: OpaquePointer?
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX
        let status = sqlite.open(path, &connection, flags, nil)
        guard status == SQLITE_OK, let connection else {
            let reason = connection.map { String(cString: sqlite.errorMessage($0)) } ?? "out of memory"
            _ = sqlite.close(connection)
            throw ParleyError(.database, "cannot open the SQLite database \(path): \(reason)",
                              hint: "check that the directory exists and is writable")
        }
        handle = connection
        _ = sqlite.busyTimeout(handle, 10_000)
        // The last connection to close would copy the write-ahead log into the database and delete it: two
        // fsyncs at every exit, and two more to create the log again at the next run's first write: 2.5 ms a
        // run, measured here with the sqlite3 shell and these settings. The log stays instead, as durable as the
        // database; a smaller automatic checkpoint keeps it short, so reading it back at the next open costs little.
        _ = parley_sqlite_set_flag(sqlite.databaseConfig, handle, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1)
        _ = sqlite.extendedResultCodes(handle, 1)
        do {
            // Reading the schema first makes a corrupt or foreign file fail before WAL mode touches it.
            try query("SELECT count(*) FROM sqlite_master", [])
            try run(script: "PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL; "
                + "PRAGMA wal_autocheckpoint = \(Self.checkpointPages)")
        } catch {
            throw ParleyError(.database, "\(path) is not a usable SQLite database: \(error.message)",
                              hint: "move the file aside, or point --database at another file")
        }
    }

    deinit {
        for statement in statements.values { _ = sqlite.finalize(statement) }
        _ = sqlite.close(handle)
    }

    var isInTransaction: Bool {
        sqlite.autocommit(handle) == 0
    }

    func run(script: String) throws(ParleyError) {
        var errorMessage: UnsafeMutablePointer<CChar>?
        let status = sqlite.exec(handle, script, nil, nil, &errorMessage)
        guard status == SQLITE_OK else {
            let reason = errorMessage.map { String(cString: $0) } ?? String(cString: sqlite.errorString(status))
            sqlite.free(errorMessage)
            throw failure(reason)
        }
    }

    @discardableResult
    func query(_ sql: String, _ parameters: [SQLValue]) throws(ParleyError) -> [SQLRow] {
        let statement = try prepared(sql)
        defer {
            _ = sqlite.reset(statement)
            _ = sqlite.clearBindings(statement)
        }
        for (offset, parameter) in parameters.enumerated() {
            try bind(parameter, at: Int32(offset + 1), in: statement)
        }
        var rows: [SQLRow] = []
        while true {
            let status = sqlite.step(statement)
            if status == SQLITE_DONE { return rows }
            guard status == SQLITE_ROW else { throw failure(String(cString: sqlite.errorMessage(handle))) }
            rows.append(row(of: statement))
        }
    }

    /// The compiled statement for `sql`, from the cache or compiled now and kept.
    private func prepared(_ sql: String) throws(ParleyError) -> OpaquePointer {
        if let cached = statements[sql] { return cached }
        var statement: OpaquePointer?
        let flags = UInt32(SQLITE_PREPARE_PERSISTENT)
        guard sqlite.prepare(handle, sql, -1, flags, &statement, nil) == SQLITE_OK, let statement else {
            throw failure(String(cString: sqlite.errorMessage(handle)))
        }
        if statements.count >= Self.statementCacheLimit {
            for cached in statements.values { _ = sqlite.finalize(cached) }
            statements.removeAll(keepingCapacity: true)
        }
        statements[sql] = statement
        return statement
    }

    private func bind(_ value: SQLValue, at index: Int32, in statement: OpaquePointer) throws(ParleyError) {
        let status: Int32
        switch value {
        case .null: status = sqlite.bindNull(statement, index)
        case .text(let text): status = sqlite.bindText(statement, index, text, -1, parley_sqlite_transient())
        case .int(let number): status = sqlite.bindInt64(statement, index, Int64(number))
        case .bool(let flag): status = sqlite.bindInt64(statement, index, flag ? 1 : 0)
        case .bytes(let bytes):
            status = bytes.withUnsafeBytes { buffer in
                sqlite.bindBlob64(statement, index, buffer.baseAddress, UInt64(buffer.count),
                                    parley_sqlite_transient())
            }
        }
        guard status == SQLITE_OK else { throw failure(String(cString: sqlite.errorMessage(handle))) }
    }

    private func row(of statement: OpaquePointer) -> SQLRow {
        let count = sqlite.columnCount(statement)
        var values: [SQLValue] = []
        values.reserveCapacity(Int(count))
        for column in 0..<count {
            switch sqlite.columnType(statement, column) {
            case SQLITE_NULL:
                values.append(.null)
            case SQLITE_INTEGER:
                values.append(.int(Int(sqlite.columnInt64(statement, column))))
            case SQLITE_BLOB:
                let length = Int(sqlite.columnBytes(statement, column))
                if let pointer = sqlite.columnBlob(statement, column), length > 0 {
                    values.append(.bytes(Array(UnsafeRawBufferPointer(start: pointer, count: length))))
                } else {
                    values.append(.bytes([]))
                }
            default:
                values.append(.text(sqlite.columnText(statement, column).map { String(cString: $0) } ?? ""))
            }
        }
        return SQLRow(values: values)
    }

    private func failure(_ reason: String) -> ParleyError {
        ParleyError(.database, "SQLite database \(path): \(reason)")
    }
}
