import Foundation
import Glibc
import ParleyCore

/// Builds a session from the command line and the environment, and runs it.
@MainActor
public enum Application {
    /// What the command line decided.
    public struct Options: Sendable {
        public var configFile: String?
        public var noColor: Bool

        public init(configFile: String? = nil, noColor: Bool = false) {
            self.configFile = configFile
            self.noColor = noColor
        }
    }

    /// Runs parley; returns the exit status.
    public static func run(_ options: Options, environment: [String: String] = ProcessInfo.processInfo.environment) async -> Int32 {
        let paths = Paths(environment: environment, configOverride: options.configFile, home: NSHomeDirectory())
        let loaded: Configuration.Loaded
        do {
            loaded = try Configuration.load(from: paths.configFile)
        } catch {
            Terminal(color: options.noColor ? .never : .auto, environment: environment).report(error)
            return error.code.exitStatus
        }
        var configuration = loaded.configuration
        if options.noColor { configuration.color = .never }
        let terminal = Terminal(color: configuration.color, environment: environment)
        loaded.warnings.forEach(terminal.warn)

        let signals = SignalRouter()
        let registry = CommandRegistry()
        let context = CommandContext(registry: registry, terminal: terminal)
        let reader: any LineReader
        if isatty(STDIN_FILENO) == 1 && isatty(STDOUT_FILENO) == 1 {
            TerminalGuard.install()
            do {
                reader = try LineEditor(configuration: configuration, historyFile: paths.historyFile, signals: signals) {
                    registry.complete($0, context: context)
                }
            } catch {
                terminal.report(error)
                return error.code.exitStatus
            }
        } else {
            reader = PlainLineReader(fileDescriptor: STDIN_FILENO, wakeFileDescriptor: signals.wakeFileDescriptor)
        }
        let repl = REPL(reader: reader, registry: registry, terminal: terminal, signals: signals,
                        onMessage: unconnectedChat)
        return await repl.run()
    }

    /// Messages have nowhere to go until a provider is wired in; say so rather than drop them.
    private static func unconnectedChat(_ submission: Submission) async throws {
        let lines = submission.text.split(separator: "\n", omittingEmptySubsequences: false).count
        throw ParleyError(
            .config,
            "not sent (\(lines) \(lines == 1 ? "line" : "lines"), \(submission.text.count) characters): "
                + "no model provider is connected in this build",
            hint: "commands work; type /help to see them")
    }
}
