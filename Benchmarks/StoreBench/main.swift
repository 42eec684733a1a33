import Foundation
import ParleyCore
import ParleyStore

// Measures the store for Benchmarks/store.py, which fills the database first: `parley-store-bench URL STATE`
// prints, as JSON, the median milliseconds of the calls the REPL makes and the microseconds of a hand-off.
let arguments = CommandLine.arguments
guard arguments.count == 3 else {
    print("usage: parley-store-bench DATABASE-URL STATE-DIRECTORY")
    exit(2)
}

func median(_ runs: Int, _ body: () async throws -> Void) async rethrows -> Double {
    let clock = ContinuousClock()
    var samples: [Double] = []
    for _ in 0..<runs {
        let start = clock.now
        try await body()
        let elapsed = clock.now - start
        samples.append(Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15)
    }
    return samples.sorted()[samples.count / 2]
}

do {
    let url = try DatabaseURL(parsing: arguments[1])
    let layer = try await Store.open(url)
    guard let user = try await layer.user(identifier: "bench") else {
        print("{\"error\": \"no bench user: fill the database with Benchmarks/store.py\"}")
        exit(1)
    }
    let filter = ThreadFilter(userId: user.id)
    let newest = try await median(50) { _ = try await layer.threads(filter, after: nil, pageSize: 10) }
    var cursor: String?
    for _ in 0..<500 { cursor = try await layer.threads(filter, after: cursor, pageSize: 100).nextCursor }
    let deep = cursor
    let later = try await median(50) { _ = try await layer.threads(filter, after: deep, pageSize: 10) }
    let search = try await median(20) { _ = try await layer.search(userId: user.id, words: "krill volcanoes", limit: 20) }
    let big = try await median(20) { _ = try await layer.thread(id: "00000000-0000-4000-8000-000000000b16") }
    let writer = StoreWriter(outbox: Outbox(directory: arguments[2]), notify: { _ in }) { () throws(ParleyError) in
        try await Store.open(url, migrate: false)
    }
    let clock = ContinuousClock()
    var handoffs: [Double] = []
    let step = Step(id: ChainlitExchange.newID(), threadId: "00000000-0000-4000-8000-000000000b16", name: "bench",
                    type: .userMessage, output: "hand-off", createdAt: Timestamp.now())
    for _ in 0..<10_000 {
        let start = clock.now
        writer.submit(.upsertStep(step))
        let elapsed = clock.now - start
        handoffs.append(Double(elapsed.components.attoseconds) / 1e12)
    }
    await writer.finish()
    await layer.close()
    let handoff = handoffs.sorted()[handoffs.count / 2]
    print("{\"newest\": \(newest), \"later\": \(later), \"search\": \(search), \"thread\": \(big), \"handoff_us\": \(handoff)}")
} catch {
    print("{\"error\": \"\(error)\"}")
    exit(1)
}
