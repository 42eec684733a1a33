import Foundation
import ParleyCore

/// Shows an answer as it streams: a spinner until the first token, Markdown on a terminal, the bare text in a
/// pipe, and on a terminal a dim line of tokens and speed at the end.
@MainActor
public struct ChatPresenter {
    let session: ChatSession
    let terminal: Terminal
    let interactive: Bool
    let showReasoning: Bool

    func send(_ text: String) async throws {
        try await show(session.send(text))
    }

    func retry() async throws {
        try await show(session.retry())
    }

    /// Shows the answer, then waits until every step of it is in the database or the outbox: the prompt
    /// that follows is the acknowledgement, so a SIGKILL after it loses nothing.
    private func show(_ stream: AsyncThrowingStream<ChatEvent, any Error>) async throws {
        do {
            try await render(stream)
        } catch {
            await session.flush()
            throw error
        }
        await session.flush()
    }

    private func render(_ stream: AsyncThrowingStream<ChatEvent, any Error>) async throws {
        let spinner = interactive ? Spinner(output: terminal.output) : nil
        defer { spinner?.stop() }
        var renderer = MarkdownRenderer(styled: terminal.colorsOutput)
        var completion: ChatCompletion?
        var lastCharacter: Character = "\n"
        var reasoning = false
        var interrupted = false
        func write(_ text: String) {
            spinner?.stop()
            guard !text.isEmpty else { return }
            terminal.output.write(text)
            lastCharacter = text.last ?? lastCharacter
        }
        // The dim thinking ends where the answer begins, or wherever the stream stops.
        func endReasoning() {
            guard reasoning else { return }
            write((terminal.colorsOutput ? Style.reset : "") + "\n")
            reasoning = false
        }
        do {
            for try await event in stream {
                switch event {
                case .text(let delta):
                    endReasoning()
                    write(renderer.render(delta))
                case .reasoning(let delta) where interactive && showReasoning:
                    // Thinking is shown dimmed on a terminal (unless hidden by setting) and never goes into a pipe.
                    if !reasoning { write(Style.dim.opening(enabled: terminal.colorsOutput)) }
                    reasoning = true
                    write(delta)
                case .reasoning:
                    break
                case .finished(let done):
                    completion = done
                }
            }
        } catch is CancellationError {
            // The stream may end with the cancellation before the loop notices it: the same Ctrl-C.
            interrupted = true
        } catch {
            endReasoning()
            write(renderer.finish())
            if lastCharacter != "\n" { write("\n") }
            throw error
        }
        endReasoning()
        write(renderer.finish())
        if interrupted || Task.isCancelled {
            // Ctrl-C: the partial answer is kept (marked interrupted); the chat goes on.
            if lastCharacter != "\n" { write("\n") }
            if !interactive { throw CancellationError() }
            terminal.output.write(Style.dim.apply("[interrupted: the answer so far is kept]", enabled: terminal.colorsOutput) + "\n")
            return
        }
        if lastCharacter != "\n" { write("\n") }
        guard let completion else { return }
        if interactive {
            terminal.output.write(footer(completion) + "\n")
        } else if let cut = Self.notice(completion.finishReason) {
            // A script's standard output holds the answer alone; why it stopped short goes with the errors.
            terminal.warn("the answer was \(cut)")
        }
    }

    /// Why an answer stopped short of its end, if it did.
    private static func notice(_ reason: FinishReason) -> String? {
        switch reason {
        case .length: "cut at the output limit"
        case .contentFilter(let reason): "stopped by a filter: \(reason)"
        default: nil
        }
    }

    private func footer(_ completion: ChatCompletion) -> String {
        var parts: [String] = []
        if let output = completion.usage.outputTokens {
            parts.append("\(output) tokens")
            let seconds = Double(completion.timings.total.components.seconds)
                + Double(completion.timings.total.components.attoseconds) / 1e18
            if seconds > 0 { parts.append(String(format: "%.0f tok/s", Double(output) / seconds)) }
        }
        if let cut = Self.notice(completion.finishReason) { parts.append(cut) }
        return Style.dim.apply(parts.joined(separator: " · "), enabled: terminal.colorsOutput)
    }
}
