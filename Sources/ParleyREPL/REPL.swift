import ParleyCore

/// The read–dispatch loop shared by the interactive prompt and scripted sessions.
///
/// On a terminal an error is shown and the chat goes on. In a script it is shown with its line number, the
/// script goes on, and the exit status is that of the first failure.
@MainActor
public final class REPL {
    /// Sends a message to the model; the chat layer provides it.
    public typealias MessageHandler = @MainActor (Submission) async throws -> Void
    /// Waits, before the first submission is handled (or at the end of a script that had none), for what it needs:
    /// the store, still opening. Told whether a message is coming, so what sending needs can begin meanwhile.
    public typealias Ready = @MainActor (_ messageComing: Bool) async throws(ParleyError) -> Void

    public static let prompt = "› "
    public static let continuationPrompt = "… "

    private let reader: any LineReader
    private let context: CommandContext
    private var registry: CommandRegistry { context.registry }
    private var terminal: Terminal { context.terminal }
    private let signals: SignalRouter
    private let onMessage: MessageHandler
    private var ready: Ready?
    private var assembler = InputAssembler()
    private var firstFailure: ParleyError.Code?

    public init(reader: any LineReader, context: CommandContext, signals: SignalRouter, ready: Ready?,
                onMessage: @escaping MessageHandler) {
        self.reader = reader
        self.context = context
        self.signals = signals
        self.ready = ready
        self.onMessage = onMessage
    }

    /// Runs until end of input, `/quit` or a termination signal; returns the exit status.
    public func run() async -> Int32 {
        defer { reader.close() }
        while true {
            if let signal = signals.terminationSignal { return 128 + signal }
            let prompt = assembler.isOpen ? Self.continuationPrompt : Self.prompt
            let submission: Submission?
            switch reader.readLine(prompt: styled(prompt)) {
            case .line(let line):
                submission = assembler.feed(line)
            case .interrupted:
                assembler.discard()
                if !reader.isInteractive { return ParleyError.Code.interrupted.exitStatus }
                continue
            case .terminated:
                return 128 + (signals.terminationSignal ?? 15)
            case .end where assembler.isOpen && reader.isInteractive:
                // Ctrl-D inside a block sends it as it stands, and the chat goes on.
                submission = assembler.close()
            case .end:
                if assembler.isOpen, !reader.isInteractive {
                    fail(ParleyError(.input, "the \"\"\" block opened on line \(assembler.openingLine) is never closed",
                                     hint: "end it with a line of \"\"\"; the block was not sent"),
                         line: assembler.openingLine)
                    assembler.discard()
                } else if let last = assembler.close(), await handle(last) == .quit {
                    return exitStatus
                }
                // A store that refuses is an error even for a script with nothing in it.
                _ = await becomeReady(messageComing: false)
                return exitStatus
            case .failure(let number, let message):
                fail(ParleyError(.input, message), line: number)
                continue
            case .unreadable(let message):
                // Every later read would fail the same way; what was sent is saved as the session ends.
                let error = ParleyError(.input, message, hint: "the session ends here; every message sent is saved")
                if firstFailure == nil { firstFailure = error.code }
                terminal.report(error)
                return firstFailure?.exitStatus ?? error.code.exitStatus
            }
            if let submission, await handle(submission) == .quit { return exitStatus }
        }
    }

    private var exitStatus: Int32 {
        if let signal = signals.terminationSignal { return 128 + signal }
        return reader.isInteractive ? 0 : firstFailure?.exitStatus ?? 0
    }

    /// Runs `ready` the first time; false when it failed, which is reported and ends the session: with a store
    /// that refuses, nothing typed could be kept.
    private func becomeReady(messageComing: Bool) async -> Bool {
        guard let ready else { return true }
        self.ready = nil
        do {
            try await ready(messageComing)
            return true
        } catch {
            terminal.report(error)
            if firstFailure == nil { firstFailure = error.code }
            return false
        }
    }

    private func handle(_ submission: Submission) async -> CommandOutcome {
        guard await becomeReady(messageComing: submission.kind == .message) else { return .quit }
        do {
            switch submission.kind {
            case .command:
                let invocation = CommandInvocation(parsing: submission.text)
                let command = try registry.resolve(invocation)
                if let error = invocation.quotingError, !command.spec.takesText { throw error }
                let context = self.context
                return try await cancellable { try await command.run(invocation, context: context) }
            case .message:
                try await cancellable { try await self.onMessage(submission) }
                return .continue
            }
        } catch let error as ParleyError {
            fail(error, line: submission.lineNumber)
        } catch is CancellationError {
            fail(ParleyError(.interrupted, "interrupted"), line: submission.lineNumber)
            if !reader.isInteractive { return .quit }
        } catch {
            fail(ParleyError(.general, "\(error)"), line: submission.lineNumber)
        }
        return .continue
    }

    /// Runs `body` in a task that Ctrl-C cancels. In a script, Ctrl-C stops the script even when the work
    /// finished before it noticed.
    private func cancellable<T: Sendable>(_ body: @escaping @MainActor () async throws -> T) async throws -> T {
        let task = Task { @MainActor in try await body() }
        signals.beginRunning { task.cancel() }
        let result = await task.result
        if signals.endRunning(), !reader.isInteractive { throw CancellationError() }
        return try result.get()
    }

    private func fail(_ error: ParleyError, line: Int) {
        if firstFailure == nil { firstFailure = error.code }
        terminal.report(error, location: reader.isInteractive ? nil : "line \(line)")
    }

    private func styled(_ prompt: String) -> String {
        guard terminal.colorsOutput else { return prompt }
        let marker = LineEditor.invisibleMarker
        return "\(marker)\u{1B}[36m\(marker)\(prompt.trimmingWhitespace())\(marker)\u{1B}[0m\(marker) "
    }
}
