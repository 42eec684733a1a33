import ParleyCore

/// Brings a database to the newest schema parley knows, one migration per transaction, recorded in
/// `parley_schema_migrations`; several clients starting at once wait for each other.
struct Migrator {
    enum Dialect: Sendable {
        case postgres, sqlite
    }

    /// Tables parley may find in a database it adopts: Chainlit's and its own.
    static let knownTables: Set<String> = [
        "users", "threads", "steps", "elements", "feedbacks", "parley_attachments", "parley_schema_migrations",
    ]
    /// An arbitrary fixed key: every parley process serialises its migrations on it.
    static let advisoryLockKey = 7_061_727_106_905_612

    var dialect: Dialect
    var migrations: [Migration]

    init(dialect: Dialect, migrations: [Migration]? = nil) {
        self.dialect = dialect
        self.migrations = migrations ?? Migration.embedded(dialect == .postgres ? "postgres" : "sqlite")
    }

    /// Applies what is pending and returns the versions it applied.
    @discardableResult
    func migrate(_ database: some SQLDatabase, location: String) throws(ParleyError) -> [Int] {
        // A database already at this schema needs no lock and no transaction: one query at each start instead
        // of six round trips, which a server across a network would make every start wait for.
        if isCurrent(database) { return [] }
        if dialect == .postgres {
            try database.query("SELECT pg_advisory_lock($1)", [.int(Self.advisoryLockKey)])
        }
        defer {
            if dialect == .postgres {
                _ = try? database.query("SELECT pg_advisory_unlock($1)", [.int(Self.advisoryLockKey)])
            }
        }
        var applied: [Int] = []
        while true {
            let next = try database.transaction(begin: dialect == .postgres ? "BEGIN" : "BEGIN IMMEDIATE") {
                () throws(ParleyError) -> Migration? in
                let done = try prepare(database, location: location)
                guard let next = migrations.first(where: { !done.contains($0.version) }) else { return nil }
                try database.run(script: next.sql)
                try database.query(
                    "INSERT INTO parley_schema_migrations (version, name, \"appliedAt\") VALUES (\(placeholders))",
                    [.int(next.version), .text(next.name), .text(Timestamp.now())])
                return next
            }
            guard let next else { return applied }
            applied.append(next.version)
        }
    }

    /// Checks the database is parley's to change and returns the versions already applied.
    private func prepare(_ database: some SQLDatabase, location: String) throws(ParleyError) -> Set<Int> {
        let tables = try database.query(tablesQuery, []).compactMap { $0.text(0) }
        if !tables.contains("parley_schema_migrations") {
            let foreign = tables.filter { !Self.knownTables.contains($0) && !$0.hasPrefix("parley_") }.sorted()
            if !foreign.isEmpty {
                let examples = foreign.prefix(5).joined(separator: ", ")
                throw ParleyError(
                    .database, "\(location) is not a parley or Chainlit database: it has other tables (\(examples))",
                    hint: "give parley a database of its own, or an empty one")
            }
            try database.run(script: """
                CREATE TABLE IF NOT EXISTS parley_schema_migrations (
                    version INTEGER PRIMARY KEY, name TEXT NOT NULL, "appliedAt" TEXT NOT NULL)
                """)
        }
        let versions = Set(try database.query("SELECT version FROM parley_schema_migrations", []).compactMap {
            $0.int(0)
        })
        let known = migrations.map(\.version).max() ?? 0
        if let newest = versions.max(), newest > known {
            throw ParleyError(
                .database,
                "the schema of \(location) is at version \(newest), newer than this parley knows (\(known))",
                hint: "upgrade parley; it will not change a database a newer version has migrated")
        }
        return versions
    }

    /// Whether exactly the migrations this parley knows are recorded; false too when the table is missing.
    private func isCurrent(_ database: some SQLDatabase) -> Bool {
        let newest = migrations.map(\.version).max() ?? 0
        guard let row = try? database.query("SELECT count(*), max(version) FROM parley_schema_migrations", []).first
        else { return false }
        return row.int(0) == migrations.count && row.int(1) == newest
    }

    private var tablesQuery: String {
        switch dialect {
        case .postgres:
            "SELECT table_name::text FROM information_schema.tables WHERE table_schema = current_schema()"
        case .sqlite:
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        }
    }

    private var placeholders: String {
        dialect == .postgres ? "$1, $2, $3" : "?1, ?2, ?3"
    }
}
