/// A signature line cut into its pieces ("Head of ICT | Northfield Borough Council"): which is a unit,
/// a legal form, a partners' firm, and how they join again as written.
extension PersonReader {
    /// A piece of a signature line, tokenized once, with the organization cues found in it: the title,
    /// organization and name tests all read these instead of tokenizing the piece again each.
    struct Piece {
        var text: Substring
        var tokens: TokenizedText
        var organizationCues: [OrganizationReader.CueMatch]
        /// Joined with the legal form that followed it after a comma ("Acme Widgets, Inc."): the whole
        /// piece is the organization's name as written.
        var legalForm = false

        init(reader: PersonReader, _ text: Substring) {
            self.text = text
            tokens = TokenizedText(String(text))
            organizationCues = reader.organizations.cueMatches(in: tokens)
        }
    }

    /// A piece that names a unit: a word for a department in it ("IT Services Department", "Setor de
    /// TI"), or nothing but unit words ("IT Services", "Information Technology"); six words at most.
    func isUnit(_ p: Piece) -> Bool {
        guard p.text.wordCount <= 6, p.text.first?.isUppercase == true else { return false }
        let matches = organizations.units.matches(in: p.tokens)
        guard !matches.isEmpty else { return false }
        let tokens = p.tokens.tokens
        if namesDepartment(p) { return true }
        // "IT Solutions Ltd" holds words that are no unit's: a firm.
        let covered = Set(matches.flatMap { Array($0.tokens) })
        return tokens.indices.allSatisfy { tokens[$0].kind != .word || covered.contains($0) || organizations.connectors.contains(tokens[$0].folded) }
    }

    /// A name that holds a unit's words ("ICT Services", "Computer Centre"): a unit's rather than an organization's.
    func isUnitLike(_ name: String) -> Bool {
        organizations.units.firstMatch(in: TokenizedText(name)) != nil
    }

    /// Whether a word for a department stands in the piece ("Department", "Setor").
    func namesDepartment(_ p: Piece) -> Bool {
        p.tokens.tokens.contains { $0.kind == .word && organizations.departmentWords.contains($0.folded) }
    }

    /// "Acme Widgets, Inc.", "Grupo Norte, S.L.": a legal form after a comma belongs to the name before it.
    /// "Ashby, Crane & Holloway LLP": so are the partners' surnames before the piece that joins the last two.
    func joiningLegalForms(_ pieces: [Piece]) -> [Piece] {
        var out: [Piece] = []
        for piece in pieces {
            if let last = out.last, organizations.isOnlyKindWord(piece.tokens, piece.organizationCues) || isLegalForm(piece) {
                out[out.count - 1] = Piece(reader: self, Substring(String(last.text) + ", " + String(piece.text)))
                out[out.count - 1].legalForm = true
            } else if isPartnersFirm(piece), case let first = firstPartner(before: piece, in: out), first < out.count {
                let names = out[first...].map { String($0.text) } + [String(piece.text)]
                out.removeSubrange(first...)
                out.append(Piece(reader: self, Substring(names.joined(separator: ", "))))
                out[out.count - 1].legalForm = true
            } else {
                out.append(piece)
            }
        }
        return out
    }

    /// A firm's name that joins two names with "&" or "and" ("Crane & Holloway LLP", "Pell and Whitaker Solicitors").
    func isPartnersFirm(_ p: Piece) -> Bool {
        (p.text.containsByte(UInt8(ascii: "&")) || p.text.containsBytes(" and ")) && p.text.first?.isUppercase == true
            && organizations.kind(from: p.organizationCues) == .business
    }

    /// Where the run of lone surnames that `out` ends with starts, each written a comma before the next
    /// ("Ashby, Crane & …"); `out.count` when there is none. A title ("Partner") or a word naming a kind is no surname.
    func firstPartner(before piece: Piece, in out: [Piece]) -> Int {
        var first = out.count
        var next = piece.text
        while first > 0, case let p = out[first - 1], p.text.base == next.base, p.text.endIndex <= next.startIndex,
              p.text.base[p.text.endIndex..<next.startIndex].trimmed == ",",
              p.text.wordCount == 1, p.text.first?.isUppercase == true, p.text.allSatisfy({ $0.isLetter || $0 == "-" || $0 == "'" || $0 == "’" }),
              p.organizationCues.isEmpty, titles.firstMatch(in: p.tokens) == nil {
            first -= 1
            next = p.text
        }
        return first
    }

    /// "S.A. de C.V.", "Lda.", "Inc.": nothing but legal forms, their capital letters and connectors.
    func isLegalForm(_ p: Piece) -> Bool {
        let tokens = p.tokens.tokens
        let words = tokens.indices.filter { tokens[$0].kind == .word }
        return !words.isEmpty && words.count <= 6 && words.allSatisfy {
            organizations.isLegalForm(p.tokens, $0) || organizations.connectors.contains(tokens[$0].folded)
        } && words.contains { !organizations.connectors.contains(tokens[$0].folded) }
    }

    /// A title's pieces joined by the dash the line writes between them ("Manager - IT Infrastructure"), else
    /// by a comma ("Manager, End User Computing"; "Director | ICT" reads "Director, ICT").
    static func joinedAsWritten(_ pieces: [Substring], in line: Substring) -> String {
        var out = ""
        for (k, piece) in pieces.enumerated() {
            if k > 0 {
                let previous = pieces[k - 1]
                // Pieces cut from the line itself, in order: what stands between them is the line's.
                if piece.base == line.base, previous.base == line.base, previous.endIndex >= line.startIndex,
                   previous.endIndex <= piece.startIndex, piece.startIndex <= line.endIndex,
                   case let gap = line[previous.endIndex..<piece.startIndex].trimmed, gap == "-" || gap == "–" || gap == "—" {
                    out += " " + gap + " "
                } else {
                    out += ", "
                }
            }
            out += piece
        }
        return out
    }

    /// The separator a piece of `line` follows ("," or "|"), nil for the first piece.
    static func separator(before piece: Substring, in line: Substring) -> Character? {
        guard piece.startIndex > line.startIndex, piece.startIndex <= line.endIndex else { return nil }
        var i = line.index(before: piece.startIndex)
        while i > line.startIndex, line[i] == " " { i = line.index(before: i) }
        return line[i]
    }

    /// A title line often carries the organization too: "IT Manager, XYZ University", "Director | Acme".
    static func pieces(of line: Substring) -> [Substring] {
        if let pieces = asciiPieces(of: line) { return pieces }
        return line.split(whereSeparator: { $0 == "," || $0 == "|" || $0 == "–" || $0 == "—" || $0 == "·" })
            .flatMap { $0.split(separator: " - ", omittingEmptySubsequences: true) }
            .map { $0.trimmed }.filter { !$0.isEmpty }
    }

    /// `pieces(of:)` on bytes, for a line of scalars that stand alone (`LatinFolding.standsAlone`: each is a
    /// Character, but "\r\n", which no separator holds), as signatures in Latin letters are: "," and "|" are
    /// bytes, "–", "—" and "·" the same three or two bytes wherever they stand. A " - " is looked for from where
    /// the last cut was, as `split(separator: " - ")` does; empty pieces, which `pieces` drops after trimming,
    /// go. Nil for any other line.
    static func asciiPieces(of line: Substring) -> [Substring]? {
        let u = line.utf8
        guard line.isASCII || line.unicodeScalars.allSatisfy(LatinFolding.standsAlone) else { return nil }
        var pieces: [Substring] = []
        func cut(_ start: Substring.Index, _ end: Substring.Index) {
            let piece = line[start..<end].trimmed
            if !piece.isEmpty { pieces.append(piece) }
        }
        var start = u.startIndex
        var i = start
        while i < u.endIndex {
            let b = u[i]
            if b == UInt8(ascii: ",") || b == UInt8(ascii: "|") {
                cut(start, i)
                i = u.index(after: i)
                start = i
            } else if b == UInt8(ascii: " "), u[i...].starts(with: " - ".utf8) {
                cut(start, i)
                i = u.index(i, offsetBy: 3)
                start = i
            } else if b == 0xE2, u[i...].starts(with: [0xE2, 0x80, 0x93]) || u[i...].starts(with: [0xE2, 0x80, 0x94]) {  // – —
                cut(start, i)
                i = u.index(i, offsetBy: 3)
                start = i
            } else if b == 0xC2, u[i...].starts(with: [0xC2, 0xB7]) {  // ·
                cut(start, i)
                i = u.index(i, offsetBy: 2)
                start = i
            } else {
                i = u.index(after: i)
            }
        }
        cut(start, u.endIndex)
        return pieces
    }
}
