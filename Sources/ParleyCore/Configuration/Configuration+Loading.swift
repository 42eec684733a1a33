import Foundation
import Yams

extension Configuration {
    /// A configuration and the remarks worth showing about it (unknown keys, most likely typos).
    public struct Loaded: Sendable, Equatable {
        public var configuration: Configuration
        public var warnings: [String]
    }

    /// Reads the file at `path`; a missing file gives the defaults, a broken one a clear error.
    public static func load(from path: String) throws(ParleyError) -> Loaded {
        guard FileManager.default.fileExists(atPath: path) else {
            return Loaded(configuration: Configuration(), warnings: [])
        }
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw ParleyError(.config, "cannot read the configuration file \(path): it is not readable UTF-8 text",
                              hint: "check its permissions and encoding, or point --config at another file")
        }
        return try parse(text, path: path)
    }

    /// Parses YAML text; `path` only names the file in messages.
    public static func parse(_ text: String, path: String) throws(ParleyError) -> Loaded {
        let node: Node?
        do {
            node = try Yams.compose(yaml: text)
        } catch {
            throw ParleyError(.config, "the configuration file \(path) is not valid YAML: \(error)",
                              hint: "fix the file, or move it aside to start from the defaults")
        }
        // No document, or an empty one ("---" alone), means the defaults.
        guard let node, node.null == nil else { return Loaded(configuration: Configuration(), warnings: []) }
        guard let mapping = node.mapping else {
            throw ParleyError(.config, "the configuration file \(path) must be a mapping of settings (key: value)",
                              hint: "see FILES in parley(1) for an example")
        }
        // The provider settings share the file; ProviderConfiguration reads them.
        let known = Set(CodingKeys.allCases.map(\.rawValue) + ProviderConfiguration.CodingKeys.allCases.map(\.rawValue))
        let warnings: [String] = mapping.keys.compactMap(\.string).filter { !known.contains($0) }.map {
            "\(path): unknown setting \"\($0)\" is ignored"
        }
        do {
            let configuration = try YAMLDecoder().decode(Configuration.self, from: node)
            return Loaded(configuration: configuration, warnings: warnings)
        } catch let error as DecodingError {
            throw ParleyError(.config, "the configuration file \(path) has a bad value: \(describe(error))",
                              hint: "see FILES in parley(1) for the settings and their values")
        } catch {
            throw ParleyError(.config, "the configuration file \(path) cannot be read: \(error)")
        }
    }

    private static func describe(_ error: DecodingError) -> String {
        func key(_ path: [any CodingKey]) -> String { path.map(\.stringValue).joined(separator: ".") }
        switch error {
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            return "\(key(context.codingPath)): \(context.debugDescription)"
        case .dataCorrupted(let context):
            let allowed: String
            switch context.codingPath.last?.stringValue {
            case CodingKeys.editMode.rawValue: allowed = " (use one of: emacs, vi)"
            case CodingKeys.color.rawValue: allowed = " (use one of: auto, always, never)"
            case CodingKeys.reasoning.rawValue: allowed = " (use one of: show, hide)"
            default: allowed = ""
            }
            return "\(key(context.codingPath)): \(context.debugDescription)\(allowed)"
        case .keyNotFound(let key, _):
            return "missing \(key.stringValue)"
        @unknown default:
            return "\(error)"
        }
    }
}
