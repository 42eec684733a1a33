import ParleyCore

/// `/provider list | use | test | refresh | add | remove`: the providers parley can talk to.
public struct ProviderCommand: Command {
    static let actions = ["list", "use", "test", "refresh", "add", "remove"]
    static let kinds = ["openai", "anthropic", "ollama", "gemini"]

    public let spec = CommandSpec(
        name: "provider",
        summary: "List, choose, test, refresh, add or remove providers",
        usage: "/provider list | use NAME [MODEL] | test [NAME] | refresh [NAME] | add NAME KIND [key=value…] | remove NAME",
        discussion: "list shows the providers (the current one marked *). use switches the chat to a provider "
            + "(and model). test makes a cheap authenticated call and says what is wrong. refresh lists the live "
            + "models and keeps them for Tab completion of /model. add takes a name, a kind (openai, anthropic, "
            + "ollama, gemini) and settings as url=…, model=…, key_env=VARIABLE or key_cmd=COMMAND; on a terminal it "
            + "asks for what is missing. It tests the connection before saving. remove deletes one."
    )

    public init() {}

    public func completions(for request: CompletionRequest, context: CommandContext) -> [String] {
        let words = request.previousWords
        switch words.count {
        case 0: return Self.actions
        case 1 where ["use", "test", "refresh", "remove"].contains(words[0]): return context.models.providers
        case 2 where words[0] == "add": return Self.kinds
        case 2 where words[0] == "use": return context.models.models(of: words[1])
        default: return []
        }
    }

    @MainActor
    public func run(_ invocation: CommandInvocation, context: CommandContext) async throws -> CommandOutcome {
        let providers = try context.requireProviders()
        let arguments = Array(invocation.arguments.dropFirst())
        switch invocation.arguments.first ?? "list" {
        case "list":
            try await list(providers, context: context)
        case "use":
            guard let name = arguments.first, arguments.count <= 2 else { throw usage("/provider use NAME [MODEL]") }
            try await use(name, model: arguments.dropFirst().first, providers: providers, context: context)
        case "test":
            let report = await providers.test(arguments.first)
            if let problem = report.problem { throw problem }
            context.terminal.print(report.summary)
        case "refresh":
            let models = try await providers.refresh(arguments.first)
            await context.models.load(from: providers)
            context.terminal.print("\(models.count) models: " + models.prefix(20).map(\.id).joined(separator: ", ")
                                   + (models.count > 20 ? ", …" : ""))
        case "add":
            try await add(arguments, providers: providers, context: context)
        case "remove":
            guard arguments.count == 1 else { throw usage("/provider remove NAME") }
            try await providers.remove(arguments[0])
            context.terminal.print("Removed \(arguments[0]).")
            _ = try await follow(providers, context: context)
            await context.models.load(from: providers)
        default:
            throw ParleyError(.usage, "/provider has no action \"\(invocation.arguments[0])\"",
                              hint: "use one of: " + Self.actions.joined(separator: ", "))
        }
        return .continue
    }

    private func usage(_ text: String) -> ParleyError {
        ParleyError(.usage, "usage: \(text)", hint: "/help provider explains every action")
    }

    @MainActor
    private func list(_ providers: any ProviderDirectory, context: CommandContext) async throws {
        let entries = await providers.entries
        guard !entries.isEmpty else {
            throw ParleyError(.config, "no provider is configured", hint: "add one: /provider add NAME KIND …")
        }
        let current = await providers.currentProvider
        let width = (entries.map(\.name.count).max() ?? 0) + 2
        for entry in entries {
            let marker = entry.name == current ? "*" : " "
            let fallback = await providers.fallbackModel(for: entry.name)
            let model = entry.model ?? fallback.map { "\($0) (default)" } ?? ""
            let place = entry.baseURL.map { "  " + $0 } ?? ""
            context.terminal.print("\(marker) \(entry.name.padding(toLength: width))\(entry.kind.padding(toLength: 11))"
                                   + model + Style.dim.apply(place, enabled: context.terminal.colorsOutput))
        }
    }

    @MainActor
    func use(_ name: String, model: String?, providers: any ProviderDirectory, context: CommandContext) async throws {
        // The backend first: a provider that cannot be used (its key unset) leaves the current one in place.
        let provider = try await providers.provider(named: name)
        try await providers.choose(provider: name, model: model)
        let chosen = await providers.currentModel ?? ""
        let chat = try context.requireChat()
        var settings = await chat.settings
        settings.model = chosen
        await chat.use(provider: provider, settings: settings)
        await context.models.load(from: providers)
        context.terminal.print("Now using \(name): \(chosen).")
    }

    @MainActor
    func add(_ arguments: [String], providers: any ProviderDirectory, context: CommandContext) async throws {
        var name = arguments.first
        var kind = arguments.dropFirst().first
        var settings: [String: String] = [:]
        for pair in arguments.dropFirst(2) {
            guard let equals = pair.firstIndex(of: "=") else {
                throw usage("/provider add NAME KIND [url=…] [model=…] [key_env=…|key_cmd=…]")
            }
            settings[String(pair[..<equals])] = String(pair[pair.index(after: equals)...])
        }
        let unknown = Set(settings.keys).subtracting(["url", "model", "key_env", "key_cmd"])
        guard unknown.isEmpty else {
            throw ParleyError(.usage, "/provider add does not know \(unknown.sorted().joined(separator: ", "))",
                              hint: "settings are url=, model=, key_env= and key_cmd= (keys are never typed in)")
        }
        // On a terminal, ask for what the line left out; a script must give it all.
        if name == nil { name = try context.ask("Name for the provider: ") }
        if let name, await providers.entries.contains(where: { $0.name == name }) {
            throw ParleyError(.usage, "a provider named \"\(name)\" exists already",
                              hint: "choose another name, or /provider remove \(name) first")
        }
        if kind == nil { kind = try context.ask("Kind (\(Self.kinds.joined(separator: ", "))): ") }
        if settings["url"] == nil, let answer = try context.ask("Base URL (empty for the service's own): "),
           !answer.isEmpty {
            settings["url"] = answer
        }
        if settings["key_env"] == nil, settings["key_cmd"] == nil,
           let answer = try context.ask("Variable holding the key, or a command printing it (empty for none): "),
           !answer.isEmpty {
            settings[answer.contains(" ") ? "key_cmd" : "key_env"] = answer
        }
        guard let name, !name.isEmpty, let kind, Self.kinds.contains(kind) else {
            throw usage("/provider add NAME KIND [url=…] [model=…] [key_env=…|key_cmd=…]")
        }
        let entry = ProviderEntry(name: name, kind: kind, baseURL: settings["url"], model: settings["model"],
                                  apiKeyEnv: settings["key_env"], apiKeyCmd: settings["key_cmd"])
        let report = await providers.test(entry: entry)
        if let problem = report.problem {
            throw ParleyError(problem.code, "not added: \(problem.message)", hint: problem.hint)
        }
        try await providers.add(entry)
        await context.models.load(from: providers)
        context.terminal.print("\(report.summary)\nAdded \(name).")
        if try await follow(providers, context: context) == nil {
            context.terminal.print("/provider use \(name) switches to it.")
        }
    }

    /// Moves the chat to the provider the directory now calls current, when adding or removing one changed it, so
    /// the one `/provider list` marks is the one messages go to; returns the provider moved to, if any.
    @MainActor
    private func follow(_ providers: any ProviderDirectory, context: CommandContext) async throws -> String? {
        let chat = try context.requireChat()
        guard let current = await providers.currentProvider else {
            // The last one went: a message says so rather than going to the provider removed.
            let reason = ParleyError(.config, "no provider is configured", hint: "add one: /provider add NAME KIND …")
            await chat.use(provider: UnavailableProvider(reason: reason), settings: await chat.settings)
            return nil
        }
        guard current != (await chat.providerName) else { return nil }
        try await use(current, model: await providers.currentModel, providers: providers, context: context)
        return current
    }
}
