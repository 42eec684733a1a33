import Foundation
import ParleyCore
import ParleyProviders

// Drives the provider layer for Benchmarks/providers.py: `stream BASE [EVENTS]` reads one OpenAI-style stream
// and prints the bytes of text received (one per event); `transport BASE [EVENTS]` reads the same stream as
// bytes only; `cancel BASE RUNS` cancels silent streams and prints when each cancel was made.
let arguments = CommandLine.arguments
guard arguments.count >= 3 else {
    print("usage: parley-provider-bench stream BASE | cancel BASE RUNS")
    exit(2)
}
let base = arguments[2]
let events = arguments.count > 3 ? arguments[3] : "10000"
let request = ChatRequest(model: "bench", messages: [ChatMessage(role: .user, text: "go")])

func provider(_ url: String) -> any ChatProvider {
    ProviderEndpoint(kind: .openai, baseURL: url, apiKey: "bench", retry: RetryPolicy(maxRetries: 0)).makeProvider()
}

switch arguments[1] {
case "stream":
    var received = 0
    do {
        for try await event in provider(base + "/t/bench/bench-\(events)/v1").stream(request) {
            if case .text(let text) = event { received += text.utf8.count }
        }
    } catch {
        print("error: \(error)")
        exit(1)
    }
    print(received)
case "transport":
    var bytes = 0
    let url = base + "/t/bench/bench-\(events)/v1/chat/completions"
    for try await event in HTTPTransport().send(HTTPRequest(method: "POST", url: url, body: Data("{}".utf8))) {
        if case .bytes(let data) = event { bytes += data.count }
    }
    print(bytes)
case "cancel":
    for run in 0..<(Int(arguments.count > 3 ? arguments[3] : "20") ?? 20) {
        let token = "cancel-\(getpid())-\(run)"
        let stream = provider(base + "/t/\(token)/hang-mid/v1").stream(request)
        let (first, firstContinuation) = AsyncStream<Void>.makeStream()
        let consumer = Task {
            for try await event in stream {
                if case .text = event { firstContinuation.yield() }
            }
        }
        for await _ in first { break }
        let cancelledAt = Date().timeIntervalSince1970
        consumer.cancel()
        _ = await consumer.result
        print(token, String(format: "%.6f", cancelledAt))
    }
default:
    print("unknown mode \(arguments[1])")
    exit(2)
}
