import ParleyCore

/// The writer's state, touched only by its one worker task.
final class WriterEngine {
    private let outbox: Outbox
    private let notify: @Sendable (String) -> Void
    private let open: @Sendable () async throws(ParleyError) -> any DataLayer
    private var layer: (any DataLayer)?
    /// While true, writes go to the outbox so they stay behind the ones already there.
    private var offline: Bool

    init(outbox: Outbox, offline: Bool, layer: (any DataLayer)?, notify: @escaping @Sendable (String) -> Void,
         open: @escaping @Sendable () async throws(ParleyError) -> any DataLayer) {
        self.offline = offline
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

    func handle(_ message: StoreWriter.Message) async {
        switch message {
        case .write(let operation):
            if !offline, layer == nil { await reconnect() }
            if !offline, let layer {
                do {
                    try await Self.apply(operation, to: layer, notify: notify, prefix: "could not save a change")
                    return
                } catch {
                    goOffline(error)
                }
            }
            do {
                try await outbox.append([operation])
            } catch {
                notify("could not keep a change locally either: \(error.message)")
            }
        case .flush(let waiter):
            waiter.resume()
        case .retry:
            if offline { await reconnect() }
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
                notify("the database is back: \(count) changes kept locally are saved")
            }
        } catch {
            // Still unreachable: keep journalling and try again at the next tick.
        }
    }

    private func goOffline(_ error: ParleyError) {
        if !offline {
            notify("\(error.message): your chat is being kept in \(outbox.path) and will be saved when it is back")
        }
        offline = true
    }

    /// Applies a change; throws only when the database is unreachable. A change that fails while the database
    /// answers is tried once more (the server may have come back between the two), then reported and dropped.
    static func apply(_ operation: WriteOperation, to layer: any DataLayer, notify: @Sendable (String) -> Void,
                      prefix: String) async throws(ParleyError) {
        var attempt = 0
        while true {
            do {
                try await operation.apply(to: layer)
                return
            } catch {
                guard await reachable(layer) else { throw error }
                attempt += 1
                if attempt == 2 {
                    notify("\(prefix): \(error.message)")
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
