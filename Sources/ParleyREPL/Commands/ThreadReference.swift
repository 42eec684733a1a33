import ParleyCore

/// A chat named on a command line: a number from the last `/history`, a whole id, or an id's first characters.
enum ThreadReference {
    static func resolve(_ argument: String, context: CommandContext) async throws -> String {
        let chat = try context.requireChat()
        if let number = Int(argument) {
            guard let listed = context.listing.thread(numbered: number) else {
                throw ParleyError(.usage, "no chat numbered \(number) was listed", hint: "run /history first")
            }
            return listed.id
        }
        if let found = try await chat.thread(idPrefix: argument) { return found }
        throw ParleyError(.usage, "no chat of yours has an id starting with \(argument)", hint: "/history lists your chats")
    }
}
