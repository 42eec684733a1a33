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
}
