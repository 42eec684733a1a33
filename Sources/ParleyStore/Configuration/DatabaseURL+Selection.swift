import Foundation
import ParleyCore

extension DatabaseURL {
    /// Variables consulted in order when no --database is given; Chainlit's own name comes before the generic one.
    public static let environmentVariables = ["PARLEY_DATABASE_URL", "CHAINLIT_DATABASE_URL", "DATABASE_URL"]

    /// `--database`, else PARLEY_DATABASE_URL, else `database` in the configuration file, else the other variables
    /// (they may be set for other programs), else the SQLite file under the data directory.
    public static func select(option: String?, environment: [String: String], configured: String? = nil,
                              paths: Paths) throws(ParleyError) -> DatabaseURL {
        if let option, !option.isEmpty {
            return try DatabaseURL(parsing: option)
        }
        var sources = environmentVariables.compactMap { variable in
            environment[variable].flatMap { $0.isEmpty ? nil : (variable, $0) }
        }
        if let configured {
            let position = sources.first?.0 == environmentVariables[0] ? 1 : 0
            sources.insert(("database in \(paths.configFile)", configured), at: position)
        }
        guard let (source, value) = sources.first else { return .sqlite(path: defaultSQLitePath(paths)) }
        let url: DatabaseURL
        do {
            url = try DatabaseURL(parsing: value)
        } catch {
            throw ParleyError(error.code, "\(source): \(error.message)", hint: error.hint)
        }
        if value == configured { try requirePrivate(paths.configFile, ifItHolds: url) }
        return url
    }

    /// A password in the configuration file is kept as an api_key is: the file must be its owner's alone.
    private static func requirePrivate(_ file: String, ifItHolds url: DatabaseURL) throws(ParleyError) {
        guard case .postgres(let location) = url, location.redacted != location.connectionURL,
              let mode = (try? FileManager.default.attributesOfItem(atPath: file))?[.posixPermissions] as? Int,
              mode & 0o077 != 0 else { return }
        throw ParleyError(.config, "\(file) holds a database password but can be read by other users "
                              + "(mode \(String(mode, radix: 8)))",
                          hint: "run: chmod 600 \(file)   (or set PARLEY_DATABASE_URL instead)")
    }

    /// `$XDG_DATA_HOME/parley/parley.sqlite3`.
    public static func defaultSQLitePath(_ paths: Paths) -> String {
        paths.dataDirectory + "/parley.sqlite3"
    }
}
