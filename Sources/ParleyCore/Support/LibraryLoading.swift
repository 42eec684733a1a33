import Foundation

/// Keeps the process from ending while a C library is being opened and initialised on another thread: exit's
/// handlers running beside a dlopen, or OpenSSL's set-up, crashed parley. Loads are counted from the moment one
/// is asked for; once the process is ending, no new one starts.
public final class LibraryLoading: @unchecked Sendable {
    /// The process's loads.
    public static let shared = LibraryLoading()

    // Guarded by the condition's lock.
    private let condition = NSCondition()
    private var active = 0
    private var ending = false

    public init() {}

    /// Marks a load about to start, perhaps on another thread; false when the process is ending. Each `true`
    /// is followed by exactly one `end()`.
    public func begin() -> Bool {
        condition.lock()
        defer { condition.unlock() }
        guard !ending else { return false }
        active += 1
        return true
    }

    public func end() {
        condition.lock()
        active -= 1
        condition.broadcast()
        condition.unlock()
    }

    /// Runs `load` as one counted load; refused once the process is ending.
    public func run<T>(_ load: () throws(DynamicLibrary.Failure) -> T) throws(DynamicLibrary.Failure) -> T {
        guard begin() else { throw DynamicLibrary.Failure(message: "parley is ending") }
        defer { end() }
        return try load()
    }

    /// Waits for the loads under way, and refuses new ones; called just before the process exits.
    public func finish() {
        condition.lock()
        ending = true
        while active > 0 { condition.wait() }
        condition.unlock()
    }
}
