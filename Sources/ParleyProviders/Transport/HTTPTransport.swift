import CCurl
import Foundation
import ParleyCore
import Synchronization

/// Sends HTTP requests with libcurl, one dedicated thread per transfer so blocking I/O never
/// occupies the Swift concurrency pool.
public struct HTTPTransport: Sendable {
    public var options: TransportOptions

    public init(options: TransportOptions = TransportOptions()) {
        self.options = options
    }

    /// Streams the response; a non-2xx status ends the stream with `HTTPStatusFailure`, anything
    /// else that stops it early with `TransportFailure`. Ending the consumption cancels the transfer, unless
    /// `ending` was marked read first: then the response gets a moment to end by itself and keep its connection.
    public func send(_ request: HTTPRequest, ending: ResponseEnding? = nil)
        -> AsyncThrowingStream<HTTPEvent, any Error> {
        let (stream, continuation) = AsyncThrowingStream<HTTPEvent, any Error>.makeStream()
        let transfer = CurlTransfer(request: request, options: options, ending: ending, continuation: continuation)
        ending?.attach(ObjectIdentifier(transfer))
        continuation.onTermination = { termination in
            if case .cancelled = termination { transfer.cancel() }
        }
        let thread = Thread { transfer.run() }
        thread.name = "parley-curl"
        thread.start()
        return stream
    }

    /// Loads libcurl and its TLS library on a thread of their own, if not loaded yet: about 3 ms that a
    /// request would otherwise wait for. Transfers that start meanwhile wait for it to finish.
    public static func preload() {
        guard !preloaded.exchange(true, ordering: .relaxed), LibraryLoading.shared.begin() else { return }
        let thread = Thread {
            _ = LibCurl.shared
            LibraryLoading.shared.end()
        }
        thread.name = "parley-curl-load"
        thread.start()
    }

    private static let preloaded = Atomic(false)

    /// The HTTP library in use: libcurl's version line and the file it came from, or why it cannot be loaded.
    public static var library: String {
        switch LibCurl.shared {
        case .success(let curl): curl.description
        case .failure(let failure): "unavailable: \(failure.message)"
        }
    }

    /// Fetches a whole response body, for small JSON answers such as model lists. A fetch whose task is cancelled
    /// throws `CancellationError` rather than returning the part that came.
    public func fetch(_ request: HTTPRequest) async throws -> (HTTPResponseHead, Data) {
        var head = HTTPResponseHead(status: 0, headers: [:])
        var body = Data()
        for try await event in send(request) {
            switch event {
            case .head(let received): head = received
            case .bytes(let bytes): body.append(bytes)
            }
        }
        try Task.checkCancellation()
        return (head, body)
    }
}
