/// The closing facts of an answer, delivered once as the last stream event.
public struct ChatCompletion: Sendable, Equatable {
    public var finishReason: FinishReason
    public var usage: Usage
    public var timings: ChatTimings

    public init(finishReason: FinishReason, usage: Usage, timings: ChatTimings) {
        self.finishReason = finishReason
        self.usage = usage
        self.timings = timings
    }
}
