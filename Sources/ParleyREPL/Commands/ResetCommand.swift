import ParleyCore

/// `/reset [provider [model]]`: chooses the provider and model again; on a terminal, with a picker.
public struct ResetCommand: Command {
    /// How many models the picker lists by number.
    static let listedModels = 30

    public let spec = CommandSpec(
        name: "reset",
        summary: "Choose the provider and model again",
        usage: "/reset [provider [model]]",
        discussion: "On a terminal with no arguments, a picker: choose a provider (or add one when there is "
            + "none), its connection is tested, then choose a model from its live list. With arguments (and in "
            + "scripts) it switches directly, as /provider use does."
    )

    public init() {}

    @MainActor
    public func run(_ invocation: CommandInvocation, context: CommandContext) async throws -> CommandOutcome {
        let providers = try context.requireProviders()
        let arguments = invocation.arguments
        guard arguments.count <= 2 else { throw ParleyError(.usage, "usage: \(spec.usage)") }
        if let name = arguments.first {
            try await ProviderCommand().use(name, model: arguments.dropFirst().first, providers: providers,
                                            context: context)
            return .continue
        }
        guard context.interactive else {
            throw ParleyError(.usage, "/reset needs a provider in a script", hint: "usage: \(spec.usage)")
        }
        try await pick(providers, context: context)
        return .continue
    }

    public func completions(for request: CompletionRequest, context: CommandContext) -> [String] {
        switch request.previousWords.count {
        case 0: context.models.providers
        case 1: context.models.models(of: request.previousWords[0])
        default: []
        }
    }

    /// The picker; also the first-run setup when no provider is configured.
    @MainActor
    func pick(_ providers: any ProviderDirectory, context: CommandContext) async throws {
        let terminal = context.terminal
        var entries = await providers.entries
        if entries.isEmpty {
            terminal.print("No provider is configured yet; add one (Ctrl-C to stop).")
            try await ProviderCommand().add([], providers: providers, context: context)
            entries = await providers.entries
        }
        let current = await providers.currentProvider
        for (index, entry) in entries.enumerated() {
            terminal.print("\(index + 1). \(entry.name) (\(entry.kind))" + (entry.name == current ? " *" : ""))
        }
        let answer = try context.ask("Provider [Enter keeps \(current ?? "the first")]: ")
        let chosen = try choose(from: entries.map(\.name), answer: answer, fallback: current ?? entries.first?.name)
        let report = await providers.test(chosen)
        if let problem = report.problem { throw problem }
        terminal.print(Style.dim.apply(report.summary, enabled: terminal.colorsOutput))
        let models = try await providers.refresh(chosen).map(\.id)
        for (index, model) in models.prefix(Self.listedModels).enumerated() {
            terminal.print("\(index + 1). \(model)")
        }
        if models.count > Self.listedModels {
            terminal.print(Style.dim.apply("… and \(models.count - Self.listedModels) more: type a name",
                                           enabled: terminal.colorsOutput))
        }
        let fallback = await providers.fallbackModel(for: chosen)
        let modelAnswer = try context.ask("Model [Enter keeps \(fallback ?? "the first")]: ")
        let model = try choose(from: models, answer: modelAnswer, fallback: fallback ?? models.first, acceptsAny: true)
        try await ProviderCommand().use(chosen, model: model, providers: providers, context: context)
    }

    /// A numbered choice, a name, or the fallback on Enter.
    private func choose(from names: [String], answer: String?, fallback: String?, acceptsAny: Bool = false)
        throws(ParleyError) -> String {
        let text = (answer ?? "").trimmingWhitespace()
        if text.isEmpty, let fallback { return fallback }
        // A number is always a choice from the list: one past its end is a slip, not a model called "9".
        if let number = Int(text) {
            if number >= 1, number <= names.count { return names[number - 1] }
        } else if names.contains(text) || (acceptsAny && !text.isEmpty) {
            return text
        }
        throw ParleyError(.usage, "\"\(text)\" is not one of the choices", hint: "/reset starts the picker again")
    }
}
