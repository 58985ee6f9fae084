/// The parts of a body that matter: what the writer wrote, and the request they forwarded if any.
/// Quoted replies and legal footers are cut off so they never feed fields.
struct RequestText: Sendable {
    /// The writer's own words, above any quote and without the footer.
    var own: String
    /// The forwarded message, read as a message of its own (it may forward or quote in turn).
    var forwardedText: [RequestText] = []
    /// The sender's own earlier messages, quoted under their reply ("On … Ann <ann@x.edu> wrote:"), newest
    /// first: their request, sent again. Quotes of anyone else (the reseller's questions) are never read.
    var quotedOwn: [RequestText] = []

    /// The forwarded message's own words, when the message forwards one.
    var forwarded: String? { forwardedText.first?.own }

    /// How deep forwards and own quotes are read: a real thread nests a few; a hostile one nests thousands,
    /// and each level reads the rest of the text again.
    static let maxNesting = 8
    /// Whether a forward or quote lay below `maxNesting` levels and was not read.
    private(set) var nestingCut = false
    /// Whether this text, or one it forwards or quotes, was cut at `maxNesting`.
    var nestedTooDeep: Bool {
        nestingCut || forwardedText.contains(where: \.nestedTooDeep) || quotedOwn.contains(where: \.nestedTooDeep)
    }

    /// What to read first: a forward's request, else the writer's own words.
    var primary: String { forwarded ?? own }

    struct Markers: Sendable {
        var quoteStarts: LinePatterns
        var forwardStarts: LinePatterns
        var footerStarts: LinePatterns
        /// Lower-cased header names that open (`from`) and date (`date`) a quoted message's header block.
        var headerFrom: Set<String> = ["from"]
        var headerDate: Set<String> = ["sent", "date"]
        /// Lower-cased subject prefixes that mark a forward ("fwd", "rv", "enc").
        var forwardSubjects: Set<String> = ["fw", "fwd"]
    }

    /// `sender` wrote the text: a quote whose attribution names them is the sender's own.
    /// `depth` is how many forwards and quotes this text lies inside.
    init(body: String, subject: String?, markers: Markers, sender: QuoteAuthor? = nil, depth: Int = 0) {
        let lines = Self.joiningTableCells(body.lines.map { $0.hasSuffix("\r") ? $0.dropLast() : $0 })
        // Each line trimmed and summarised once, for the forward, quote and footer markers alike.
        let trimmed = lines.map(\.trimmed)
        let bytes = trimmed.map(LineBytes.init)
        let forwardAt = lines.indices.first { markers.forwardStarts.matches(trimmed[$0], bytes[$0]) }
        let quoteAt = Self.quoteStart(lines, trimmed: trimmed, bytes: bytes, markers: markers)
        let subjectSaysForward = subject.map { Self.isForwardSubject($0, prefixes: markers.forwardSubjects) } ?? false

        var ownEnd = lines.count
        if let q = quoteAt { ownEnd = min(ownEnd, q) }
        if let f = forwardAt { ownEnd = min(ownEnd, f) }
        var below: [Substring] = []
        if let q = quoteAt, ownEnd == q, !subjectSaysForward {
            // Bottom-posting: what the writer wrote under a ">" quote is theirs too.
            below = Self.linesAfterMarkedQuote(lines, from: q, markers: markers)
        }
        if below.isEmpty {
            // The own lines are the first ones: their summaries are at hand.
            own = Self.joined(Self.beforeFooter(lines[0..<ownEnd]) { markers.footerStarts.matches(trimmed[$0], bytes[$0]) })
        } else {
            own = Self.withoutFooter(lines[0..<ownEnd] + below, markers: markers)
        }

        // A forward: an explicit marker, or a reply-style header block in a message whose subject says "Fwd:".
        var forwardedStart: Int? = nil
        if let f = forwardAt, quoteAt.map({ f <= $0 }) ?? true {
            forwardedStart = f + 1
        } else if let q = quoteAt, subjectSaysForward {
            forwardedStart = q
        }
        if depth >= Self.maxNesting, forwardedStart != nil || (quoteAt != nil && sender != nil) {
            nestingCut = true
            return
        }
        if let start = forwardedStart, start <= lines.count {
            var i = start
            // Skip the marker line itself ("-----Mensaje original-----", "________"), when it opens the block.
            while i < lines.count, lines[i].trimmed.isEmpty || markers.quoteStarts.matches(lines[i].trimmed)
                    || markers.forwardStarts.matches(lines[i].trimmed) { i += 1 }
            // Skip the forwarded message's header block ("From: …", "Date: …") up to its first blank line; its
            // From is the forwarded message's writer, whose own quotes in it are theirs.
            while i < lines.count, lines[i].trimmed.isEmpty { i += 1 }
            var author = sender
            while i < lines.count, !lines[i].trimmed.isEmpty, Self.looksLikeHeaderLine(lines[i]) {
                if let name = Self.headerName(lines[i]), markers.headerFrom.contains(name), let writer = Self.author(in: lines[i]) {
                    author = writer
                }
                i += 1
            }
            let rest = lines[i...].map { line -> Substring in
                // Forwards quoted with "> " are still the request.
                var l = line
                while l.hasPrefix(">") { l = l.dropFirst(); if l.hasPrefix(" ") { l = l.dropFirst() } }
                return l
            }
            let inner = RequestText(body: rest.joined(separator: "\n"), subject: nil, markers: markers, sender: author, depth: depth + 1)
            if !inner.own.trimmed.isEmpty || !inner.forwardedText.isEmpty || inner.nestingCut { forwardedText = [inner] }
        }
        if forwardedStart == nil, let q = quoteAt, let sender {
            quotedOwn = Self.ownQuotes(lines, from: q, sender: sender, markers: markers, depth: depth + 1)
        }
    }

    /// Who a header line names ("From: Ann Lee <ann@x.edu>"): the mail address, lower-cased, and the display
    /// name before "<" when there is one; nil without an address.
    static func author(in line: Substring) -> QuoteAuthor? {
        guard let at = line.firstIndex(of: "@") else { return nil }
        let stops: Set<Character> = [" ", "<", ">", "(", ")", "[", "]", ":", ";", ",", "\"", "'"]
        var start = at
        while start > line.startIndex, !stops.contains(line[line.index(before: start)]) { start = line.index(before: start) }
        var end = line.index(after: at)
        while end < line.endIndex, !stops.contains(line[end]) { end = line.index(after: end) }
        let address = line[start..<end]
        guard address.count > 3 else { return nil }
        var name: String? = nil
        if let colon = line.firstIndex(of: ":"), let open = line.firstIndex(of: "<"), colon < open {
            let shown = line[line.index(after: colon)..<open].trimmed.trimmingCharacters(in: "\"' ")
            if !shown.isEmpty { name = String(shown) }
        }
        return QuoteAuthor(address: String(address), name: name)
    }

    /// The quote at `q` when its attribution names `sender`: its lines with one level of ">" taken off, read
    /// as a message of its own (its footer cut), then the sender's quotes inside it, newest first. For
    /// anyone else's quote, only the sender's own quotes inside it.
    static func ownQuotes(_ lines: [Substring], from q: Int, sender: QuoteAuthor, markers: Markers, depth: Int) -> [RequestText] {
        // The attribution: "On … wrote:" (Gmail wraps a long one over two lines), or the "From:" line of a
        // header block ("From: / Sent: / To:" — the To line names the sender too, and says nothing).
        var i = q
        var attribution = ""
        while i < lines.count, i < q + 6 {
            let t = lines[i].trimmed
            if t.hasPrefix(">") || (t.isEmpty && i > q) { break }
            i += 1
            if let name = headerName(t), markers.headerFrom.contains(name) {
                attribution = t.lowercased()
                while i < lines.count, !lines[i].trimmed.isEmpty { i += 1 }
                break
            }
            attribution += t.lowercased() + " "
            if t.hasSuffix(":") { break }
        }
        let theirs = sender.isNamed(in: attribution)
        while i < lines.count, lines[i].trimmed.isEmpty { i += 1 }
        var quoted: [Substring] = []
        let marked = i < lines.count && lines[i].trimmed.hasPrefix(">")
        while i < lines.count {
            var l = lines[i].trimmed
            if marked {
                guard l.hasPrefix(">") else { break }
                l = l.dropFirst()
                if l.hasPrefix(" ") { l = l.dropFirst() }
            }
            quoted.append(l)
            i += 1
        }
        let inner = RequestText(body: quoted.joined(separator: "\n"), subject: nil, markers: markers, sender: sender, depth: depth)
        // Someone else's message (the reseller's questions) is never read; the sender's own request quoted
        // under it, further down the thread, is theirs.
        guard theirs else { return inner.quotedOwn }
        return inner.own.trimmed.isEmpty && !inner.nestingCut && inner.forwardedText.isEmpty && inner.quotedOwn.isEmpty ? [] : [inner]
    }

    /// The unquoted lines below a quote made of ">" lines ("On … wrote:" and its "> …" lines), up to the next
    /// quote of another kind. Empty when the quote is not marked line by line (Outlook's header block).
    static func linesAfterMarkedQuote(_ lines: [Substring], from q: Int, markers: Markers) -> [Substring] {
        var i = q
        if !lines[i].trimmed.hasPrefix(">") { i += 1 }
        while i < lines.count, lines[i].trimmed.isEmpty { i += 1 }
        guard i < lines.count, lines[i].trimmed.hasPrefix(">") else { return [] }
        var kept: [Substring] = []
        while i < lines.count {
            let t = lines[i].trimmed
            if !t.hasPrefix(">") {
                if markers.quoteStarts.matches(t) || markers.forwardStarts.matches(t) || isHeaderBlockStart(lines, at: i, markers: markers) {
                    // Another quote: skip its attribution line; its ">" lines are skipped below.
                    let next = i + 1 < lines.count ? lines[i + 1].trimmed : ""
                    if next.hasPrefix(">") || next.isEmpty { i += 1; continue }
                    break
                }
                kept.append(lines[i])
            }
            i += 1
        }
        return kept
    }

    /// A table turned to text puts each cell on its own line ("Licensed users", "|", "3,000"): a line holding
    /// only a number is joined to the label above it ("Licensed users: 3,000"), and lone "|" lines go.
    static func joiningTableCells(_ lines: [Substring]) -> [Substring] {
        var out: [Substring] = []
        for var line in lines {
            // A row of two cells, "Licensed users | 3,000", reads as a label and its count.
            if line.containsByte(UInt8(ascii: "|")), let bar = line.range(of: " | "), line[bar.upperBound...].range(of: " | ") == nil,
               line[..<bar.lowerBound].trimmed.labelWordCount <= 8, line[bar.upperBound...].trimmed.first?.isNumber == true {
                line = Substring(String(line[..<bar.lowerBound].trimmed) + ": " + String(line[bar.upperBound...].trimmed))
            }
            let t = line.trimmed
            if t == "|" { continue }
            if Self.isCountShaped(t) {
                var j = out.count - 1
                while j >= 0, out[j].trimmed.isEmpty { j -= 1 }
                if j >= 0, let last = out[j].trimmed.last, !".!?:;,".contains(last), out[j].trimmed.labelWordCount <= 8 {
                    out[j] = Substring(String(out[j].trimmed) + ": " + String(t))
                    out.removeSubrange((j + 1)...)
                    continue
                }
            }
            out.append(line)
        }
        return out
    }

    /// A cell that holds one count as people group one: "640", "4.750", "1 620", "25,000" — not a phone
    /// number ("027 555 0192") or a code with a leading zero.
    ///
    /// count = 1*7DIGIT / 1*3DIGIT 1*(sep 3DIGIT) ; sep = "," / "." / " " / NBSP, one kind throughout
    static func isCountShaped(_ t: Substring) -> Bool {
        if t.isASCII { return isASCIICountShaped(t) }
        return isCountShapedByCharacters(t)
    }

    /// `isCountShaped` on bytes, for ASCII text: each byte a Character, the digits its only numbers, and
    /// of the separators only ",", "." and " ".
    static func isASCIICountShaped(_ t: Substring) -> Bool {
        let u = t.utf8
        func isDigit(_ b: UInt8) -> Bool { b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") }
        guard let first = u.first, isDigit(first) else { return false }
        var separator: UInt8? = nil
        var group = 0, groups = 0, firstGroup = 0
        for b in u {
            if isDigit(b) { group += 1; continue }
            guard separator == nil || separator == b else { return false }
            separator = b
            if groups == 0 { firstGroup = group } else if group != 3 { return false }
            groups += 1
            group = 0
        }
        guard let separator else { return u.count <= 7 && (first != UInt8(ascii: "0") || u.count == 1) }
        guard first != UInt8(ascii: "0"), separator == UInt8(ascii: ",") || separator == UInt8(ascii: ".") || separator == UInt8(ascii: " ") else { return false }
        return (1...3).contains(firstGroup) && group == 3
    }

    static func isCountShapedByCharacters(_ t: Substring) -> Bool {
        guard let first = t.first, first.isASCII, first.isNumber else { return false }
        let digitsOnly = t.allSatisfy { $0.isASCII && $0.isNumber }
        if digitsOnly { return t.count <= 7 && (first != "0" || t.count == 1) }
        guard first != "0" else { return false }
        let separators = Set(t.filter { !($0.isASCII && $0.isNumber) })
        guard separators.count == 1, let sep = separators.first, ",. \u{00A0}".contains(sep) else { return false }
        let groups = t.split(separator: sep, omittingEmptySubsequences: false)
        return (1...3).contains(groups[0].count) && groups.dropFirst().allSatisfy { $0.count == 3 }
    }

    /// subject = prefix *WSP ":" … ; the prefixes ("Fwd", "RV", "ENC") come from the pattern files.
    static func isForwardSubject(_ subject: String, prefixes: Set<String>) -> Bool {
        guard let colon = subject.firstIndex(of: ":") else { return false }
        return prefixes.contains(subject[..<colon].trimmed.lowercased())
    }

    /// The first line where quoted text begins: a marker line, a run of `>` lines, or an Outlook header block.
    /// `trimmed` and `bytes` are `lines` trimmed, and those summarised.
    static func quoteStart(_ lines: [Substring], trimmed: [Substring], bytes: [LineBytes], markers: Markers) -> Int? {
        for i in lines.indices {
            let t = trimmed[i]
            if t.hasPrefix(">") { return i }
            if markers.quoteStarts.matches(t, bytes[i]) {
                // Gmail wraps a long attribution: "On Mon, … Jenna Costa <" / "jenna@ecoprintq.com> wrote:".
                if i > 0, lines[i - 1].contains("<"), !lines[i - 1].contains(">"), !t.contains("<") || t.firstIndex(of: ">")! < t.firstIndex(of: "<")! {
                    return i - 1
                }
                return i
            }
            if isHeaderBlockStart(lines, at: i, markers: markers) { return i }
        }
        return nil
    }

    /// Outlook writes the quoted message's headers as "From: … / Sent: … / To: … / Subject: …" (in the
    /// client's language), with no marker line above them.
    static func isHeaderBlockStart(_ lines: [Substring], at i: Int, markers: Markers) -> Bool {
        guard headerName(lines[i]).map(markers.headerFrom.contains) ?? false else { return false }
        for j in (i + 1)..<min(lines.count, i + 4) {
            if let name = headerName(lines[j]), markers.headerDate.contains(name) { return true }
        }
        return false
    }

    static func headerName(_ line: Substring) -> String? {
        // Most lines hold no colon at all: a byte scan says so before any trimming or lower-casing.
        guard line.containsByte(UInt8(ascii: ":")) else { return nil }
        return line.isASCII ? asciiHeaderName(line) : headerNameByCharacters(line)
    }

    static func headerNameByCharacters(_ line: Substring) -> String? {
        var t = line.trimmed
        while t.hasPrefix("*") { t = t.dropFirst() }
        guard let colon = t.firstIndex(of: ":") else { return nil }
        let label = t[..<colon]
        let name = (label.contains("*") ? Substring(label.replacingOccurrences(of: "*", with: "")) : label).trimmed.lowercased()
        guard !name.isEmpty, name.count <= 12, !name.contains(where: { $0.isNumber }) else { return nil }
        return name
    }

    /// `headerNameByCharacters` of an ASCII line, its searches and counts on bytes: each byte is a Character
    /// there (a line holds no "\r\n" inside), the numbers are the digits, and `trimmed` reads bytes already.
    static func asciiHeaderName(_ line: Substring) -> String? {
        var t = line.trimmed
        while t.utf8.first == UInt8(ascii: "*") { t = t.dropFirst() }
        guard let colon = t.utf8.firstIndex(of: UInt8(ascii: ":")) else { return nil }
        let label = t[..<colon]
        let name = (label.containsByte(UInt8(ascii: "*")) ? Substring(label.filter { $0 != "*" }) : label).trimmed
        guard !name.isEmpty, name.utf8.count <= 12,
              !name.utf8.contains(where: { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else { return nil }
        return name.lowercased()
    }

    static func looksLikeHeaderLine(_ line: Substring) -> Bool {
        guard let name = headerName(line) else { return false }
        return name.split(separator: " ").count <= 2
    }

    static func withoutFooter(_ lines: ArraySlice<Substring>, markers: Markers) -> String {
        joined(beforeFooter(lines) { markers.footerStarts.matches(lines[$0].trimmed) })
    }

    /// The lines above the footer. A client's one-line tag ("Sent from my iPhone", "Get Outlook for iOS": four
    /// to eight words, no heading's colon) is left out and reading goes on, for a signature may stand under
    /// it; any other footer line ends the writer's words.
    static func beforeFooter(_ lines: ArraySlice<Substring>, isFooter: (Int) -> Bool) -> ArraySlice<Substring> {
        var kept: [Substring] = []
        for i in lines.indices {
            if isFooter(i) {
                let t = lines[i].trimmed
                // "Registered office: 45 Mill Lane, Derby (Company No. 04417721)" in a letter's heading: a short
                // line with no paragraph above it and the letter below it is the letterhead's, not a footer.
                if t.wordCount <= 20, lines.endIndex - i > 6, !kept.contains(where: { $0.wordCount > 12 }) { continue }
                guard (4...8).contains(t.wordCount), t.last != ":" else { break }
                continue
            }
            kept.append(lines[i])
        }
        return kept[...]
    }

    /// `lines.joined(separator: "\n")`, into a string sized once.
    static func joined(_ lines: ArraySlice<Substring>) -> String {
        var text = String()
        text.reserveCapacity(lines.reduce(lines.count) { $0 + $1.utf8.count })
        for (k, line) in lines.enumerated() {
            if k > 0 { text += "\n" }
            text += line
        }
        return text
    }
}

extension Substring {
    func replacingOccurrences(of target: String, with replacement: String) -> String {
        String(self).split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
