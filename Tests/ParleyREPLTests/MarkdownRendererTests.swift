import Testing

@testable import ParleyREPL

@Suite("Rendering Markdown as it streams")
struct MarkdownRendererTests {
    private static let reset = "\u{1B}[0m", bold = "\u{1B}[1m", dim = "\u{1B}[2m", italic = "\u{1B}[3m"
    private static let cyan = "\u{1B}[36m", heading = "\u{1B}[1;4m"

    private func rendered(_ text: String) -> String {
        var renderer = MarkdownRenderer(styled: true)
        return renderer.render(text) + renderer.finish()
    }

    @Test("each construct is styled", arguments: [
        ("plain words\n", "plain words\n"),
        ("# Title\n", "\(heading)Title\(reset)\n"),
        ("### Deep *one*\n", "\(heading)Deep \(italic)one\(reset)\n"),
        ("#hashtag\n", "#hashtag\n"),
        ("- item\n  * nested\n", "• item\n  • nested\n"),
        ("-5 degrees\n", "-5 degrees\n"),
        ("> quoted\n", "\(dim)│ \(reset)quoted\n"),
        ("a **bold** word\n", "a \(bold)bold\(reset) word\n"),
        ("**start** here\n", "\(bold)start\(reset) here\n"),
        ("an *emphasised* word\n", "an \(italic)emphasised\(reset) word\n"),
        ("2 * 3 = 6\n", "2 * 3 = 6\n"),
        ("call `f(*x)` now\n", "call \(cyan)f(*x)\(reset) now\n"),
        ("snake_case_name\n", "snake_case_name\n"),
        ("unclosed **bold\nnext\n", "unclosed **bold\nnext\n"),
        ("Compute 2**10 = 1024 exactly.\n", "Compute 2**10 = 1024 exactly.\n"),
        ("Match files with *.txt here.\n", "Match files with *.txt here.\n"),
        ("A pointer: char *argv\n", "A pointer: char *argv\n"),
        ("a `tick that never closes\n", "a `tick that never closes\n"),
        ("*a **b** c*\n", "\(italic)a \(bold)b\(reset)\(italic) c\(reset)\n"),
        ("***both*** and **`code` in bold**\n",
         "\(bold)\(italic)both\(reset) and \(bold)\(cyan)code\(reset)\(bold) in bold\(reset)\n"),
        ("***\n", "\(dim)────────────────────\(reset)\n"),
        ("- - -\n", "\(dim)────────────────────\(reset)\n"),
        ("~~~\nx **y**\n```\n~~~\n", "\(dim)╭─ code\(reset)\nx **y**\n```\n\(dim)╰─\(reset)\n"),
    ])
    func constructs(input: String, expected: String) {
        #expect(rendered(input) == expected)
    }

    @Test("a fenced code block is set apart and its lines are printed exactly as written")
    func codeBlock() {
        let input = "Look:\n```swift\nlet x = a * b // **not bold**\n  # not a heading\n```\nafter\n"
        let expected = "Look:\n\(Self.dim)╭─ swift\(Self.reset)\nlet x = a * b // **not bold**\n  # not a heading\n"
            + "\(Self.dim)╰─\(Self.reset)\nafter\n"
        #expect(rendered(input) == expected)
    }

    @Test("the output is the same however the stream is cut", arguments: [
        "# Heading with **bold**\n- a `code` item\n> quote *em*\n```py\nx = 1 * 2\n```\n1. done **",
        "plain text without a newline at the end",
        "**",
        "- \n#\n```\n",
        "2**10 and *.txt with **bold *in* it** and `x*` ***\n---\n~~~sh\n*a*\n~~~\n",
    ])
    func streamingInvariance(input: String) {
        let whole = rendered(input)
        let characters = Array(input)
        for cut in 0...characters.count {
            var renderer = MarkdownRenderer(styled: true)
            let pieces = renderer.render(String(characters[..<cut])) + renderer.render(String(characters[cut...]))
            #expect(pieces + renderer.finish() == whole, "cut at \(cut)")
        }
        var renderer = MarkdownRenderer(styled: true)
        let oneByOne = characters.map { renderer.render(String($0)) }.joined() + renderer.finish()
        #expect(oneByOne == whole)
    }

    @Test("text shows as it arrives: only a possible line marker is held back")
    func noNeedlessBuffering() {
        var renderer = MarkdownRenderer(styled: true)
        #expect(renderer.render("Hello") == "Hello")
        #expect(renderer.render(", world\n") == ", world\n")
        #expect(renderer.render("#") == "")
        #expect(renderer.render(" T") == "\(Self.heading)T")
    }

    @Test("without styling the text passes through untouched")
    func plain() {
        var renderer = MarkdownRenderer(styled: false)
        let input = "# Title\n**bold** `code`\n```\nx\n```"
        #expect(renderer.render(input) + renderer.finish() == input)
    }
}
