/// One numbered schema file, `NNNN_name.sql`, as embedded in the binary.
struct Migration: Sendable, Equatable {
    var version: Int
    var name: String
    var sql: String

    /// The numbered files of one store's folder (`postgres` or `sqlite`), in order.
    static func embedded(_ folder: String) -> [Migration] {
        embeddedSchemaFiles.compactMap { file -> Migration? in
            let prefix = folder + "/"
            guard file.path.hasPrefix(prefix), file.path.hasSuffix(".sql") else { return nil }
            let base = file.path.dropFirst(prefix.count).dropLast(".sql".count)
            guard let underscore = base.firstIndex(of: "_"), let version = Int(base[..<underscore]) else {
                return nil
            }
            return Migration(version: version, name: String(base[base.index(after: underscore)...]), sql: file.sql)
        }
        .sorted { $0.version < $1.version }
    }

    /// schema/postgres/rls.sql: applied only on request, never at start-up.
    static var postgresRowLevelSecurity: String {
        embeddedSchemaFiles.first { $0.path == "postgres/rls.sql" }?.sql ?? ""
    }
}
