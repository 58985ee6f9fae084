import Testing
@testable import Extraction

@Suite struct TokenizedTextTests {
    /// Every usual way to write a count, and what it reads as once its multiplier ("k", "mil") is applied.
    @Test(arguments: [
        ("We have 25,000 accounts", 25_000),
        ("Tenemos 25.000 cuentas", 25_000),
        ("We have 25 000 accounts", 25_000),
        ("We have 25\u{00A0}000 accounts", 25_000),
        ("We have 25\u{202F}000 accounts", 25_000),
        ("We have 25000 accounts", 25_000),
        ("We have 25k accounts", 25_000),
        ("We have 25K accounts", 25_000),
        ("Temos 25 mil contas", 25_000),
        ("unas 12,5k cuentas", 12_500),
        ("about 2.5k accounts", 2_500),
        ("We have 1,250,000 accounts", 1_250_000),
        ("We have 800 accounts", 800),
    ])
    func countsInEveryFormat(text: String, expected: Int) {
        let reader = CountReader(Fixture.patterns)
        let found = reader.read(TokenizedText(text + " in our domain."))
        #expect(found[.domainAccounts]?.value == expected)
    }

    /// Numbers that are not counts: dates, times, money, percentages, versions, product names, phone numbers.
    @Test(arguments: [
        "on 12/11/2026",
        "at 10:30",
        "costs $2,500",
        "about 15% of them",
        "version 22.1",
        "call +44 29 2000 1000",
    ])
    func numbersThatAreNotCounts(text: String) {
        let t = TokenizedText(text)
        #expect(t.tokens.filter { $0.kind == .number && $0.countable }.isEmpty, "\(t.tokens.map(\.folded))")
    }

    @Test(arguments: [
        ("Licencia para CUATRO mil", "licencia"),
        ("Ação à distância", "acao"),
        ("Mit freundlichen Grüßen", "mit"),
    ])
    func foldsCaseAndAccents(text: String, firstWord: String) {
        #expect(TokenizedText(text).tokens.first?.folded == firstWord)
        #expect(TokenizedText.fold("Grüßen") == "grussen")
        #expect(TokenizedText.fold("Distância") == "distancia")
    }

    @Test func abbreviationsDoNotEndSentences() {
        let t = TokenizedText("St. Brendan's College requests it. We agree.")
        let boundaries = t.tokens.filter { $0.kind == .boundary }.count
        #expect(boundaries == 2)
    }

    @Test func commasAndLabelColonsDiffer() {
        // A comma ends a clause; the colon of "Licensed users: 18 000" labels the number instead, and the
        // label line starts a clause of its own.
        let t = TokenizedText("600 accounts, 400 licensed\nLicensed users: 18 000")
        #expect(t.tokens.filter { $0.kind == .clause }.map(\.folded) == [",", "\n"])
    }
}

@Suite struct CollapsingWhitespaceTests {
    /// The scalar walk gives what splitting the Characters on `isWhitespace` gives, on any text.
    @Test func theScalarWalkAgreesWithCharacterSplitting() {
        var rng = SystemRandomNumberGenerator()
        // Marks stand on letters, as in real text (decomposed "ção" too); a mark after a space has nothing to
        // stand on, and where Swift's Characters and Unicode's disagree on it is left out.
        let pieces: [String] = ["a", "é", "ñ", " ", "\t", "\n", "\r\n", "\u{A0}", "\u{2003}", "\u{3000}", "x",
                                "ção", "c\u{327}a\u{303}o", "e\u{301}", "👩‍👩‍👧", "\u{85}", "\u{2028}", ".", "1,000", "\r"]
        for _ in 0..<2_000 {
            let text = (0..<Int.random(in: 0...12, using: &rng)).map { _ in pieces.randomElement(using: &rng)! }.joined() + "é"
            let expected = text.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
            #expect(text.collapsingWhitespaceScalars() == expected, "\(text.unicodeScalars.map { String($0.value, radix: 16) })")
        }
    }
}
