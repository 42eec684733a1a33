/// What the next message is sent with; `/model`, `/system` and `/reset` change it.
public struct ChatSettings: Sendable, Equatable {
    public var model: String
    public var systemPrompt: String?
    public var maxOutputTokens: Int?
    public var temperature: Double?

    public init(model: String, systemPrompt: String? = nil, maxOutputTokens: Int? = nil, temperature: Double? = nil) {
        self.model = model
        self.systemPrompt = systemPrompt
        self.maxOutputTokens = maxOutputTokens
        self.temperature = temperature
    }
}
