import ParleyCore

/// What `/help`, Tab completion and parley(1) say about a command.
public struct CommandSpec: Sendable, Equatable {
    /// The name without its slash.
    public var name: String
    public var aliases: [String]
    /// One line, shown in the `/help` list.
    public var summary: String
    /// The synopsis, such as `/help [command]`.
    public var usage: String
    /// The full explanation shown by `/help NAME`.
    public var discussion: String
    /// The command reads the rest of its line as text (a prompt, a name, search words), so quotes in it are
    /// the person's, never an error.
    public var takesText: Bool

    public init(name: String, aliases: [String] = [], summary: String, usage: String? = nil, discussion: String = "",
                takesText: Bool = false) {
        self.name = name
        self.aliases = aliases
        self.summary = summary
        self.usage = usage ?? "/\(name)"
        self.discussion = discussion
        self.takesText = takesText
    }
}

/// What a command asks the session to do next.
public enum CommandOutcome: Sendable, Equatable {
    case `continue`
    case quit
}

/// A slash command. Each is a type in `CommandRegistry.builtIn`; plugins join the same registry.
public protocol Command: Sendable {
    var spec: CommandSpec { get }
    /// Every word that may stand at the argument being typed; the registry filters by what is typed.
    func completions(for request: CompletionRequest, context: CommandContext) -> [String]
    @MainActor func run(_ invocation: CommandInvocation, context: CommandContext) async throws -> CommandOutcome
}

// MARK: - Default implementations

extension Command {
    public func completions(for request: CompletionRequest, context: CommandContext) -> [String] { [] }
}

/// The arguments before the one being completed.
public struct CompletionRequest: Sendable, Equatable {
    /// Whole words already typed after the command name.
    public var previousWords: [String]
    /// The partial word under the cursor.
    public var word: String
}

/// Everything a command may use.
public struct CommandContext: Sendable {
    public let registry: CommandRegistry
    public let terminal: Terminal
    /// The chat; nil only where commands run without one (tests of the registry).
    public let chat: ChatSession?
    /// What `/history` listed last, so `/resume 3` and `/history next` know what was shown.
    public let listing: HistoryListing
    /// Rows about the store and files for `/settings`.
    public let details: @Sendable () async -> [(String, String)]
    /// Asks a question on a terminal and returns the answer; nil in a script, where nothing is asked. Ctrl-C or
    /// Ctrl-D instead of an answer throws, so whatever was asking stops there.
    public let ask: @MainActor (String) throws(ParleyError) -> String?
    /// The configured providers, for `/provider`.
    public let providers: (any ProviderDirectory)?
    /// Model names known without asking the network, for Tab completion.
    public let models: ModelNames
    /// True on a terminal: answers get a spinner and a footer, and questions can be asked.
    public let interactive: Bool
    /// Shows answers as they stream; nil where no chat is open.
    public let presenter: ChatPresenter?
    /// The largest file `/attach` takes, in bytes.
    public let attachmentLimit: Int

    public init(registry: CommandRegistry, terminal: Terminal, chat: ChatSession? = nil,
                providers: (any ProviderDirectory)? = nil, models: ModelNames = ModelNames(), interactive: Bool = false,
                presenter: ChatPresenter? = nil, attachmentLimit: Int = Attachment.defaultLimit,
                listing: HistoryListing = HistoryListing(),
                details: @escaping @Sendable () async -> [(String, String)] = { [] },
                ask: @escaping @MainActor (String) throws(ParleyError) -> String? = { _ in nil }) {
        self.registry = registry
        self.terminal = terminal
        self.chat = chat
        self.providers = providers
        self.models = models
        self.interactive = interactive
        self.presenter = presenter
        self.attachmentLimit = attachmentLimit
        self.listing = listing
        self.details = details
        self.ask = ask
    }

    /// The providers, or a clear error when there are none.
    public func requireProviders() throws(ParleyError) -> any ProviderDirectory {
        guard let providers else { throw ParleyError(.general, "no providers are available") }
        return providers
    }

    /// The chat, or a clear error when there is none.
    public func requireChat() throws(ParleyError) -> ChatSession {
        guard let chat else { throw ParleyError(.general, "no chat is open") }
        return chat
    }
}
