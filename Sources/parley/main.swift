import Foundation
import ParleyCore
import ParleyREPL

/// Parses `arguments` with `parser`: the options to run with, or the exit status once help, the version or
/// a usage error has been printed.
func parse<Options>(_ parser: CommandLineParser<Options>, _ arguments: [String], defaults: Options)
    -> Result<Options, ExitStatus> {
    do throws(ParleyError) {
        switch try parser.parse(arguments, defaults: defaults) {
        case .run(let options): return .success(options)
        case .help: print(parser.help)
        case .version: print(ParleyVersion.current)
        }
        return .failure(ExitStatus(code: 0))
    } catch {
        return .failure(ExitStatus(code: reportFailure(error)))
    }
}

/// The status parley ends with when the command line says to stop before running.
struct ExitStatus: Error {
    let code: Int32
}

// Parse, build, run: `parley migrate …`, or a chat (the options are in Parley.swift, the wiring beside it).
let environment = ProcessInfo.processInfo.environment
let commandLine = Array(CommandLine.arguments.dropFirst())
if commandLine.first == "migrate" {
    switch parse(Migrate.parser, Array(commandLine.dropFirst()), defaults: Migrate()) {
    case .success(let migrate): exit(await migrate.migrate(environment: environment))
    case .failure(let status): exit(status.code)
    }
}
let arguments: Parley
switch parse(Parley.parser, commandLine, defaults: Parley()) {
case .success(let parsed): arguments = parsed
case .failure(let status): exit(status.code)
}
if arguments.listProviders {
    exit(await arguments.printProviders(environment: environment))
}
exit(await Application.run(arguments.applicationOptions) { paths, terminal throws(ParleyError) in
    try await arguments.connect(paths: paths, terminal: terminal, environment: environment)
})
