import Foundation
import ParleyCore
@testable import ParleyProviders
import Testing

@Suite("The libcurl transport")
struct HTTPTransportTests {
    let server = TestServer.shared

    @Test("the head arrives first, with the status and lowercased headers, then the body")
    func headThenBody() async throws {
        let request = HTTPRequest(method: "POST", url: server.base(newToken(), "ok") + "/v1/chat/completions",
                                  headers: [("Content-Type", "application/json")], body: Data("{}".utf8))
        var events: [HTTPEvent] = []
        for try await event in HTTPTransport().send(request) { events.append(event) }
        guard case .head(let head) = events.first else {
            Issue.record("the first event was not the head")
            return
        }
        #expect(head.status == 200)
        #expect(head.headers["content-type"] == "text/event-stream")
        let body = events.dropFirst().reduce(into: Data()) { data, event in
            if case .bytes(let bytes) = event { data.append(bytes) }
        }
        #expect(String(decoding: body, as: UTF8.self).hasSuffix("data: [DONE]\n\n"))
    }

    @Test("a token that comes after a pause is handed over at once, not held for the next one")
    func pausedTokensGoAtOnce() async throws {
        let request = HTTPRequest(method: "POST", url: server.base(newToken(), "drip") + "/v1/chat/completions",
                                  body: Data("{}".utf8))
        var handOffs: [String] = []
        for try await event in HTTPTransport().send(request) {
            if case .bytes(let bytes) = event { handOffs.append(String(decoding: bytes, as: UTF8.self)) }
        }
        // The server sleeps 20 ms after each of its 20 deltas; held back, they would come in a few lumps.
        #expect(handOffs.filter { $0.contains(#""content":"t"#) }.count >= 15, "\(handOffs)")
    }

    @Test("events half a millisecond apart are handed over in lumps, not one wake-up per event")
    func burstsAreBatched() async throws {
        let events = 400
        let url = server.base(newToken(), "trickle-\(events)") + "/v1/chat/completions"
        let request = HTTPRequest(method: "POST", url: url, body: Data("{}".utf8))
        var handOffs = 0
        var bytes = 0
        let clock = ContinuousClock()
        let started = clock.now
        for try await event in HTTPTransport().send(request) {
            if case .bytes(let data) = event {
                handOffs += 1
                bytes += data.count
            }
        }
        let elapsed = clock.now - started
        #expect(bytes > events * 100)
        // Hand-offs are at least the coalescing interval apart, but for the first and the last; a slow server
        // whose events come further apart than that is rightly given one hand-off per event.
        let most = Int(elapsed / CurlTransfer.coalescing) + 2
        #expect(handOffs <= most, "\(handOffs) hand-offs for \(events) events in \(elapsed)")
        #expect(handOffs < events, "one hand-off per event")
    }

    @Test("a connection the server cut is not used again: the next request opens its own and succeeds")
    func cutConnectionDropped() async throws {
        let token = newToken()
        let cut = HTTPRequest(method: "POST", url: server.base(token, "cut-mid") + "/v1/chat/completions",
                              body: Data("{}".utf8))
        await #expect(throws: TransportFailure.self) { for try await _ in HTTPTransport().send(cut) {} }
        let ok = HTTPRequest(method: "POST", url: server.base(token, "ok") + "/v1/chat/completions",
                             body: Data("{}".utf8))
        var bytes = 0
        for try await event in HTTPTransport().send(ok) {
            if case .bytes(let data) = event { bytes += data.count }
        }
        #expect(bytes > 0)
        let ports = try await server.requests(token).map(\.clientPort)
        #expect(ports.count == 2 && ports[0] != ports[1], "\(ports)")
    }

    @Test("a non-2xx response is collected whole as an error body, with its status and headers")
    func errorBody() async throws {
        let request = HTTPRequest(url: server.base(newToken(), "error-anthropic-429") + "/v1/models",
                                  headers: [("anthropic-version", "2023-06-01")])
        do {
            _ = try await HTTPTransport().fetch(request)
            Issue.record("a 429 was taken as success")
        } catch let failure as HTTPStatusFailure {
            #expect(failure.head.status == 429)
            #expect(failure.head.headers["retry-after"] == "7")
            #expect(String(decoding: failure.body, as: UTF8.self).contains(#""type":"rate_limit_error""#))
        }
    }

    @Test("the method, headers and body are sent as given")
    func sendsRequest() async throws {
        let token = newToken()
        let request = HTTPRequest(method: "POST", url: server.base(token, "ok") + "/v1/models",
                                  headers: [("X-Test", "yes"), ("Content-Type", "application/json")],
                                  body: Data(#"{"a":"ü"}"#.utf8))
        _ = try await HTTPTransport().fetch(request)
        let recorded = try #require(try await server.requests(token).first)
        #expect(recorded.method == "POST")
        #expect(recorded.headers["x-test"] == "yes")
        #expect(recorded.headers["user-agent"]?.hasPrefix("parley/") == true)
        #expect(recorded.body["a"] as? String == "ü")
    }

    @Test("cancelling while the server has not answered stops the transfer")
    func cancelBeforeHeaders() async throws {
        let request = HTTPRequest(url: server.base(newToken(), "hang-headers") + "/v1/models")
        let stream = HTTPTransport().send(request)
        let consumer = Task {
            for try await _ in stream {}
        }
        try await Task.sleep(for: .milliseconds(200))
        let clock = ContinuousClock()
        let start = clock.now
        consumer.cancel()
        _ = await consumer.result
        // The server stays silent for 20 s: returning well before means the cancel stopped the transfer.
        #expect(clock.now - start < .seconds(15))
    }

    @Test("the proxy setting sends requests through the given proxy")
    func proxy() async throws {
        let token = newToken()
        let url = "http://parley-test.invalid/t/\(token)/ok/v1/models"
        let proxied = HTTPTransport(options: TransportOptions(proxy: "http://127.0.0.1:\(server.port)"))
        let (head, _) = try await proxied.fetch(HTTPRequest(url: url))
        #expect(head.status == 200)
        #expect(try await server.requests(token).first?.headers["host"] == "parley-test.invalid")
        let direct = HTTPTransport(options: TransportOptions(proxy: ""))
        await #expect(throws: TransportFailure.self) { try await direct.fetch(HTTPRequest(url: url)) }
    }

    @Test("TLS verification stays on: an unknown certificate is refused until its CA bundle is given")
    func certificates() async throws {
        let secure = TestServer.secure
        let url = "https://127.0.0.1:\(secure.port)/t/\(newToken())/ok/v1/models"
        do {
            _ = try await HTTPTransport().fetch(HTTPRequest(url: url))
            Issue.record("a self-signed certificate was accepted")
        } catch let failure as TransportFailure {
            #expect(failure.kind == .connect)
            #expect(failure.detail.contains("certificate"), "\(failure.detail)")
        }
        let trusting = HTTPTransport(options: TransportOptions(caBundle: TestServer.certificate))
        let (head, body) = try await trusting.fetch(HTTPRequest(url: url))
        #expect(head.status == 200)
        #expect(String(decoding: body, as: UTF8.self).contains("gpt-4o"))
    }
}
