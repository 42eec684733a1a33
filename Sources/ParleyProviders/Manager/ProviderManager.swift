import Foundation
import ParleyCore

/// The providers parley knows, the one in use and their cached model lists; one owner for all of it.
public actor ProviderManager: ProviderDirectory {
    private let configFile: String
    private let cache: ModelCache
    private let keys: KeyResolver
    private var settings: ProviderConfiguration
    /// True while the providers come from the environment (the file lists none), so removals are not saved.
    public private(set) var fromEnvironment: Bool
    private var models: [String: [ModelInfo]]
    /// Keys found for the listed providers, so a key command runs once a session; kept with the entry they were
    /// found for, so an entry with the same name (one being added) resolves its own.
    private var keysByName: [String: (entry: ProviderEntry, key: String?, source: String)] = [:]
    public private(set) var currentProvider: String?
    public private(set) var currentModel: String?

    /// Reads `config.yaml`; with no providers there, takes them from the environment.
    public init(paths: Paths, environment: [String: String]) throws(ParleyError) {
        let configuration = try ProviderConfiguration.load(from: paths.configFile)
        self.init(configuration: configuration, paths: paths, environment: environment)
    }

    public init(configuration: ProviderConfiguration, paths: Paths, environment: [String: String]) {
        configFile = paths.configFile
        cache = ModelCache(stateDirectory: paths.stateDirectory)
        keys = KeyResolver(environment: environment)
        fromEnvironment = configuration.providers.isEmpty
        var settings = configuration
        if fromEnvironment { settings.providers = Self.environmentProviders(environment) }
        self.settings = settings
        models = cache.read()
        let first = settings.providers.first { $0.name == settings.defaultProvider } ?? settings.providers.first
        currentProvider = first?.name
        currentModel = first?.model
    }

    /// The providers a person has without any configuration: the usual variables of each service.
    static func environmentProviders(_ environment: [String: String]) -> [ProviderEntry] {
        func value(_ name: String) -> String? { environment[name].flatMap { $0.isEmpty ? nil : $0 } }
        var entries: [ProviderEntry] = []
        if value("OPENAI_API_KEY") != nil {
            entries.append(ProviderEntry(name: "openai", kind: "openai", baseURL: value("OPENAI_BASE_URL"),
                                         apiKeyEnv: "OPENAI_API_KEY"))
        }
        if value("ANTHROPIC_API_KEY") != nil {
            entries.append(ProviderEntry(name: "anthropic", kind: "anthropic", baseURL: value("ANTHROPIC_BASE_URL"),
                                         apiKeyEnv: "ANTHROPIC_API_KEY"))
        }
        if value("GEMINI_API_KEY") != nil {
            entries.append(ProviderEntry(name: "gemini", kind: "gemini", apiKeyEnv: "GEMINI_API_KEY"))
        }
        if let host = value("OLLAMA_HOST") {
            entries.append(ProviderEntry(name: "ollama", kind: "ollama", baseURL: ollamaURL(host)))
        }
        return entries
    }

    /// `OLLAMA_HOST` read as the ollama command reads it: a bare host (or IPv6 address) gets port 11434, a URL
    /// without a port its scheme's (80 or 443), and an empty host is this machine.
    static func ollamaURL(_ value: String) -> String {
        let text = value.trimmingWhitespace()
        let schemeEnd = text.range(of: "://")
        let scheme = schemeEnd.map { String(text[..<$0.lowerBound]) } ?? "http"
        let rest = schemeEnd.map { text[$0.upperBound...] } ?? text[...]
        let hostPort = rest.prefix { $0 != "/" }
        let path = rest.dropFirst(hostPort.count)
        let defaultPort = schemeEnd == nil ? "11434" : scheme == "https" ? "443" : scheme == "http" ? "80" : "11434"
        var host = String(hostPort)
        var port = defaultPort
        if hostPort.hasPrefix("["), let close = hostPort.firstIndex(of: "]") {
            host = String(hostPort[...close])
            let after = hostPort[hostPort.index(after: close)...]
            if after.hasPrefix(":"), after.count > 1 { port = String(after.dropFirst()) }
        } else if hostPort.filter({ $0 == ":" }).count > 1 {
            host = "[" + hostPort + "]"
        } else if let colon = hostPort.firstIndex(of: ":") {
            host = String(hostPort[..<colon])
            let given = hostPort[hostPort.index(after: colon)...]
            if !given.isEmpty { port = String(given) }
        }
        if host.isEmpty { host = "127.0.0.1" }
        return "\(scheme)://\(host):\(port)" + path
    }

    /// What to say when there is no provider at all.
    public static let noneConfigured = ParleyError(
        .config, "no provider is configured",
        hint: "add one under providers: in config.yaml, or export OPENAI_API_KEY, ANTHROPIC_API_KEY, "
            + "GEMINI_API_KEY or OLLAMA_HOST")

    /// Adds an Ollama answering at `host` when neither a config file nor the environment gave a provider, so
    /// a local model works with no setup at all; returns whether one was found. With a provider at hand the
    /// probe is skipped, as every start would otherwise wait on a connection to a port nobody may serve.
    @discardableResult
    public func discoverLocalOllama(host: String = "http://localhost:11434") async -> Bool {
        guard fromEnvironment, settings.providers.isEmpty else { return false }
        let transport = HTTPTransport(options: TransportOptions(
            connectTimeout: .milliseconds(300), idleTimeout: .seconds(1), proxy: ""))
        guard let (head, _) = try? await transport.fetch(HTTPRequest(url: host + "/api/version")),
              head.isSuccess else { return false }
        settings.providers.append(ProviderEntry(name: "ollama", kind: ProviderKind.ollama.rawValue, baseURL: host))
        if currentProvider == nil { currentProvider = "ollama" }
        return true
    }

    public var providerNames: [String] { settings.providers.map(\.name) }

    public var entries: [ProviderEntry] { settings.providers }

    /// A ready backend for the named provider (the current one when nil), with the shared network settings.
    public func provider(named name: String? = nil) throws(ParleyError) -> any ChatProvider {
        try endpoint(named: name).makeProvider()
    }

    func endpoint(named name: String?) throws(ParleyError) -> ProviderEndpoint {
        try endpoint(for: entry(named: name ?? currentProvider))
    }

    private func endpoint(for entry: ProviderEntry) throws(ParleyError) -> ProviderEndpoint {
        guard let kind = ProviderKind(rawValue: entry.kind) else {
            throw ParleyError(.config, "the provider \"\(entry.name)\" has an unknown kind \"\(entry.kind)\"",
                              hint: "use one of: " + ProviderKind.allCases.map(\.rawValue).joined(separator: ", "))
        }
        let resolved: (key: String?, source: String)
        if let known = keysByName[entry.name], known.entry == entry {
            resolved = (known.key, known.source)
        } else {
            resolved = try keys.key(for: entry, kind: kind)
            if settings.providers.contains(entry) { keysByName[entry.name] = (entry, resolved.key, resolved.source) }
        }
        var options = TransportOptions(proxy: settings.proxy, caBundle: settings.caBundle)
        if let seconds = settings.connectTimeout { options.connectTimeout = .milliseconds(Int(seconds * 1000)) }
        if let seconds = settings.idleTimeout { options.idleTimeout = .milliseconds(Int(seconds * 1000)) }
        var retry = RetryPolicy()
        if let retries = settings.maxRetries { retry.maxRetries = max(0, retries) }
        return ProviderEndpoint(name: entry.name, kind: kind, baseURL: entry.baseURL, apiKey: resolved.key,
                                keySource: resolved.source, transport: HTTPTransport(options: options), retry: retry)
    }

    private func entry(named name: String?) throws(ParleyError) -> ProviderEntry {
        guard !settings.providers.isEmpty else { throw Self.noneConfigured }
        guard let entry = settings.providers.first(where: { $0.name == name }) else {
            throw ParleyError(.usage, "there is no provider \"\(name ?? "")\"",
                              hint: "known providers: " + providerNames.joined(separator: ", "))
        }
        return entry
    }

    /// Makes the named provider current, with its configured model (else the fallback) unless one is given: not
    /// simply the first model listed, which for most services sorts first by name, not by use.
    public func choose(provider name: String, model: String? = nil) throws(ParleyError) {
        let entry = try entry(named: name)
        currentProvider = entry.name
        currentModel = model ?? fallbackModel(for: entry.name)
    }

    /// Chooses a model of the current provider.
    public func choose(model: String) {
        currentModel = model
    }

    /// Adds a provider and saves the list (0600 when it holds a key); the environment's providers then give way.
    public func add(_ entry: ProviderEntry) throws(ParleyError) {
        guard ProviderKind(rawValue: entry.kind) != nil else {
            throw ParleyError(.usage, "unknown provider kind \"\(entry.kind)\"",
                              hint: "use one of: " + ProviderKind.allCases.map(\.rawValue).joined(separator: ", "))
        }
        guard !providerNames.contains(entry.name) else {
            throw ParleyError(.usage, "a provider named \"\(entry.name)\" exists already", hint: "remove it first")
        }
        var updated = fromEnvironment ? [] : settings.providers
        updated.append(entry)
        try ProviderConfiguration.save(updated, to: configFile)
        // Once the file lists a provider, the environment no longer supplies any, as at start-up.
        settings.providers = updated
        fromEnvironment = false
        if !providerNames.contains(currentProvider ?? "") { try choose(provider: entry.name) }
    }

    /// Removes a provider from the file and forgets its models.
    public func remove(_ name: String) throws(ParleyError) {
        _ = try entry(named: name)
        let updated = settings.providers.filter { $0.name != name }
        if !fromEnvironment { try ProviderConfiguration.save(updated, to: configFile) }
        settings.providers = updated
        keysByName[name] = nil
        models[name] = nil
        try cache.write(models)
        if currentProvider == name {
            currentProvider = updated.first?.name
            currentModel = fallbackModel(for: currentProvider)
        }
    }

    /// Runs the provider's connection test; a missing key or bad kind is reported the same way.
    public func test(_ name: String? = nil) async -> ConnectionReport {
        let provider: any ChatProvider
        do { provider = try self.provider(named: name) } catch {
            return ConnectionReport(provider: name ?? currentProvider ?? "", problem: error, summary: error.message)
        }
        return await provider.testConnection()
    }

    /// Tests a provider before it is saved, so a typo in its URL or key is found at once.
    public func test(entry: ProviderEntry) async -> ConnectionReport {
        let provider: any ChatProvider
        do { provider = try endpoint(for: entry).makeProvider() } catch {
            return ConnectionReport(provider: entry.name, problem: error, summary: error.message)
        }
        return await provider.testConnection()
    }

    /// The configured model, else the kind's small default when the provider offers it (or has not listed its
    /// models), else the first it listed: a local server (vLLM, llama.cpp, Ollama) serves only its own.
    public func fallbackModel(for name: String?) -> String? {
        guard let entry = try? entry(named: name ?? currentProvider) else { return nil }
        if let model = entry.model { return model }
        let standard = ProviderKind(rawValue: entry.kind)?.defaultModel
        let listed = models[entry.name]?.map(\.id) ?? []
        if let standard, listed.isEmpty || listed.contains(standard) { return standard }
        return listed.first ?? standard
    }

    /// Lists the live models and keeps them for completion.
    @discardableResult
    public func refresh(_ name: String? = nil) async throws(ParleyError) -> [ModelInfo] {
        let provider = try self.provider(named: name)
        let listed = try await provider.listModels()
        models[provider.name] = listed
        try cache.write(models)
        return listed
    }

    /// The cached model names, instantly, for Tab completion; empty until a refresh.
    public func cachedModels(_ name: String? = nil) -> [String] {
        models[name ?? currentProvider ?? ""]?.map(\.id) ?? []
    }
}
