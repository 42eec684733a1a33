import Glibc
import ParleyCore

/// The screen: where output goes, whether it may be coloured, and how wide it is.
public struct Terminal: Sendable {
    public let output: OutputChannel
    public let errors: OutputChannel
    /// Colour on standard output.
    public let colorsOutput: Bool
    /// Colour on standard error.
    public let colorsErrors: Bool

    public init(output: OutputChannel = .standardOutput, errors: OutputChannel = .standardError,
                color: Configuration.ColorMode, environment: [String: String]) {
        self.output = output
        self.errors = errors
        // https://no-color.org: any non-empty NO_COLOR turns colour off unless asked for explicitly.
        let noColor = !(environment["NO_COLOR"] ?? "").isEmpty || environment["TERM"] == "dumb"
        switch color {
        case .always:
            colorsOutput = true
            colorsErrors = true
        case .never:
            colorsOutput = false
            colorsErrors = false
        case .auto:
            colorsOutput = !noColor && output.isTerminal
            colorsErrors = !noColor && errors.isTerminal
        }
    }

    /// Columns of the output terminal, 80 when it is not one.
    public var width: Int { Self.columns(of: output.fileDescriptor) }

    /// Columns of the terminal on `fileDescriptor`, 80 when it is not one.
    public static func columns(of fileDescriptor: Int32) -> Int {
        var size = winsize()
        if ioctl(fileDescriptor, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 {
            return Int(size.ws_col)
        }
        return 80
    }

    public func print(_ text: String) {
        output.write(text + "\n")
    }

    /// Prints an error on standard error; `location` (such as "line 3") leads in scripted sessions.
    public func report(_ error: ParleyError, location: String? = nil) {
        let label = Style.red.apply("error:", enabled: colorsErrors)
        let lead = location.map { "\($0): " } ?? ""
        var text = "\(label) \(lead)\(error.message)\n"
        if !error.hint.isEmpty {
            text += Style.dim.apply(error.hint, enabled: colorsErrors) + "\n"
        }
        errors.write(text)
    }

    /// Prints a remark that is not a failure (a warning about the configuration, say).
    public func warn(_ text: String) {
        errors.write(Style.yellow.apply("warning:", enabled: colorsErrors) + " \(text)\n")
    }
}

/// ANSI styles; `apply` leaves the text alone when colour is off.
public enum Style: String, Sendable {
    case bold = "1"
    case dim = "2"
    case red = "31"
    case yellow = "33"

    public func apply(_ text: String, enabled: Bool) -> String {
        enabled ? "\u{1B}[\(rawValue)m\(text)\u{1B}[0m" : text
    }

    /// The escape that turns the style on, for text that streams in pieces; `reset` turns it off.
    public func opening(enabled: Bool) -> String {
        enabled ? "\u{1B}[\(rawValue)m" : ""
    }

    public static let reset = "\u{1B}[0m"
}
