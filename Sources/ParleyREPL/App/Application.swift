import Foundation
import Glibc
import ParleyCore

/// Builds a session from the command line and the environment, and runs it.
@MainActor
public enum Application {
    /// What the command line decided.
    public struct Options: Sendable {
        public var noColor: Bool
        /// A chat to take up at start (an id or its first characters).
        public var resume: String?
        /// Take up the most recent chat at start.
        public var continueLatest: Bool
        /// `--system`, which replaces the system prompt of a chat taken up at start.
        public var systemPrompt: String?

        public init(noColor: Bool = false, resume: String? = nil, continueLatest: Bool = false,
                    systemPrompt: String? = nil) {
            self.noColor = noColor
            self.resume = resume
            self.continueLatest = continueLatest
            self.systemPrompt = systemPrompt
        }
    }

    /// Builds the chat once the screen is known; an error ends start-up with its status.
    public typealias Connector = @Sendable (Terminal) async throws(ParleyError) -> ChatConnection

    /// Runs parley with the configuration file as read (or why it could not be); returns the exit status.
    public static func run(_ options: Options, paths: Paths, settings: Result<Configuration.Loaded, ParleyError>,
                           environment: [String: String] = ProcessEnvironment.current(),
                           connect: Connector) async -> Int32 {
        let loaded: Configuration.Loaded
        do {
            loaded = try settings.get()
        } catch {
            Terminal(color: options.noColor ? .never : .auto, environment: environment).report(error)
            return error.code.exitStatus
        }
        var configuration = loaded.configuration
        if options.noColor { configuration.color = .never }
        let terminal = Terminal(color: configuration.color, environment: environment)
        loaded.warnings.forEach(terminal.warn)

        let connection: ChatConnection
        do {
            connection = try await connect(terminal)
        } catch {
            terminal.report(error)
            return error.code.exitStatus
        }
        let signals = SignalRouter()
        let registry = CommandRegistry()
        // Completion needs no questions asked; the commands' context, built once the reader exists, can ask.
        let models = ModelNames()
        await models.load(from: connection.providers)
        let completionContext = CommandContext(registry: registry, terminal: terminal, chat: connection.session,
                                               models: models)
        let reader: any LineReader
        if isatty(STDIN_FILENO) == 1 && isatty(STDOUT_FILENO) == 1 {
            TerminalGuard.install()
            do {
                reader = try LineEditor(configuration: configuration, historyFile: paths.historyFile, signals: signals) {
                    registry.complete($0, context: completionContext)
                }
            } catch {
                terminal.report(error)
                await connection.close()
                return error.code.exitStatus
            }
        } else {
            reader = PlainLineReader(fileDescriptor: STDIN_FILENO, wakeFileDescriptor: signals.wakeFileDescriptor)
        }
        let presenter = ChatPresenter(session: connection.session, terminal: terminal,
                                      interactive: reader.isInteractive,
                                      showReasoning: configuration.reasoning == .show)
        let context = CommandContext(registry: registry, terminal: terminal, chat: connection.session,
                                     providers: connection.providers, models: models,
                                     interactive: reader.isInteractive, presenter: presenter,
                                     attachmentLimit: max(0, configuration.attachmentLimitMiB) * 1024 * 1024,
                                     details: connection.details) { [reader] (question) throws(ParleyError) in
            guard reader.isInteractive else { return nil }
            let read = signals.asking { reader.readAnswer(prompt: question) }
            if case .line(let answer) = read, !Task.isCancelled { return answer.text }
            throw ParleyError(.interrupted, "stopped; nothing was changed")
        }
        // On a terminal the store is ready before the first prompt, so that what it has to say comes first, and so
        // it is before a chat is resumed. A script's first line is read, and a message's request prepared, while
        // the store opens.
        var ready: REPL.Ready? = { messageComing throws(ParleyError) in
            if messageComing { connection.prepareToSend() }
            try await connection.ready()
        }
        if reader.isInteractive || options.resume != nil || options.continueLatest {
            do {
                try await connection.ready()
            } catch {
                terminal.report(error)
                await connection.close()
                return error.code.exitStatus
            }
            ready = nil
        }
        if let status = await resumeAtStart(options, context: context) { return status }
        await firstRunSetup(context: context, providers: connection.providers)
        let repl = REPL(reader: reader, context: context, signals: signals, ready: ready) {
            try await presenter.send($0.text)
        }
        let status = await repl.run()
        await connection.close()
        // A script that lost part of its chat to the database did not succeed, even if every line did.
        if status == 0, !reader.isInteractive, connection.droppedWrites() {
            return ParleyError.Code.database.exitStatus
        }
        return status
    }

    /// `--resume` and `--continue`: takes the chat up before the first prompt; a failure ends start-up.
    private static func resumeAtStart(_ options: Options, context: CommandContext) async -> Int32? {
        do {
            var reference = options.resume
            if reference == nil, options.continueLatest {
                let latest = try await context.requireChat().threads(words: nil, after: nil, pageSize: 1)
                guard let newest = latest.threads.first else {
                    context.terminal.warn("there is no earlier chat to continue; this one starts new")
                    return nil
                }
                reference = newest.id
            }
            guard let reference else { return nil }
            let thread = try await ResumeCommand.takeUp(reference, context: context)
            if let prompt = options.systemPrompt {
                try await context.requireChat().update { $0.systemPrompt = prompt }
            }
            // In a script, stdout holds nothing but answers.
            if context.interactive { ResumeCommand.showRecap(of: thread, on: context.terminal) }
            return nil
        } catch let error as ParleyError {
            context.terminal.report(error)
            return error.code.exitStatus
        } catch {
            context.terminal.report(ParleyError(.general, "\(error)"))
            return ParleyError.Code.general.exitStatus
        }
    }

    /// On a terminal with no provider at all, the /reset picker instead of an error at the first message.
    private static func firstRunSetup(context: CommandContext, providers: any ProviderDirectory) async {
        guard context.interactive, await providers.entries.isEmpty else { return }
        do {
            try await ResetCommand().pick(providers, context: context)
        } catch let error as ParleyError {
            context.terminal.report(error)
        } catch {
            context.terminal.report(ParleyError(.general, "\(error)"))
        }
    }
}
