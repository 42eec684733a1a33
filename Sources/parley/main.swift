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
// The configuration file is read once, before the store opens, since it may name the database.
let paths = Paths(environment: environment, configOverride: arguments.config, home: NSHomeDirectory())
let settings = Result { () throws(ParleyError) in try Configuration.load(from: paths.configFile) }
let configuration = (try? settings.get().configuration) ?? Configuration()
let opening = arguments.openStore(environment: environment, configuration: configuration, paths: paths)
let status = await Application.run(arguments.applicationOptions, paths: paths, settings: settings) {
    terminal throws(ParleyError) in
    try await arguments.connect(paths: paths, terminal: terminal, environment: environment, opening: opening,
                                configuration: configuration)
}
LibraryLoading.shared.finish()
exit(status)
