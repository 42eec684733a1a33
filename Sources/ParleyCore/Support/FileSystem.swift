import Foundation

/// The few file operations parley needs beyond Foundation's defaults: private directories.
public enum FileSystem {
    /// Creates `path` and its parents, readable by the owner only, as history and outbox files are private.
    public static func makeDirectory(_ path: String) throws(ParleyError) {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
            if isDirectory.boolValue { return }
            throw ParleyError(.config, "\(path) is a file, where parley needs a directory",
                              hint: "move the file aside")
        }
        do {
            try FileManager.default.createDirectory(
                atPath: path, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw ParleyError(.config, "cannot create the directory \(path): \(error.localizedDescription)",
                              hint: "check the permissions of its parent directories")
        }
    }
}
