import Foundation
import ParleyCore
@testable import ParleyProviders
import Testing

@Suite("Managing providers")
struct ProviderManagerTests {
    func paths() throws -> Paths {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent(UUID().uuidString).path
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        return Paths(configFile: root + "/config.yaml", stateDirectory: root + "/state", dataDirectory: root + "/data")
    }

    @Test("with no config, providers come from the usual environment variables")
    func environment() async throws {
        let manager = try ProviderManager(paths: try paths(), environment: [
            "OPENAI_API_KEY": "sk-a", "OPENAI_BASE_URL": "http://127.0.0.1:1/v1", "ANTHROPIC_API_KEY": "sk-ant-b",
            "GEMINI_API_KEY": "AIza-c", "OLLAMA_HOST": "127.0.0.1",
        ])
        #expect(await manager.providerNames == ["openai", "anthropic", "gemini", "ollama"])
        #expect(await manager.entries.first?.baseURL == "http://127.0.0.1:1/v1")
        #expect(await manager.entries.last?.baseURL == "http://127.0.0.1:11434")
        #expect(await manager.currentProvider == "openai")
        #expect(await manager.fromEnvironment)
    }

    @Test("OLLAMA_HOST is read as the ollama command reads it", arguments: [
        ("127.0.0.1", "http://127.0.0.1:11434"),
        ("ollama.lan:8080", "http://ollama.lan:8080"),
        ("https://ollama.example.com", "https://ollama.example.com:443"),
        ("http://ollama.example.com/", "http://ollama.example.com:80/"),
        ("http://box:11434", "http://box:11434"),
        ("[::1]", "http://[::1]:11434"),
        ("[::1]:9000", "http://[::1]:9000"),
        ("::1", "http://[::1]:11434"),
        (":9000", "http://127.0.0.1:9000"),
    ])
    func ollamaHost(value: String, url: String) {
        #expect(ProviderManager.ollamaURL(value) == url)
    }

    @Test("an empty environment and no config give a clear error naming the variables")
    func nothing() async throws {
        let manager = try ProviderManager(paths: try paths(), environment: [:])
        let error = await #expect(throws: ParleyError.self) { try await manager.provider() }
        #expect(error?.code == .config)
        #expect(error?.hint.contains("OPENAI_API_KEY") == true)
    }

    @Test("refreshed models are cached on disk and read back instantly")
    func cache() async throws {
        let paths = try paths()
        let base = TestServer.shared.base(newToken(), "ok")
        let configuration = ProviderConfiguration(providers: [
            ProviderEntry(name: "local", kind: "ollama", baseURL: base),
        ])
        let manager = ProviderManager(configuration: configuration, paths: paths, environment: [:])
        #expect(await manager.cachedModels().isEmpty)
        #expect(try await manager.refresh().map(\.id) == ["llama3.2:latest", "qwen3:8b"])
        let later = ProviderManager(configuration: configuration, paths: paths, environment: [:])
        #expect(await later.cachedModels("local") == ["llama3.2:latest", "qwen3:8b"])
        try await later.choose(provider: "local")
        #expect(await later.currentModel == "llama3.2:latest")
    }

    @Test("keys come from a variable or a command and reach the server, never a report")
    func keys() async throws {
        let token = newToken()
        let base = TestServer.shared.base(token, "ok") + "/v1"
        let configuration = ProviderConfiguration(providers: [
            ProviderEntry(name: "env", kind: "openai", baseURL: base, apiKeyEnv: "MY_KEY"),
            ProviderEntry(name: "cmd", kind: "openai", baseURL: base, apiKeyCmd: "printf 'sk-from-cmd-123\\n'"),
            ProviderEntry(name: "bad", kind: "openai", baseURL: base, apiKeyCmd: "echo sk-leaked-999; exit 3"),
            ProviderEntry(name: "unset", kind: "openai", baseURL: base, apiKeyEnv: "NOT_SET"),
        ])
        let manager = ProviderManager(configuration: configuration, paths: try paths(),
                                      environment: ["MY_KEY": "sk-from-env-456"])
        #expect(await manager.test("env").succeeded)
        #expect(await manager.test("cmd").succeeded)
        let auth = try await TestServer.shared.requests(token).map { $0.headers["authorization"] }
        #expect(auth == ["Bearer sk-from-env-456", "Bearer sk-from-cmd-123"])
        let bad = await manager.test("bad")
        #expect(bad.problem?.code == .config, "a key that cannot be found is the configuration's, not a refusal")
        #expect(bad.summary.contains("exit status 3"))
        #expect(!bad.summary.contains("sk-leaked-999"))
        let unset = await manager.test("unset")
        #expect(unset.problem?.hint == "export NOT_SET=… or change api_key_env in the configuration")
        #expect(unset.problem?.code == .config)
        let endpoint = ProviderEndpoint(kind: .openai, apiKey: "sk-secret-777")
        #expect(!"\(endpoint)".contains("sk-secret-777"))
        var dumped = ""
        dump(endpoint, to: &dumped)
        #expect(!dumped.contains("sk-secret-777"))
    }

    @Test("adding and removing providers is saved to the file, which turns private when it holds a key")
    func addRemove() async throws {
        let paths = try paths()
        _ = FileManager.default.createFile(atPath: paths.configFile, contents: Data("color: never\n".utf8),
                                       attributes: [.posixPermissions: 0o644])
        let manager = try ProviderManager(paths: paths, environment: [:])
        try await manager.add(ProviderEntry(name: "mine", kind: "anthropic", model: "claude-x", apiKey: "sk-ant-1"))
        #expect(await manager.currentProvider == "mine")
        #expect(await manager.currentModel == "claude-x")
        let mode = try FileManager.default.attributesOfItem(atPath: paths.configFile)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        #expect(try ProviderConfiguration.load(from: paths.configFile).providers.map(\.name) == ["mine"])
        let error = await #expect(throws: ParleyError.self) {
            try await manager.add(ProviderEntry(name: "x", kind: "mistral"))
        }
        #expect(error?.message.contains("mistral") == true)
        try await manager.remove("mine")
        #expect(try ProviderConfiguration.load(from: paths.configFile).providers.isEmpty)
        let reloaded = try Configuration.load(from: paths.configFile)
        #expect(reloaded.configuration.color == .never)
        #expect(await manager.currentProvider == nil)
    }

    @Test("an Ollama answering locally is found when nothing else is configured")
    func discoversOllama() async throws {
        let manager = try ProviderManager(paths: try paths(), environment: [:])
        #expect(await !manager.discoverLocalOllama(host: "http://127.0.0.1:9"))
        #expect(await manager.providerNames.isEmpty)
        let host = TestServer.shared.base(newToken(), "ok")
        #expect(await manager.discoverLocalOllama(host: host))
        #expect(await manager.providerNames == ["ollama"])
        #expect(await manager.currentProvider == "ollama")
        #expect(try await manager.refresh().count == 2)
        let withKey = try ProviderManager(paths: try paths(), environment: ["OPENAI_API_KEY": "sk-test"])
        #expect(await !withKey.discoverLocalOllama(host: host))
        #expect(await withKey.providerNames == ["openai"])
    }
}
