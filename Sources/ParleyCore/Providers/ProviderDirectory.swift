/// The configured providers as commands see them: list, choose, add, remove, test, refresh.
public protocol ProviderDirectory: Sendable {
    var entries: [ProviderEntry] { get async }
    var currentProvider: String? { get async }
    var currentModel: String? { get async }
    /// A ready backend for the named provider, the current one when nil.
    func provider(named name: String?) async throws(ParleyError) -> any ChatProvider
    func choose(provider name: String, model: String?) async throws(ParleyError)
    /// Saves a new provider; callers test it first.
    func add(_ entry: ProviderEntry) async throws(ParleyError)
    func remove(_ name: String) async throws(ParleyError)
    func test(_ name: String?) async -> ConnectionReport
    /// Tests a provider that is not saved yet.
    func test(entry: ProviderEntry) async -> ConnectionReport
    func refresh(_ name: String?) async throws(ParleyError) -> [ModelInfo]
    func cachedModels(_ name: String?) async -> [String]
    /// The model a provider uses when none is configured or chosen.
    func fallbackModel(for name: String?) async -> String?
}
