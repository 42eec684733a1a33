import ArgumentParser
import ParleyCore

/// The command line; everything past parsing and wiring lives in the libraries.
struct Parley: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parley",
        abstract: "Chat with large language models from the terminal.",
        discussion: "Type a message to send it, /help for the commands. `parley migrate` updates a database's "
            + "schema (see parley migrate --help). See parley(1).",
        version: ParleyVersion.current
    )

    @Option(name: .long, help: ArgumentHelp("Use this configured provider.", valueName: "name"))
    var provider: String?

    @Option(name: .long, help: ArgumentHelp("Use this model.", valueName: "name"))
    var model: String?

    @Option(name: .long, help: ArgumentHelp("Chat as this user (default: PARLEY_USER, else the login name).",
                                            valueName: "id"))
    var user: String?

    @Option(name: .long, help: ArgumentHelp("Keep chats in this database (postgresql://… or a SQLite path).",
                                            valueName: "url"))
    var database: String?

    @Option(name: .long, help: ArgumentHelp("Read settings from this file.", valueName: "path"))
    var config: String?

    @Option(name: .long, help: ArgumentHelp("Start with this system prompt.", valueName: "text"))
    var system: String?

    @Option(name: .long, help: ArgumentHelp("Stop answers after this many tokens.", valueName: "n"))
    var maxTokens: Int?

    @Option(name: .long, help: ArgumentHelp("Take up this earlier chat (an id or its first characters).",
                                            valueName: "id"))
    var resume: String?

    @Flag(name: .long, help: "Take up the most recent chat.")
    var `continue` = false

    @Flag(name: .long, help: "Never colour the output (as NO_COLOR does).")
    var noColor = false

    @Flag(name: .long, help: "List the providers parley would use, and exit (status 9 when there are none).")
    var listProviders = false
}
