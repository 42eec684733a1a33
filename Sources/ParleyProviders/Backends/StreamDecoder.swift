import ParleyCore

/// How a provider's body is framed into documents.
enum StreamFraming: Sendable {
    case sse, ndjson
}

/// Turns one provider's stream documents into chat events; the shared runner does the rest.
protocol StreamDecoder: Sendable {
    /// Reads one SSE event (`event` is `message` for NDJSON) and appends what it carried to `events`;
    /// true at the provider's end marker, which stops reading.
    mutating func decode(event: String, data: [UInt8], into events: inout ChatEventBatch) throws(ParleyError) -> Bool
    /// The closing facts; `sawEnd` is false when the body ended without the provider's end marker.
    mutating func finish(sawEnd: Bool) throws(ParleyError) -> (FinishReason, Usage)
}
