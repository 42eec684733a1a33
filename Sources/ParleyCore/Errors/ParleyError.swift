/// The one error a person sees: what happened and what to do next, with a code that maps to an exit status.
public struct ParleyError: Error, CustomStringConvertible, Equatable, Sendable {
    public let code: Code
    /// What happened, in words a person can act on.
    public let message: String
    /// What to do about it; empty when the message already says.
    public let hint: String

    public init(_ code: Code, _ message: String, hint: String = "") {
        self.code = code
        self.message = message
        self.hint = hint
    }

    public var description: String {
        hint.isEmpty ? message : "\(message)\n\(hint)"
    }
}

extension ParleyError {
    /// The kind of failure; new kinds can be added without breaking callers.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Kind: Hashable, Sendable {
            case general, usage, auth, rateLimit, modelNotFound, badRequest, server, network, timeout, database,
                databaseUnreachable, input, config, interrupted
        }
        private let kind: Kind

        /// Anything without a more precise kind.
        public static let general = Code(kind: .general)
        /// A command or option used wrongly: unknown command, bad arguments.
        public static let usage = Code(kind: .usage)
        /// The provider refused the credentials.
        public static let auth = Code(kind: .auth)
        /// The provider asks to slow down, or the quota is spent.
        public static let rateLimit = Code(kind: .rateLimit)
        /// The provider does not know the model.
        public static let modelNotFound = Code(kind: .modelNotFound)
        /// The provider refused the request itself (too long a context, a bad parameter).
        public static let badRequest = Code(kind: .badRequest)
        /// The provider failed on its side (5xx, overloaded, an error in the middle of a stream).
        public static let server = Code(kind: .server)
        /// The provider could not be reached.
        public static let network = Code(kind: .network)
        /// The provider stopped answering (connect or idle timeout).
        public static let timeout = Code(kind: .timeout)
        /// The database refused: a wrong password, an unknown database, a statement it rejects.
        public static let database = Code(kind: .database)
        /// The database server could not be reached: the chat can go on, its writes kept locally.
        public static let databaseUnreachable = Code(kind: .databaseUnreachable)
        /// Input that cannot be read: invalid UTF-8, a line too long, an unclosed block.
        public static let input = Code(kind: .input)
        /// The configuration file is missing something or cannot be read.
        public static let config = Code(kind: .config)
        /// Ctrl-C or a termination signal stopped the work.
        public static let interrupted = Code(kind: .interrupted)

        /// The exit status of a scripted session that ends with this error (listed in parley(1)); kinds a script
    /// would treat alike share one.
        public var exitStatus: Int32 {
            switch kind {
            case .general: 1
            case .usage: 2
            case .auth: 3
            case .rateLimit: 4
            case .modelNotFound: 5
            case .badRequest: 1
            case .server: 1
            case .network: 6
            case .timeout: 6
            case .database: 7
            case .databaseUnreachable: 7
            case .input: 8
            case .config: 9
            case .interrupted: 130
            }
        }

        public var description: String {
            switch kind {
            case .general: "error"
            case .usage: "usage"
            case .auth: "authentication"
            case .rateLimit: "rate limit"
            case .modelNotFound: "model not found"
            case .badRequest: "bad request"
            case .server: "server error"
            case .network: "network"
            case .timeout: "timeout"
            case .database: "database"
            case .databaseUnreachable: "database unreachable"
            case .input: "input"
            case .config: "configuration"
            case .interrupted: "interrupted"
            }
        }
    }
}
