/// A transfer that ended without a complete response: unreachable, timed out, cut off or cancelled.
public struct TransportFailure: Error, Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        /// The host could not be resolved or reached, or TLS failed.
        case connect
        /// No connection within the connect timeout, or no bytes within the idle timeout.
        case timeout
        /// The connection broke after it was made.
        case broken
        /// The consumer cancelled.
        case cancelled
        /// libcurl itself could not be loaded; retrying cannot help.
        case unavailable
    }

    public var kind: Kind
    /// libcurl's description of what happened, for the message a person sees.
    public var detail: String

    public init(kind: Kind, detail: String) {
        self.kind = kind
        self.detail = detail
    }
}
