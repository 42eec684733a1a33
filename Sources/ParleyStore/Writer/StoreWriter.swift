import ParleyCore
import Synchronization

/// The single writer: owns the store, takes writes from the REPL without making it wait, and keeps them in
/// the outbox while the database is unreachable, replaying them in order when it is back.
public final class StoreWriter: StepSink {
    enum Message: Sendable {
        case write(WriteOperation)
        case flush(CheckedContinuation<Void, Never>)
        case retry
        case offline
    }

    /// Messages not yet taken by the worker, which takes them all at once: the writes that pile up while one
    /// is saved (the end of an answer, a burst while the database is slow) then go to the store together.
    private final class Queue: Sendable {
        private let messages = Mutex<[Message]>([])

        func append(_ new: some Sequence<Message>) {
            messages.withLock { $0.append(contentsOf: new) }
        }

        func takeAll() -> [Message] {
            messages.withLock { messages in
                defer { messages = [] }
                return messages
            }
        }
    }

    private let queue = Queue()
    /// Wakes the worker; one pending wake-up is enough, as it takes the whole queue.
    private let wake: AsyncStream<Void>.Continuation
    private let worker: Task<Void, Never>
    private let ticker: Task<Void, Never>

    /// `open` is retried while the database is unreachable; `notify` tells the person what happened, once.
    /// `sharing` is the session's store, written through instead of opening another: on PostgreSQL a second
    /// connection cost a backend's start-up and cold statements, about 8 ms of a one-prompt run.
    public init(outbox: Outbox, retryInterval: Duration = .seconds(2),
                sharing store: (any DataLayer)? = nil, notify: @escaping @Sendable (WriterNotice) -> Void,
                open: @escaping @Sendable () async throws(ParleyError) -> any DataLayer) {
        let (wakeUps, wake) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
        self.wake = wake
        let queue = self.queue
        worker = Task {
            let engine = WriterEngine(outbox: outbox, layer: store, notify: notify, open: open)
            await engine.start()
            for await _ in wakeUps {
                await engine.handle(queue.takeAll())
            }
            await engine.handle(queue.takeAll())
            await engine.close()
        }
        ticker = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: retryInterval)
                // Cancelled at the end of the session: no retry then, which could wait for a connection timeout.
                if Task.isCancelled { break }
                queue.append(CollectionOfOne(.retry))
                wake.yield()
            }
        }
    }

    public func submit(_ operations: [WriteOperation]) {
        send(operations.lazy.map(Message.write))
    }

    /// The database could not be reached, and the person has been told: the writes after this go to the outbox
    /// until a retry reaches it.
    public func goOffline() {
        send(CollectionOfOne(.offline))
    }

    public func flush() async {
        await withCheckedContinuation { send(CollectionOfOne(.flush($0))) }
    }

    /// Saves or journals everything submitted, then closes the store.
    public func finish() async {
        ticker.cancel()
        wake.finish()
        await worker.value
    }

    private func send(_ messages: some Sequence<Message>) {
        queue.append(messages)
        wake.yield()
    }
}
