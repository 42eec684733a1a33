import ParleyCore

/// Opens the store a DatabaseURL names, migrated and ready.
public enum Store {
    public static func open(_ url: DatabaseURL, migrate: Bool = true) async throws(ParleyError) -> any DataLayer {
        switch url {
        case .postgres(let location):
            return try await PostgresDataLayer.open(location, migrate: migrate)
        case .sqlite(let path):
            if let slash = path.lastIndex(of: "/"), slash != path.startIndex {
                try FileSystem.makeDirectory(String(path[..<slash]))
            }
            return try await SQLiteDataLayer.open(path: path, migrate: migrate)
        }
    }

    /// The client library a PostgreSQL store uses (libpq's version and file), for /settings; nil for SQLite,
    /// which is built into parley.
    public static func clientLibrary(for url: DatabaseURL) -> String? {
        guard case .postgres = url else { return nil }
        switch LibPQ.shared {
        case .success(let library): return library.description
        case .failure(let failure): return "unavailable: \(failure.message)"
        }
    }
}
