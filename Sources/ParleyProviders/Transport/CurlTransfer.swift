import CCurl
import Foundation
import ParleyCore
import Synchronization

/// One libcurl transfer driven by a multi handle on its own thread; `cancel` may come from any thread. The multi
/// handle comes from `CurlMultiPool`, so a transfer to a server reached before reuses the open connection.
final class CurlTransfer: @unchecked Sendable {
    // The fields below are touched only by the transfer thread (in `run` and the libcurl callbacks
    // it makes), which is what makes the unchecked Sendable conformance safe.
    private let request: HTTPRequest
    private let options: TransportOptions
    private let ending: ResponseEnding?
    /// When a cancel of a response read to its end arrived: the rest may take `ResponseEnding.grace`.
    private var cancelledAt: ContinuousClock.Instant?
    private let continuation: AsyncThrowingStream<HTTPEvent, any Error>.Continuation
    private var easy: UnsafeMutableRawPointer?
    private var curl: LibCurl?
    private var headers: [String: String] = [:]
    private var head: HTTPResponseHead?
    private var headDelivered = false
    private var errorBody = Data()
    /// Body bytes read but not yet delivered; a burst is handed over at once, because waking the
    /// consumer per small read costs far more than the read. One buffer serves every batch: a chunked
    /// response arrives a chunk (often one event) per callback, and appending to `Data` cost 800
    /// instructions a chunk, several times the copy itself.
    private var pending: [UInt8] = []
    /// When a header or body byte last arrived; libcurl's low-speed check alone is seconds late
    /// while the server has not answered yet.
    private var lastActivity = ContinuousClock.now
    /// Set by the callbacks when bytes arrive; the poll loop turns it into `lastActivity`, so a fast stream
    /// reads the clock once per loop instead of once per chunk.
    private var receivedSomething = false
    /// Where body bytes go, settled at the first one: a body arrives in many chunks (one per chunk of a chunked
    /// response), and each chunk should cost no more than its copy.
    private var bodyTarget = BodyTarget.undecided
    private var idleDetail: String?
    /// When body bytes were last handed over.
    private var lastFlush = ContinuousClock.now - CurlTransfer.coalescing

    private let cancelled = Atomic<Bool>(false)
    /// The multi handle while it is alive; the lock keeps a wake-up from racing its cleanup.
    private let multi = Mutex<CurlHandle?>(nil)

    /// The largest error body kept; error JSON is small, and a misbehaving server must not fill memory.
    private static let errorBodyLimit = 1 << 20
    private static let batchLimit = 1 << 16
    /// Bytes arriving this soon after the last hand-off wait for the ones behind them: on a fast stream that
    /// turns thousands of consumer wake-ups into a few hundred, and 2 ms is far below what an eye can see.
    /// A token arriving after a pause, the first one included, is handed over at once.
    static let coalescing: Duration = .milliseconds(2)

    init(
        request: HTTPRequest, options: TransportOptions, ending: ResponseEnding?,
        continuation: AsyncThrowingStream<HTTPEvent, any Error>.Continuation
    ) {
        self.request = request
        self.options = options
        self.ending = ending
        self.continuation = continuation
    }

    /// Stops the transfer promptly even while the server is silent, by waking the poll loop.
    func cancel() {
        cancelled.store(true, ordering: .releasing)
        multi.withLock { handle in
            if let handle, case .success(let curl) = LibCurl.shared { _ = curl.multiWakeup(handle.pointer) }
        }
    }

    func run() {
        let curl: LibCurl
        switch LibCurl.shared {
        case .success(let library):
            curl = library
        case .failure(let failure):
            continuation.finish(throwing: TransportFailure(kind: .unavailable, detail: failure.message))
            return
        }
        self.curl = curl
        guard let easy = curl.easyInit() else {
            continuation.finish(throwing: TransportFailure(kind: .connect, detail: "libcurl could not start"))
            return
        }
        guard let multiHandle = CurlMultiPool.shared.take(curl, for: ObjectIdentifier(self)) else {
            curl.easyCleanup(easy)
            continuation.finish(throwing: TransportFailure(kind: .connect, detail: "libcurl could not start"))
            return
        }
        self.easy = easy
        let errorBuffer = UnsafeMutablePointer<CChar>.allocate(capacity: Int(parley_curl_error_size()))
        errorBuffer.initialize(to: 0)
        let context = Unmanaged.passRetained(self)
        var headerList: UnsafeMutablePointer<curl_slist>?
        for (name, value) in request.headers {
            headerList = curl.slistAppend(headerList, "\(name): \(value)")
        }
        configure(easy, with: curl, headers: headerList, errorBuffer: errorBuffer, context: context.toOpaque())
        multi.withLock { $0 = CurlHandle(pointer: multiHandle) }
        _ = curl.multiAddHandle(multiHandle, easy)

        let result = drive(multiHandle, with: curl)

        multi.withLock { handle in
            _ = curl.multiRemoveHandle(multiHandle, easy)
            handle = nil
        }
        curl.easyCleanup(easy)
        self.easy = nil
        // Back in the pool before the consumer hears of the end, so a retry or the next message finds the
        // connection open.
        CurlMultiPool.shared.giveBack(multiHandle, curl, from: ObjectIdentifier(self))
        let detail = idleDetail ?? (errorBuffer.pointee == 0 ? nil : String(cString: errorBuffer))
        finish(result: result, detail: detail)
        curl.slistFreeAll(headerList)
        errorBuffer.deallocate()
        context.release()
    }

    private func configure(
        _ easy: UnsafeMutableRawPointer, with curl: LibCurl, headers headerList: UnsafeMutablePointer<curl_slist>?,
        errorBuffer: UnsafeMutablePointer<CChar>, context: UnsafeMutableRawPointer
    ) {
        curl.set(easy, CURLOPT_URL, request.url)
        curl.set(easy, CURLOPT_NOSIGNAL, 1)
        curl.set(easy, CURLOPT_SSL_VERIFYPEER, 1)
        curl.set(easy, CURLOPT_SSL_VERIFYHOST, 2)
        curl.set(easy, CURLOPT_USERAGENT, "parley/\(ParleyVersion.current)")
        curl.set(easy, CURLOPT_CONNECTTIMEOUT_MS, options.connectTimeout.wholeMilliseconds)
        curl.set(easy, CURLOPT_LOW_SPEED_LIMIT, 1)
        curl.set(easy, CURLOPT_LOW_SPEED_TIME, max(1, (options.idleTimeout.wholeMilliseconds + 999) / 1000))
        if let proxy = options.proxy { curl.set(easy, CURLOPT_PROXY, proxy) }
        if let caBundle = options.caBundle { curl.set(easy, CURLOPT_CAINFO, caBundle) }
        curl.set(easy, CURLOPT_ERRORBUFFER, UnsafeRawPointer(errorBuffer))
        curl.set(easy, CURLOPT_HTTPHEADER, UnsafeRawPointer(headerList))
        curl.set(easy, CURLOPT_WRITEFUNCTION, curlWriteCallback)
        curl.set(easy, CURLOPT_WRITEDATA, UnsafeRawPointer(context))
        curl.set(easy, CURLOPT_HEADERFUNCTION, curlHeaderCallback)
        curl.set(easy, CURLOPT_HEADERDATA, UnsafeRawPointer(context))
        if let body = request.body {
            curl.set(easy, CURLOPT_POSTFIELDSIZE, body.count)
            // COPYPOSTFIELDS copies the bytes, so they need to live only through this call.
            body.withUnsafeBytes { curl.set(easy, CURLOPT_COPYPOSTFIELDS, $0.baseAddress) }
        }
        if request.method != "GET" && request.method != "POST" {
            curl.set(easy, CURLOPT_CUSTOMREQUEST, request.method)
        }
    }

    /// Runs the transfer until libcurl reports it done or a cancel arrives; nil means cancelled.
    private func drive(_ multiHandle: UnsafeMutableRawPointer, with curl: LibCurl) -> CURLcode? {
        var running: Int32 = 1
        let pollMilliseconds = Int32(clamping: min(1000, max(10, options.idleTimeout.wholeMilliseconds / 4)))
        lastActivity = .now
        while true {
            let now = ContinuousClock.now
            if cancelled.load(ordering: .acquiring) {
                guard ending?.isRead == true else { return nil }
                let since = cancelledAt ?? now
                cancelledAt = since
                if now - since > ResponseEnding.grace { return nil }
            }
            if receivedSomething {
                receivedSomething = false
                lastActivity = now
            } else if now - lastActivity > options.idleTimeout {
                let milliseconds = options.idleTimeout.wholeMilliseconds
                idleDetail = milliseconds % 1000 == 0
                    ? "no data for \(milliseconds / 1000) s" : "no data for \(milliseconds) ms"
                return CURLE_OPERATION_TIMEDOUT
            }
            _ = curl.multiPerform(multiHandle, &running)
            var queued: Int32 = 0
            while let message = curl.multiInfoRead(multiHandle, &queued) {
                if parley_curl_message_is_done(message) != 0 { return parley_curl_done_result(message) }
            }
            if running == 0 { return CURLE_OK }
            if !pending.isEmpty {
                var ready: Int32 = 0
                _ = curl.multiPoll(multiHandle, nil, 0, 0, &ready)
                // More bytes are already waiting: read them first, unless the batch is big enough.
                if ready > 0, pending.count < Self.batchLimit { continue }
                let wait = Self.coalescing - (ContinuousClock.now - lastFlush)
                if wait > .zero, pending.count < Self.batchLimit {
                    _ = curl.multiPoll(multiHandle, nil, 0, Int32(max(1, wait.wholeMilliseconds)), nil)
                    continue
                }
                flush()
            }
            _ = curl.multiPoll(multiHandle, nil, 0, cancelledAt == nil ? pollMilliseconds : 10, nil)
        }
    }

    private func flush() {
        guard !pending.isEmpty else { return }
        continuation.yield(.bytes(Data(pending)))
        pending.removeAll(keepingCapacity: true)
        lastFlush = .now
    }

    private func finish(result: CURLcode?, detail: String?) {
        flush()
        guard let result else {
            continuation.finish(throwing: TransportFailure(kind: .cancelled, detail: "cancelled"))
            return
        }
        if result == CURLE_OK, let head {
            if head.isSuccess {
                deliverHead()
                continuation.finish()
            } else {
                continuation.finish(throwing: HTTPStatusFailure(head: head, body: errorBody))
            }
            return
        }
        if let head, !head.isSuccess {
            // A cut or stalled error body still carries the status, which says more than the cut.
            continuation.finish(throwing: HTTPStatusFailure(head: head, body: errorBody))
            return
        }
        let described = curl.flatMap { $0.easyStrerror(result) }.map { String(cString: $0) }
        let text = detail ?? described ?? "libcurl error \(result.rawValue)"
        continuation.finish(throwing: TransportFailure(kind: Self.kind(of: result), detail: text))
    }

    private static func kind(of code: CURLcode) -> TransportFailure.Kind {
        switch code {
        case CURLE_OPERATION_TIMEDOUT: .timeout
        case CURLE_RECV_ERROR, CURLE_PARTIAL_FILE, CURLE_GOT_NOTHING, CURLE_SEND_ERROR, CURLE_HTTP2,
             CURLE_HTTP2_STREAM, CURLE_WRITE_ERROR, CURLE_UNRECOVERABLE_POLL: .broken
        default: .connect
        }
    }

    private func deliverHead() {
        guard !headDelivered, let head, head.isSuccess else { return }
        headDelivered = true
        continuation.yield(.head(head))
    }

    fileprivate func received(_ bytes: UnsafeRawBufferPointer) {
        receivedSomething = true
        switch bodyTarget {
        case .stream:
            if pending.capacity == 0 { pending.reserveCapacity(Self.batchLimit) }
            pending.append(contentsOf: bytes)
        case .errorBody:
            if errorBody.count < Self.errorBodyLimit {
                errorBody.append(contentsOf: bytes.prefix(Self.errorBodyLimit - errorBody.count))
            }
        case .undecided:
            if head == nil { captureHead() }
            guard let head else { return }
            bodyTarget = head.isSuccess ? .stream : .errorBody
            deliverHead()
            received(bytes)
        }
    }

    fileprivate func receivedHeader(_ bytes: UnsafeRawBufferPointer) {
        receivedSomething = true
        let line = String(decoding: bytes, as: UTF8.self)
        if line.hasPrefix("HTTP/") {
            // A new status line starts a new response (after a 100 Continue or a proxy's CONNECT).
            headers = [:]
            head = nil
            bodyTarget = .undecided
            return
        }
        let trimmed = Self.trimmed(line[...])
        if trimmed.isEmpty {
            captureHead()
            return
        }
        guard let colon = trimmed.firstIndex(of: ":") else { return }
        let name = trimmed[..<colon].lowercased()
        headers[name] = String(Self.trimmed(trimmed[trimmed.index(after: colon)...]))
    }

    /// Header lines are ASCII; the standard library's whitespace test does here what Foundation's character
    /// sets would, without loading their Unicode tables.
    private static func trimmed(_ text: Substring) -> Substring {
        var text = text.drop(while: \.isWhitespace)
        while text.last?.isWhitespace == true { text = text.dropLast() }
        return text
    }

    private func captureHead() {
        guard let easy, let curl else { return }
        var status = 0
        _ = parley_curl_get_long(curl.getinfo, easy, CURLINFO_RESPONSE_CODE, &status)
        head = status >= 200 ? HTTPResponseHead(status: status, headers: headers) : nil
    }
}

/// A libcurl handle pointer that may cross threads; only `curl_multi_wakeup` is called from elsewhere,
/// which libcurl documents as thread-safe, and only under the owner's lock.
struct CurlHandle: @unchecked Sendable {
    let pointer: UnsafeMutableRawPointer
}

private func curlWriteCallback(
    buffer: UnsafeMutablePointer<CChar>?, size: Int, count: Int, context: UnsafeMutableRawPointer?
) -> Int {
    guard let buffer, let context else { return 0 }
    let transfer = Unmanaged<CurlTransfer>.fromOpaque(context).takeUnretainedValue()
    transfer.received(UnsafeRawBufferPointer(start: buffer, count: size * count))
    return size * count
}

private func curlHeaderCallback(
    buffer: UnsafeMutablePointer<CChar>?, size: Int, count: Int, context: UnsafeMutableRawPointer?
) -> Int {
    guard let buffer, let context else { return 0 }
    let transfer = Unmanaged<CurlTransfer>.fromOpaque(context).takeUnretainedValue()
    transfer.receivedHeader(UnsafeRawBufferPointer(start: buffer, count: size * count))
    return size * count
}

/// Where a transfer's body bytes go.
private enum BodyTarget {
    /// No body byte yet: the status decides at the first.
    case undecided
    /// A success: handed to the consumer in batches.
    case stream
    /// An error status: kept, up to a limit, for the error's message.
    case errorBody
}
