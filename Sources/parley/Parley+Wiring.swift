import Foundation
import ParleyCore
import ParleyProviders
import ParleyREPL
import ParleyStore
import Synchronization

/// Building the chat from the command line: the store, its writer and outbox, and the providers.
extension Parley {
    var applicationOptions: Application.Options {
        Application.Options(noColor: noColor, resume: resume, continueLatest: `continue`, systemPrompt: system)
    }

    /// `--user`, else PARLEY_USER, else `user` in the configuration file, else the login name.
    func userIdentifier(_ environment: [String: String], configured: String?) -> String {
        user ?? environment["PARLEY_USER"].flatMap { $0.isEmpty ? nil : $0 } ?? configured
            ?? environment["USER"].flatMap { $0.isEmpty ? nil : $0 } ?? Self.loginName()
    }

    /// The login name from the password database (NSUserName would load Foundation's locale data for it).
    static func loginName() -> String {
        guard let entry = getpwuid(getuid()), let name = entry.pointee.pw_name else { return "user" }
        return String(cString: name)
    }

    /// `--list-providers`: prints what parley would use; returns the exit status.
    func printProviders(environment: [String: String]) async -> Int32 {
        do throws(ParleyError) {
            let paths = Paths(environment: environment, configOverride: config, home: NSHomeDirectory())
            let manager = try ProviderManager(paths: paths, environment: environment)
            await manager.discoverLocalOllama()
            let entries = await manager.entries
            guard !entries.isEmpty else { throw ProviderManager.noneConfigured }
            for entry in entries {
                print("\(entry.name)\t\(entry.kind)\t\(await manager.fallbackModel(for: entry.name) ?? "")")
            }
            return 0
        } catch {
            return reportFailure(error)
        }
    }

    /// Starts opening the store (see StoreOpening) for `connect`.
    func openStore(environment: [String: String], configuration: Configuration, paths: Paths) -> StoreOpening {
        StoreOpening(option: database, environment: environment, configuration: configuration, paths: paths)
    }

    /// Builds the chat session on the store being opened and on the providers, which are set up meanwhile.
    func connect(paths: Paths, terminal: Terminal, environment: [String: String], opening: StoreOpening,
                 configuration: Configuration) async throws(ParleyError) -> ChatConnection {
        let url = try opening.url.get()
        let providers = try ProviderManager(paths: paths, environment: environment)
        await providers.discoverLocalOllama()
        let chosen: any ChatProvider
        var model = self.model
        do throws(ParleyError) {
            if let name = provider { try await providers.choose(provider: name, model: model) }
            chosen = try await providers.provider()
            if model == nil { model = await providers.currentModel }
            if model == nil { model = await providers.fallbackModel(for: nil) }
        } catch where error.code == .usage {
            // A mistyped --provider: say so now, as for an unknown option.
            throw error
        } catch {
            // Commands still work; the first message gets the reason.
            chosen = UnavailableProvider(reason: error)
        }
        let reopen = { @Sendable () async throws(ParleyError) -> any DataLayer in try await Store.open(url) }
        let store = ReconnectingDataLayer(first: { () throws(ParleyError) in try await opening.store() },
                                          reopen: reopen)
        // One outbox per database, so writes kept for one are never replayed into another.
        let outbox = Outbox(directory: paths.stateDirectory + "/outbox/" + Self.outboxName(for: url))
        let dropped = Atomic(false)
        let writer = StoreWriter(outbox: outbox, sharing: store, notify: { notice in
            guard notice.dropped else { return terminal.warn(notice.text) }
            dropped.store(true, ordering: .relaxed)
            terminal.report(ParleyError(.database, notice.text, hint: notice.hint))
        }, open: reopen)
        let settings = ChatSettings(model: model ?? "", systemPrompt: system ?? configuration.systemPrompt,
                                    maxOutputTokens: maxTokens ?? configuration.maxTokens)
        let session = ChatSession(store: store, writer: writer, provider: chosen, settings: settings,
                                  userIdentifier: userIdentifier(environment, configured: configuration.user))
        let details: @Sendable () async -> [(String, String)] = {
            let waiting = (try? await outbox.pending().count).map { "\($0) writes (\(outbox.path))" } ?? "unreadable"
            let postgres = Store.clientLibrary(for: url).map { [("postgres", $0)] } ?? []
            return [("database", url.description), ("outbox", waiting), ("config", paths.configFile),
                    ("history", paths.historyFile), ("data", paths.dataDirectory), ("http", HTTPTransport.library)]
                + postgres
        }
        // The store may still be opening: the first command or message waits for it, the request of a message
        // being prepared meanwhile.
        let ready = { @Sendable () async throws(ParleyError) in
            do throws(ParleyError) {
                try await store.opened()
            } catch where error.code == .databaseUnreachable {
                // The server is away: the chat goes on, its writes kept in the outbox until it is back.
                terminal.warn("\(error.message)\nyour chat is being kept locally and will be saved when the database is back")
                writer.goOffline()
            }
        }
        return ChatConnection(session: session, providers: providers, details: details, ready: ready,
                              prepareToSend: { chosen.prepare() },
                              droppedWrites: { dropped.load(ordering: .relaxed) }) {
            await writer.finish()
            await store.close()
        }
    }

    /// A stable name for a database's outbox directory: a hash of its URL without the password (FNV-1a, as
    /// this needs no cryptography, only the same name on every run).
    static func outboxName(for url: DatabaseURL) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in url.description.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        return String(hash, radix: 16)
    }
}
