/// A language-model service parley can talk to; each backend implements this once.
public protocol ChatProvider: Sendable {
    /// The name the person configured, used in messages.
    var name: String { get }
    /// Streams an answer; the stream throws `ParleyError` and stops the transfer when the consumer goes away.
    func stream(_ request: ChatRequest) -> AsyncThrowingStream<ChatEvent, any Error>
    /// The models the live API offers right now.
    func listModels() async throws(ParleyError) -> [ModelInfo]
    /// Makes a cheap authenticated call and says exactly what is wrong, if anything.
    func testConnection() async -> ConnectionReport
    /// Starts getting ready for a request without waiting (loading libraries), so the work that comes before
    /// the request, such as saving the message, overlaps it.
    func prepare()
}

extension ChatProvider {
    public func prepare() {}
}
