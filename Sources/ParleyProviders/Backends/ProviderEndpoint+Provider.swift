import ParleyCore

extension ProviderEndpoint {
    /// The backend that speaks this endpoint's protocol.
    public func makeProvider() -> any ChatProvider {
        switch kind {
        case .openai: OpenAIProvider(endpoint: self)
        case .anthropic: AnthropicProvider(endpoint: self)
        case .ollama: OllamaProvider(endpoint: self)
        case .gemini: GeminiProvider(endpoint: self)
        }
    }
}
