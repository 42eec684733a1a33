import Foundation
import ParleyCore

/// Which user id each person has in each database, kept so a chat can start while the database is away.
struct RememberedUsers: Sendable {
    let path: String

    init(stateDirectory: String) {
        path = stateDirectory + "/users.json"
    }

    private func read() -> [String: String] {
        guard let data = FileManager.default.contents(atPath: path),
              let known = try? JSONDecoder().decode([String: String].self, from: data) else { return [:] }
        return known
    }

    /// The key names the database without its password.
    func id(of identifier: String, in database: String) -> String? {
        read()[database + "\t" + identifier]
    }

    func remember(_ user: User, in database: String) {
        var known = read()
        guard known[database + "\t" + user.identifier] != user.id else { return }
        known[database + "\t" + user.identifier] = user.id
        guard let data = try? JSONEncoder().encode(known), (try? FileSystem.makeDirectory(
            (path as NSString).deletingLastPathComponent)) != nil else { return }
        _ = FileManager.default.createFile(atPath: path, contents: data, attributes: [.posixPermissions: 0o600])
    }
}
