/// Network settings of a provider; idle rather than total timeout, so long answers are never cut.
public struct TransportOptions: Sendable, Equatable {
    /// Longest wait for the TCP and TLS handshake.
    public var connectTimeout: Duration
    /// Longest silence (no byte at all) before the transfer is abandoned, rounded up to whole seconds.
    public var idleTimeout: Duration
    /// Overrides the proxy libcurl takes from `https_proxy` and friends.
    public var proxy: String?
    /// A PEM file of extra certificate authorities; verification itself stays on.
    public var caBundle: String?

    public init(
        connectTimeout: Duration = .seconds(10), idleTimeout: Duration = .seconds(120),
        proxy: String? = nil, caBundle: String? = nil
    ) {
        self.connectTimeout = connectTimeout
        self.idleTimeout = idleTimeout
        self.proxy = proxy
        self.caBundle = caBundle
    }
}
