import Foundation
import Yams

extension ProviderConfiguration {
    /// Reads the provider part of `path`; a missing file means no providers. A file holding an
    /// `api_key` must be private to its owner, as ssh insists for private keys.
    public static func load(from path: String) throws(ParleyError) -> ProviderConfiguration {
        guard FileManager.default.fileExists(atPath: path) else { return ProviderConfiguration() }
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw ParleyError(.config, "cannot read the configuration file \(path)", hint: "check its permissions")
        }
        let configuration = try parse(text, path: path)
        if configuration.providers.contains(where: { $0.apiKey != nil }), let mode = permissions(of: path),
           mode & 0o077 != 0 {
            throw ParleyError(
                .config, "\(path) holds an api_key but can be read by other users (mode \(String(mode, radix: 8)))",
                hint: "run: chmod 600 \(path)   (or use api_key_env or api_key_cmd instead)")
        }
        return configuration
    }

    public static func parse(_ text: String, path: String) throws(ParleyError) -> ProviderConfiguration {
        let configuration: ProviderConfiguration
        do {
            configuration = try YAMLDecoder().decode(ProviderConfiguration.self, from: text.isEmpty ? "{}" : text)
        } catch let error as DecodingError {
            throw ParleyError(.config, "the providers in \(path) cannot be read: \(describe(error))",
                              hint: "each provider needs name and kind; see FILES in parley(1)")
        } catch {
            // Broken YAML is reported by the general configuration loader; an empty document has no providers.
            return ProviderConfiguration()
        }
        try checkSettingNames(text, path: path)
        var seen = Set<String>()
        for entry in configuration.providers {
            guard seen.insert(entry.name).inserted else {
                throw ParleyError(.config, "\(path) lists the provider \"\(entry.name)\" twice",
                                  hint: "give each provider its own name")
            }
            let sources = [entry.apiKeyEnv, entry.apiKeyCmd, entry.apiKey].compactMap { $0 }
            guard sources.count <= 1 else {
                throw ParleyError(.config, "the provider \"\(entry.name)\" in \(path) gives its key more than one way",
                                  hint: "keep one of api_key_env, api_key_cmd and api_key")
            }
        }
        if let chosen = configuration.defaultProvider, !configuration.providers.isEmpty, !seen.contains(chosen) {
            throw ParleyError(.config, "default_provider in \(path) names \"\(chosen)\", which is not listed",
                              hint: "name one of: " + configuration.providers.map(\.name).joined(separator: ", "))
        }
        return configuration
    }

    /// Refuses a setting a provider does not have (`base-url`, `modle`): ignored, it would send the chat, and the
    /// key, to the service's own address instead of the one meant.
    private static func checkSettingNames(_ text: String, path: String) throws(ParleyError) {
        guard let entries = (try? Yams.compose(yaml: text))?.mapping?[CodingKeys.providers.rawValue]?.sequence
        else { return }
        let known = ProviderEntry.CodingKeys.allCases.map(\.rawValue)
        for entry in entries {
            guard let mapping = entry.mapping else { continue }
            for name in mapping.keys.compactMap(\.string) where !known.contains(name) {
                let provider = mapping["name"]?.string.map { "the provider \"\($0)\"" } ?? "a provider"
                throw ParleyError(.config, "\(provider) in \(path) has an unknown setting \"\(name)\"",
                                  hint: "a provider's settings are " + known.joined(separator: ", "))
            }
        }
    }

    /// Writes `providers` into the file at `path`, keeping its other settings, and its comments where its layout
    /// allows; the file becomes private (0600) whenever it holds a key.
    public static func save(_ providers: [ProviderEntry], to path: String) throws(ParleyError) {
        do {
            let existing = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
            let text = try updated(existing, providers: providers)
            let directory = (path as NSString).deletingLastPathComponent
            if !directory.isEmpty { try FileSystem.makeDirectory(directory) }
            let temporary = path + ".tmp"
            _ = FileManager.default.createFile(atPath: temporary, contents: Data(text.utf8),
                                           attributes: [.posixPermissions: 0o600])
            let keepMode = providers.allSatisfy { $0.apiKey == nil } ? permissions(of: path) : nil
            // rename(2) swaps the file in one step, so a reader never sees half a file or a key with loose permissions.
            guard rename(temporary, path) == 0 else {
                throw ParleyError(.config, "cannot replace \(path) (\(String(cString: strerror(errno))))",
                                  hint: "check the permissions of the file and its directory")
            }
            if let keepMode {
                try FileManager.default.setAttributes([.posixPermissions: keepMode], ofItemAtPath: path)
            }
        } catch let error as ParleyError {
            throw error
        } catch {
            throw ParleyError(.config, "cannot write the providers to \(path): \(error.localizedDescription)",
                              hint: "check the permissions of the file and its directory")
        }
    }

    /// The file's text with `providers` in it: the providers block replaced as text, unless the result would not
    /// read back as the same settings, and then the whole file written anew.
    static func updated(_ existing: String, providers: [ProviderEntry]) throws -> String {
        let key = CodingKeys.providers.rawValue
        var mapping = (try Yams.compose(yaml: existing))?.mapping ?? Node.Mapping([])
        let encoded = try YAMLEncoder().encode(providers)
        let block = providers.isEmpty
            ? key + ": []\n"
            : key + ":\n" + encoded.split(separator: "\n").map { "  " + $0 }.joined(separator: "\n") + "\n"
        mapping[key] = try Yams.compose(yaml: block)?.mapping?[key]
        if let edited = ConfigurationText.replacing(key: key, with: block, in: existing),
           let reread = try? Yams.compose(yaml: edited)?.mapping, reread == mapping {
            return edited
        }
        return try Yams.serialize(node: .mapping(mapping))
    }

    private static func permissions(of path: String) -> Int? {
        (try? FileManager.default.attributesOfItem(atPath: path))?[.posixPermissions] as? Int
    }

    private static func describe(_ error: DecodingError) -> String {
        switch error {
        case .keyNotFound(let key, let context):
            let at = (context.codingPath.map(\.stringValue) + [key.stringValue]).joined(separator: ".")
            return "missing \(at)"
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            return "\(context.codingPath.map(\.stringValue).joined(separator: ".")): \(context.debugDescription)"
        @unknown default:
            return "\(error)"
        }
    }
}
