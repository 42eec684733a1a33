import Foundation
import ParleyCore

/// `/attach <path> | clear`: a file for the next message; text goes into the prompt, images to the model.
public struct AttachCommand: Command {
    public let spec = CommandSpec(
        name: "attach",
        summary: "Attach a file to the next message",
        usage: "/attach [path | clear]",
        discussion: "A UTF-8 text file is included in the prompt of your next message; a PNG, JPEG, GIF or WebP "
            + "image is sent to the model as an image (for models that take images). Anything else is refused. "
            + "The file is saved with the message as an element, as Chainlit keeps attachments. With no argument, "
            + "lists what waits for the next message; clear drops it. The size limit is attachment_limit_mib."
    )

    public init() {}

    /// Tab completes paths, as a shell does.
    public func completions(for request: CompletionRequest, context: CommandContext) -> [String] {
        guard request.previousWords.isEmpty else { return [] }
        let word = request.word
        let slash = word.lastIndex(of: "/")
        let directory = slash.map { String(word[...$0]) } ?? ""
        let listed = FileSystem.expandingHome(directory)
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: listed.isEmpty ? "." : listed) else {
            return []
        }
        return names.filter { !$0.hasPrefix(".") || word.dropFirst(directory.count).hasPrefix(".") }.sorted().map { name in
            var isDirectory: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: (listed.isEmpty ? "" : listed) + name, isDirectory: &isDirectory)
            return directory + name + (isDirectory.boolValue ? "/" : "")
        } + (word == "clear".prefix(word.count) ? ["clear"] : [])
    }

    @MainActor
    public func run(_ invocation: CommandInvocation, context: CommandContext) async throws -> CommandOutcome {
        let chat = try context.requireChat()
        let terminal = context.terminal
        switch invocation.arguments {
        case []:
            let pending = await chat.pendingAttachments
            terminal.print(pending.isEmpty ? "Nothing is attached."
                           : "For the next message: " + pending.map(\.name).joined(separator: ", "))
        case ["clear"]:
            await chat.clearAttachments()
            terminal.print("Attachments dropped.")
        case let arguments where arguments.count == 1:
            let attachment = try Attachment(path: arguments[0], limit: context.attachmentLimit)
            await chat.attach(attachment)
            let kind = attachment.mimeType.hasPrefix("image/") ? "image" : "text"
            terminal.print("Attached \(attachment.name) (\(kind), \(Self.size(attachment.bytes.count))): "
                           + "it goes with your next message.")
        default:
            throw ParleyError(.usage, "/attach takes one path", hint: "quote a path with spaces: /attach \"my file.txt\"")
        }
        return .continue
    }

    /// A size as people read it: bytes below a KiB, so an empty file is not called 1 KiB.
    static func size(_ bytes: Int) -> String {
        bytes < 1024 ? (bytes == 1 ? "1 byte" : "\(bytes) bytes") : "\(bytes / 1024) KiB"
    }
}
