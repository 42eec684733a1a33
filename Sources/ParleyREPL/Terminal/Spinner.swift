import Foundation
import Synchronization

/// A spinner shown while waiting for the first token; once `stop` returns it is erased and never drawn again.
public final class Spinner: Sendable {
    private static let frames = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"]

    private struct State {
        var running = true
        var framesDrawn = 0
    }

    private let output: OutputChannel
    private let label: String
    /// Frames are drawn while holding the lock, so `stop` cannot return in the middle of one.
    private let state = Mutex(State())

    /// Starts spinning on `output`, after `delay` so that fast answers never flash it.
    public init(output: OutputChannel, label: String = "", delay: Duration = .milliseconds(150)) {
        self.output = output
        self.label = label
        let thread = Thread { [self] in spin(after: delay) }
        thread.name = "parley-spinner"
        thread.start()
    }

    /// Erases the spinner; idempotent.
    public func stop() {
        state.withLock { state in
            guard state.running else { return }
            state.running = false
            if state.framesDrawn > 0 { output.write("\r\u{1B}[K") }
        }
    }

    public var framesDrawn: Int { state.withLock { $0.framesDrawn } }

    private func spin(after delay: Duration) {
        Thread.sleep(forTimeInterval: Double(delay.components.attoseconds) / 1e18 + Double(delay.components.seconds))
        while true {
            let running = state.withLock { state -> Bool in
                guard state.running else { return false }
                let frame = Self.frames[state.framesDrawn % Self.frames.count]
                output.write("\r" + frame + (label.isEmpty ? "" : " " + label))
                state.framesDrawn += 1
                return true
            }
            guard running else { return }
            Thread.sleep(forTimeInterval: 0.08)
        }
    }
}
