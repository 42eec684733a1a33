import ParleyCore

/// `/delete [number | id]`: deletes a chat with everything in it, after asking on a terminal.
public struct DeleteCommand: Command {
    public let spec = CommandSpec(
        name: "delete",
        summary: "Delete a chat (the current one without an argument)",
        usage: "/delete [number | id]",
        discussion: "Deletes the chat with its messages, attachments and feedback, for Chainlit's web app too. "
            + "On a terminal it asks first; in a script it does not. Deleting the current chat starts a new one."
    )

    public init() {}

    @MainActor
    public func run(_ invocation: CommandInvocation, context: CommandContext) async throws -> CommandOutcome {
        let chat = try context.requireChat()
        let id: String
        switch invocation.arguments.count {
        case 0:
            guard let current = await chat.thread?.id else {
                throw ParleyError(.usage, "there is no current chat to delete", hint: "name one: /delete 3")
            }
            id = current
        case 1:
            id = try await ThreadReference.resolve(invocation.arguments[0], context: context)
        default:
            throw ParleyError(.usage, "/delete takes one chat number or id", hint: "usage: \(spec.usage)")
        }
        guard let thread = try await chat.ownedThread(id) else {
            throw ParleyError(.usage, "there is no chat \(id)", hint: "/history lists your chats")
        }
        let messages = thread.steps.filter { $0.type == .userMessage || $0.type == .assistantMessage }.count
        let question = "Delete \"\(thread.name ?? "(unnamed)")\" and its \(messages) messages? [y/N] "
        if let answer = try context.ask(question), !["y", "yes"].contains(answer.lowercased()) {
            context.terminal.print("Kept.")
            return .continue
        }
        try await chat.delete(id: id)
        context.terminal.print("Deleted \"\(thread.name ?? "(unnamed)")\".")
        return .continue
    }
}
