import Foundation
import ParleyCore
import ParleyREPL

// Parse, build, run: `parley migrate …`, or a chat (the options are in Parley.swift, the wiring beside it).
let environment = ProcessInfo.processInfo.environment
if CommandLine.arguments.dropFirst().first == "migrate" {
    exit(await Migrate.parseOrExit(Array(CommandLine.arguments.dropFirst(2))).migrate(environment: environment))
}
let arguments = Parley.parseOrExit()
if arguments.listProviders {
    exit(await arguments.printProviders(environment: environment))
}
exit(await Application.run(arguments.applicationOptions) { paths, terminal throws(ParleyError) in
    try await arguments.connect(paths: paths, terminal: terminal, environment: environment)
})
