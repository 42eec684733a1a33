import ParleyCore
import Synchronization

/// The chats `/history` showed last, numbered from 1, and where the next page starts.
public final class HistoryListing: Sendable {
    private struct State {
        var threads: [ThreadSummary] = []
        var words: String?
        var nextCursor: String?
        var pageSize = HistoryCommand.defaultCount
    }

    private let state = Mutex(State())

    public init() {}

    /// Keeps a page; `continuing` appends to what was shown instead of starting over.
    func record(_ page: ThreadPage, words: String?, pageSize: Int, continuing: Bool) -> Int {
        state.withLock { state in
            if !continuing { state.threads = [] }
            let first = state.threads.count + 1
            state.threads += page.threads
            state.words = words
            state.pageSize = pageSize
            state.nextCursor = page.nextCursor
            return first
        }
    }

    /// The search words, cursor and page size for `/history next`, or nil when nothing more is left.
    var continuation: (words: String?, cursor: String, pageSize: Int)? {
        state.withLock { state in state.nextCursor.map { (state.words, $0, state.pageSize) } }
    }

    /// The chat shown with `number`.
    func thread(numbered number: Int) -> ThreadSummary? {
        state.withLock { state in number >= 1 && number <= state.threads.count ? state.threads[number - 1] : nil }
    }
}
