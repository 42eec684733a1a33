/// Stands in when no provider can be used, so commands still work and a message gets the reason.
public struct UnavailableProvider: ChatProvider {
    public let name: String
    /// Why there is no provider, with what to do about it.
    public let reason: ParleyError

    public init(name: String = "none", reason: ParleyError) {
        self.name = name
        self.reason = reason
    }

    public func stream(_ request: ChatRequest) -> AsyncThrowingStream<ChatEvent, any Error> {
        AsyncThrowingStream { $0.finish(throwing: reason) }
    }

    public func listModels() async throws(ParleyError) -> [ModelInfo] {
        throw reason
    }

    public func testConnection() async -> ConnectionReport {
        ConnectionReport(provider: name, problem: reason, summary: reason.message)
    }
}
