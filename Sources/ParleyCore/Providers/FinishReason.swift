/// Why an answer ended, in one vocabulary for every provider; the provider's own word is kept in `other`.
public enum FinishReason: Sendable, Equatable {
    /// The model finished its answer.
    case stop
    /// The output-token limit cut the answer.
    case length
    /// A safety or content filter stopped the answer or refused the prompt; the associated text says why.
    case contentFilter(String)
    /// The model asked for a tool.
    case toolCalls
    /// The stream ended without the provider saying why (a compatible server that omits the reason).
    case unknown
    case other(String)
}
