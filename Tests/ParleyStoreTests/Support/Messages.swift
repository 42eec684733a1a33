import ParleyStore
import Synchronization

/// Collects what the writer tells the person.
final class Messages: Sendable {
    private let notices = Mutex<[WriterNotice]>([])

    func append(_ notice: WriterNotice) {
        notices.withLock { $0.append(notice) }
    }

    var all: [String] {
        notices.withLock { $0.map(\.text) }
    }

    /// The texts of the notices of dropped changes.
    var dropped: [String] {
        notices.withLock { $0.filter(\.dropped).map(\.text) }
    }

    var hints: [String] {
        notices.withLock { $0.map(\.hint) }
    }
}
