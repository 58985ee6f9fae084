/// A regular expression over one line of text, from a pattern file.
struct LinePattern: @unchecked Sendable {
    // Regex is immutable once built; it is only read.
    let source: String
    private let regex: Regex<AnyRegexOutput>
    /// Pattern files anchor their patterns at the line's start: one match attempt at the start then
    /// does the work of a search that would try (and fail) at every later position too.
    private let anchored: Bool
    /// Lower-cased text every match must contain ("wrote:" in `^On .+ wrote:\s*$`). Most lines lack
    /// it, and looking for it costs far less than running the regex, which is tried on every line of
    /// every body against every language's patterns.
    let requiredText: [UInt8]?
    /// For an anchored pattern, the lower-cased ASCII bytes a matching line can start with
    /// (`^(CONFIDENTIALITY|DISCLAIMER)` → c, d); nil when that is not plain from the pattern.
    let firstBytes: Set<UInt8>?
    /// `firstBytes` as a bit set, tested on every line without hashing.
    private let firstByteMask: ASCIIByteSet?
    /// When no single text is required: texts one of which every match holds, from a group of
    /// alternatives (`\b(registered office|limited liability partnership)\b`).
    let requiredOneOf: [[UInt8]]?
    /// `requiredText` and `requiredOneOf` with what a line's summary is checked against, worked out once.
    private let requiredNeedle: Needle?
    private let requiredOneOfNeedles: [Needle]?

    init(_ source: String, language: String) throws(ExtractionError) {
        self.source = source
        anchored = source.hasPrefix("^")
        requiredText = Self.requiredText(of: source)
        firstBytes = anchored ? Self.firstBytes(of: source) : nil
        firstByteMask = firstBytes.map(ASCIIByteSet.init)
        requiredOneOf = requiredText == nil ? Self.requiredOneOf(of: source) : nil
        requiredNeedle = requiredText.map(Needle.init)
        requiredOneOfNeedles = requiredOneOf?.map(Needle.init)
        do {
            regex = try Regex(source).ignoresCase()
        } catch {
            throw .badLinePattern(language: language, pattern: source, reason: String(describing: error))
        }
    }

    func matches(_ line: Substring) -> Bool {
        matches(line, LineBytes(line))
    }

    /// `bytes` summarises `line`: a required text with a byte the line lacks is ruled out without a search.
    func matches(_ line: Substring, _ bytes: LineBytes) -> Bool {
        if let first = firstByteMask {
            // A line starting with other than ASCII goes to the regex (case folding, canonical equivalence).
            guard let b = line.utf8.first, b >= 0x80 || first.contains(ASCIIFolding.lower(b)) else { return false }
        }
        if let required = requiredNeedle, !Self.contains(line, required, bytes) { return false }
        if let choices = requiredOneOfNeedles, !choices.contains(where: { Self.contains(line, $0, bytes) }) { return false }
        // Matching throws only from custom regex components, which a pattern read from text cannot hold.
        if anchored { return (try? regex.prefixMatch(in: line)) != nil }
        return (try? regex.firstMatch(in: line)) != nil
    }

    /// Whether `line` holds `needle` (lower-case ASCII) ignoring ASCII case. Unicode case folding adds
    /// only two ways to spell an ASCII letter without ASCII (the Kelvin sign for k, the long s for s;
    /// a case-insensitive Regex matches the first, the second is let by to be safe): a line holding either
    /// is let through when the needle holds its letter.
    static func contains(_ line: Substring, _ needle: [UInt8]) -> Bool {
        if ASCIIFolding.contains(line, needle) { return true }
        guard needle.contains(UInt8(ascii: "k")) || needle.contains(UInt8(ascii: "s")) else { return false }
        return line.unicodeScalars.contains { $0 == "\u{212A}" || $0 == "\u{017F}" }
    }

    /// `contains(line, needle)`, first asking `bytes` whether the line has every byte and every pair of
    /// bytes of the needle (ignoring ASCII case); when it lacks one, only the Kelvin-sign and long-s rule
    /// can still let the line through.
    static func contains(_ line: Substring, _ needle: Needle, _ bytes: LineBytes) -> Bool {
        if bytes.mayHold(needle) { return contains(line, needle.bytes) }
        return needle.holdsKOrS && bytes.hasKelvinOrLongS
    }

    /// The required texts of the alternatives of the first group every match goes through; nil when
    /// there is no such group or an alternative has no required text of its own.
    static func requiredOneOf(of source: String) -> [[UInt8]]? {
        let c = Array(source.utf8)
        var depth = 0
        var inClass = false
        var i = 0
        while i < c.count {
            let b = c[i]
            if b == UInt8(ascii: "\\") { i += 2; continue }
            if inClass { if b == UInt8(ascii: "]") { inClass = false }; i += 1; continue }
            if b == UInt8(ascii: "[") { inClass = true }
            else if b == UInt8(ascii: "|"), depth == 0 { return nil }
            else if b == UInt8(ascii: ")") { depth -= 1 }
            else if b == UInt8(ascii: "("), depth > 0 { depth += 1 }
            else if b == UInt8(ascii: "("), depth == 0 {
                // The group's extent and its top-level alternatives.
                var j = i + 1
                var d = 1
                var cls = false
                var cuts = [i + 1]
                while j < c.count, d > 0 {
                    let x = c[j]
                    if x == UInt8(ascii: "\\") { j += 2; continue }
                    if cls { if x == UInt8(ascii: "]") { cls = false } }
                    else if x == UInt8(ascii: "[") { cls = true }
                    else if x == UInt8(ascii: "(") { d += 1 }
                    else if x == UInt8(ascii: ")") { d -= 1; if d == 0 { break } }
                    else if x == UInt8(ascii: "|"), d == 1 { cuts.append(j + 1) }
                    j += 1
                }
                guard d == 0 else { return nil }
                let after = j + 1 < c.count ? c[j + 1] : 0
                let optional = after == UInt8(ascii: "?") || after == UInt8(ascii: "*")
                    || (after == UInt8(ascii: "{") && j + 2 < c.count && c[j + 2] == UInt8(ascii: "0"))
                if !optional, cuts.count > 1 {
                    var texts: [[UInt8]] = []
                    for (k, start) in cuts.enumerated() {
                        let end = k + 1 < cuts.count ? cuts[k + 1] - 1 : j
                        let alternative = String(decoding: c[start..<end], as: UTF8.self)
                        guard let text = requiredText(of: alternative), text.count >= 3 else { return nil }
                        texts.append(text)
                    }
                    return texts
                }
                i = j + 1
                continue
            }
            i += 1
        }
        return nil
    }

    /// What an anchored pattern's first character can be: a plain character, a class of them, or a
    /// group of alternatives each starting with one. Anything else (`.`, `\s`, an optional first
    /// part, a range) gives nil: no filter, the regex decides.
    static func firstBytes(of source: String) -> Set<UInt8>? {
        let c = Array(source.utf8)
        guard c.first == UInt8(ascii: "^"), c.count > 1 else { return nil }
        func isPlain(_ b: UInt8) -> Bool {
            (b >= 0x61 && b <= 0x7A) || (b >= 0x41 && b <= 0x5A) || (b >= 0x30 && b <= 0x39) || b >= 0x80
                || b == UInt8(ascii: "-") || b == UInt8(ascii: "_") || b == UInt8(ascii: " ") || b == UInt8(ascii: ",")
                || b == UInt8(ascii: ":") || b == UInt8(ascii: "'")
        }
        /// Whether the item ending before `i` may be absent (`?`, `*`, `{0`).
        func optional(at i: Int) -> Bool {
            guard i < c.count else { return false }
            if c[i] == UInt8(ascii: "?") || c[i] == UInt8(ascii: "*") { return true }
            if c[i] == UInt8(ascii: "{") { return i + 1 < c.count && c[i + 1] == UInt8(ascii: "0") }
            return false
        }
        var out = Set<UInt8>()
        switch c[1] {
        case UInt8(ascii: "("):
            var i = 2
            if i + 1 < c.count, c[i] == UInt8(ascii: "?"), c[i + 1] == UInt8(ascii: ":") { i += 2 }
            var atStart = true
            var depth = 1
            while i < c.count, depth > 0 {
                let b = c[i]
                if b == UInt8(ascii: "\\") { if atStart { return nil }; i += 2; continue }
                if b == UInt8(ascii: "(") { if atStart { return nil }; depth += 1 }
                else if b == UInt8(ascii: ")") { depth -= 1; if depth == 0 { break } }
                else if b == UInt8(ascii: "|"), depth == 1 { if atStart { return nil }; atStart = true; i += 1; continue }
                else if atStart {
                    guard isPlain(b), b < 0x80, !optional(at: i + 1) else { return nil }
                    out.insert(ASCIIFolding.lower(b))
                    atStart = false
                }
                i += 1
            }
            guard depth == 0, !atStart, !optional(at: i + 1) else { return nil }
        case UInt8(ascii: "["):
            var i = 2
            guard i < c.count, c[i] != UInt8(ascii: "^") else { return nil }
            while i < c.count, c[i] != UInt8(ascii: "]") {
                guard isPlain(c[i]), c[i] != UInt8(ascii: "-") else { return nil }
                if c[i] < 0x80 { out.insert(ASCIIFolding.lower(c[i])) }
                i += 1
            }
            guard i < c.count, !optional(at: i + 1), !out.isEmpty else { return nil }
        default:
            guard isPlain(c[1]), c[1] < 0x80, !optional(at: 2) else { return nil }
            out.insert(ASCIIFolding.lower(c[1]))
        }
        return out
    }

    /// The longest run of plain characters a match of `source` cannot do without, lower-cased; nil when
    /// there is none worth looking for (an alternation at the top level, or only classes and groups).
    /// Only ASCII letters, digits, spaces and a little punctuation count, so case folding stays simple.
    static func requiredText(of source: String) -> [UInt8]? {
        let chars = Array(source.utf8)
        var best: [UInt8] = []
        var run: [UInt8] = []
        var depth = 0
        var inClass = false
        func endRun() {
            if run.count > best.count { best = run }
            run = []
        }
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if inClass {
                if c == UInt8(ascii: "\\") { i += 2; continue }
                if c == UInt8(ascii: "]") { inClass = false }
                i += 1
                continue
            }
            switch c {
            case UInt8(ascii: "|"):
                if depth == 0 { return nil }
                endRun()
            case UInt8(ascii: "("):
                depth += 1; endRun()
            case UInt8(ascii: ")"):
                depth -= 1; endRun()
                // A group may be optional or repeated: what follows is not part of its run either way.
            case UInt8(ascii: "["):
                inClass = true; endRun()
            case UInt8(ascii: "?"), UInt8(ascii: "*"), UInt8(ascii: "{"):
                // The character before is optional: it leaves the run.
                if !run.isEmpty { run.removeLast() }
                endRun()
                if c == UInt8(ascii: "{") { while i < chars.count, chars[i] != UInt8(ascii: "}") { i += 1 } }
            case UInt8(ascii: "+"):
                endRun()
            case UInt8(ascii: "\\"):
                // \s, \b, \d… are classes or anchors; an escaped punctuation mark is itself.
                let next = i + 1 < chars.count ? chars[i + 1] : 0
                endRun()
                if depth == 0, next == UInt8(ascii: ".") || next == UInt8(ascii: "-") || next == UInt8(ascii: ":") {
                    run.append(next)
                }
                i += 1
            case UInt8(ascii: "."), UInt8(ascii: "^"), UInt8(ascii: "$"):
                endRun()
            default:
                let plain = (c >= 0x61 && c <= 0x7A) || (c >= 0x41 && c <= 0x5A) || (c >= 0x30 && c <= 0x39)
                    || c == UInt8(ascii: " ") || c == UInt8(ascii: ":") || c == UInt8(ascii: "-") || c == UInt8(ascii: "_")
                    || c == UInt8(ascii: ",")
                if depth == 0, plain {
                    run.append(ASCIIFolding.lower(c))
                } else {
                    endRun()
                }
            }
            i += 1
        }
        endRun()
        return best.count >= 2 ? best : nil
    }
}

/// All line patterns of one kind, from every language.
struct LinePatterns: Sendable {
    let patterns: [LinePattern]
    /// The patterns a line may match by its first byte (lower-cased ASCII): those whose first bytes hold
    /// it, and those that say nothing of their first byte. Most patterns are anchored at a plain word
    /// ("^Sent from my", "^CONFIDENTIALITY"), so a line is tried with the two or three that start as it does.
    private let byFirstByte: [[Int]]
    /// The patterns for a line that starts with other than ASCII (it may still match, folded) and for
    /// an empty line (which only an unanchored or first-byte-free pattern can match; all are tried).
    private let all: [Int]

    init(patterns: [LinePattern]) {
        self.patterns = patterns
        all = Array(patterns.indices)
        byFirstByte = (0..<128).map { b in
            patterns.indices.filter { patterns[$0].firstBytes?.contains(UInt8(b)) ?? true }
        }
    }

    func matches(_ line: Substring) -> Bool {
        // The line's bytes are read once for all the patterns, rather than searched by each.
        matches(line, LineBytes(line))
    }

    /// `bytes` summarises `line`, for a caller that tries several kinds of pattern on the same lines.
    func matches(_ line: Substring, _ bytes: LineBytes) -> Bool {
        var candidates = all
        if let b = line.utf8.first, b < 0x80 { candidates = byFirstByte[Int(ASCIIFolding.lower(b))] }
        // By index, not `contains(where:)`: its iterator copies each pattern out (a retain and a release
        // of each of its five references) for every line it is tried on.
        for i in candidates where patterns[i].matches(line, bytes) { return true }
        return false
    }
}
