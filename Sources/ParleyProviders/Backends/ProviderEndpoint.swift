/// Where and how to reach one configured provider; shared by every backend.
public struct ProviderEndpoint: Sendable {
    /// The name the person gave the provider (or the kind's name when it came from the environment).
    public var name: String
    public var kind: ProviderKind
    /// Without a trailing slash.
    public var baseURL: String
    /// Never shown: messages redact it.
    public var apiKey: String?
    /// Where the key came from, named in hints ("check OPENAI_API_KEY").
    public var keySource: String
    public var transport: HTTPTransport
    public var retry: RetryPolicy

    public init(
        name: String? = nil, kind: ProviderKind, baseURL: String? = nil, apiKey: String?, keySource: String? = nil,
        transport: HTTPTransport = HTTPTransport(), retry: RetryPolicy = RetryPolicy()
    ) {
        self.name = name ?? kind.rawValue
        self.kind = kind
        var base = baseURL.flatMap { $0.isEmpty ? nil : $0 } ?? kind.defaultBaseURL
        while base.hasSuffix("/") { base.removeLast() }
        self.baseURL = base
        self.apiKey = apiKey
        self.keySource = keySource ?? kind.keyVariable
        self.transport = transport
        self.retry = retry
    }

    /// The host and port, for network messages; the path may carry tokens, so it is left out.
    var host: String {
        guard let schemeEnd = baseURL.range(of: "://") else { return baseURL }
        let rest = baseURL[schemeEnd.upperBound...]
        return String(rest.prefix { $0 != "/" && $0 != "?" })
    }

    /// The label in messages: the kind's name, plus the configured name when it differs.
    var label: String {
        name.lowercased() == kind.rawValue ? kind.displayName : "\(kind.displayName) (\(name))"
    }
}

extension ProviderEndpoint: CustomStringConvertible, CustomReflectable {
    /// Says whether there is a key, never which, so logging an endpoint cannot leak it.
    public var description: String {
        "\(name) (\(kind.rawValue) at \(baseURL), \(apiKey == nil ? "no key" : "key from \(keySource)"))"
    }

    /// Keeps `dump` and debuggers from printing the key.
    public var customMirror: Mirror {
        Mirror(self, children: ["name": name, "kind": kind, "baseURL": baseURL, "keySource": keySource])
    }
}
