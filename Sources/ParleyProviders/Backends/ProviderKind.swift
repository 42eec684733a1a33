/// The wire protocols parley speaks; every compatible server uses one of these.
public enum ProviderKind: String, Sendable, Equatable, CaseIterable, Codable {
    case openai, anthropic, ollama, gemini

    /// The service's name as people know it, for messages.
    public var displayName: String {
        switch self {
        case .openai: "OpenAI"
        case .anthropic: "Anthropic"
        case .ollama: "Ollama"
        case .gemini: "Gemini"
        }
    }

    /// The environment variable that conventionally holds the key.
    public var keyVariable: String {
        switch self {
        case .openai: "OPENAI_API_KEY"
        case .anthropic: "ANTHROPIC_API_KEY"
        case .ollama: "OLLAMA_API_KEY"
        case .gemini: "GEMINI_API_KEY"
        }
    }

    /// Where the public service lives when no base URL is configured.
    public var defaultBaseURL: String {
        switch self {
        case .openai: "https://api.openai.com/v1"
        case .anthropic: "https://api.anthropic.com"
        case .ollama: "http://localhost:11434"
        case .gemini: "https://generativelanguage.googleapis.com"
        }
    }

    /// The model used when neither the configuration nor --model names one: each service's small, cheap
    /// general model, so a first message costs little.
    public var defaultModel: String {
        switch self {
        case .openai: "gpt-4o-mini"
        case .anthropic: "claude-3-5-haiku-latest"
        case .ollama: "llama3.2"
        case .gemini: "gemini-2.0-flash"
        }
    }
}
