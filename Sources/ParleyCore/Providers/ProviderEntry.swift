/// One provider as `config.yaml` lists it; the key is given by exactly one of the three key fields.
public struct ProviderEntry: Sendable, Equatable, Codable {
    public var name: String
    /// `openai`, `anthropic`, `ollama` or `gemini`; checked where the backends are known.
    public var kind: String
    public var baseURL: String?
    /// The model used when none is chosen.
    public var model: String?
    /// The name of an environment variable holding the key.
    public var apiKeyEnv: String?
    /// A command (such as a password manager) that prints the key.
    public var apiKeyCmd: String?
    /// The key itself; the file must then be private to its owner.
    public var apiKey: String?

    public init(
        name: String, kind: String, baseURL: String? = nil, model: String? = nil,
        apiKeyEnv: String? = nil, apiKeyCmd: String? = nil, apiKey: String? = nil
    ) {
        self.name = name
        self.kind = kind
        self.baseURL = baseURL
        self.model = model
        self.apiKeyEnv = apiKeyEnv
        self.apiKeyCmd = apiKeyCmd
        self.apiKey = apiKey
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case name, kind, model
        case baseURL = "base_url"
        case apiKeyEnv = "api_key_env"
        case apiKeyCmd = "api_key_cmd"
        case apiKey = "api_key"
    }
}

extension ProviderEntry: CustomStringConvertible {
    /// Says where the key comes from, never the key.
    public var description: String {
        let key = apiKeyEnv.map { "key from $\($0)" } ?? apiKeyCmd.map { _ in "key from a command" }
            ?? apiKey.map { _ in "key in the config file" } ?? "no key"
        return "\(name) (\(kind)\(baseURL.map { ", \($0)" } ?? ""), \(key))"
    }
}
