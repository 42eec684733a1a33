import Foundation

/// The few file operations parley needs beyond Foundation's defaults: private directories and caches.
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
        let complete = bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let count = write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if count < 0, errno == EINTR { continue }
                guard count > 0 else { return false }
                offset += count
            }
            return true
        }
        guard close(descriptor) == 0, complete, rename(temporary, path) == 0 else {
            unlink(temporary)
            return false
        }
        return true
    }
}
