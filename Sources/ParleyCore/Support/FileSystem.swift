import Foundation

/// The few file operations parley needs beyond Foundation's defaults: private directories, caches and exports,
/// and paths that start at the home directory.
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

    /// Replaces a file parley can rebuild (a cache) through a temporary file and a rename, so no reader sees
    /// half of it, readable by the owner only. Unlike FileManager's atomic write it does not wait for the disk:
    /// that fsync kept a first chat from ending for several milliseconds. Returns whether the file was replaced.
    public static func replaceCache(at path: String, with bytes: [UInt8]) -> Bool {
        let temporary = path + ".\(getpid()).tmp"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { return false }
        let complete = writeAll(bytes, to: descriptor)
        guard close(descriptor) == 0, complete, rename(temporary, path) == 0 else {
            unlink(temporary)
            return false
        }
        return true
    }

    /// Writes a file readable by the owner only, an existing one included (open's mode applies only to a file it
    /// creates), so a chat exported over an old file does not stay readable by others.
    public static func writePrivate(_ bytes: [UInt8], to path: String) throws(ParleyError) {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw ParleyError(.general, "cannot write \(path) (\(String(cString: strerror(errno))))",
                              hint: "check that its directory exists and is writable")
        }
        defer { close(descriptor) }
        guard fchmod(descriptor, 0o600) == 0 else {
            throw ParleyError(.general, "cannot make \(path) private (\(String(cString: strerror(errno))))",
                              hint: "write to a file you own")
        }
        guard writeAll(bytes, to: descriptor) else {
            throw ParleyError(.general, "cannot write \(path) (\(String(cString: strerror(errno))))",
                              hint: "check the free space of its file system")
        }
    }

    /// A path as the person typed it with `~` and `~/` meaning `$HOME`, as in a shell (Foundation's expansion
    /// reads the password database instead, which is not the home a changed HOME points to); `~name` is left to
    /// Foundation.
    public static func expandingHome(_ path: String) -> String {
        guard path.hasPrefix("~") else { return path }
        if path == "~" || path.hasPrefix("~/"), let home = getenv("HOME").map({ String(cString: $0) }), !home.isEmpty {
            return home + path.dropFirst()
        }
        return (path as NSString).expandingTildeInPath
    }

    private static func writeAll(_ bytes: [UInt8], to descriptor: Int32) -> Bool {
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let count = write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if count < 0, errno == EINTR { continue }
                guard count > 0 else { return false }
                offset += count
            }
            return true
        }
    }
}
