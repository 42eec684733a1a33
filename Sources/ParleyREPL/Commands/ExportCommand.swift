import Foundation
import ParleyCore

/// `/export [md | json] [path] [chat]`: writes a chat as Markdown or JSON, to a file or the screen.
public struct ExportCommand: Command {
    public let spec = CommandSpec(
        name: "export",
        summary: "Export a chat as Markdown or JSON",
        usage: "/export [md | json] [path] [number | id]",
        discussion: "Writes the current chat (or the one named by a /history number or an id) as Markdown "
            + "(the default) or as JSON with every step in Chainlit's shape, to path or else to the screen. "
            + "A file is created readable by you only."
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
        let path = arguments.first
        let id: String
        if arguments.count == 2 {
            id = try await ThreadReference.resolve(arguments[arguments.startIndex + 1], context: context)
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
        let created = FileManager.default.createFile(atPath: path, contents: Data(text.utf8),
                                                      attributes: [.posixPermissions: 0o600])
        guard created else {
            throw ParleyError(.general, "cannot write \(path)", hint: "check that its directory exists and is writable")
        }
        context.terminal.print("Exported \"\(thread.name ?? "(unnamed)")\" to \(path).")
        return .continue
    }

    static func markdown(_ thread: ChatThread) -> String {
        var text = "# \(thread.name ?? "Chat")\n\n_Chat \(thread.id), started \(HistoryCommand.shortDate(thread.createdAt)) UTC._\n"
        for step in thread.steps where step.type == .userMessage || step.type == .assistantMessage {
            let who = step.type == .userMessage ? step.name : Self.speaker(step)
            var notes: [String] = []
            if step.metadata["interrupted"] == .bool(true) { notes.append("interrupted") }
            if step.isError == true { notes.append("error") }
            if let value = thread.steps.first(where: { $0.id == step.parentId })?.feedback?.value {
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
