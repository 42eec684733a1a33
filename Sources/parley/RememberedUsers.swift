import Foundation
import ParleyCore
import Synchronization

/// Which user id each person has in each database, kept so a chat can start while the database is away.
final class RememberedUsers: Sendable {
    let path: String
    /// The latest write, which waits for the one before it. Writing is off the chat's path: on a person's
    /// first chat it read, encoded and synced a file before the message could leave.
    private let writing = Mutex<Task<Void, Never>?>(nil)

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

    /// Saves `user`'s id in the background; `finish()` waits for it.
    func remember(_ user: User, in database: String) {
        writing.withLock { latest in
            let previous = latest
            latest = Task.detached { [self] in
                await previous?.value
                save(user, in: database)
            }
        }
    }

    func finish() async {
        await writing.withLock { $0 }?.value
    }

    private func save(_ user: User, in database: String) {
        var known = read()
        guard known[database + "\t" + user.identifier] != user.id else { return }
        known[database + "\t" + user.identifier] = user.id
        guard let data = try? JSONEncoder().encode(known), (try? FileSystem.makeDirectory(
            (path as NSString).deletingLastPathComponent)) != nil else { return }
        _ = FileSystem.replaceCache(at: path, with: Array(data))
    }
}
