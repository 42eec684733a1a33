import Foundation
import ParleyCore

/// `/history [n | next | words…]`: the person's chats, most recently active first, numbered for `/resume`.
public struct HistoryCommand: Command {
    public static let defaultCount = 10

    public let spec = CommandSpec(
        name: "history",
        summary: "List your chats, most recently active first",
        usage: "/history [n | next | words…]",
        discussion: "Lists the last 10 chats (or n) with their number, name, when they were started, how many "
            + "messages they hold, the feedback given on their answers and the start of their latest message. "
            + "/history next shows the following page; with words, only chats whose messages contain all of them. "
            + "Resume one with /resume and its number.",
        takesText: true
    )

    public init() {}

    public func completions(for request: CompletionRequest, context: CommandContext) -> [String] {
        request.previousWords.isEmpty ? ["next"] : []
    }

    @MainActor
    public func run(_ invocation: CommandInvocation, context: CommandContext) async throws -> CommandOutcome {
        let chat = try context.requireChat()
        var count = Self.defaultCount
        var words: String?
        var cursor: String?
        var continuing = false
        if invocation.arguments == ["next"] {
            guard let next = context.listing.continuation else {
                throw ParleyError(.usage, "there are no more chats to list", hint: "/history starts from the newest")
            }
            (words, cursor, count, continuing) = (next.words, next.cursor, next.pageSize, true)
        } else if invocation.arguments.count == 1, let number = Int(invocation.arguments[0]) {
            guard number > 0 else { throw ParleyError(.usage, "/history needs a positive number of chats") }
            count = min(number, 500)
        } else if !invocation.arguments.isEmpty {
            words = invocation.argumentText
        }
        let page = try await chat.threads(words: words, after: cursor, pageSize: count)
        let first = context.listing.record(page, words: words, pageSize: count, continuing: continuing)
        let terminal = context.terminal
        guard !page.threads.isEmpty else {
            terminal.print(words.map { "No chat contains \"\($0)\"." } ?? "No chats yet: the first message starts one.")
            return .continue
        }
        let current = await chat.thread?.id
        for (offset, thread) in page.threads.enumerated() {
            let number = String(first + offset).padding(toLength: 4)
            let marker = thread.id == current ? "*" : " "
            let name = (thread.name ?? "(unnamed)").prefix(60)
            let count = thread.messageCount == 1 ? "1 message" : "\(thread.messageCount) messages"
            let details = [Self.shortDate(thread.createdAt), count] + Self.ratings(of: thread)
            let when = Style.dim.apply(details.joined(separator: " · "), enabled: terminal.colorsOutput)
            var line = "\(marker)\(number)\(Style.bold.apply(String(name), enabled: terminal.colorsOutput))  \(when)"
            if let preview = thread.preview?.split(whereSeparator: \.isNewline).first {
                line += "\n      " + Style.dim.apply(String(preview.prefix(90)), enabled: terminal.colorsOutput)
            }
            terminal.print(line)
        }
        var hint = "/resume N takes a chat up again"
        if page.nextCursor != nil { hint += "; /history next shows more" }
        terminal.print(Style.dim.apply(hint + ".", enabled: terminal.colorsOutput))
        return .continue
    }

    /// The feedback given in the chat, as `2 rated up` and `1 rated down`; nothing where there is none.
    static func ratings(of thread: ThreadSummary) -> [String] {
        (thread.ratedUp > 0 ? ["\(thread.ratedUp) rated up"] : [])
            + (thread.ratedDown > 0 ? ["\(thread.ratedDown) rated down"] : [])
    }

    /// `2026-11-25T07:19:33.842290Z` as `2026-11-25 07:19` (UTC).
    static func shortDate(_ timestamp: String) -> String {
        guard timestamp.count >= 16 else { return timestamp }
        return timestamp.prefix(10) + " " + timestamp.dropFirst(11).prefix(5)
    }
}
