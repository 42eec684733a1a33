import ArgumentParser
import Glibc
import ParleyCore
import ParleyREPL

/// The command line; everything past parsing lives in ParleyREPL.Application.
struct Parley: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parley",
        abstract: "Chat with large language models from the terminal.",
        discussion: "Type a message to send it, /help for the commands. See parley(1).",
        version: ParleyVersion.current
    )

    @Option(name: .long, help: ArgumentHelp("Read settings from this file.", valueName: "path"))
    var config: String?

    @Flag(name: .long, help: "Never colour the output (as NO_COLOR does).")
    var noColor = false
}

let arguments = Parley.parseOrExit()
let status = await Application.run(Application.Options(configFile: arguments.config, noColor: arguments.noColor))
exit(status)
