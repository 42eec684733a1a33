import Foundation
import ParleyCore

/// A command line of long options (`--name value`, `--name=value`, flags) read into `Options`, and its
/// `--help` text.
///
/// Written here rather than taken from swift-argument-parser: its reflection-driven parse cost 2.5 ms and
/// 2 MiB at every start on the benchmark machine (`python3 Benchmarks/run.py`), a tenth of the time a whole
/// piped prompt may take, for a dozen options with no subcommand tree to speak of.
struct CommandLineParser<Options> {
    /// One option: its name without the dashes, the placeholder for its value (nil for a flag), its help,
    /// and how it sets `Options` (the value is "" for a flag).
    struct Option {
        let name: String
        let valueName: String?
        let help: String
        let apply: (inout Options, String) throws(ParleyError) -> Void

        static func value(_ name: String, _ valueName: String, _ help: String,
                          _ apply: @escaping (inout Options, String) throws(ParleyError) -> Void) -> Option {
            Option(name: name, valueName: valueName, help: help, apply: apply)
        }

        static func flag(_ name: String, _ help: String, _ apply: @escaping (inout Options) -> Void) -> Option {
            Option(name: name, valueName: nil, help: help) { options, _ in apply(&options) }
        }
    }

    /// What the command line asks for besides running.
    private enum Outcome {
        case run(Options)
        case help
        case version
    }

    let command: String
    let overview: String
    let discussion: String?
    let options: [Option]
    /// Whether `--version` is one of the options.
    var offersVersion = false

    /// Reads `arguments` (without the program name) over `defaults`.
    private func parse(_ arguments: [String], defaults: Options) throws(ParleyError) -> Outcome {
        var result = defaults
        var index = arguments.startIndex
        while index < arguments.endIndex {
            let argument = arguments[index]
            index += 1
            if argument == "-h" || argument == "--help" { return .help }
            if offersVersion && argument == "--version" { return .version }
            guard argument.hasPrefix("--"), argument.count > 2 else {
                throw usageError("unexpected argument '\(argument)'")
            }
            let body = argument.dropFirst(2)
            let name = String(body.prefix { $0 != "=" })
            let inline = body.firstIndex(of: "=").map { String(body[body.index(after: $0)...]) }
            guard let option = options.first(where: { $0.name == name }) else {
                throw usageError("unknown option '--\(name)'")
            }
            guard let valueName = option.valueName else {
                if inline != nil { throw usageError("--\(name) takes no value") }
                try option.apply(&result, "")
                continue
            }
            let value: String
            if let inline {
                value = inline
            } else if index < arguments.endIndex {
                value = arguments[index]
                index += 1
            } else {
                throw usageError("--\(name) needs a value: --\(name) <\(valueName)>")
            }
            try option.apply(&result, value)
        }
        return .run(result)
    }

    /// Reads `arguments` over `defaults`, or ends parley: with status 0 once the help or the version is printed,
    /// with a usage error's status once the error is.
    func parseOrExit(_ arguments: [String], defaults: Options) -> Options {
        do throws(ParleyError) {
            switch try parse(arguments, defaults: defaults) {
            case .run(let options): return options
            case .help: print(help)
            case .version: print(ParleyVersion.current)
            }
            exit(0)
        } catch {
            exit(reportFailure(error))
        }
    }

    /// An error for a command line this parser cannot read, pointing at `--help`.
    private func usageError(_ message: String) -> ParleyError {
        ParleyError(.usage, message, hint: "usage: \(usage)\nsee '\(command) --help'")
    }

    var usage: String {
        ([command] + options.map { option in
            "[--\(option.name)" + (option.valueName.map { " <\($0)>" } ?? "") + "]"
        }).joined(separator: " ")
    }

    /// The text of `--help`: overview, usage, then each option with its help wrapped to 80 columns.
    var help: String {
        var lines = Self.wrap(overview, width: 80) + [""]
        if let discussion { lines += Self.wrap(discussion, width: 80) + [""] }
        let usageLines = Self.wrap(usage, width: 80 - 7)
        lines += ["usage: " + usageLines[0]] + usageLines.dropFirst().map { "       " + $0 } + ["", "options:"]
        var rows = options.map { option in
            ("--\(option.name)" + (option.valueName.map { " <\($0)>" } ?? ""), option.help)
        }
        if offersVersion { rows.append(("--version", "Show the version.")) }
        rows.append(("-h, --help", "Show this help."))
        let column = 26
        for (left, text) in rows {
            let wrapped = Self.wrap(text, width: 80 - column)
            let first = "  " + left
            if first.count < column - 1 {
                lines.append(first + String(repeating: " ", count: column - first.count) + wrapped[0])
            } else {
                lines += [first, String(repeating: " ", count: column) + wrapped[0]]
            }
            lines += wrapped.dropFirst().map { String(repeating: " ", count: column) + $0 }
        }
        return lines.joined(separator: "\n")
    }

    /// `text` broken at spaces into lines of at most `width` characters (a longer word stays whole).
    static func wrap(_ text: String, width: Int) -> [String] {
        var lines: [String] = []
        var line = ""
        for word in text.split(separator: " ") {
            if !line.isEmpty && line.count + 1 + word.count > width {
                lines.append(line)
                line = ""
            }
            line += (line.isEmpty ? "" : " ") + word
        }
        return lines + [line]
    }
}
