import ParleyCore

/// The command line; everything past parsing and wiring lives in the libraries.
struct Parley {
    var provider: String?
    var model: String?
    var user: String?
    var database: String?
    var config: String?
    var system: String?
    var maxTokens: Int?
    var resume: String?
    var `continue` = false
    var noColor = false
    var listProviders = false

    static var parser: CommandLineParser<Parley> {
        CommandLineParser(
            command: "parley",
            overview: "Chat with large language models from the terminal.",
            discussion: "Type a message to send it, /help for the commands. `parley migrate` updates a "
                + "database's schema (see parley migrate --help). See parley(1).",
            options: [
                .value("provider", "name", "Use this configured provider.") { $0.provider = $1 },
                .value("model", "name", "Use this model.") { $0.model = $1 },
                .value("user", "id", "Chat as this user (default: PARLEY_USER, else the login name).") {
                    $0.user = $1
                },
                .value("database", "url", "Keep chats in this database (postgresql://… or a SQLite path).") {
                    $0.database = $1
                },
                .value("config", "path", "Read settings from this file.") { $0.config = $1 },
                .value("system", "text", "Start with this system prompt.") { $0.system = $1 },
                .value("max-tokens", "n", "Stop answers after this many tokens.") {
                    (options, value) throws(ParleyError) in
                    guard let count = Int(value), count > 0 else {
                        throw ParleyError(.usage, "--max-tokens takes a positive whole number, not '\(value)'")
                    }
                    options.maxTokens = count
                },
                .value("resume", "id", "Take up this earlier chat (an id or its first characters).") {
                    $0.resume = $1
                },
                .flag("continue", "Take up the most recent chat.") { $0.continue = true },
                .flag("no-color", "Never colour the output (as NO_COLOR does).") { $0.noColor = true },
                .flag("list-providers",
                      "List the providers parley would use, and exit (status 9 when there are none).") {
                    $0.listProviders = true
                },
            ],
            offersVersion: true
        )
    }
}
