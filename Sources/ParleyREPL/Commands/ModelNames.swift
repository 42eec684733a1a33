import ParleyCore
import Synchronization

/// The providers' names and their cached model names, kept where Tab completion can read them without waiting.
public final class ModelNames: Sendable {
    private struct Names {
        var providers: [String] = []
        var current: String?
        var models: [String: [String]] = [:]
    }

    private let names = Mutex(Names())

    public init() {}

    /// The current provider's models.
    public var all: [String] { names.withLock { state in state.current.flatMap { state.models[$0] } ?? [] } }

    /// The names of the configured providers.
    public var providers: [String] { names.withLock { $0.providers } }

    /// The cached models of the named provider.
    public func models(of provider: String) -> [String] {
        names.withLock { $0.models[provider] ?? [] }
    }

    /// Takes the providers, the current one and every cached model list from `directory`; after anything that
    /// changes them (a refresh, a switch, an add or a remove).
    public func load(from directory: any ProviderDirectory) async {
        let entries = await directory.entries
        var loaded = Names(providers: entries.map(\.name), current: await directory.currentProvider)
        for entry in entries { loaded.models[entry.name] = await directory.cachedModels(entry.name) }
        names.withLock { $0 = loaded }
    }
}
