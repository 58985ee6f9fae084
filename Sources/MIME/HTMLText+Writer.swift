/// The output side of HTML-to-text: collapses whitespace and places line breaks.
struct TextWriter {
    private var out: [UInt8] = []
    private var pendingSpace = false
    /// Nesting of <blockquote>: each quoted line starts with one "> " per level, as mail
    /// clients show quoted replies in plain text.
    var quoteDepth = 0

    private mutating func startLineIfNeeded() {
        guard quoteDepth > 0, atLineStart else { return }
        for _ in 0..<min(quoteDepth, 20) { out.append(contentsOf: [0x3E, 0x20]) }
    }

    var count: Int { out.count }

    func textSince(_ start: Int) -> String {
        String(decoding: out[min(start, out.count)...], as: UTF8.self)
    }

    private var atLineStart: Bool { out.isEmpty || out.last == 0x0A }
    /// Just after a quote prefix: spaces there are not content.
    private var atQuotePrefix: Bool { quoteDepth > 0 && out.count >= 2 && out[out.count - 1] == 0x20 && out[out.count - 2] == 0x3E }

    mutating func text(_ c: UInt8, pre: Bool) {
        if pre {
            if c == 0x0D { return }
            flushSpace()
            if c != 0x0A { startLineIfNeeded() }
            out.append(c)
            return
        }
        if isSpaceOrNewline(c) || c == 0x0C {
            if !atLineStart && !atQuotePrefix { pendingSpace = true }
            return
        }
        flushSpace()
        startLineIfNeeded()
        out.append(c)
    }

    mutating func textScalar(_ s: Unicode.Scalar, pre: Bool) {
        if s == "\u{A0}" {
            // A no-break space reads as a space, kept even at a line start (used for indenting).
            flushSpace()
            startLineIfNeeded()
            out.append(0x20)
            return
        }
        if s.value < 0x80 { text(UInt8(s.value), pre: pre); return }
        flushSpace()
        startLineIfNeeded()
        out.append(contentsOf: String(Character(s)).utf8)
    }

    mutating func raw(_ s: String) {
        pendingSpace = false
        startLineIfNeeded()
        out.append(contentsOf: s.utf8)
    }

    mutating func word(_ s: String) {
        flushSpace()
        startLineIfNeeded()
        out.append(contentsOf: s.utf8)
    }

    mutating func newline() {
        pendingSpace = false
        trimLineEnd()
        out.append(0x0A)
    }

    mutating func blockBreak(blank: Bool) {
        pendingSpace = false
        // A block of nothing but no-break spaces (<div>&nbsp;</div>, <p>&nbsp;</p>) is how mail editors
        // write an empty line: the paragraphs around it are apart.
        let emptyLine = lineHoldsOnlyNoBreakSpaces
        trimLineEnd()
        if out.isEmpty { return }
        if out.last != 0x0A { out.append(0x0A) }
        if blank || emptyLine, out.count >= 1, !(out.count >= 2 && out[out.count - 2] == 0x0A) { out.append(0x0A) }
    }

    /// Whether the line being written holds spaces only, at least one: at a line's start only a no-break
    /// space writes one (a quote's "> " prefix aside).
    private var lineHoldsOnlyNoBreakSpaces: Bool {
        var i = out.count
        while i > 0, out[i - 1] == 0x20 { i -= 1 }
        guard i < out.count else { return false }
        var start = i
        // "> > " quote prefixes before the spaces.
        while start >= 2, out[start - 1] == 0x20, out[start - 2] == 0x3E { start -= 2 }
        while start >= 1, out[start - 1] == 0x3E { start -= 1 }
        return start == 0 || out[start - 1] == 0x0A
    }

    private mutating func flushSpace() {
        if pendingSpace && !atLineStart && !atQuotePrefix { out.append(0x20) }
        pendingSpace = false
    }

    private mutating func trimLineEnd() {
        while let l = out.last, l == 0x20 || l == 0x09 { out.removeLast() }
    }

    /// Lines trimmed at the end, at most one blank line in a row, no blank start or end.
    func finish() -> String {
        var result: [UInt8] = []
        result.reserveCapacity(out.count)
        var newlines = 0
        var line: [UInt8] = []
        func endLine() {
            while let l = line.last, l == 0x20 || l == 0x09 { line.removeLast() }
        }
        for c in out {
            if c == 0x0A {
                endLine()
                if line.isEmpty {
                    newlines += 1
                } else {
                    if !result.isEmpty { result += newlines >= 2 ? [0x0A, 0x0A] : [0x0A] }
                    result += line
                    line.removeAll(keepingCapacity: true)
                    newlines = 1
                }
                continue
            }
            line.append(c)
        }
        endLine()
        if !line.isEmpty {
            if !result.isEmpty { result += newlines >= 2 ? [0x0A, 0x0A] : [0x0A] }
            result += line
        }
        return String(decoding: result, as: UTF8.self)
    }
}
