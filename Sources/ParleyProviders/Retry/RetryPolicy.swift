import Foundation

/// When and how long to wait before trying a failed request again, as the official SDKs do.
public struct RetryPolicy: Sendable {
    /// Retries after the first attempt.
    public var maxRetries: Int
    public var initialDelay: Duration
    public var maxDelay: Duration
    /// A number in 0...1 for the jitter; injectable so tests are exact.
    public var random: @Sendable () -> Double
    /// The wait itself; injectable so tests do not wait seconds.
    public var sleep: @Sendable (Duration) async throws -> Void
    /// The current time, for `retry-after` given as an HTTP date.
    public var now: @Sendable () -> Date

    public init(
        maxRetries: Int = 2, initialDelay: Duration = .milliseconds(500), maxDelay: Duration = .seconds(8),
        random: @escaping @Sendable () -> Double = { Double.random(in: 0...1) },
        sleep: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) },
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.maxRetries = maxRetries
        self.initialDelay = initialDelay
        self.maxDelay = maxDelay
        self.random = random
        self.sleep = sleep
        self.now = now
    }

    /// The wait before retry number `retriesMade + 1`, or nil when the failure must not be retried.
    public func delay(after failure: any Error, retriesMade: Int) -> Duration? {
        guard retriesMade < maxRetries, shouldRetry(failure) else { return nil }
        if let status = failure as? HTTPStatusFailure, let asked = serverDelay(status.head.headers) { return asked }
        let exponential = initialDelay * (1 << min(retriesMade, 16))
        let capped = min(exponential, maxDelay)
        return capped * (1 - 0.25 * min(max(random(), 0), 1))
    }

    private func shouldRetry(_ failure: any Error) -> Bool {
        if let transport = failure as? TransportFailure {
            return transport.kind != .cancelled && transport.kind != .unavailable
        }
        guard let status = failure as? HTTPStatusFailure else { return false }
        let code = status.head.status
        if code == 429, ProviderErrorBody(status.body).codes.contains("insufficient_quota") { return false }
        switch status.head.headers["x-should-retry"]?.lowercased() {
        case "true": return true
        case "false": return false
        default: break
        }
        return code == 408 || code == 409 || code == 429 || code >= 500
    }

    /// `retry-after-ms`, else `retry-after` in seconds or as an HTTP date, used when 0 < value ≤ 60 s.
    private func serverDelay(_ headers: [String: String]) -> Duration? {
        var seconds: Double?
        if let text = headers["retry-after-ms"], let milliseconds = Double(text) {
            seconds = milliseconds / 1000
        } else if let text = headers["retry-after"] {
            if let value = Double(text) {
                seconds = value
            } else if let date = Self.httpDate(text) {
                seconds = date.timeIntervalSince(now())
            }
        }
        guard let seconds, seconds > 0, seconds <= 60 else { return nil }
        return .milliseconds(Int((seconds * 1000).rounded()))
    }

    private static func httpDate(_ text: String) -> Date? {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        return formatter.date(from: text)
    }
}
