/// The provider settings of `config.yaml`: the `providers:` list and the network settings they share.
public struct ProviderConfiguration: Sendable, Equatable {
    public var providers: [ProviderEntry]
    /// The provider used when none is chosen; the first listed otherwise.
    public var defaultProvider: String?
    /// Overrides the proxy libcurl takes from the environment.
    public var proxy: String?
    /// Extra certificate authorities (a PEM file); verification stays on.
    public var caBundle: String?
    /// Seconds.
    public var connectTimeout: Double?
    /// Seconds without a byte before a stream is abandoned.
    public var idleTimeout: Double?
    public var maxRetries: Int?

    public init(
        providers: [ProviderEntry] = [], defaultProvider: String? = nil, proxy: String? = nil,
        caBundle: String? = nil, connectTimeout: Double? = nil, idleTimeout: Double? = nil, maxRetries: Int? = nil
    ) {
        self.providers = providers
        self.defaultProvider = defaultProvider
        self.proxy = proxy
        self.caBundle = caBundle
        self.connectTimeout = connectTimeout
        self.idleTimeout = idleTimeout
        self.maxRetries = maxRetries
    }
}

extension ProviderConfiguration: Codable {
    /// Also known to `Configuration.parse`, so they are not reported as unknown settings.
    enum CodingKeys: String, CodingKey, CaseIterable {
        case providers
        case defaultProvider = "default_provider"
        case proxy
        case caBundle = "ca_bundle"
        case connectTimeout = "connect_timeout"
        case idleTimeout = "idle_timeout"
        case maxRetries = "max_retries"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        providers = try container.decodeIfPresent([ProviderEntry].self, forKey: .providers) ?? []
        defaultProvider = try container.decodeIfPresent(String.self, forKey: .defaultProvider)
        proxy = try container.decodeIfPresent(String.self, forKey: .proxy)
        caBundle = try container.decodeIfPresent(String.self, forKey: .caBundle)
        connectTimeout = try Self.seconds(.connectTimeout, in: container)
        idleTimeout = try Self.seconds(.idleTimeout, in: container)
        maxRetries = try container.decodeIfPresent(Int.self, forKey: .maxRetries)
    }

    /// A timeout in seconds; zero or less would fail every request, so it is refused.
    private static func seconds(_ key: CodingKeys, in container: KeyedDecodingContainer<CodingKeys>) throws -> Double? {
        guard let value = try container.decodeIfPresent(Double.self, forKey: key) else { return nil }
        guard value > 0 else {
            throw DecodingError.dataCorruptedError(forKey: key, in: container,
                                                   debugDescription: "\(value) is not a positive number of seconds")
        }
        return value
    }
}
