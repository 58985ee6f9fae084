/// Where the signature block is, and what each of its lines is: a rule, prose of a footer, a contact line,
/// an address, a place, a label, a closing. `fromSignature` reads the names, titles and organizations in it.
extension PersonReader {
    /// The lines of the signature block, top to bottom.
    ///
    /// signature = [closing [", " name]] *(short-line / blank-line) ; read upwards from the end, stopping at prose
    func signatureBlock(_ lines: [Substring]) -> [Substring] {
        signatureBlockLines(lines).map(\.line)
    }

    /// `signatureBlock`, each line with whether it is a contact line: the test is read once, here, for the
    /// signature's reading after it too.
    func signatureBlockLines(_ lines: [Substring]) -> [(line: Substring, contact: Bool)] {
        var end = lines.count
        while end > 0, lines[end - 1].isEmpty { end -= 1 }
        var block: [(line: Substring, contact: Bool)] = []
        var others = 0  // lines of the block that are not contact lines
        // Prose read past under the signature: a legal footer or disclaimer ("CAUTION: This email …"), whatever
        // its wording. Only prose below every line of a name, title or organization is passed, and the block
        // above it then counts only when the letter's own words (a closing or prose) stand above it.
        var footerLines = 0
        var endedAtLetter = false
        // The footer line just read past, while the lines above it may still be of its sentence.
        var skippedBelow: Int? = nil
        var i = end - 1
        // Contact lines (address, phones) may be many; the name, title and organization are a few lines above.
        while i >= 0, others < 8, block.count < 20 {
            let line = lines[i]
            if line.isEmpty { skippedBelow = nil; i -= 1; continue }
            // The signature's delimiter ends the block above it; one under the block (before a footer) is passed.
            if line == "--" || line == "-- " || line == "—" {
                if block.isEmpty { i -= 1; continue }
                // The writer's own mark of where the signature starts: the block is theirs.
                endedAtLetter = true
                break
            }
            // "[Santa Casa]", "[Logo]": a logo's alternative text, not a line of the signature.
            if line.first == "[", line.last == "]" { i -= 1; continue }
            // "*****", "=====": a rule drawn around a disclaimer separates like a blank line.
            if Self.isRule(line) { skippedBelow = nil; i -= 1; continue }
            if isClosing(line) {
                // "Regards, John Parker" keeps the name on the closing line.
                if let comma = line.firstIndex(of: ",") {
                    let rest = line[line.index(after: comma)...].trimmed
                    if !rest.isEmpty { block.append((rest, Self.isContactLine(rest))) }
                }
                endedAtLetter = true
                break
            }
            let contact = Self.isContactLine(line)
            // "Registered charity no. 1187342 | Company no. 11456789 (England & Wales)": a long line of the
            // signature's registration or contact details, not a sentence.
            let prose = Self.isProse(line) && !Self.isCutIntoPieces(line, contact: contact)
            // A footer wrapped into lines: one whose next line goes on in lower case is of the same sentence.
            let continued = skippedBelow.map { lines[$0].first?.isLowercase == true } ?? false
            if prose || continued {
                if others == 0, footerLines < Self.maxFooterLines {
                    footerLines += 1
                    block.removeAll()
                    skippedBelow = i
                    i -= 1
                    continue
                }
                endedAtLetter = true
                break
            }
            block.append((line, contact))
            if !contact { others += 1 }
            skippedBelow = nil
            i -= 1
        }
        if footerLines > 0, !endedAtLetter || others == 0 { return [] }
        return block.reversed()
    }

    /// A signature line cut into short pieces, however many words it has in all: by bars ("Craig Pettersen |
    /// IT Infrastructure Lead | Redgum Minerals Pty Ltd"), or, on a line of numbers, by dashes or dots (a
    /// firm's register line: "Weserbergland Energie GmbH - Sitz: Hameln - Amtsgericht Hannover HRB 104582").
    /// A sentence is not written in pieces of a few words between such marks.
    static func isCutIntoPieces(_ line: Substring, contact: Bool) -> Bool {
        if ASCIIFolding.contains(line, spacedBar) {
            return contact || line.split(separator: "|").allSatisfy { $0.wordCount <= 6 }
        }
        guard contact, line.contains(" - ") || line.contains(" – ") || line.contains(" · ") else { return false }
        let pieces = Self.pieces(of: line)
        return pieces.count >= 2 && pieces.allSatisfy { $0.wordCount <= 6 }
    }

    /// A line drawn with one repeated mark ("*****", "=====", "_____", "─────"), three at least.
    static func isRule(_ line: Substring) -> Bool {
        // Most lines open with a letter: told from the first scalar, without walking the line.
        guard let first = line.unicodeScalars.first, ruleMarks.contains(first) else { return false }
        var marks = 0
        for s in line.unicodeScalars where s != " " {
            guard s == first else { return false }
            marks += 1
        }
        return marks >= 3
    }

    static let ruleMarks: Set<Unicode.Scalar> = ["*", "=", "-", "_", "~", "#", "+", ".", "·", "•", "─", "━", "═"]

    /// How many lines of prose under a signature are read past as its footer: a disclaimer in two
    /// languages wrapped at 72 columns.
    static let maxFooterLines = 40

    /// A line of the letter rather than of a signature: a long line, or a sentence ending in a full stop
    /// (but "Cole & Daughters Printing Co." and "Acme Inc." end in abbreviations).
    static func isProse(_ line: Substring) -> Bool {
        let count = line.wordCount
        if count > 10 { return !isLongName(line, words: count) }
        guard let last = line.last, ".!?:;。！？".contains(last) else { return false }
        // A sentence in Chinese or Japanese is one "word" to our splitting: its full stop tells it.
        if "。！？".contains(last) { return true }
        let lastWord = line.words.last!.trimmingCharacters(in: ".!?:;")
        // "Grupo Industrial Sierra Madre, S.A. de C.V.": a name that ends in a legal form's abbreviation.
        if last == ".", lastWord.contains(".") || (lastWord.count <= 4 && lastWord.first?.isUppercase == true) { return count > 9 }
        return lastWord.count > 3 || count > 6
    }

    /// A long organization's name on its own line ("Instituto de Previdência dos Servidores Municipais de
    /// Campo Alegre – IPREVCA"): every word capitalised but the short ones that join a name ("de", "dos",
    /// "of", "and"), and no sentence's end. A sentence of that length writes lower-case words; a notice in
    /// capitals has few words in lower case, so half the words at least are asked to be capitalised.
    static func isLongName(_ line: Substring, words count: Int) -> Bool {
        guard count <= 16, let last = line.last, !".!?:;,".contains(last) else { return false }
        var capitalised = 0, written = 0
        for word in line.split(separator: " ") {
            guard let first = word.first(where: \.isLetter) else { continue }
            written += 1
            if first.isUppercase {
                if word.contains(where: \.isLowercase) { capitalised += 1 }
            } else if word.filter(\.isLetter).count > 3 {
                return false
            }
        }
        // "IPREVCA", "CIF": an acronym or two beside the name, never a line of them.
        return capitalised >= 3 && capitalised * 2 >= written
    }

    private static let http = Array("http".utf8), www = Array("www.".utf8)

    /// One pass over a line's bytes: whether it holds an "@", how many ASCII digits, whether it is all ASCII.
    private static func contactBytes<Bytes: Sequence<UInt8>>(of bytes: Bytes) -> (at: Bool, digits: Int, ascii: Bool) {
        var at = false, digits = 0, high: UInt8 = 0
        for b in bytes {
            at = at || b == UInt8(ascii: "@")
            digits += b >= 0x30 && b <= 0x39 ? 1 : 0
            high |= b
        }
        return (at, digits, high < 0x80)
    }

    private static func contactBytes(_ bytes: UnsafeBufferPointer<UInt8>) -> (at: Bool, digits: Int, ascii: Bool) {
        contactBytes(of: bytes)
    }

    /// A phone, address, mail or web line: read past, never a name, title or organization.
    static func isContactLine(_ line: Substring) -> Bool {
        let (at, digits, ascii) = line.utf8.withContiguousStorageIfAvailable(contactBytes) ?? contactBytes(of: line.utf8)
        if at { return true }
        if ascii {
            // ASCII: the same tests on bytes, without folding or grapheme breaking.
            return digits >= 4 || ASCIIFolding.contains(line, http) || ASCIIFolding.contains(line, www)
        }
        let folded = TokenizedText.fold(String(line))
        // Folded to scalars that stand alone (most lines in Latin letters), no mark or joiner can make a match
        // of bytes none for Foundation's search, nor the other way.
        let web = folded.unicodeScalars.allSatisfy(LatinFolding.standsAlone)
            ? ASCIIFolding.contains(Substring(folded), http) || ASCIIFolding.contains(Substring(folded), www)
            : folded.contains("http") || folded.contains("www.")
        return web || numberCount(line) >= 4
    }

    /// `line.filter(\.isNumber).count`. Below U+0300 no scalar joins another into one Character (marks start
    /// there), so each scalar is a Character and `isNumber` asks of it what it asks of a Character's first.
    static func numberCount(_ line: Substring) -> Int {
        guard line.unicodeScalars.allSatisfy(LatinFolding.standsAlone) else { return line.filter(\.isNumber).count }
        // Of ASCII, only the digits have a numeric type: no table lookup for them.
        return line.unicodeScalars.reduce(0) {
            $0 + ($1.value < 0x80 ? ($1.value >= 0x30 && $1.value <= 0x39 ? 1 : 0) : ($1.properties.numericType != nil ? 1 : 0))
        }
    }

    /// A signature line without the one-word label before its value: "Fdo.: Francisco Ortega" (signed),
    /// "Ass.: Ana Lima", "Cargo: Gerente de TI". A label is short and starts capitalised.
    /// "Manager: ICT" is a title written the South African way, not a label.
    func withoutLabel(_ line: Substring) -> Substring {
        // "(Anil Kumar Sharma)": a name in parentheses under a signed letter, as Indian official letters write it.
        if line.first == "(", line.last == ")", line.dropFirst().dropLast().allSatisfy({ $0 != "(" && $0 != ")" }) {
            return line.dropFirst().dropLast().trimmed
        }
        // No ":" byte, no ":" Character: most lines are ruled out before they are read as Characters.
        guard line.containsByte(UInt8(ascii: ":")), let colon = line.firstIndex(of: ":"),
              line.distance(from: line.startIndex, to: colon) <= 12 else { return line }
        let label = line[..<colon]
        guard label.first?.isUppercase == true, !label.contains(" "), label.dropLast(label.last == "." ? 1 : 0).allSatisfy(\.isLetter),
              titles.firstMatch(in: TokenizedText(String(label))) == nil else { return line }
        let rest = line[line.index(after: colon)...].trimmed
        return rest.isEmpty ? line : rest
    }

    /// An address written without enough digits to be a contact line: a piece of it opens with a street
    /// number ("No. 26, Wackwella Road, Galle", "3 HaBarzel St, Tel Aviv").
    static func isAddress(_ line: Substring) -> Bool {
        // Street numbers are ASCII digits: most lines hold none, told from their bytes.
        guard line.utf8.contains(where: { $0 >= 0x30 && $0 <= 0x39 }) else { return false }
        return line.split(separator: ",").contains { piece in
            var words = piece.split(separator: " ")[...]
            // "No. 26", "Nº 480", "# 12": the number's sign before it.
            if let first = words.first, ["no.", "nº", "n°", "no", "#"].contains(first.lowercased()) { words = words.dropFirst() }
            guard let number = words.first, words.count >= 1 else { return false }
            return number.allSatisfy(\.isNumber) || (number.first?.isNumber == true && number.dropFirst().allSatisfy { $0.isNumber || $0 == "-" || $0.isLetter && $0.isUppercase } && number.count <= 6 && words.count > 1)
        }
    }

    /// " | ", looked for on bytes: Foundation's search bridges the line to an NSString.
    static let spacedBar = Array(" | ".utf8)

    /// "Managua, Nicaragua", "Guayaquil - Ecuador", "Ireland": a place, ending in its country.
    static func isPlace(_ line: Substring) -> Bool {
        // Four words in each of three pieces at most: a longer line is no place, told before it is cut.
        guard line.utf8.count <= 90, CountryNames.mayEnd(line) else { return false }
        let pieces = Self.pieces(of: line)
        guard let last = pieces.last, pieces.count <= 3, pieces.allSatisfy({ $0.wordCount <= 4 }) else { return false }
        return CountryNames.contains(last)
    }

    /// A line whose digits are one group of four, and no mail or web address: a founding year in a name
    /// ("TSV Grünwiesen 1911 e.V."), where a phone, a street number and a postcode have more.
    static func holdsOneYear(_ line: Substring) -> Bool {
        if let fast = holdsOneYearBelowMarks(line) { return fast }
        let groups = line.split(whereSeparator: { !($0.isASCII && $0.isNumber) })
        guard groups.count == 1, groups[0].count == 4, !line.contains("@") else { return false }
        let folded = line.lowercased()
        return !folded.contains("http") && !folded.contains("www.")
    }

    /// `holdsOneYear` on bytes for a line of scalars below U+0300, each a Character of its own (but "\r\n",
    /// neither a digit nor a letter): its digit groups are runs of ASCII digit bytes, an "@" is the byte,
    /// and lower-casing makes no ASCII letter of a "http" or "www." that was not one (only "İ" lower-cases
    /// to an ASCII "i"). Nil for other lines.
    static func holdsOneYearBelowMarks(_ line: Substring) -> Bool? {
        guard line.unicodeScalars.allSatisfy(LatinFolding.standsAlone) else { return nil }
        var groups = 0, length = 0, run = 0, at = false
        for b in line.utf8 {
            if b >= 0x30 && b <= 0x39 {
                if run == 0 { groups += 1 }
                run += 1
                length = run
            } else {
                run = 0
                at = at || b == UInt8(ascii: "@")
            }
        }
        guard groups == 1, length == 4, !at else { return false }
        return !ASCIIFolding.contains(line, http) && !ASCIIFolding.contains(line, www)
    }

    func isClosing(_ line: Substring) -> Bool {
        // Six words and a name at most: a longer line (a run of bytes with few spaces, as an image read as
        // text gives) is no closing, and is not tokenized to be told so.
        guard line.utf8.count <= Self.maxClosingBytes else { return false }
        let core = Self.needsNoClosingTrim(line) ? line : Self.closingCore(line)
        guard !core.isEmpty, core.wordCount <= 6 else { return false }
        // Most lines of a signature open with no closing's first word: told from the word's bytes before the
        // line is tokenized, and from its first token when that word is not plain ASCII.
        if let first = Self.leadingASCIIWord(core), !closings.mayStart(with: first) { return false }
        let t = TokenizedText(String(core))
        guard closings.mayMatch(at: 0, in: t) else { return false }
        guard let m = closings.firstMatch(in: t), m.tokens.lowerBound == 0 else { return false }
        // The closing must be the whole line, or be followed only by a comma and a name.
        if m.tokens.upperBound == t.tokens.count { return true }
        return line.contains(",")
    }

    /// The first word of a line, lower-cased, when it is ASCII letters ended by a space, a comma, a stop or
    /// the line's end: the token the tokenizer would make of it. Nil for any other start, which is tokenized.
    static func leadingASCIIWord(_ line: Substring) -> String? {
        var bytes: [UInt8] = []
        for b in line.utf8 {
            switch b {
            case UInt8(ascii: "a")...UInt8(ascii: "z"): bytes.append(b)
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): bytes.append(b | 0x20)
            case UInt8(ascii: " "), UInt8(ascii: ","), UInt8(ascii: "."), UInt8(ascii: "!"):
                return bytes.isEmpty ? nil : String(decoding: bytes, as: UTF8.self)
            default: return nil
            }
        }
        return bytes.isEmpty ? nil : String(decoding: bytes, as: UTF8.self)
    }

    /// Whether `trimmingCharacters(in: ",.!-–— ")` would leave `line` as it is, told from its end bytes:
    /// an ASCII byte other than ",.!- " starts (ends) a Character that is none of those. That Character
    /// is the byte alone or the byte with marks after it (before it: a prepend mark), and none of the
    /// seven has a canonical decomposition that such a longer Character could equal.
    static func needsNoClosingTrim(_ line: Substring) -> Bool {
        guard let first = line.utf8.first, let last = line.utf8.last else { return true }
        func plain(_ b: UInt8) -> Bool { b < 0x80 && !closingTrimBytes.contains(b) }
        return plain(first) && plain(last)
    }

    static let closingTrimBytes = ASCIIByteSet(Set(",.!- ".utf8))

    /// The line without the stops, commas, dashes and spaces around a closing ("Kind regards,"). An ASCII
    /// line is trimmed on bytes: each is a Character but "\r\n", which the set does not hold either.
    static func closingCore(_ line: Substring) -> Substring {
        guard line.isASCII else { return line.trimmingCharacters(in: ",.!-–— ") }
        let u = line.utf8
        guard let first = u.firstIndex(where: { !closingTrimBytes.contains($0) }) else { return line[line.endIndex...] }
        let last = u.lastIndex { !closingTrimBytes.contains($0) }!
        return line[first...last]
    }

    /// The longest line `isClosing` reads: six long words in two-byte letters, and room to spare.
    static let maxClosingBytes = 200
}
