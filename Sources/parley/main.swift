import ArgumentParser
import Foundation
import ParleyCore
import ParleyProviders
import ParleyREPL
import ParleyStore

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

/// `parley migrate`: brings a database's schema up to date, and adds row-level security when asked.
struct Migrate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parley migrate",
        abstract: "Apply the pending schema migrations to the database, and row-level security with --rls."
    )

    @Option(name: .long, help: ArgumentHelp("The database (default as for chatting).", valueName: "url"))
    var database: String?

    @Option(name: .long, help: ArgumentHelp("Read settings from this file.", valueName: "path"))
    var config: String?

    @Flag(name: .long, help: "Also apply schema/postgres/rls.sql (PostgreSQL only).")
    var rls = false
}

if CommandLine.arguments.dropFirst().first == "migrate" {
    let migrate = Migrate.parseOrExit(Array(CommandLine.arguments.dropFirst(2)))
    let environment = ProcessInfo.processInfo.environment
    let paths = Paths(environment: environment, configOverride: migrate.config, home: NSHomeDirectory())
    do throws(ParleyError) {
        let url = try DatabaseURL.select(option: migrate.database, environment: environment, paths: paths)
        let store = try await Store.open(url)
        if migrate.rls {
            guard let postgres = store as? PostgresDataLayer else {
                throw ParleyError(.usage, "row-level security is PostgreSQL's; \(url) is a SQLite file",
                                  hint: "run parley migrate --rls --database postgresql://…")
            }
            try await postgres.applyRowLevelSecurity()
        }
        await store.close()
        print("\(url): schema up to date" + (migrate.rls ? ", row-level security applied" : ""))
        exit(0)
    } catch {
        FileHandle.standardError.write(Data("parley: \(error.message)\n\(error.hint)\n".utf8))
        exit(error.code.exitStatus)
    }
}

let arguments = Parley.parseOrExit()
let environment = ProcessInfo.processInfo.environment
let userIdentifier = arguments.user ?? environment["PARLEY_USER"].flatMap { $0.isEmpty ? nil : $0 }
    ?? environment["USER"].flatMap { $0.isEmpty ? nil : $0 } ?? NSUserName()

if arguments.listProviders {
    do throws(ParleyError) {
        let paths = Paths(environment: environment, configOverride: arguments.config, home: NSHomeDirectory())
        let manager = try ProviderManager(paths: paths, environment: environment)
        await manager.discoverLocalOllama()
        let entries = await manager.entries
        guard !entries.isEmpty else { throw ProviderManager.noneConfigured }
        for entry in entries { print("\(entry.name)\t\(entry.kind)\t\(entry.model ?? "")") }
        exit(0)
    } catch {
        FileHandle.standardError.write(Data("parley: \(error.message)\n\(error.hint)\n".utf8))
        exit(error.code.exitStatus)
    }
}

let options = Application.Options(configFile: arguments.config, noColor: arguments.noColor, resume: arguments.resume,
                                  continueLatest: arguments.continue)
let status = await Application.run(options) {
    paths, terminal throws(ParleyError) in
    let url = try DatabaseURL.select(option: arguments.database, environment: environment, paths: paths)
    let store = try await Store.open(url)
    let outbox = Outbox(directory: paths.stateDirectory)
    let writer = StoreWriter(outbox: outbox, notify: { terminal.warn($0) }) {
        () throws(ParleyError) in try await Store.open(url, migrate: false)
    }
    let providers = try ProviderManager(paths: paths, environment: environment)
    await providers.discoverLocalOllama()
    let chosen: any ChatProvider
    var model = arguments.model
    do throws(ParleyError) {
        if let name = arguments.provider { try await providers.choose(provider: name, model: arguments.model) }
        chosen = try await providers.provider()
        if model == nil { model = await providers.currentModel }
        if model == nil { model = await providers.fallbackModel(for: nil) }
    } catch {
        chosen = UnavailableProvider(reason: error)
    }
    let settings = ChatSettings(model: model ?? "", systemPrompt: arguments.system, maxOutputTokens: arguments.maxTokens)
    let session = ChatSession(store: store, writer: writer, provider: chosen, settings: settings,
                              userIdentifier: userIdentifier)
    let details: @Sendable () async -> [(String, String)] = {
        let waiting = (try? await outbox.pending().count).map { "\($0) writes (\(outbox.path))" } ?? "unreadable"
        return [("database", url.description), ("outbox", waiting), ("config", paths.configFile),
                ("history", paths.historyFile), ("data", paths.dataDirectory)]
    }
    return ChatConnection(session: session, providers: providers, details: details) {
        await writer.finish()
        await store.close()
    }
}
exit(status)
