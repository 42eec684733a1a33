import Foundation
import ParleyCore
import Testing

@Suite("Reading config.yaml")
struct ConfigurationTests {
    @Test("every setting is read")
    func readsSettings() throws {
        let loaded = try Configuration.parse("edit_mode: vi\nhistory_size: 50\ncolor: never\n", path: "c.yaml")
        #expect(loaded.configuration == Configuration(editMode: .vi, historySize: 50, color: .never))
        #expect(loaded.warnings.isEmpty)
    }

    @Test("an empty file or a comment-only file gives the defaults", arguments: ["", "# nothing yet\n", "---\n"])
    func defaults(text: String) throws {
        #expect(try Configuration.parse(text, path: "c.yaml").configuration == Configuration())
    }

    @Test("the provider settings in the same file are not reported as unknown")
    func providerSettingsAreKnown() throws {
        let text = "providers: []\ndefault_provider: a\nproxy: http://p\nca_bundle: /c.pem\nconnect_timeout: 5\n"
            + "idle_timeout: 60\nmax_retries: 1\nreasoning: hide\nattachment_limit_mib: 2\n"
        let loaded = try Configuration.parse(text, path: "c.yaml")
        #expect(loaded.warnings.isEmpty)
        #expect(loaded.configuration.reasoning == .hide)
        #expect(loaded.configuration.attachmentLimitMiB == 2)
    }

    @Test("unknown settings are reported by name, not fatal")
    func unknownKeys() throws {
        let loaded = try Configuration.parse("edit_mode: vi\ncolour: never\n", path: "/x/c.yaml")
        #expect(loaded.configuration.editMode == .vi)
        #expect(loaded.warnings == ["/x/c.yaml: unknown setting \"colour\" is ignored"])
    }

    @Test("broken YAML, a non-mapping and bad values are configuration errors naming the file", arguments: [
        ("edit_mode: [oops\n", "not valid YAML"),
        ("- a\n- b\n", "must be a mapping"),
        ("edit_mode: emacsy\n", "use one of: emacs, vi"),
        ("color: sometimes\n", "use one of: auto, always, never"),
        ("history_size: many\n", "history_size"),
        ("database_timeout: 0\n", "0.0 is not a positive number of seconds"),
        ("attachment_limit_mib: -1\n", "-1 is not a size"),
    ])
    func errors(text: String, fragment: String) {
        let error = #expect(throws: ParleyError.self) { try Configuration.parse(text, path: "/x/c.yaml") }
        #expect(error?.code == .config)
        #expect(error?.message.contains("/x/c.yaml") == true)
        #expect(error?.message.contains(fragment) == true, "\(error?.message ?? "")")
    }

    @Test("a missing file gives the defaults; a real file is read")
    func files() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("parley-config-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("config.yaml").path
        #expect(try Configuration.load(from: path).configuration == Configuration())
        try "history_size: 7\n".write(toFile: path, atomically: true, encoding: .utf8)
        #expect(try Configuration.load(from: path).configuration.historySize == 7)
    }
}
