/// Where parley keeps its files, following the XDG base directory rules.
public struct Paths: Sendable, Equatable {
    /// The configuration file: `--config`, else `PARLEY_CONFIG`, else `$XDG_CONFIG_HOME/parley/config.yaml`.
    public var configFile: String
    /// History and the outbox: `$XDG_STATE_HOME/parley`.
    public var stateDirectory: String
    /// The embedded database: `$XDG_DATA_HOME/parley`.
    public var dataDirectory: String

    public var historyFile: String { stateDirectory + "/history" }

    public init(configFile: String, stateDirectory: String, dataDirectory: String) {
        self.configFile = configFile
        self.stateDirectory = stateDirectory
        self.dataDirectory = dataDirectory
    }

    /// Resolves the paths from an environment; `home` is asked for only where HOME is unset (NSHomeDirectory
    /// reads the password database).
    public init(environment: [String: String], configOverride: String? = nil, home: @autoclosure () -> String) {
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? home()
        func base(_ variable: String, _ fallback: String) -> String {
            // The XDG rules say relative values are invalid and must be ignored.
            if let value = environment[variable], value.hasPrefix("/") { return value }
            return home + "/" + fallback
        }
        let configHome = base("XDG_CONFIG_HOME", ".config")
        let explicit = configOverride ?? environment["PARLEY_CONFIG"].flatMap { $0.isEmpty ? nil : $0 }
        self.configFile = explicit ?? configHome + "/parley/config.yaml"
        self.stateDirectory = base("XDG_STATE_HOME", ".local/state") + "/parley"
        self.dataDirectory = base("XDG_DATA_HOME", ".local/share") + "/parley"
    }
}
