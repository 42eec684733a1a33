import Foundation
import ParleyCore

/// Model names per provider kept on disk, so Tab completion never waits for the network.
struct ModelCache: Sendable {
    let path: String

    init(stateDirectory: String) {
        path = stateDirectory + "/models.json"
    }

    func read() -> [String: [ModelInfo]] {
        guard let data = FileManager.default.contents(atPath: path) else { return [:] }
        return (try? JSONDecoder().decode([String: [ModelInfo]].self, from: data)) ?? [:]
    }

    func write(_ models: [String: [ModelInfo]]) throws(ParleyError) {
        try FileSystem.makeDirectory((path as NSString).deletingLastPathComponent)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        guard let data = try? encoder.encode(models),
              FileSystem.replaceCache(at: path, with: Array(data))
        else {
            throw ParleyError(.config, "cannot write the model list cache \(path)",
                              hint: "check the permissions of the state directory")
        }
    }
}
