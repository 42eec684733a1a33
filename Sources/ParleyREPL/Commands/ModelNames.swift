import Synchronization

/// The current provider's model names, kept where Tab completion can read them without waiting.
public final class ModelNames: Sendable {
    private let names = Mutex<[String]>([])

    public init() {}

    public var all: [String] { names.withLock { $0 } }

    public func replace(with names: [String]) {
        self.names.withLock { $0 = names }
    }
}
