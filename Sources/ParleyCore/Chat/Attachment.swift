import Foundation

/// A file attached to the next message: text goes into the prompt, an image to the model as an image.
public struct Attachment: Sendable, Equatable {
    public enum Content: Sendable, Equatable {
        case text(String)
        case image(ChatImage)
    }

    public var name: String
    public var mimeType: String
    public var bytes: [UInt8]
    public var content: Content

    /// Largest attachment accepted unless the configuration says otherwise.
    public static let defaultLimit = 10 * 1024 * 1024

    /// Reads and classifies a file; anything that is neither UTF-8 text nor a common image is refused.
    public init(path: String, limit: Int = Attachment.defaultLimit) throws(ParleyError) {
        // Attributes are the link's own, not its file's, unless the link is followed first.
        let url = URL(fileURLWithPath: FileSystem.expandingHome(path)).resolvingSymlinksInPath()
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: url.path) else {
            throw ParleyError(.usage, "there is no file \(path)", hint: "give the path of a file")
        }
        // A directory, or a pipe or device that reading could wait on for ever, is not something to send.
        if attributes[.type] as? FileAttributeType == .typeDirectory {
            throw ParleyError(.usage, "\(path) is a directory", hint: "attach the files in it one by one")
        }
        guard attributes[.type] as? FileAttributeType == .typeRegular else {
            throw ParleyError(.usage, "\(path) is not a regular file", hint: "attach a file, not a pipe or a device")
        }
        let size = attributes[.size] as? Int ?? 0
        guard size <= limit else {
            throw ParleyError(.usage, "\(path) is \(size) bytes, over the limit of \(limit) bytes for attachments",
                              hint: "raise attachment_limit_mib in config.yaml, or attach a smaller file")
        }
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw ParleyError(.usage, "\(path) cannot be read", hint: "check its permissions")
        }
        name = url.lastPathComponent
        bytes = [UInt8](data)
        if let image = Self.imageType(bytes) {
            mimeType = image
            content = .image(ChatImage(mimeType: image, data: data))
        } else if !bytes.contains(0), let text = String(validating: bytes, as: UTF8.self) {
            mimeType = "text/plain"
            // A byte order mark says how the file was saved; it is not part of what it says.
            content = .text(text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text)
        } else {
            throw ParleyError(.usage, "\(name) is neither text nor an image parley can send",
                              hint: "attach UTF-8 text files or PNG, JPEG, GIF or WebP images")
        }
    }

    /// The image type from the file's first bytes, which say more than its name.
    static func imageType(_ bytes: [UInt8]) -> String? {
        if bytes.starts(with: [0x89, 0x50, 0x4E, 0x47]) { return "image/png" }
        if bytes.starts(with: [0xFF, 0xD8, 0xFF]) { return "image/jpeg" }
        if bytes.starts(with: Array("GIF8".utf8)) { return "image/gif" }
        if bytes.count >= 12, bytes.starts(with: Array("RIFF".utf8)), Array(bytes[8..<12]) == Array("WEBP".utf8) {
            return "image/webp"
        }
        return nil
    }

    /// The prompt text of text attachments, after the message itself.
    static func prompt(_ text: String, attachments: [Attachment]) -> String {
        attachments.reduce(text) { prompt, attachment in
            guard case .text(let contents) = attachment.content else { return prompt }
            return prompt + "\n\n<file name=\"\(attachment.name)\">\n\(contents)\n</file>"
        }
    }
}
