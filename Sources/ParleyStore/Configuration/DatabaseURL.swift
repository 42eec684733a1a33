import ParleyCore

/// Which store to open: a PostgreSQL server, or an SQLite file.
public enum DatabaseURL: Sendable, Equatable, CustomStringConvertible {
    case postgres(PostgresLocation)
    case sqlite(path: String)

    /// Accepts postgres://, postgresql://, SQLAlchemy's postgresql+driver://, sqlite:///path and plain paths.
    public init(parsing text: String) throws(ParleyError) {
        let trimmed = text.trimmingWhitespace()
        guard !trimmed.isEmpty else {
            throw ParleyError(.usage, "the database URL is empty",
                              hint: "use postgresql://user@host/database or the path of an SQLite file")
        }
        guard let separator = trimmed.firstRange(of: "://") else {
            let path = trimmed.hasPrefix("sqlite:") ? String(trimmed.dropFirst("sqlite:".count)) : trimmed
            // A path from a configuration file has had no shell to expand its ~.
            self = .sqlite(path: FileSystem.expandingHome(path))
            return
        }
        let scheme = String(trimmed[..<separator.lowerBound])
        let base = scheme.split(separator: "+", maxSplits: 1).first.map(String.init)?.lowercased() ?? ""
        switch base {
        case "postgres", "postgresql":
            self = .postgres(try PostgresLocation(parsing: trimmed, scheme: scheme))
        case "sqlite", "sqlite3":
            let path = String(trimmed[separator.upperBound...])
            guard !path.isEmpty else {
                throw ParleyError(.usage, "the SQLite URL names no file", hint: "use sqlite:///path/to/file")
            }
            self = .sqlite(path: path)
        default:
            throw ParleyError(.usage, "unsupported database URL scheme \"\(scheme)\"",
                              hint: "use postgresql://user@host/database or the path of an SQLite file")
        }
    }

    /// The same database, with PostgreSQL's statements given `seconds` to be answered.
    public func answering(within seconds: Double) -> DatabaseURL {
        guard case .postgres(var location) = self else { return self }
        location.answerTimeout = .milliseconds(Int(seconds * 1000))
        return .postgres(location)
    }

    /// What messages show: never a password.
    public var description: String {
        switch self {
        case .postgres(let location): location.redacted
        case .sqlite(let path): path
        }
    }
}
