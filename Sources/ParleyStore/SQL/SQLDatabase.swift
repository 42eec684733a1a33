import ParleyCore

/// What the migrator needs from a connection; each store's connection provides it.
protocol SQLDatabase: AnyObject {
    /// Runs several statements without parameters: migration files only.
    func run(script: String) throws(ParleyError)
    /// Runs one parameterised statement and returns its rows.
    @discardableResult
    func query(_ sql: String, _ parameters: [SQLValue]) throws(ParleyError) -> [SQLRow]
    /// Whether a transaction is open, so that one begun inside it joins it instead of failing.
    var isInTransaction: Bool { get }
}

extension SQLDatabase {
    /// Runs `body` in a transaction (`begin` lets SQLite take its write lock up front); inside another
    /// transaction, as part of that one.
    func transaction<T>(begin: String = "BEGIN", _ body: () throws(ParleyError) -> T) throws(ParleyError) -> T {
        if isInTransaction { return try body() }
        try run(script: begin)
        do {
            let result = try body()
            try run(script: "COMMIT")
            return result
        } catch {
            try? run(script: "ROLLBACK")
            throw error
        }
    }
}
