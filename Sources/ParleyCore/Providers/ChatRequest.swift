/// What to ask a provider; optional fields are left out of the request so the provider's defaults apply.
public struct ChatRequest: Sendable, Equatable {
    public var model: String
    public var messages: [ChatMessage]
    /// Sent the way each provider expects (a message, a top-level field or a system instruction).
    public var systemPrompt: String?
    public var maxOutputTokens: Int?
    public var temperature: Double?

    public init(
        model: String, messages: [ChatMessage], systemPrompt: String? = nil,
        maxOutputTokens: Int? = nil, temperature: Double? = nil
    ) {
        self.model = model
        self.messages = messages
        self.systemPrompt = systemPrompt
        self.maxOutputTokens = maxOutputTokens
        self.temperature = temperature
    }
}
