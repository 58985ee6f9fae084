/// What a name looks like: the sender's own, without honorifics, nicknames or an aside in another script,
/// and whether a line is a name or an organization's.
extension PersonReader {
    /// The part of a signature line that is the sender's full name (`senderName`, folded), with what may stand
    /// around a name left out: initials of a degree or honorifics before it ("Ing.", "L.I.", "Dr."), one in
    /// parentheses after it ("Tan Mei Ling (Ms)"). Nil when the line is not that name.
    /// `senderName` is `comparedSenderName`'s, made once for all the lines it is held against.
    static func senderName(_ senderName: String, in piece: Substring, honorifics: Set<String>) -> Substring? {
        var line = piece
        func isHonorific(_ w: Substring) -> Bool { Self.isHonorific(w, honorifics) }
        // "(Ms)", "(Mrs.)": a short aside after the name.
        if line.last == ")", let open = line.lastIndex(of: "("), line.distance(from: open, to: line.endIndex) <= 7 {
            line = line[..<open].trimmed
        }
        var words = line.words
        let nameWords = Substring(senderName).wordCount
        guard words.count >= nameWords, words.count <= nameWords + 2 else { return nil }
        // What stands before the name: abbreviations only ("Ing.", "L.I.", "Dr").
        let before = words.count - nameWords
        guard words.prefix(before).allSatisfy({ $0.contains(".") || $0.filter(\.isLetter).count <= 3 || isHonorific($0) }) else { return nil }
        words.removeFirst(before)
        guard let first = words.first, let last = words.last else { return nil }
        let name = line[first.startIndex..<last.endIndex]
        return TokenizedText.fold(String(name)) == senderName ? name : nil
    }

    /// The From header's folded name as a signature line is held against it: "Prof. Graham Ellis" signs
    /// "Professor Graham Ellis", so the name is what follows the honorifics on both sides.
    static func comparedSenderName(_ senderName: String, honorifics: Set<String>) -> String {
        var senderWords = Substring(senderName).words
        while senderWords.count > 2, let first = senderWords.first, isHonorific(first, honorifics) { senderWords.removeFirst() }
        return senderWords.joined(separator: " ")
    }

    private static func isHonorific(_ word: Substring, _ honorifics: Set<String>) -> Bool {
        honorifics.contains(TokenizedText.fold(String(word.filter { $0 != "." })))
    }

    /// A name line without the nickname quoted inside it: "Robert “Bob” Kowalski" signs Robert Kowalski. Only a
    /// quoted word between two others goes, and only when what is left is a person's name ("Liceul "Mihai"
    /// Iași" stays as written).
    func withoutNickname(_ line: Substring) -> Substring {
        // Most lines hold no quotation mark: told from their bytes (" and ' are ASCII; “ ” ‘ ’ „ start E2, « » C2).
        guard line.utf8.contains(where: { $0 == 0x22 || $0 == 0x27 || $0 == 0xE2 || $0 == 0xC2 }) else { return line }
        let words = line.split(separator: " ")
        guard (3...7).contains(words.count) else { return line }
        let inner = words.indices.dropFirst().dropLast().filter { Self.isQuotedWord(words[$0]) }
        guard inner.count == 1 else { return line }
        var kept = words
        kept.remove(at: inner[0])
        let name = Substring(kept.joined(separator: " "))
        let t = TokenizedText(String(name))
        guard looksLikeName(name, namesTitle: titles.firstMatch(in: t) != nil, namesKind: !organizations.cueMatches(in: t).isEmpty)
        else { return line }
        return name
    }

    /// "“Bob”", "\"Peggy\"", "'Ed'", "«Pepe»": one capitalised word between quotation marks.
    static func isQuotedWord(_ w: Substring) -> Bool {
        guard w.count >= 3, let open = w.first, let close = w.last, Self.openingQuotes.contains(open),
              Self.closingQuotes.contains(close), w.dropFirst().first?.isUppercase == true else { return false }
        return w.dropFirst().dropLast().allSatisfy { $0.isLetter || $0 == "-" || $0 == "." }
    }

    static let openingQuotes: Set<Character> = ["\"", "“", "„", "«", "'", "‘"]
    static let closingQuotes: Set<Character> = ["\"", "”", "“", "»", "'", "’"]

    /// A line without the aside that writes it again in another script: "Sakura Seimitsu Co., Ltd. (さくら精密株式会社)"
    /// is signed in Latin letters, and the aside would hide the legal form and the organization's shape.
    static func withoutOtherScriptAside(_ line: Substring) -> Substring {
        guard line.last == ")", let open = line.lastIndex(of: "(") else { return line }
        let letters = line[line.index(after: open)...].unicodeScalars.filter { $0.properties.isAlphabetic }
        // Latin letters, with their extensions and accents, stop below U+0250.
        guard !letters.isEmpty, letters.allSatisfy({ $0.value >= 0x250 }) else { return line }
        return line[..<open].trimmed
    }

    /// A name without the honorifics before it: "Dr. Priya Raghunathan" is Priya Raghunathan.
    func withoutHonorifics(_ name: Substring) -> String {
        var words = name.words
        // "Eng.ª", "Dr.ª", "Prof.ª": the full stop may stand inside the abbreviation, before its ending written
        // as an ordinal's letter (read as "enga", "dra", "profa").
        while words.count > 1, organizations.honorifics.contains(String(TokenizedText.fold(String(words[0])).compactMap {
            $0 == "." ? nil : $0 == "ª" ? "a" : $0 == "º" ? "o" : $0
        })) {
            words.removeFirst()
        }
        return words.joined(separator: " ")
    }

    /// A person's name: two to six words, capitalised but for particles ("de", "van"), and none a title or
    /// organization word. An acronym beside other words is a unit ("IT Department"); a whole name in capitals
    /// ("JOHN PARKER") is still a name.
    ///
    /// `namesTitle`, `namesKind`: whether a title cue, or a word naming a kind of organization, is in `s`;
    /// the caller has looked, with `s` tokenized once for all its tests.
    func looksLikeName(_ s: Substring, namesTitle: Bool, namesKind: Bool) -> Bool {
        // Most lines are too long for a name: counted before the words are cut out.
        guard (2...6).contains(s.wordCount), s.utf8.count <= 60 || s.count <= 60 else { return false }
        let words = s.words
        // In ASCII each byte is a Character, and the digits are its only numbers.
        let barred = s.isASCII
            ? s.utf8.contains { ($0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9")) || Self.barredFromNames.contains($0) }
            : s.contains(where: { $0.isNumber || $0 == ":" || $0 == "@" || $0 == "/" || $0 == "&" })
        guard !barred else { return false }
        // "RAMON T. VILLANUEVA": a name in capitals, its initials aside.
        let letters = words.map(Self.letterCounts)
        let named = letters.filter { $0.letters >= 2 }
        let shouted = !named.isEmpty && named.allSatisfy { $0.letters >= 3 && $0.upper == $0.letters }
        for (word, count) in zip(words, letters) {
            if nameParticles.contains(TokenizedText.fold(String(word))) { continue }
            guard word.first?.isUppercase == true else { return false }
            if !shouted, count.letters >= 2, count.upper == count.letters { return false }
        }
        if namesTitle || namesKind { return false }
        return true
    }

    /// The signs no person's name holds: a label's colon, an address's "@", "/" and "&".
    static let barredFromNames = ASCIIByteSet(Set(":@/&".utf8))

    /// How many of a word's Characters are letters, and how many of those are upper-case: on bytes for an
    /// ASCII word, where each byte is a Character and only A-Z and a-z are letters.
    static func letterCounts(_ word: Substring) -> (letters: Int, upper: Int) {
        if word.isASCII {
            var letters = 0, upper = 0
            for b in word.utf8 {
                let isUpper = b >= 0x41 && b <= 0x5A
                if isUpper || (b >= 0x61 && b <= 0x7A) { letters += 1 }
                if isUpper { upper += 1 }
            }
            return (letters, upper)
        }
        let letters = word.filter(\.isLetter)
        return (letters.count, letters.filter(\.isUppercase).count)
    }

    /// An organization's name without a telling word ("Gotland Ferries"): capitalised words and connectors.
    static func looksLikeOrganization(_ s: Substring) -> Bool {
        // A line of no more than 90 bytes has no more than 90 Characters: counted only when longer.
        guard (1...10).contains(s.wordCount), s.utf8.count <= 90 || s.count <= 90 else { return false }
        // No "@" byte, no "@" anywhere: Foundation's `contains` is asked only when there is one.
        guard !(s.containsByte(UInt8(ascii: "@")) && s.contains("@")) else { return false }
        let words = s.words
        // The first word is looked at first: most lines that are not a name start lower-case.
        guard words.first?.first?.isUppercase == true else { return false }
        // Every word capitalised, but for short connectors ("de la", "of", "y").
        // "e.V.", "y Cía.": an abbreviation of two letters is a legal form's, not a sentence's word.
        // "(Pty) Ltd": a legal form in parentheses is the name's too.
        return words.allSatisfy { $0.first?.isUppercase == true || $0.first?.isNumber == true || $0 == "&" || $0.count <= 3
            || $0.filter(\.isLetter).count <= 2 || ($0.first == "(" && $0.dropFirst().first?.isUppercase == true)
            // 'Colegiul Național "Alexandru Vianu"': a patron's name quoted inside the name.
            || ($0.first.map(Self.openingQuotes.contains) == true && $0.dropFirst().first?.isUppercase == true) }
    }

    /// Folded lower-case words a person's name may hold ("de", "van", "y"), from the pattern files.
    var nameParticles: Set<String> { organizations.nameParticles }
}
