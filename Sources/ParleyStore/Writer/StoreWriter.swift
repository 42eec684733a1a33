import ParleyCore

/// The single writer: owns the store, takes writes from the REPL without making it wait, and keeps them in
/// the outbox while the database is unreachable, replaying them in order when it is back.
public final class StoreWriter: StepSink {
    enum Message: Sendable {
        case write(WriteOperation)
        case flush(CheckedContinuation<Void, Never>)
        case retry
    }

    private let continuation: AsyncStream<Message>.Continuation
    private let worker: Task<Void, Never>
    private let ticker: Task<Void, Never>

    /// `open` is retried while the database is unreachable; `notify` tells the person what happened, once.
    /// `startsOffline` says the database could not be reached at start (and the person has been told), so
    /// writes go to the outbox until a retry reaches it. `sharing` is a store already open, written through
    /// instead of opening another: on PostgreSQL a second connection cost a backend's start-up and cold
    /// statements, about 8 ms of a one-prompt run.
    public init(outbox: Outbox, retryInterval: Duration = .seconds(2), startsOffline: Bool = false,
                sharing store: (any DataLayer)? = nil, notify: @escaping @Sendable (String) -> Void,
                open: @escaping @Sendable () async throws(ParleyError) -> any DataLayer) {
        let (stream, continuation) = AsyncStream<Message>.makeStream()
        self.continuation = continuation
        worker = Task {
            let engine = WriterEngine(outbox: outbox, offline: startsOffline, layer: store, notify: notify,
                                      open: open)
            await engine.start()
            for await message in stream {
                await engine.handle(message)
            }
            await engine.close()
        }
        ticker = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: retryInterval)
                continuation.yield(.retry)
            }
        }
    }

    public func submit(_ operation: WriteOperation) {
        continuation.yield(.write(operation))
    }

    public func flush() async {
        await withCheckedContinuation { continuation.yield(.flush($0)) }
    }

    /// Saves or journals everything submitted, then closes the store.
    public func finish() async {
        ticker.cancel()
        continuation.finish()
        await worker.value
    }
}
