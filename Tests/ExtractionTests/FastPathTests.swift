import Testing
@testable import Extraction

/// The early rejections and the shared work give what the plain ways they stand in for give.
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
        lists += Fixture.organizations.cues.map(\.cues)
        return lists
    }()

    static let sentences: [String] = tricky + [
        "We hold 25,000 licences and request an exception for 4,000 more; licensing covers 21,000.",
        "Mit freundlichen Grüßen, Jürgen Müller, Leiter IT",
        "Atenciosamente, Coordenador de Tecnologia da Informação, Prefeitura Municipal de Exemplo",
        "Kind regards,", "Thanks and regards", "Regards John", "Best regards, Dr. Jane Doe", "kindly review",
        "IT Manager at Lakeshore Academy", "Saludos cordiales", "Cordialement", "Distinti saluti",
        "My name is Jane Doe and I am the IT Director of XYZ University.", "élan éléments", "reregister lic",
    ]

    @Test func cueListsFindWhatTryingEveryCueFinds() {
        for list in Self.lists {
            for text in Self.sentences {
                let t = TokenizedText(text)
                #expect(list.matches(in: t).map(\.tokens) == Self.allMatches(list, t), "\(text)")
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
