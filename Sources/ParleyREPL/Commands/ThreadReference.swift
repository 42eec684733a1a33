import ParleyCore

/// A chat named on a command line: a number from the last `/history`, a whole id, or at least the first four
/// characters of one.
enum ThreadReference {
    static func resolve(_ argument: String, context: CommandContext) async throws -> String {
        if let found = try await find(argument, context: context) { return found }
        if let number = Int(argument) {
            throw ParleyError(.usage, "no chat numbered \(number) was listed", hint: "run /history first")
        }
        throw ParleyError(.usage, "no chat of yours has an id starting with \(argument)", hint: "/history lists your chats")
    }

    /// The chat `argument` names, or nil when it names none; a start of an id that fits several is refused.
    static func find(_ argument: String, context: CommandContext) async throws -> String? {
        let chat = try context.requireChat()
        if let number = Int(argument), let listed = context.listing.thread(numbered: number) { return listed.id }
        // An id may begin with digits only, so a number not listed is tried as the start of an id too; a start
        // shorter than four characters would match too much to mean anything.
        guard argument.count >= 4 else { return nil }
        let matches = try await chat.threads(idPrefix: argument)
        guard matches.count > 1 else { return matches.first?.id }
        let listed = matches.map { "\($0.id)  \($0.name ?? "(unnamed)")" }.joined(separator: "\n  ")
        throw ParleyError(.usage, "more than one of your chats has an id starting with \(argument):\n  \(listed)",
                          hint: "give more of the id")
    }
}
