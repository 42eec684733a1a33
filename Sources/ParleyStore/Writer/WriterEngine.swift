import ParleyCore

/// The writer's state, touched only by its one worker task.
final class WriterEngine {
    private let outbox: Outbox
    private let notify: @Sendable (String) -> Void
    private let open: @Sendable () async throws(ParleyError) -> any DataLayer
    private var layer: (any DataLayer)?
    /// While true, writes go to the outbox so they stay behind the ones already there.
    private var offline = false

    init(outbox: Outbox, notify: @escaping @Sendable (String) -> Void,
         open: @escaping @Sendable () async throws(ParleyError) -> any DataLayer) {
        self.outbox = outbox
        self.notify = notify
        self.open = open
    }

    /// A journal left by an earlier run is replayed before anything new.
    func start() async {
        if let pending = try? await outbox.pending(), !pending.isEmpty {
            offline = true
        }
        await reconnect()
    }

    func handle(_ message: StoreWriter.Message) async {
        switch message {
        case .write(let operation):
            if !offline, let layer {
                do {
                    try await operation.apply(to: layer)
                    return
                } catch {
                    guard await !isReachable(layer) else {
                        notify("could not save a change: \(error.message)")
                        return
                    }
                    goOffline(error)
                }
            } else if !offline {
                offline = true
            }
            do {
                try await outbox.append([operation])
            } catch {
                notify("could not keep a change locally either: \(error.message)")
            }
        case .flush(let waiter):
            waiter.resume()
        case .retry:
            if offline || layer == nil {
                await reconnect()
            }
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
                do throws(ParleyError) {
                    try await operation.apply(to: layer)
                } catch {
                    guard await WriterEngine.reachable(layer) else { throw error }
                    notify("dropped a change kept locally that the database refuses: \(error.message)")
                }
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

    private func isReachable(_ layer: any DataLayer) async -> Bool {
        await Self.reachable(layer)
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
