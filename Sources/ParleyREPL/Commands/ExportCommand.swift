import Foundation
import ParleyCore

/// `/export [md | json] [path] [chat]`: writes a chat as Markdown or JSON, to a file or the screen.
public struct ExportCommand: Command {
    public let spec = CommandSpec(
        name: "export",
        summary: "Export a chat as Markdown or JSON",
        usage: "/export [md | json] [path] [number | id]",
        discussion: "Writes the current chat (or the one named by a /history number or an id) as Markdown "
            + "(the default) or as JSON with every step in Chainlit's shape, to path or else to the screen; "
            + "/export 3 shows chat 3. The file is made readable by you only; ~ is your home directory."
    )

    public init() {}

    public func completions(for request: CompletionRequest, context: CommandContext) -> [String] {
        request.previousWords.isEmpty ? ["md", "json"] : []
    }

    @MainActor
    public func run(_ invocation: CommandInvocation, context: CommandContext) async throws -> CommandOutcome {
        var arguments = invocation.arguments[...]
        var format = "md"
        if let first = arguments.first, first == "md" || first == "json" {
            format = first
            arguments = arguments.dropFirst()
        }
        guard arguments.count <= 2 else {
            throw ParleyError(.usage, "/export takes a format, a path and a chat at most", hint: "usage: \(spec.usage)")
        }
        let chat = try context.requireChat()
        var path = arguments.first
        let id: String
        if arguments.count == 2 {
            id = try await ThreadReference.resolve(arguments[arguments.startIndex + 1], context: context)
        } else if let only = path, Int(only) != nil {
            // A number is a chat from /history, never a file name.
            id = try await ThreadReference.resolve(only, context: context)
            path = nil
        } else if let only = path, Self.couldBeID(only),
                  let found = try await ThreadReference.find(only, context: context) {
            id = found
            path = nil
        } else if let current = await chat.thread?.id {
            id = current
        } else {
            throw ParleyError(.usage, "there is no chat to export yet", hint: "send a message, or name a chat: /export md out.md 3")
        }
        guard let thread = try await chat.ownedThread(id) else {
            throw ParleyError(.usage, "there is no chat \(id)", hint: "/history lists your chats")
        }
        let text = format == "json" ? try Self.json(thread) : Self.markdown(thread)
        guard let path else {
            context.terminal.output.write(text)
            return .continue
        }
        try FileSystem.writePrivate(Array(text.utf8), to: FileSystem.expandingHome(path))
        context.terminal.print("Exported \"\(thread.name ?? "(unnamed)")\" to \(path).")
        return .continue
    }

    /// Whether the one argument after the format may be the start of a chat id rather than a path.
    private static func couldBeID(_ argument: String) -> Bool {
        argument.count >= 4 && argument.lowercased().allSatisfy(Set("0123456789abcdef-").contains)
    }

    static func markdown(_ thread: ChatThread) -> String {
        var text = "# \(thread.name ?? "Chat")\n\n_Chat \(thread.id), started \(HistoryCommand.shortDate(thread.createdAt)) UTC._\n"
        let replaced = Conversation.replacedAnswers(in: thread.steps)
        for step in thread.steps where step.type == .userMessage || step.type == .assistantMessage {
            let who = step.type == .userMessage ? step.name : Self.speaker(step)
            var notes: [String] = []
            if step.metadata["interrupted"] == .bool(true) { notes.append("interrupted") }
            if step.isError == true { notes.append("error") }
            if replaced.contains(step.id) { notes.append("retried") }
            if let value = Conversation.feedback(on: step, in: thread.steps)?.value {
                notes.append(value == 1 ? "👍" : "👎")
            }
            let suffix = notes.isEmpty ? "" : " (" + notes.joined(separator: ", ") + ")"
            text += "\n**\(who)**\(suffix) · \(HistoryCommand.shortDate(step.createdAt ?? ""))\n\n\(step.output ?? "")\n"
        }
        return text
    }

    private static func speaker(_ step: Step) -> String {
        if case .object(let generation)? = step.generation, case .string(let model)? = generation["model"] {
            return "\(step.name) (\(model))"
        }
        return step.name
    }

    static func json(_ thread: ChatThread) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        do {
            return String(decoding: try encoder.encode(thread), as: UTF8.self) + "\n"
        } catch {
            throw ParleyError(.general, "the chat could not be written as JSON: \(error)")
        }
    }
}
