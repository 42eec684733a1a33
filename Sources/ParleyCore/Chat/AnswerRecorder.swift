import Synchronization

/// Writes an answer's step as it streams: created at the first token, refreshed at most every 250 ms, and
/// written once more at the end with the outcome.
final class AnswerRecorder: Sendable {
    enum Outcome {
        case completed
        case interrupted
        case failed(ParleyError)
    }

    private struct State {
        var answer = ""
        var reasoning = ""
        var createdAt: String?
        var lastWrite = ContinuousClock.now
        var firstToken: Duration?
        var completion: ChatCompletion?
    }

    private let exchange: ChainlitExchange
    private let writer: any StepSink
    private let provider: String
    private let model: String
    let stepId = ChainlitExchange.newID()
    /// The answer this one replaces (a retry), so a resumed chat leaves the old one out of the context.
    private let retryOf: String?
    private let started = ContinuousClock.now
    private let state = Mutex(State())

    init(exchange: ChainlitExchange, writer: any StepSink, provider: String, model: String, retryOf: String? = nil) {
        self.exchange = exchange
        self.retryOf = retryOf
        self.writer = writer
        self.provider = provider
        self.model = model
    }

    var answer: String { state.withLock { $0.answer } }

    func record(_ event: ChatEvent) {
        let step: Step? = state.withLock { state in
            switch event {
            case .text(let text):
                state.answer += text
            case .reasoning(let text):
                state.reasoning += text
            case .finished(let completion):
                state.completion = completion
                return nil
            }
            let now = ContinuousClock.now
            if state.createdAt == nil {
                state.createdAt = Timestamp.now()
                state.firstToken = now - started
            } else if now - state.lastWrite < ChatSession.streamingWriteInterval {
                return nil
            }
            state.lastWrite = now
            return makeStep(state, streaming: true)
        }
        if let step { writer.submit(.upsertStep(step)) }
    }

    func finish(outcome: Outcome) {
        let steps: [Step] = state.withLock { state in
            if state.createdAt == nil { state.createdAt = Timestamp.now() }
            var step = makeStep(state, streaming: false)
            switch outcome {
            case .completed:
                break
            case .interrupted:
                step.metadata["interrupted"] = .bool(true)
            case .failed(let error):
                step.isError = true
                step.metadata["error"] = .string(error.message)
                step.output = state.answer.isEmpty ? error.message : state.answer
            }
            return [step, exchange.finishedRunStep()]
        }
        writer.submit(steps.map(WriteOperation.upsertStep))
    }

    private func makeStep(_ state: State, streaming: Bool) -> Step {
        var step = exchange.assistantStep(id: stepId, output: state.answer, streaming: streaming,
                                          createdAt: state.createdAt ?? Timestamp.now(),
                                          generation: generation(state))
        if !state.reasoning.isEmpty { step.metadata["reasoning"] = .string(state.reasoning) }
        if let retryOf { step.metadata["retryOf"] = .string(retryOf) }
        return step
    }

    /// Provider, model, usage, latency and finish reason, with the keys Chainlit's generations use.
    private func generation(_ state: State) -> [String: JSONValue] {
        var fields: [String: JSONValue] = [
            "type": .string("CHAT"), "provider": .string(provider), "model": .string(model),
        ]
        if let first = state.firstToken { fields["ttFirstToken"] = .double(first.milliseconds) }
        guard let completion = state.completion else { return fields }
        let usage = completion.usage
        if let input = usage.inputTokens { fields["inputTokenCount"] = .int(input) }
        if let output = usage.outputTokens { fields["outputTokenCount"] = .int(output) }
        if let input = usage.inputTokens, let output = usage.outputTokens { fields["tokenCount"] = .int(input + output) }
        if let reasoning = usage.reasoningTokens { fields["reasoningTokenCount"] = .int(reasoning) }
        let seconds = completion.timings.total.milliseconds / 1000
        fields["duration"] = .double(seconds)
        if let output = usage.outputTokens, seconds > 0 { fields["tokenThroughputInSeconds"] = .double(Double(output) / seconds) }
        fields["finishReason"] = .string(completion.finishReason.name)
        return fields
    }
}

extension Duration {
    /// The duration in (fractional) milliseconds.
    var milliseconds: Double {
        Double(components.seconds) * 1000 + Double(components.attoseconds) / 1e15
    }
}

extension FinishReason {
    /// The reason as one word for storage.
    var name: String {
        switch self {
        case .stop: "stop"
        case .length: "length"
        case .contentFilter: "content_filter"
        case .toolCalls: "tool_calls"
        case .unknown: "unknown"
        case .other(let value): value
        }
    }
}
