import ParleyCore

/// A store being opened (`Store.begin`).
public struct StoreStart: Sendable {
    enum Opening: Sendable {
        case postgres(PostgresDataLayer)
        case sqlite(Task<Result<any DataLayer, ParleyError>, Never>)
    }

    let opening: Opening

    /// The open store, once ready; or why it could not be opened, as often as it is asked.
    public func store() async throws(ParleyError) -> any DataLayer {
        switch opening {
        case .postgres(let layer):
            try await layer.opened()
            return layer
        case .sqlite(let task):
            return try await task.value.get()
        }
    }
}
