import Foundation
import ParleyCore
import ParleyREPL

// Parse, build, run: `parley migrate …`, or a chat (the options are in Parley.swift, the wiring beside it).
let environment = ProcessEnvironment.current()
let commandLine = Array(CommandLine.arguments.dropFirst())
if commandLine.first == "migrate" {
    let migrate = Migrate.parser.parseOrExit(Array(commandLine.dropFirst()), defaults: Migrate())
    exit(await migrate.migrate(environment: environment))
}
let arguments = Parley.parser.parseOrExit(commandLine, defaults: Parley())
if arguments.listProviders {
    exit(await arguments.printProviders(environment: environment))
}
let opening = arguments.openStore(environment: environment)
let status = await Application.run(arguments.applicationOptions) { paths, terminal throws(ParleyError) in
    try await arguments.connect(paths: paths, terminal: terminal, environment: environment, opening: opening)
}
LibraryLoading.shared.finish()
exit(status)
