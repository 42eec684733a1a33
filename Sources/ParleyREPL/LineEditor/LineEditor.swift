import CEditline
import Glibc
import ParleyCore

/// The interactive line reader over libedit's native API: editing, history, Tab completion, pastes, Ctrl-C.
@MainActor
public final class LineEditor: LineReader {
    private let edit: LibEdit
    private let editLine: OpaquePointer
    private let history: OpaquePointer
    private let context: EditlineContext
    private let contextPointer: UnsafeMutableRawPointer
    private let historyFile: String?
    private var lineCount = 0
    private var closed = false

    /// Prompt text between two of these is not counted as visible (colour escapes).
    public static let invisibleMarker: Character = "\u{1}"

    public init(
        configuration: Configuration,
        historyFile: String?,
        signals: SignalRouter,
        output: OutputChannel = .standardOutput,
        completer: @escaping (String) -> Completion
    ) throws(ParleyError) {
        let edit = try LibEdit.shared.opened(.general, "line editing needs libedit",
                                             hint: "install it (Debian and Ubuntu: apt install libedit2), "
                                                 + "or pipe the input instead")
        Self.useUTF8Locale()
        guard let input = fdopen(STDIN_FILENO, "r"), let out = fdopen(STDOUT_FILENO, "w"),
              let err = fdopen(STDERR_FILENO, "w"), let editLine = edit.initialize("parley", input, out, err)
        else {
            throw ParleyError(.general, "cannot start the line editor on this terminal",
                              hint: "pipe the input instead (parley < script) or check TERM")
        }
        guard let history = edit.historyInit() else {
            edit.end(editLine)
            throw ParleyError(.general, "cannot start the line editor's history")
        }
        self.edit = edit
        self.editLine = editLine
        self.history = history
        self.historyFile = historyFile
        let source = InputSource(fileDescriptor: STDIN_FILENO, wakeFileDescriptor: signals.wakeFileDescriptor)
        context = EditlineContext(edit: edit, source: source, output: output, completer: completer)
        contextPointer = Unmanaged.passRetained(context).toOpaque()

        _ = parley_history_set_size(edit.history, history, Int32(clamping: max(0, configuration.historySize)))
        _ = parley_history_set_unique(edit.history, history, 1)
        if let historyFile { loadHistory(from: historyFile) }

        _ = parley_el_set_clientdata(edit.set, editLine, contextPointer)
        _ = parley_el_set_history(edit.set, editLine, edit.history, history)
        // parley owns SIGINT and SIGWINCH; libedit's own handling re-sends signals to the process group.
        _ = parley_el_set_signal(edit.set, editLine, 0)
        _ = parley_el_set_editor(edit.set, editLine, configuration.editMode.rawValue)
        _ = parley_el_set_getcfn(edit.set, editLine, editlineReadCharacter)
        _ = parley_el_set_prompt(edit.set, editLine, editlinePrompt, CChar(Self.invisibleMarker.asciiValue ?? 1))
        // ~/.editrc (or $EDITRC) may change bindings; ours come after so Tab and Ctrl-C keep working.
        _ = edit.source(editLine, nil)
        _ = parley_el_add_function(edit.set, editLine, "parley-complete", "Complete a command or argument",
                                   editlineComplete)
        _ = parley_el_add_function(edit.set, editLine, "parley-event", "Handle a signal or paste", editlineEvent)
        for keymap in [false, true] {
            _ = parley_el_bind(edit.set, editLine, keymap ? 1 : 0, "^I", "parley-complete")
            _ = parley_el_bind(edit.set, editLine, keymap ? 1 : 0, "^\\", "parley-event")
        }
    }

    public var isInteractive: Bool { true }

    public func readLine(prompt: String) -> ReadResult {
        read(prompt: prompt, remembering: true)
    }

    public func readAnswer(prompt: String) -> ReadResult {
        read(prompt: prompt, remembering: false)
    }

    private func read(prompt: String, remembering: Bool) -> ReadResult {
        if closed { return .end }
        context.reset()
        context.setPrompt(prompt)
        // Bracketed paste: a pasted block arrives between markers, so it can become one message.
        context.output.write("\u{1B}[?2004h")
        // Edit mode before the prompt shows, so keys typed the moment it appears (Ctrl-D) are read as keys.
        _ = parley_el_prepare_terminal(edit.set, editLine, 1)
        var count: Int32 = 0
        let raw = edit.wideGets(editLine, &count)
        if context.terminated { return .terminated }
        guard let raw, count > 0 else {
            if count < 0 { return .unreadable(message: "the terminal cannot be read any more") }
            // Ctrl-D leaves the cursor after the prompt; end the line so the shell's prompt starts clean.
            context.output.write("\n")
            return .end
        }
        if context.interrupted { return .interrupted }
        var typed = ""
        var pointer = raw
        while pointer.pointee != 0 {
            typed.unicodeScalars.append(Unicode.Scalar(UInt32(bitPattern: pointer.pointee)) ?? "\u{FFFD}")
            pointer += 1
        }
        if typed.hasSuffix("\n") { typed.removeLast() }
        lineCount += 1
        let text = context.expandPastes(in: typed)
        if remembering { remember(text) }
        return .line(InputLine(text: text, typed: typed, number: lineCount))
    }

    public func close() {
        guard !closed else { return }
        closed = true
        context.output.write("\u{1B}[?2004l")
        if let historyFile { saveHistory(to: historyFile) }
        edit.end(editLine)
        edit.historyEnd(history)
        Unmanaged<EditlineContext>.fromOpaque(contextPointer).release()
    }

    // MARK: - History

    private func remember(_ text: String) {
        // Multi-line pastes would come back as one garbled line; single lines are what history is for.
        let line = text.trimmingWhitespace()
        guard !line.isEmpty, !line.contains("\n") else { return }
        _ = parley_history_enter(edit.history, history, line)
        if let historyFile { saveHistory(to: historyFile) }
    }

    private func loadHistory(from path: String) {
        guard access(path, F_OK) == 0 else { return }
        _ = parley_history_load(edit.history, history, path)
    }

    /// Saves after every line, so a crash loses none; the file is private to its owner.
    private func saveHistory(to path: String) {
        let directory = String(path[..<(path.lastIndex(of: "/") ?? path.startIndex)])
        guard (try? FileSystem.makeDirectory(directory)) != nil else { return }
        let fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0o600)
        if fd >= 0 {
            fchmod(fd, 0o600)
            Glibc.close(fd)
        }
        _ = parley_history_save(edit.history, history, path)
    }

    // MARK: - Locale

    /// libedit drops non-ASCII input unless LC_CTYPE is a UTF-8 locale, so make it one whatever the environment.
    private static func useUTF8Locale() {
        setlocale(LC_CTYPE, "")
        if let codeset = nl_langinfo(nl_item(CODESET)), String(cString: codeset) == "UTF-8" { return }
        setlocale(LC_CTYPE, "C.UTF-8")
    }

    // MARK: - Callback work

    nonisolated fileprivate static func context(of editLine: OpaquePointer?) -> EditlineContext? {
        guard let editLine, case .success(let edit) = LibEdit.shared,
              let raw = parley_el_get_clientdata(edit.get, editLine) else { return nil }
        return Unmanaged<EditlineContext>.fromOpaque(raw).takeUnretainedValue()
    }
}

// MARK: - C callbacks (top-level functions convert to C function pointers)

private func editlineReadCharacter(_ editLine: OpaquePointer?, _ character: UnsafeMutablePointer<wchar_t>?) -> Int32 {
    guard let editLine, let character, let context = LineEditor.context(of: editLine) else { return -1 }
    return context.readCharacter(into: character, editLine: editLine)
}

private func editlinePrompt(_ editLine: OpaquePointer?) -> UnsafeMutablePointer<CChar>? {
    LineEditor.context(of: editLine)?.promptPointer
}

private func editlineEvent(_ editLine: OpaquePointer?, _ key: Int32) -> UInt8 {
    guard let editLine, let context = LineEditor.context(of: editLine), !context.pending.isEmpty else {
        return UInt8(CC_NORM)
    }
    switch context.pending.removeFirst() {
    case .interrupt:
        // Show ^C at the end of the abandoned line, as shells do, then end the read with a newline key so
        // libedit moves below the line itself; the line is thrown away.
        if let info = context.edit.wideLine(editLine) {
            _ = context.edit.cursor(editLine, Int32(info.pointee.lastchar - info.pointee.cursor))
        }
        insert("^C", into: editLine, with: context.edit)
        context.interrupted = true
        context.queuedCharacter = 0x0A
        return UInt8(CC_REFRESH)
    case .resize:
        context.edit.resize(editLine)
        return UInt8(CC_REDISPLAY)
    case .redraw:
        return UInt8(CC_REDISPLAY)
    case .paste(let text):
        insert(context.insertion(forPaste: text), into: editLine, with: context.edit)
        return UInt8(CC_REFRESH)
    }
}

private func editlineComplete(_ editLine: OpaquePointer?, _ key: Int32) -> UInt8 {
    guard let editLine, let context = LineEditor.context(of: editLine), let info = context.edit.wideLine(editLine)
    else {
        return UInt8(CC_ERROR)
    }
    var before = ""
    var pointer = info.pointee.buffer
    while let current = pointer, current < info.pointee.cursor {
        before.unicodeScalars.append(Unicode.Scalar(UInt32(bitPattern: current.pointee)) ?? "\u{FFFD}")
        pointer = current + 1
    }
    let completion = context.completer(before)
    let typed = completion.word.unicodeScalars.count
    switch completion.candidates.count {
    case 0:
        return UInt8(CC_REFRESH_BEEP)
    case 1:
        insert(completion.insertion(completing: completion.candidates[0]), into: editLine, with: context.edit)
        return UInt8(CC_REFRESH)
    default:
        if completion.commonPrefix.unicodeScalars.count > typed {
            insert(completion.sharedInsertion, into: editLine, with: context.edit)
            return UInt8(CC_REFRESH)
        }
        let width = Terminal.columns(of: context.output.fileDescriptor)
        context.output.write("\n" + Columns.format(completion.candidates, width: width) + "\n")
        return UInt8(CC_REDISPLAY)
    }
}

private func insert(_ text: String, into editLine: OpaquePointer, with edit: LibEdit) {
    var wide = text.unicodeScalars.map { wchar_t(bitPattern: $0.value) }
    wide.append(0)
    _ = edit.wideInsert(editLine, wide)
}
