import CEditline
import Foundation
import Glibc

/// The per-editor state libedit's C callbacks reach through `EL_CLIENTDATA`.
///
/// Signals and pastes reach libedit as one sentinel key (Ctrl-\, which the terminal never delivers as a
/// character while it turns it into SIGQUIT) bound to `parley-event`; the event itself waits here.
final class EditlineContext {
    enum Event: Equatable {
        case interrupt
        case resize
        /// Continued after Ctrl-Z: the line must be drawn again.
        case redraw
        case paste(String)
    }

    /// Ctrl-\ : bound to parley-event.
    static let sentinel: wchar_t = 0x1C
    /// Pastes longer than this, or with line breaks or tabs, stand in the line as a placeholder.
    static let inlinePasteLimit = 500

    let edit: LibEdit
    let source: InputSource
    let output: OutputChannel
    let completer: (String) -> Completion
    var pending: [Event] = []
    /// A character to hand libedit before reading more input (the newline that ends an interrupted line).
    var queuedCharacter: wchar_t?
    var interrupted = false
    var terminated = false
    /// Placeholder text in the line, mapped to the pasted text it stands for.
    var pastes: [String: String] = [:]
    private var pasteCount = 0
    private var prompt: UnsafeMutablePointer<CChar>?

    init(edit: LibEdit, source: InputSource, output: OutputChannel, completer: @escaping (String) -> Completion) {
        self.edit = edit
        self.source = source
        self.output = output
        self.completer = completer
    }

    deinit {
        free(prompt)
    }

    var promptPointer: UnsafeMutablePointer<CChar>? { prompt }

    func setPrompt(_ text: String) {
        free(prompt)
        prompt = strdup(text)
    }

    /// Starts a new line: forget the last one's pastes and flags.
    func reset() {
        pending = []
        queuedCharacter = nil
        interrupted = false
        pastes = [:]
    }

    // MARK: - Reading characters

    /// libedit's character reader: 1 with a character, 0 at end of input, -1 on error.
    func readCharacter(into character: UnsafeMutablePointer<wchar_t>, editLine: OpaquePointer) -> Int32 {
        if let queued = queuedCharacter {
            queuedCharacter = nil
            character.pointee = queued
            return 1
        }
        while true {
            switch source.next() {
            case .byte(0x1B) where startsPaste():
                let (text, resized) = readPaste()
                pending.append(.paste(text))
                if resized {
                    // The new width is taken after the paste is in, at a second key of libedit's.
                    pending.append(.resize)
                    queuedCharacter = Self.sentinel
                }
                character.pointee = Self.sentinel
                return 1
            case .byte(let byte):
                character.pointee = wchar_t(bitPattern: decodeScalar(startingWith: byte).value)
                return 1
            case .event(.interrupt):
                pending.append(.interrupt)
                character.pointee = Self.sentinel
                return 1
            case .event(.resize):
                pending.append(.resize)
                character.pointee = Self.sentinel
                return 1
            case .event(.suspend):
                // Give the shell a normal terminal while stopped; take edit mode back on fg.
                _ = parley_el_prepare_terminal(edit.set, editLine, 0)
                SignalRouter.suspendProcess()
                _ = parley_el_prepare_terminal(edit.set, editLine, 1)
                pending.append(.redraw)
                character.pointee = Self.sentinel
                return 1
            case .event(.terminate):
                terminated = true
                return 0
            case .end:
                return 0
            case .failure:
                return -1
            }
        }
    }

    /// Decodes one UTF-8 sequence whatever the locale; a broken one becomes U+FFFD.
    private func decodeScalar(startingWith lead: UInt8) -> Unicode.Scalar {
        let length: Int
        switch lead {
        case 0x00..<0x80: return Unicode.Scalar(lead)
        case 0xC2..<0xE0: length = 2
        case 0xE0..<0xF0: length = 3
        case 0xF0..<0xF5: length = 4
        default: return "\u{FFFD}"
        }
        var bytes = [lead]
        while bytes.count < length {
            guard case .byte(let next) = source.next(), next & 0xC0 == 0x80 else { return "\u{FFFD}" }
            bytes.append(next)
        }
        return String(decoding: bytes, as: UTF8.self).unicodeScalars.first ?? "\u{FFFD}"
    }

    // MARK: - Bracketed paste

    private static let pasteStart: [UInt8] = Array("[200~".utf8)
    private static let pasteEnd: [UInt8] = Array("\u{1B}[201~".utf8)

    /// True when the escape just read opens a bracketed paste (terminals send the marker in one write).
    private func startsPaste() -> Bool {
        let buffered = source.buffered
        guard buffered.starts(with: Self.pasteStart) else { return false }
        source.consume(Self.pasteStart.count)
        return true
    }

    /// Everything up to the closing marker, with the terminal's carriage returns made into line breaks, and
    /// whether the window was resized meanwhile: a paste goes on across a resize.
    private func readPaste() -> (text: String, resized: Bool) {
        var bytes: [UInt8] = []
        var resized = false
        loop: while true {
            switch source.next() {
            case .byte(let byte):
                bytes.append(byte)
                if byte == 0x7E, bytes.count >= Self.pasteEnd.count, bytes.suffix(Self.pasteEnd.count).elementsEqual(Self.pasteEnd) {
                    bytes.removeLast(Self.pasteEnd.count)
                    break loop
                }
            case .event(.terminate):
                terminated = true
                break loop
            case .event(.resize):
                resized = true
            case .event, .end, .failure:
                break loop
            }
        }
        let text = String(decoding: bytes, as: UTF8.self)
        return (text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n"), resized)
    }

    /// The text that goes into the line for a paste: itself, or a placeholder for a block.
    func insertion(forPaste text: String) -> String {
        let block = text.contains(where: { $0.isNewline || $0 == "\t" }) || text.count > Self.inlinePasteLimit
        guard block else { return text }
        pasteCount += 1
        // A paste ending in a line break has no line after it.
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).count - (text.hasSuffix("\n") ? 1 : 0)
        let placeholder = lines > 1 ? "[pasted \(lines) lines #\(pasteCount)]" : "[pasted \(text.count) characters #\(pasteCount)]"
        pastes[placeholder] = text
        return placeholder
    }

    /// The line with every placeholder replaced by the text it stands for.
    func expandPastes(in line: String) -> String {
        pastes.reduce(line) { $0.replacingOccurrences(of: $1.key, with: $1.value) }
    }
}
