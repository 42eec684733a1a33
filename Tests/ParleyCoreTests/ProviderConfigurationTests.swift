import Foundation
import ParleyCore
import Testing

@Suite("The providers part of config.yaml")
struct ProviderConfigurationTests {
    static let text = """
        edit_mode: vi
        default_provider: local
        proxy: http://proxy:3128
        idle_timeout: 30
        max_retries: 1
        providers:
          - name: work
            kind: openai
            base_url: https://llm.example.com/v1
            model: gpt-4o-mini
            api_key_env: WORK_KEY
          - name: local
            kind: ollama
            model: llama3.2
        """

    func temporaryFile(_ text: String, mode: Int) throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(UUID().uuidString).path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let path = directory + "/config.yaml"
        _ = FileManager.default.createFile(
            atPath: path, contents: Data(text.utf8), attributes: [.posixPermissions: mode])
        return path
    }

    @Test("providers and their shared network settings are read, and are not unknown settings")
    func reads() throws {
        let configuration = try ProviderConfiguration.parse(Self.text, path: "c.yaml")
        #expect(configuration.providers == [
            ProviderEntry(name: "work", kind: "openai", baseURL: "https://llm.example.com/v1", model: "gpt-4o-mini",
                          apiKeyEnv: "WORK_KEY"),
            ProviderEntry(name: "local", kind: "ollama", model: "llama3.2"),
        ])
        #expect(configuration.defaultProvider == "local")
        #expect(configuration.proxy == "http://proxy:3128")
        #expect(configuration.idleTimeout == 30)
        #expect(configuration.maxRetries == 1)
        #expect(try Configuration.parse(Self.text, path: "c.yaml").warnings.isEmpty)
    }

    @Test("mistakes in the list are configuration errors naming the problem", arguments: [
        ("providers:\n  - name: a\n", "missing"),
        ("providers:\n  - {name: a, kind: openai}\n  - {name: a, kind: ollama}\n", "twice"),
        ("providers:\n  - {name: a, kind: openai, api_key_env: X, api_key: y}\n", "more than one way"),
        ("providers:\n  - {name: local, kind: openai, base-url: http://127.0.0.1:8080/v1}\n",
         "the provider \"local\" in c.yaml has an unknown setting \"base-url\""),
        ("providers:\n  - {name: a, kind: openai, modle: m}\n", "unknown setting \"modle\""),
        ("default_provider: lcoal\nproviders:\n  - {name: local, kind: ollama}\n",
         "default_provider in c.yaml names \"lcoal\", which is not listed"),
        ("idle_timeout: 0\nproviders:\n  - {name: a, kind: ollama}\n", "idle_timeout: 0.0 is not a positive number"),
        ("connect_timeout: -1\n", "connect_timeout: -1.0 is not a positive number"),
    ])
    func mistakes(text: String, fragment: String) {
        let error = #expect(throws: ParleyError.self) { try ProviderConfiguration.parse(text, path: "c.yaml") }
        #expect(error?.code == .config)
        #expect(error?.message.contains(fragment) == true, "\(error?.message ?? "")")
    }

    @Test("a file holding an api_key must not be readable by others, like ssh keys")
    func privateKeyFile() throws {
        let text = "providers:\n  - {name: a, kind: openai, api_key: sk-secret-value}\n"
        let open = try temporaryFile(text, mode: 0o644)
        let error = #expect(throws: ParleyError.self) { try ProviderConfiguration.load(from: open) }
        #expect(error?.code == .config)
        #expect(error?.hint.contains("chmod 600 \(open)") == true)
        #expect(error?.description.contains("sk-secret-value") == false)
        let closed = try temporaryFile(text, mode: 0o600)
        #expect(try ProviderConfiguration.load(from: closed).providers.first?.apiKey == "sk-secret-value")
        #expect(try ProviderConfiguration.load(from: try temporaryFile(Self.text, mode: 0o644)).providers.count == 2)
    }

    @Test("saving keeps the other settings and makes a file holding a key private")
    func save() throws {
        let path = try temporaryFile("edit_mode: vi\nproviders: []\n", mode: 0o644)
        try ProviderConfiguration.save([ProviderEntry(name: "k", kind: "gemini", apiKey: "AIza-secret")], to: path)
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        #expect(try ProviderConfiguration.load(from: path).providers.map(\.name) == ["k"])
        #expect(try Configuration.load(from: path).configuration.editMode == .vi)
    }

    @Test("saving replaces only the providers: comments, order and the other settings stay as written",
          arguments: [
              ("# mine\nedit_mode: vi  # keys\nproviders:\n  # the old one\n  - name: old\n    kind: ollama\n"
                + "\n# colours\ncolor: never\n",
               "# mine\nedit_mode: vi  # keys\nproviders:\n  - name: new\n    kind: openai\n    model: m\n"
                + "\n# colours\ncolor: never\n"),
              ("history_size: 5  # lines\n", "history_size: 5  # lines\nproviders:\n  - name: new\n    kind: openai\n"
                + "    model: m\n"),
              ("providers:\n- name: old\n  kind: ollama\ncolor: never # end\n",
               "providers:\n  - name: new\n    kind: openai\n    model: m\ncolor: never # end\n"),
          ])
    func saveKeepsComments(before: String, after: String) throws {
        let path = try temporaryFile(before, mode: 0o600)
        try ProviderConfiguration.save([ProviderEntry(name: "new", kind: "openai", model: "m")], to: path)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == after)
    }

    @Test("a file whose layout cannot be edited as text is written anew, with the same settings")
    func saveRewrites() throws {
        let path = try temporaryFile("color: never\nproviders: [\n  {name: old, kind: ollama}]\n", mode: 0o600)
        try ProviderConfiguration.save([ProviderEntry(name: "new", kind: "openai")], to: path)
        #expect(try ProviderConfiguration.load(from: path).providers.map(\.name) == ["new"])
        #expect(try Configuration.load(from: path).configuration.color == .never)
    }

    @Test("an entry describes where its key comes from, never the key")
    func description() {
        let entry = ProviderEntry(name: "a", kind: "openai", apiKey: "sk-secret-value")
        #expect(entry.description == "a (openai, key in the config file)")
    }
}
