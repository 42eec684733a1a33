import ParleyCore

/// Opens the store a DatabaseURL names, migrated and ready.
public enum Store {
    public static func open(_ url: DatabaseURL, migrate: Bool = true) async throws(ParleyError) -> any DataLayer {
        try await begin(url, migrate: migrate).store()
    }

    /// Starts opening the store now: PostgreSQL connects from this moment on the store's own thread
    /// (PostgresDataLayer.begin), SQLite in a task. `store()` of the result waits until it is open.
    public static func begin(_ url: DatabaseURL, migrate: Bool = true) -> StoreStart {
        switch url {
        case .postgres(let location):
            return StoreStart(opening: .postgres(PostgresDataLayer.begin(location, migrate: migrate)))
        case .sqlite(let path):
            return StoreStart(opening: .sqlite(Task { () -> Result<any DataLayer, ParleyError> in
                do throws(ParleyError) {
                    if let slash = path.lastIndex(of: "/"), slash != path.startIndex {
                        try FileSystem.makeDirectory(String(path[..<slash]))
                    }
                    return .success(try await SQLiteDataLayer.open(path: path, migrate: migrate))
                } catch {
                    return .failure(error)
                }
            }))
        }
    }

    /// The client library a PostgreSQL store uses (libpq's version and file; the latest connection's), for
    /// /settings; nil for SQLite, which is built into parley.
    public static func clientLibrary(for url: DatabaseURL) -> String? {
        guard case .postgres = url else { return nil }
        if let connected = LibPQ.connected.withLock({ $0 }) { return connected }
        switch LibPQ.shared {
        case .success(let library): return library.description
        case .failure(let failure): return "unavailable: \(failure.message)"
        }
    }
}
