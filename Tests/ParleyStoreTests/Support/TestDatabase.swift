import Foundation
import ParleyCore
@testable import ParleyStore

/// One test's database: opens data layers on it and runs raw SQL against it.
struct TestDatabase: Sendable {
    let kind: StoreKind
    /// The SQLite path or the PostgreSQL URL.
    let location: String

    var url: DatabaseURL {
        get throws {
            try DatabaseURL(parsing: location)
        }
    }

    func open(migrate: Bool = true) async throws -> any DataLayer {
        try await Store.open(url, migrate: migrate)
    }

    /// A direct connection for checks the DataLayer does not offer; used from one test task at a time.
    func connection() throws -> any SQLDatabase {
        switch kind {
        case .sqlite: try SQLiteConnection(path: location)
        case .postgres: try TestPostgres.connect(location)
        }
    }

    func migrator(upTo version: Int? = nil) -> Migrator {
        let dialect: Migrator.Dialect = kind == .postgres ? .postgres : .sqlite
        let all = Migrator(dialect: dialect).migrations
        return Migrator(dialect: dialect, migrations: all.filter { $0.version <= (version ?? Int.max) })
    }

    /// `$1` becomes `?1` for SQLite, so one check reads the same for both stores.
    @discardableResult
    func rows(_ sql: String, _ parameters: [SQLValue] = []) throws -> [SQLRow] {
        let text = kind == .sqlite ? sql.replacingOccurrences(of: "$", with: "?") : sql
        return try connection().query(text, parameters)
    }

    func tables() throws -> Set<String> {
        let sql = kind == .sqlite
            ? "SELECT name FROM sqlite_master WHERE type = 'table'"
            : "SELECT table_name::text FROM information_schema.tables WHERE table_schema = 'public'"
        return Set(try rows(sql).compactMap { $0.text(0) })
    }

    /// A private directory for an outbox, apart from the database whatever its kind.
    static func stateDirectory() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("parley-state-" + UUID().uuidString).path
    }
}
