import Foundation
import ParleyCore

/// Finds a provider's key from the environment, a command or the config file, and says where a
/// missing one should come from; it never reveals the key itself.
struct KeyResolver: Sendable {
    let environment: [String: String]

    /// The key and a description of its source for hints ("OPENAI_API_KEY", "api_key_cmd of work").
    func key(for entry: ProviderEntry, kind: ProviderKind) throws(ParleyError) -> (key: String?, source: String) {
        if let variable = entry.apiKeyEnv {
            guard let value = environment[variable], !value.isEmpty else {
                throw ParleyError(.config,
                                  "the provider \"\(entry.name)\" takes its key from \(variable), which is not set",
                                  hint: "export \(variable)=… or change api_key_env in the configuration")
            }
            return (value, variable)
        }
        if let command = entry.apiKeyCmd {
            return (try run(command, provider: entry.name), "the api_key_cmd of \"\(entry.name)\"")
        }
        if let key = entry.apiKey { return (key, "the api_key of \"\(entry.name)\" in the configuration file") }
        // Ollama, and servers on this machine (llama.cpp, LM Studio, vLLM), usually take no key.
        if kind == .ollama || entry.baseURL.map(Self.isLoopback) == true { return (nil, kind.keyVariable) }
        if let value = environment[kind.keyVariable], !value.isEmpty { return (value, kind.keyVariable) }
        throw ParleyError(.config, "the provider \"\(entry.name)\" has no key",
                          hint: "set api_key_env, api_key_cmd or api_key, or export \(kind.keyVariable)")
    }

    static func isLoopback(_ url: String) -> Bool {
        guard let start = url.range(of: "://")?.upperBound else { return false }
        let authority = url[start...].prefix { $0 != "/" }
        let host = authority.hasPrefix("[") ? String(authority.prefix { $0 != "]" }.dropFirst())
                                            : String(authority.prefix { $0 != ":" })
        return host == "localhost" || host.hasPrefix("127.") || host == "::1"
    }

    /// Runs the command with /bin/sh and takes its first line; its output is never shown.
    private func run(_ command: String, provider: String) throws(ParleyError) -> String {
        guard let pipe = popen(command + " 2>/dev/null", "r") else {
            throw ParleyError(.config, "the api_key_cmd of \"\(provider)\" could not be started",
                              hint: "check the command in the configuration")
        }
        var output = [UInt8]()
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = fread(&buffer, 1, buffer.count, pipe)
            if count <= 0 { break }
            output += buffer[0..<count]
        }
        let status = (pclose(pipe) >> 8) & 0xff
        let text = String(decoding: output, as: UTF8.self)
        let key = text.split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
        guard status == 0, !key.isEmpty else {
            throw ParleyError(.config,
                              "the api_key_cmd of \"\(provider)\" failed (exit status \(status)) or printed nothing",
                              hint: "run the command by hand to see what it needs")
        }
        return key.trimmingCharacters(in: .whitespaces)
    }
}
