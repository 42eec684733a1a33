import Foundation
import ParleyCore

/// Runs one chat request for any backend: retries before the first token, frames the body, feeds
/// the backend's decoder, measures timings and stops the transfer when the consumer goes away.
struct StreamingCall<Decoder: StreamDecoder>: Sendable {
    let endpoint: ProviderEndpoint
    let request: HTTPRequest
    let framing: StreamFraming
    let errors: ErrorNormalizer
    let makeDecoder: @Sendable () -> Decoder

    func run() -> AsyncThrowingStream<ChatEvent, any Error> {
        let (stream, continuation) = AsyncThrowingStream<ChatEvent, any Error>.makeStream()
        let task = Task { await pump(into: continuation) }
        continuation.onTermination = { _ in task.cancel() }
        return stream
    }

    private func pump(into continuation: AsyncThrowingStream<ChatEvent, any Error>.Continuation) async {
        let clock = ContinuousClock()
        let start = clock.now
        var retriesMade = 0
        while true {
            var attempt = Attempt(decoder: makeDecoder(), framing: framing)
            let ending = ResponseEnding()
            do {
                for try await event in endpoint.transport.send(request, ending: ending) {
                    guard case .bytes(let bytes) = event else { continue }
                    let (pieces, failure) = attempt.consume(bytes)
                    for piece in pieces {
                        if attempt.firstToken == nil { attempt.firstToken = clock.now }
                        continuation.yield(piece)
                    }
                    if let failure { throw failure }
                    if attempt.done {
                        // The answer is whole; what follows its end marker is the body's last bytes.
                        ending.markRead()
                        break
                    }
                }
                if Task.isCancelled {
                    continuation.finish(throwing: ParleyError(.interrupted, "the answer was cancelled"))
                    return
                }
                for piece in try attempt.drain() {
                    if attempt.firstToken == nil { attempt.firstToken = clock.now }
                    continuation.yield(piece)
                }
                let (reason, usage) = try attempt.decoder.finish(sawEnd: attempt.done)
                let timings = ChatTimings(
                    timeToFirstToken: attempt.firstToken.map { $0 - start }, total: clock.now - start)
                continuation.yield(.finished(ChatCompletion(finishReason: reason, usage: usage, timings: timings)))
                continuation.finish()
                return
            } catch {
                if attempt.firstToken == nil, !Task.isCancelled,
                   let delay = endpoint.retry.delay(after: error, retriesMade: retriesMade) {
                    retriesMade += 1
                    do { try await endpoint.retry.sleep(delay) } catch {
                        continuation.finish(throwing: ParleyError(.interrupted, "the answer was cancelled"))
                        return
                    }
                    continue
                }
                continuation.finish(throwing: errors.error(for: error))
                return
            }
        }
    }
}

/// The framing and decoding state of one attempt.
private struct Attempt<Decoder: StreamDecoder> {
    var decoder: Decoder
    let framing: StreamFraming
    var splitter = LineSplitter()
    var sse = SSEParser()
    var done = false
    var firstToken: ContinuousClock.Instant?

    init(decoder: Decoder, framing: StreamFraming) {
        self.decoder = decoder
        self.framing = framing
    }

    /// The events in `bytes`, and the error that stopped them if any: text decoded before an error
    /// in the same read must still reach the person.
    mutating func consume(_ bytes: Data) -> (events: [ChatEvent], failure: ParleyError?) {
        var events = ChatEventBatch()
        // The splitter is moved out while its lines are fed, which change the rest of the attempt; moved, not
        // copied, so a long line's buffer is never duplicated.
        var splitter = LineSplitter()
        swap(&splitter, &self.splitter)
        defer { swap(&splitter, &self.splitter) }
        do {
            try splitter.push(bytes) { (line) throws(ParleyError) in
                if !done { try feed(line, into: &events) }
            }
        } catch {
            return (events.take(), error)
        }
        return (events.take(), nil)
    }

    /// Delivers what the body left unterminated at its end.
    mutating func drain() throws(ParleyError) -> [ChatEvent] {
        var events = ChatEventBatch()
        if !done, let line = splitter.finish() {
            try line.withUnsafeBufferPointer { (line) throws(ParleyError) in try feed(line, into: &events) }
        }
        if !done, framing == .sse, let event = sse.finish() { try deliver(event.event, event.bytes, into: &events) }
        return events.take()
    }

    private mutating func feed(_ line: UnsafeBufferPointer<UInt8>, into events: inout ChatEventBatch)
        throws(ParleyError) {
        switch framing {
        case .sse:
            guard let event = sse.feed(line) else { return }
            try deliver(event.event, event.bytes, into: &events)
        case .ndjson:
            guard let document = NDJSONParser().feed(line) else { return }
            try deliver("message", document, into: &events)
        }
    }

    private mutating func deliver(_ event: String, _ data: [UInt8], into events: inout ChatEventBatch)
        throws(ParleyError) {
        if try decoder.decode(event: event, data: data, into: &events) { done = true }
    }
}
