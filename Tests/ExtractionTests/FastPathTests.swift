import Testing
import Foundation
@testable import Extraction

/// The byte-level fast paths and early rejections give what the plain ways they stand in for give.
@Suite struct FastPathTests {
    /// Texts that go near the edges: non-ASCII spaces, a combining mark on a space, "\r\n", a prepend
    /// character before a space, an emoji, lone "\r"s, empty lines, a text that is all spaces.
    static let tricky: [String] = [
        "", " ", "\t\n", "  a  ", "a", " Kind regards, ", "\u{00A0}Kind regards\u{00A0}", "Regards\u{2003}",
        " \u{0301}x ", "x \u{0301}", "\r\n", "x\r\n", "\r\nx\r\n", "\u{0600} ", " \u{0600} x", "é ", " é",
        "e\u{0301} ", "👍🏽 ", " 👨‍👩‍👧", "\u{000B}x\u{000C}", "\u{001C}x\u{001F}", "\u{0085}x\u{0085}", "x\u{200B}",
        "Line one\nLine two\n\nLine four", "\n", "\n\n", "a\n", "\na", "a\r\nb\nc", "a\rb\nc", "Grüße\nJürgen\n",
        "Sales Manager | Acme Widgets, Inc.", "DIRECTOR DE SISTEMAS · Universidad Nacional del Sur",
    ]

    /// The plain `trimmed`, by Characters, as it was before the byte path.
    static func trimmedByCharacters(_ s: Substring) -> Substring {
        guard let first = s.firstIndex(where: { !$0.isWhitespace }) else { return s[s.endIndex...] }
        let last = s.lastIndex(where: { !$0.isWhitespace })!
        return s[first...last]
    }

    @Test func trimmingOnBytesAgreesWithCharacters() {
        var texts = Self.tricky
        // Every ASCII character at either end, and inside.
        for b in 0..<128 {
            let c = String(UnicodeScalar(UInt8(b)))
            texts += [c, c + "x", "x" + c, c + "x" + c, " " + c + " ", c + "\u{0301}", c + "\u{00A0}"]
        }
        for text in texts {
            let s = Substring(text)
            let expected = Self.trimmedByCharacters(s)
            #expect(s.trimmed == expected, "\(text.unicodeScalars.map(\.value))")
            #expect(s.trimmed.startIndex == expected.startIndex && s.trimmed.endIndex == expected.endIndex)
            if let fast = s.trimmedASCII { #expect(fast == expected, "\(text.unicodeScalars.map(\.value))") }
        }
    }

    @Test func splittingLinesOnBytesAgreesWithCharacters() {
        for text in Self.tricky + Self.tricky.map({ $0 + "\n" + $0 }) {
            #expect(text.lines == text.split(separator: "\n", omittingEmptySubsequences: false), "\(text.debugDescription)")
        }
    }

    @Test func wordsOnBytesAgreeWithSplittingCharacters() {
        var texts = Self.tricky + ["a  b", " a b ", "a \u{0301}b", "a\u{0600} b", "\u{00A0}a b\u{00A0}", "é é", "a  ", "   "]
        for b in 0..<128 { texts.append("a" + String(UnicodeScalar(UInt8(b))) + " b") }
        for text in texts {
            let s = Substring(text)
            #expect(s.words == s.split(separator: " "), "\(text.unicodeScalars.map(\.value))")
        }
    }

    @Test func wordCountOnBytesAgreesWithSplittingCharacters() {
        var texts = Self.tricky + ["a  b", " a b ", "a \u{0301}b", "a\u{0600} b", "\u{00A0}a b\u{00A0}", "é é", "a  ", "   ", "a\tb c"]
        for b in 0..<128 { texts.append("a" + String(UnicodeScalar(UInt8(b))) + " b") }
        for text in texts {
            let s = Substring(text)
            #expect(s.wordCount == s.split(separator: " ").count, "\(text.unicodeScalars.map(\.value))")
        }
    }

    @Test func collapsingWhitespaceOnBytesAgreesWithCharacters() {
        var texts = Self.tricky + ["a  b", "\ta\r\n\r\nb\u{000B}c ", "a \u{0301}b", "x\u{00A0}\u{00A0}y", "  ", "a\r\rb"]
        for b in 0..<128 { texts.append("a" + String(UnicodeScalar(UInt8(b))) + " b") }
        for text in texts {
            let expected = text.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
            #expect(text.collapsingWhitespace() == expected, "\(text.unicodeScalars.map(\.value))")
        }
    }

    /// The marker patterns, looked up by a line's first byte, match the lines that trying each matches.
    @Test func linePatternsByFirstByteAgreeWithTryingEvery() throws {
        var lines = Self.tricky + [
            "On Mon, Jane wrote:", "-----Original Message-----", "CONFIDENTIALITY NOTICE", "confidential", "Sent from my iPhone",
            "Get Outlook for iOS", "This email is confidential", "El lunes, Ana escribió:", "Enviado desde mi móvil",
            "Von meinem iPhone gesendet", "Acme LLP is a limited liability partnership", "________________", "Début du message réexpédié :",
            "Início da mensagem encaminhada:", "\u{212A}elvin wrote:", "Ｏn Mon wrote:", " On Mon, Jane wrote:",
        ]
        for b in 0..<128 { lines.append(String(UnicodeScalar(UInt8(b))) + "n Mon, Jane wrote:") }
        for language in Fixture.patterns.languages {
            for source in language.quoteStarts + language.forwardStarts + language.footerStarts {
                let pattern = try LinePattern(source, language: language.language)
                let group = LinePatterns(patterns: [pattern])
                for text in lines { #expect(group.matches(Substring(text)) == pattern.matches(Substring(text)), "\(source) / \(text)") }
            }
        }
        let all = try Fixture.patterns.languages.flatMap { language in
            try (language.quoteStarts + language.forwardStarts + language.footerStarts).map { try LinePattern($0, language: language.language) }
        }
        let group = LinePatterns(patterns: all)
        for text in lines {
            #expect(group.matches(Substring(text)) == all.contains { $0.matches(Substring(text)) }, "\(text)")
        }
    }

    @Test func closingTrimTestOnBytesAgreesWithTrimming() {
        var lines = Self.tricky + ["Regards,", "-- ", "Best — ", "–Thanks", "Cheers!", "a\u{0301}", "\u{0600}x", "x\u{0301}", ",x,"]
        for b in 0..<128 { lines += [String(UnicodeScalar(UInt8(b))) + "x", "x" + String(UnicodeScalar(UInt8(b)))] }
        for text in lines {
            let line = Substring(text)
            if PersonReader.needsNoClosingTrim(line) {
                #expect(line.trimmingCharacters(in: ",.!-–— ") == line, "\(text.unicodeScalars.map(\.value))")
            }
        }
    }

    /// A closing ruled out from the first word's bytes is one the tokenized line rules out too.
    @Test func closingsRuledOutOnBytesAreRuledOutTokenized() {
        let closings = Fixture.extractor.people.closings
        var lines = Self.tricky + ["Regards,", "Kind regards", "Best wishes, Ann", "Cordialmente", "Atenciosamente,", "Un saludo",
                                   "Mit freundlichen Grüßen / Kind regards", "Thanks!", "Thanks.", "Ngā mihi", "John Parker", "IT Manager"]
        for b in 0..<128 { lines += ["Regards" + String(UnicodeScalar(UInt8(b))) + "x", String(UnicodeScalar(UInt8(b))) + "Regards"] }
        for text in lines {
            let line = Substring(text)
            guard let first = PersonReader.leadingASCIIWord(line), !closings.mayStart(with: first) else { continue }
            #expect(!closings.mayMatch(at: 0, in: TokenizedText(text)), "\(text.unicodeScalars.map(\.value))")
        }
    }

    /// A byte search for an ASCII needle finds what Foundation's `contains` finds, in text of any script.
    @Test func containsBytesAgreesWithFoundation() {
        let texts = Self.tricky + ["Crane & Holloway LLP", "Pell and Whitaker", "Pell AND Whitaker", "Pell and", "and Pell",
                                   "Grüße and Jürgen", "São Paulo - SP", "x - y", "&", "", "a&b", "  and  "]
        for text in texts {
            for needle in ["&", " and ", " - ", "http", "a"] {
                #expect(Substring(text).containsBytes(needle) == text.contains(needle), "\(text) / \(needle)")
                #expect(Substring(text).dropFirst().containsBytes(needle) == String(text.dropFirst()).contains(needle), "\(text) / \(needle)")
            }
        }
    }

    /// A closing is a few words; a long line of few spaces (an image's bytes read as text) is none, however
    /// it starts, and is not tokenized to be told so.
    @Test func aLongLineIsNoClosing() {
        let people = Fixture.extractor.people
        #expect(people.isClosing("Kind regards,"))
        #expect(people.isClosing("Regards, John Parker"))
        #expect(!people.isClosing(Substring("Regards, " + String(repeating: "Ø", count: 120))))
        #expect(!people.isClosing(Substring("Regards," + String(repeating: "x", count: PersonReader.maxClosingBytes))))
    }

    /// `PersonReader.isContactLine` as it was, with a pass over the bytes per test.
    static func isContactLineByParts(_ line: Substring) -> Bool {
        if line.utf8.contains(UInt8(ascii: "@")) { return true }
        if line.utf8.allSatisfy({ $0 < 0x80 }) {
            var digits = 0
            for b in line.utf8 where b >= 0x30 && b <= 0x39 { digits += 1 }
            return digits >= 4 || ASCIIFolding.contains(line, Array("http".utf8)) || ASCIIFolding.contains(line, Array("www.".utf8))
        }
        let folded = TokenizedText.foundationFold(String(line))
        return folded.contains("http") || folded.contains("www.") || line.filter(\.isNumber).count >= 4
    }

    @Test func contactLineTestInOnePassAgrees() {
        let lines = Self.tricky + ["jane@example.edu", "+1 555 0100", "Tel. 555-01", "HTTPS://x", "www.example.com", "Www.x",
                                   "١٢٣٤", "Tél : 01 23", "é 1234", "ｗｗｗ.x", "12é34", "HṪTP://x", "ẅww.x", "ŵww.x", "h\u{00AD}ttp://x"]
        // Every scalar the byte paths read, inside and beside the words they look for, and before a mark.
        let alone = (0x80..<0x300).compactMap(Unicode.Scalar.init) + (0x2010...0x205E).compactMap(Unicode.Scalar.init)
        let around = alone.flatMap { s -> [String] in
            let c = String(s)
            return ["ht" + c + "tp://x", "é www" + c + ".x", "é Tel" + c + "12 34", c + "HTTP é", "é 12" + c + "\u{0301}34", "é" + c + "www."]
        }
        for text in lines + around {
            #expect(PersonReader.isContactLine(Substring(text)) == Self.isContactLineByParts(Substring(text)), "\(text)")
        }
    }

    @Test func foldingReplacesOnlyWhereThereIsSomethingToReplace() {
        let words = Self.tricky + ["Grüßen", "STRASSE", "Straße", "don’t", "DON’T", "ẞ", "Mü\u{0308}ller", "é", "e\u{301}", "İstanbul",
                                   "\u{212A}elvin", "ſ", "Ǆ", "ﬁ", "Ω", "\u{2126}", "’’", "x’"]
        for word in words {
            let expected = word.utf8.allSatisfy({ $0 < 0x80 }) ? word.lowercased()
                : word.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
                    .replacingOccurrences(of: "ß", with: "ss").replacingOccurrences(of: "’", with: "'")
            #expect(Array(TokenizedText.fold(word).unicodeScalars) == Array(expected.unicodeScalars), "\(word)")
        }
    }

    /// Folding by table gives what Foundation gives, for every scalar the table may hold: alone, inside
    /// words, beside each other, and with a mark after it (which sends the word to Foundation).
    @Test func foldingByTableAgreesWithFoundation() {
        let latin = ((0x80..<0x250).compactMap(Unicode.Scalar.init) + (0x2010...0x205E).compactMap(Unicode.Scalar.init)).map { String($0) }
        var words: [String] = []
        for c in latin { words += [c, "a" + c, c + "B", "X" + c + "y", c + c, c + "\u{0301}", "e" + c + "\u{0308}", c.uppercased() + c] }
        for (a, b) in zip(latin + latin, Array(latin.reversed()) + latin.dropFirst(7) + latin.prefix(7)) { words.append(a + b + "s") }
        for word in words {
            let expected = TokenizedText.foundationFold(word)
            #expect(Array(TokenizedText.fold(word).unicodeScalars) == Array(expected.unicodeScalars), "\(word.unicodeScalars.map(\.value))")
        }
        // The tokenizer folds its words by the same table.
        let t = TokenizedText(words.joined(separator: " "))
        for token in t.tokens where token.kind == .word {
            #expect(token.folded == TokenizedText.foundationFold(t.text(token.range)), "\(t.text(token.range).unicodeScalars.map(\.value))")
        }
    }

    /// Numbers counted by scalar below U+0300, and letters counted on bytes in ASCII, are what counting
    /// Characters gives: every scalar there alone, beside a digit, and before a mark that joins it.
    @Test func countingByScalarsAgreesWithCharacters() {
        var lines = Self.tricky + ["+44 29 2000 1000", "Tel. ²³¹ ¼½¾", "٣٤ 12", "1\u{0301}2\u{0301}34", "\u{0600}1234"]
        for v in 0..<0x300 {
            guard let s = Unicode.Scalar(v) else { continue }
            lines += [String(s), "1" + String(s) + "2", String(s) + "\u{0301}3", "a" + String(s) + "B"]
        }
        for line in lines.map({ Substring($0) }) {
            #expect(PersonReader.numberCount(line) == line.filter(\.isNumber).count, "\(line.unicodeScalars.map(\.value))")
            let letters = line.filter(\.isLetter)
            let counts = PersonReader.letterCounts(line)
            #expect(counts.letters == letters.count && counts.upper == letters.filter(\.isUppercase).count, "\(line.unicodeScalars.map(\.value))")
        }
    }

    /// A founding year told on bytes is what splitting Characters and searching the lower-cased line tell.
    @Test func oneYearOnBytesAgreesWithCharacters() {
        var lines = Self.tricky + ["TSV Grünwiesen 1911 e.V.", "Tel 1911", "1911 x@y.z", "HTTP://X 1911", "WWW.x.de 1911", "İ 2001",
                                   "12 1911", "19111", "1911\r\n", "a1911b", "1911\u{0301}", "١٩١١", "1911 ½", "www 1911", "Hwww.1911"]
        for v in 0..<0x300 {
            guard let s = Unicode.Scalar(v) else { continue }
            lines += ["Club " + String(s) + " 1911", "19" + String(s) + "11", "1911" + String(s)]
        }
        for line in lines.map({ Substring($0) }) {
            let groups = line.split(whereSeparator: { !($0.isASCII && $0.isNumber) })
            let folded = line.lowercased()
            let expected = groups.count == 1 && groups[0].count == 4 && !line.contains("@") && !folded.contains("http") && !folded.contains("www.")
            #expect(PersonReader.holdsOneYear(line) == expected, "\(line.unicodeScalars.map(\.value))")
        }
    }

    @Test func asciiTextScalarsAreItsBytes() {
        for text in Self.tricky + Self.sentences {
            #expect(TokenizedText(text).scalars == Array(text.unicodeScalars), "\(text)")
        }
    }

    @Test func joiningLinesAgreesWithJoined() {
        let lines = Self.tricky.map { Substring($0) }
        for n in 0...lines.count {
            let slice = lines[0..<n]
            #expect(Array(RequestText.joined(slice).utf8) == Array(slice.joined(separator: "\n").utf8))
        }
        let combining: ArraySlice<Substring> = ["a", "\u{0301}b", "", "\r", "\nc"]
        #expect(Array(RequestText.joined(combining).utf8) == Array(combining.joined(separator: "\n").utf8))
    }

    /// A span of the text, written out on bytes when ASCII, is what appending its scalars gives.
    @Test func textSpansOnBytesAgreeWithScalars() {
        for text in Self.tricky + Self.sentences {
            let t = TokenizedText(text)
            for lo in 0...t.scalars.count {
                for hi in lo...min(t.scalars.count + 2, lo + 12) {
                    var s = String.UnicodeScalarView()
                    s.append(contentsOf: t.scalars[lo..<min(hi, t.scalars.count)])
                    #expect(Array(t.text(lo..<hi).unicodeScalars) == Array(s), "\(text) \(lo)..<\(hi)")
                }
            }
        }
    }

    /// `PersonReader.pieces(of:)` as it was, on Characters.
    static func piecesByCharacters(_ line: Substring) -> [Substring] {
        line.split(whereSeparator: { $0 == "," || $0 == "|" || $0 == "–" || $0 == "—" || $0 == "·" })
            .flatMap { $0.split(separator: " - ", omittingEmptySubsequences: true) }
            .map { $0.trimmed }.filter { !$0.isEmpty }
    }

    @Test func piecesOnBytesAgreeWithCharacters() {
        let lines = Self.tricky + [
            "IT Manager, XYZ University", "Director | Acme", "Sales - Acme - Ltd", "a - - b", " - ", "- a -", "a -b- c",
            "a , , b", ",|,", "Manager,End User Computing", "A - B, C | D - E", "Coordenador – Prefeitura", "x -  - y",
            "Head of IT · Escola", "a\t-\tb", "a - ", " - a",
            "Coordenação de TI – Prefeitura de São José", "Jefe de Sistemas — Universidad · Córdoba", "a–b—c·d", "é - á, í | ó",
            "Señor – ", "–", "—·–", "São Paulo - SP", "x\u{2013}\u{0301}y", "a ·\u{0301} b", "é\r\n- b",
        ]
        // Every scalar that stands alone, beside each separator.
        let alone: [String] = (0x80..<0x300).compactMap(Unicode.Scalar.init).map { String($0) }
        var around: [String] = []
        for c in alone {
            around.append("a" + c + ", b")
            around.append(c + "– x")
            around.append("x –" + c)
            around.append(c + "·" + c)
            around.append("é - " + c)
        }
        for text in lines + around {
            let line = Substring(text)
            #expect(PersonReader.pieces(of: line) == Self.piecesByCharacters(line), "\(text.debugDescription)")
            if let fast = PersonReader.asciiPieces(of: line) { #expect(fast == Self.piecesByCharacters(line)) }
        }
    }

    /// The line-byte summary only rules out: the search with it agrees with the search without it.
    @Test func lineBytesRuleOutOnlyWhatTheSearchWouldMiss() {
        let needles: [[UInt8]] = ["wrote:", "original message", "k", "s", "ks", "from:", "a!", "-----", "confidential"].map { Array($0.utf8) }
        let lines = Self.tricky + ["On Mon, Jane wrote:", "-----Original Message-----", "\u{212A}elvin", "\u{017F}ent", "A!", "a",
                                   "CONFIDENTIALITY NOTICE", "From: Jane", "!",
                                   "sk", "k s", "ksks", "KS", "wrote", "wrote :", "WROTE:", "original  message", "Original Mess\u{0301}age"]
        for text in lines {
            let line = Substring(text)
            let bytes = LineBytes(line)
            for needle in needles {
                #expect(LinePattern.contains(line, Needle(needle), bytes) == LinePattern.contains(line, needle), "\(text) / \(needle)")
            }
        }
    }

    @Test func byteSetHoldsWhatItsSetHolds() {
        let sets: [Set<UInt8>] = [[], [0], [63, 64], [0x61, 0x7A, 0x20, 0x7F], Set(0..<128), [0x41, 0x80, 0xFF]]
        for set in sets {
            let bits = ASCIIByteSet(set)
            for b in UInt8(0)..<0x80 { #expect(bits.contains(b) == set.contains(b)) }
        }
    }

    /// Word shapes only rule out: every word the set holds, as Swift compares strings (canonical
    /// equivalence), passes, in whichever form either side is written.
    @Test func wordShapesNeverRuleOutAWordTheSetHolds() {
        let keys = ["licensed", "é", "cafe\u{301}", "café", "\u{212A}elvin", "kelvin", "\u{212B}", "ss", "", "a",
                    String(repeating: "x", count: 70), "no\u{0303}o", "não", "\u{1100}\u{1161}"]
        let words = keys + ["e\u{301}", "caf\u{E9}", "cafe\u{301}", "Kelvin", "\u{212A}elvin", "kelvin", "\u{C5}", "A\u{30A}",
                            "no\u{0303}o", "n\u{E3}o", "\u{AC00}", "\u{1100}\u{1161}", String(repeating: "x", count: 90), "b", "licence"]
        for set in [keys, ["kelvin", "licensed"], ["\u{212A}", "K"], ["café"], [""], []] {
            let shapes = WordShapes(set)
            let held = Set(set)
            for word in words where held.contains(word) {
                #expect(shapes.mayContain(word), "\(word.unicodeScalars.map(\.value)) in \(set)")
            }
        }
    }

    /// Every cue tried on the text, as `CueList.matches` did before it looked cues up by word and prefix.
    static func allMatches(_ list: CueList, _ t: TokenizedText) -> [Range<Int>] {
        list.cues.flatMap { $0.matches(in: t) }.sorted { $0.lowerBound < $1.lowerBound }
    }

    static let lists: [CueList] = {
        let languages = Fixture.patterns.languages
        var lists = [
            CueList(languages.flatMap(\.closings)), CueList(languages.flatMap(\.titles)),
            CueList(languages.flatMap(\.introductions)), CueList(languages.flatMap(\.counts.licensedUsers)),
            CueList(languages.flatMap(\.counts.requestedUsers)), CueList(languages.flatMap(\.counts.domainAccounts)),
            // Prefixes sharing a first byte, one the other's prefix, and a lone "*".
            CueList(["lic*", "licen*", "li*", "l*", "request*", "re*", "kind regards", "é*", "*"]),
        ]
        lists.append(Fixture.organizations.cues)
        return lists
    }()

    static let sentences: [String] = tricky + [
        "We hold 25,000 licences and request an exception for 4,000 more; licensing covers 21,000.",
        "Mit freundlichen Grüßen, Jürgen Müller, Leiter IT",
        "Atenciosamente, Coordenador de Tecnologia da Informação, Prefeitura Municipal de Exemplo",
        "Kind regards,", "Thanks and regards", "Regards John", "Best regards, Dr. Jane Doe", "kindly review",
        "IT Manager at Lakeshore Academy", "Saludos cordiales", "Cordialement", "Distinti saluti",
        "My name is Jane Doe and I am the IT Director of XYZ University.", "élan éléments", "reregister lic",
        "l a é x lic li", "L. A. É", "e\u{301}lan \u{212A}ind regards",
    ]

    @Test func cueListsFindWhatTryingEveryCueFinds() {
        for list in Self.lists {
            for text in Self.sentences {
                let t = TokenizedText(text)
                #expect(list.matches(in: t).map(\.tokens) == Self.allMatches(list, t), "\(text)")
            }
        }
    }

    /// Lists whose cues stem their words, as the count and phrase readers build them.
    static let stemmedLists: [CueList] = [
        Fixture.patterns.cues(\.counts.domainAccounts, stemmed: true), Fixture.patterns.cues(\.counts.licensedUsers, stemmed: true),
        Fixture.patterns.cues(\.counts.requestedUsers, stemmed: true), Fixture.patterns.cues(\.countNouns, stemmed: true),
        Fixture.patterns.cues(\.counts.askingVerbs, stemmed: true), Fixture.patterns.cues(\.reason, stemmed: true),
        Fixture.patterns.cues(\.commitments.activeBelowLimit, stemmed: true), Fixture.patterns.cues(\.commitments.notifyIfExceeded, stemmed: true),
    ]

    static let stemmedSentences: [String] = sentences + [
        "Our domain contains 4,200 accounts; we are licensed for 1,000 users and request coverage of 1,200.",
        "The remaining accounts belong to alumni who no longer print, and the rest are shared mailboxes.",
        "We commit to keeping the number of active users below the licensed limit and will notify you if it is exceeded.",
        "Nuestro dominio tiene 3.500 cuentas, de las cuales solo 900 imprimen; solicitamos cubrir 900 usuarios activos.",
        "Temos 2.000 contas no domínio e licença para 500 usuários; as demais pertencem a ex-alunos que não imprimem.",
        "Remains remaining remained remain licences licencias licenças contas cuentas accounting accountants",
        "Comprometemo-nos a manter os usuários ativos abaixo do limite e a informar caso seja ultrapassado.",
    ]

    /// Where a list looks its cues up by word, prefix and stem, it finds each cue's own matches, stems too:
    /// the same cues, at the same places, in the same order.
    @Test func stemmedCueListsFindWhatTryingEveryCueFinds() {
        for list in Self.stemmedLists {
            for text in Self.stemmedSentences {
                let t = TokenizedText(text)
                let tried = list.cues.flatMap { cue in cue.matches(in: t).map { (cue.phrase, $0) } }.sorted { $0.1.lowerBound < $1.1.lowerBound }
                let found = list.matches(in: t)
                #expect(found.map(\.cue.phrase) == tried.map(\.0) && found.map(\.tokens) == tried.map(\.1), "\(text)")
            }
        }
    }

    /// A header's name is read on bytes from an ASCII line as by Characters.
    @Test func headerNamesOnBytesAgreeWithCharacters() {
        var lines = Self.tricky.filter { $0.utf8.allSatisfy { $0 < 0x80 } } + [
            "From: Ann Lee", "  **From:** Ann", "*De:* x", "Sent: Monday", "Subject:", ":", " : ", "Date 2024: x", "A*B: c",
            "Very Long Header Name: x", "Exactly12Chr: x", "\tTo:\tx", "Re: Re: x", "**: x", "a:b:c", "* * From *: x", "x\r:",
        ]
        for b in 0..<0x80 { lines += [String(UnicodeScalar(UInt8(b))) + "From: x", "Fr" + String(UnicodeScalar(UInt8(b))) + "om: x"] }
        for line in lines.map({ Substring($0) }) {
            #expect(RequestText.asciiHeaderName(line) == RequestText.headerNameByCharacters(line), "\(line.debugDescription)")
        }
    }

    /// A closing line is trimmed on bytes in ASCII as by Characters.
    @Test func closingTrimOnBytesAgreesWithCharacters() {
        var lines = Self.tricky + ["Kind regards,", "--Regards--", "  Thanks!! ", ",.!- ", "", "Best,\r\n", "- - x - -", "Cheers."]
        for b in 0..<0x80 { lines += [String(UnicodeScalar(UInt8(b))) + "Regards,", "Regards" + String(UnicodeScalar(UInt8(b)))] }
        for line in lines.map({ Substring($0) }) {
            #expect(PersonReader.closingCore(line) == line.trimmingCharacters(in: ",.!-–— "), "\(line.debugDescription)")
        }
    }

    /// A count's shape is told on bytes in ASCII as by Characters.
    @Test func countShapesOnBytesAgreeWithCharacters() {
        var words = Self.tricky + ["0", "7", "1234567", "12345678", "01", "1,000", "12,345,678", "1.000", "1 000", "1,00", "1,0000",
                                   "1234,567", ",123", "1,", "1,,000", "1,000.000", "1.000.000", "0,100", "1x000", "1-000", "a1", "1a", ""]
        for b in 0x20..<0x7F { words += ["1" + String(UnicodeScalar(UInt8(b))) + "000", "12" + String(UnicodeScalar(UInt8(b)))] }
        for word in words.filter({ $0.utf8.allSatisfy { $0 < 0x80 } }).map({ Substring($0) }) {
            #expect(RequestText.isASCIICountShaped(word) == RequestText.isCountShapedByCharacters(word), "\(word.debugDescription)")
        }
    }

    /// A name holds no number and none of ":@/&", told on bytes in ASCII as by Characters elsewhere.
    @Test func namesWithNumbersOrSignsAreNoNames() {
        let people = Fixture.extractor.people
        #expect(people.looksLikeName("Ann Lee", namesTitle: false, namesKind: false))
        #expect(people.looksLikeName("Ana Lúcia Souza", namesTitle: false, namesKind: false))
        for bad in ["Ann Lee 2", "Ann: Lee", "Ann@Lee Smith", "Ann/Lee Smith", "Ann & Lee", "Ana Lúcia 2", "Ana Lúcia ²", "Ana Lúcia: x", "Ana ٣ Lúcia"] {
            #expect(!people.looksLikeName(Substring(bad), namesTitle: false, namesKind: false), "\(bad)")
        }
    }

    /// A scalar's case, told on its value in ASCII, is its Unicode property everywhere.
    @Test func scalarCaseAgreesWithItsProperties() {
        for v in Array(0..<0x300) + [0x0130, 0x0131, 0x1E9E, 0x2160, 0x24B6, 0xFF21, 0x1D400] {
            guard let s = Unicode.Scalar(v) else { continue }
            #expect(s.isUppercase == s.properties.isUppercase, "\(v)")
            #expect(s.isLowercase == s.properties.isLowercase, "\(v)")
        }
    }

    /// A country's last word is told on bytes as by Characters, wherever the bytes can tell.
    @Test func countryEndsOnBytesAgreeWithCharacters() {
        var lines = Self.tricky + ["Cochabamba, Bolivia", "Guayaquil - Ecuador.", "Lisboa, Portugal. ", "Leeds, United Kingdom",
                                   "Madrid, SPAIN", "Madrid, spain", "São Paulo, Brasil", "Bogotá, Colombia..", "Perú", "x Peru\u{0301}",
                                   "é Spain", "éSpain", "Spain\r\n", "Ireland\u{00A0}", "1 Chile", "Chile1", ".", " ", "A"]
        for v in 0..<0x300 { if let s = Unicode.Scalar(v) { lines += ["Madrid, " + String(s) + "Spain", "Madrid, Spain" + String(s), String(s) + "Chile."] } }
        for line in lines.map({ Substring($0) }) {
            if let fast = CountryNames.mayEndASCII(line) {
                #expect(fast == CountryNames.mayEndByCharacters(line), "\(line.unicodeScalars.map(\.value))")
            }
        }
        #expect(CountryNames.mayEndASCII("Leeds, United Kingdom") == true)
        #expect(CountryNames.mayEndASCII("Madrid, spain") == false)
    }

    /// A text's words are found where they stand, whether it has few words (compared) or many (hashed).
    @Test func wordsAreFoundWhereTheyStandInShortAndLongTexts() {
        let texts = Self.stemmedSentences + Self.stemmedSentences.map { $0 + " " + $0 } + ["a a a a a a a a a a a a", "a a a a a a a a a a a a a"]
        for text in texts {
            let t = TokenizedText(text)
            for word in Set(t.tokens.filter { $0.kind == .word }.map(\.folded)) + ["nowhere", ""] {
                let standing = t.tokens.indices.filter { t.tokens[$0].kind == .word && t.tokens[$0].folded == word }
                #expect(Array(t.positions(of: word)) == standing, "\(word) in \(text)")
                #expect(t.holds(word) == !standing.isEmpty)
                #expect(t.wordNumber(of: word).map { t.words[$0].text } == (standing.isEmpty ? nil : word))
            }
        }
    }

    /// Lists searched as one give each list what its own search gives.
    @Test func mergedCueListsGiveEachListItsOwnMatches() {
        let merged = CueLists(Self.stemmedLists + Self.lists)
        for text in Self.stemmedSentences {
            let t = TokenizedText(text)
            for (list, found) in zip(Self.stemmedLists + Self.lists, merged.matches(in: t)) {
                let own = list.matches(in: t)
                #expect(found.map(\.cue.phrase) == own.map(\.cue.phrase) && found.map(\.tokens) == own.map(\.tokens), "\(text)")
            }
        }
    }

    /// `mayMatch(at:)` only rules out: whenever a cue matches at a token, it says it may.
    @Test func mayMatchNeverRulesOutAMatch() {
        for list in Self.lists {
            for text in Self.sentences {
                let t = TokenizedText(text)
                for m in list.matches(in: t) {
                    #expect(list.mayMatch(at: m.tokens.lowerBound, in: t), "\(m.cue.phrase) in \(text)")
                }
                if t.tokens.isEmpty { #expect(!list.mayMatch(at: 0, in: t)) }
            }
        }
    }

    /// The organization tests on one tokenized text agree with the tests on the string.
    @Test func organizationTestsOnTokensAgreeWithStrings() {
        let organizations = Fixture.organizations
        for text in Self.sentences + ["Acme Widgets", "Inc.", "S.L.", "GmbH", "LLC", "XYZ University", "Escola Estadual"] {
            let t = TokenizedText(text)
            let matches = organizations.cueMatches(in: t)
            #expect(organizations.kind(from: matches) == organizations.kind(of: text))
            #expect((organizations.kind(of: text) != nil) == !matches.isEmpty)
            #expect(organizations.organization(in: t, matches)?.name == organizations.organization(in: text)?.name)
            #expect(organizations.isOnlyKindWord(t, matches) == organizations.isOnlyKindWord(text))
        }
    }
}
