import ParleyCore

/// The writer's state, touched only by its one worker task.
final class WriterEngine {
    private let outbox: Outbox
    private let notify: @Sendable (WriterNotice) -> Void
    private let open: @Sendable () async throws(ParleyError) -> any DataLayer
    private var layer: (any DataLayer)?
    /// While true, writes go to the outbox so they stay behind the ones already there.
    private var offline: Bool

    init(outbox: Outbox, layer: (any DataLayer)?, notify: @escaping @Sendable (WriterNotice) -> Void,
         open: @escaping @Sendable () async throws(ParleyError) -> any DataLayer) {
        self.offline = false
        self.layer = layer
        self.outbox = outbox
        self.notify = notify
        self.open = open
    }

    /// A journal left by an earlier run is replayed before anything new. Otherwise the connection waits for
    /// the first write: a session that only reads never needs it, and opening it slowed every start.
    func start() async {
        if let pending = try? await outbox.pending(), !pending.isEmpty {
            offline = true
            await reconnect()
        }
    }

    /// Handles messages in order; consecutive writes go to the store together.
    func handle(_ messages: [StoreWriter.Message]) async {
        var writes: [WriteOperation] = []
        for message in messages {
            switch message {
            case .write(let operation):
                writes.append(operation)
            case .flush(let waiter):
                await save(writes)
                writes = []
                waiter.resume()
            case .retry:
                await save(writes)
                writes = []
                if offline { await reconnect() }
            case .offline:
                await save(writes)
                writes = []
                offline = true
            }
        }
        await save(writes)
    }

    /// At most this many changes go to the store together: a refused batch is tried again change by change, and
    /// a PostgreSQL pipeline stays far below what the socket buffers hold.
    static let batchLimit = 64

    /// Saves writes in batches (a store may make each one transaction); when the store refuses a batch, one by
    /// one, so only the change it refuses is dropped. What the database could not take waits in the outbox.
    private func save(_ operations: [WriteOperation]) async {
        for start in stride(from: 0, to: operations.count, by: Self.batchLimit) {
            await saveBatch(operations[start..<min(start + Self.batchLimit, operations.count)])
        }
    }

    private func saveBatch(_ operations: ArraySlice<WriteOperation>) async {
        var remaining = operations
        if !offline, layer == nil { await reconnect() }
        if !offline, let layer {
            do throws(ParleyError) {
                if remaining.count > 1 {
                    do {
                        try await layer.apply(Array(remaining))
                        return
                    } catch {
                        guard await Self.reachable(layer) else { throw error }
                    }
                }
                while let operation = remaining.first {
                    try await Self.apply(operation, to: layer, notify: notify, prefix: "could not save a change")
                    remaining = remaining.dropFirst()
                }
                return
            } catch {
                goOffline(error)
            }
        }
        do {
            try await outbox.append(Array(remaining))
        } catch {
            notify(WriterNotice("could not keep a change locally either: \(error.message)", dropped: true,
                                hint: "check the free space and permissions of \(outbox.path)"))
        }
    }

    func close() async {
        await layer?.close()
        layer = nil
    }

    private func reconnect() async {
        if layer == nil {
            do {
                layer = try await open()
            } catch {
                goOffline(error)
                return
            }
        }
        guard offline, let layer else { return }
        let notify = self.notify
        do {
            let count = try await outbox.drain { (operation) throws(ParleyError) in
                try await WriterEngine.apply(operation, to: layer, notify: notify,
                                             prefix: "dropped a change kept locally that the database refuses")
            }
            offline = false
            if count > 0 {
                notify(WriterNotice("the database is back: \(count) changes kept locally are saved"))
            }
        } catch {
            // Still unreachable: keep journalling and try again at the next tick.
        }
    }

    private func goOffline(_ error: ParleyError) {
        if !offline {
            notify(WriterNotice(
                "\(error.message): your chat is being kept in \(outbox.path) and will be saved when it is back"))
        }
        offline = true
    }

    /// Applies a change; throws only when the database is unreachable. A change that fails while the database
    /// answers is tried once more (the server may have come back between the two), then reported and dropped.
    static func apply(_ operation: WriteOperation, to layer: any DataLayer, notify: @Sendable (WriterNotice) -> Void,
                      prefix: String) async throws(ParleyError) {
        var attempt = 0
        while true {
            do {
                try await operation.apply(to: layer)
                return
            } catch {
                // A lost connection is the database away, whatever a probe finds next: the change waits in the
                // outbox rather than being tried once more and given up.
                guard error.code != .databaseUnreachable, await reachable(layer) else { throw error }
                attempt += 1
                if attempt == 2 {
                    notify(WriterNotice("\(prefix): \(error.message)", dropped: true,
                                        hint: "the rest of the chat is saved"))
                    return
                }
            }
        }
    }

    /// A cheap read tells a refused change (reachable) from a lost server (not).
    static func reachable(_ layer: any DataLayer) async -> Bool {
        do {
            _ = try await layer.user(identifier: "")
            return true
        } catch {
            return false
        }
    }
}
