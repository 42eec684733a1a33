import ParleyCore

extension DatabaseURL {
    /// Variables consulted in order when no --database is given; Chainlit's own name comes before the generic one.
    public static let environmentVariables = ["PARLEY_DATABASE_URL", "CHAINLIT_DATABASE_URL", "DATABASE_URL"]

    /// `--database`, else the first set variable, else the SQLite file under the data directory.
    public static func select(option: String?, environment: [String: String], paths: Paths)
        throws(ParleyError) -> DatabaseURL {
        if let option, !option.isEmpty {
            return try DatabaseURL(parsing: option)
        }
        for variable in environmentVariables {
            if let value = environment[variable], !value.isEmpty {
                do {
                    return try DatabaseURL(parsing: value)
                } catch {
                    throw ParleyError(error.code, "\(variable): \(error.message)", hint: error.hint)
                }
            }
        }
        return .sqlite(path: defaultSQLitePath(paths))
    }

    /// `$XDG_DATA_HOME/parley/parley.sqlite3`.
    public static func defaultSQLitePath(_ paths: Paths) -> String {
        paths.dataDirectory + "/parley.sqlite3"
    }
}
