import Testing
@testable import Extraction

/// Requests as people write them (issue 11): word forms, commitments as meanings, numbers in words and in
/// every grouping, forms and tables, and the sender's own quoted request.
@Suite struct ReadingRequestsTests {
    static let en = Stemmer(language: "en")!
    static let es = Stemmer(language: "es")!

    @Test func stemsMatchEveryFormOfACueWord() {
        let cue = Cue("remain ... below", stemmer: Self.en)
        for text in ["It remains below the limit.", "It remained below it.", "Users remaining well below it.", "They remain below."] {
            var t = TokenizedText(text)
            t.language = "en"
            #expect(!cue.matches(in: t).isEmpty, "\(text)")
        }
        var other = TokenizedText("The remainder is below.")
        other.language = "en"
        #expect(cue.matches(in: other).isEmpty, "\"remainder\" is another word")
    }

    @Test func anExactWordOptsOutOfItsForms() {
        var t = TokenizedText("Head of Information Services")
        t.language = "en"
        #expect(Cue("=inform", stemmer: Self.en).matches(in: t).isEmpty)
        #expect(!Cue("inform", stemmer: Self.en).matches(in: t).isEmpty, "without =, the stem matches \"Information\"")
    }

    @Test func formsAreOnlyThoseOfTheTextsLanguage() {
        // The Spanish stem of "informaremos" is the Spanish stem of the English "information" too.
        var english = TokenizedText("Head of Information Services")
        english.language = "en"
        #expect(Cue("informaremos", stemmer: Self.es).matches(in: english).isEmpty)
        var spanish = TokenizedText("Les informamos de inmediato")
        spanish.language = "es"
        #expect(!Cue("informaremos", stemmer: Self.es).matches(in: spanish).isEmpty)
    }

    static let letter = "Hello,\n\n"

    @Test(arguments: [
        ("Our directory has twenty-five thousand accounts.", 25_000),
        ("Our directory has one hundred and fifty thousand accounts.", 150_000),
        ("Nuestro dominio tiene veinte mil cuentas.", 20_000),
        ("Nuestro dominio tiene dos mil quinientas cuentas.", 2_500),
        ("Nuestro dominio tiene un millón de cuentas.", 1_000_000),
        ("Nosso domínio tem vinte e cinco mil contas.", 25_000),
        ("Nosso domínio tem doze mil contas.", 12_000),
        ("Temos 25 mil contas no domínio.", 25_000),
        ("Our directory has 1,12,500 accounts.", 112_500),
        ("Our directory has 12,34,567 accounts.", 1_234_567),
    ])
    func domainCounts(sentence: String, count: Int) {
        #expect(Fixture.extract(Self.letter + sentence + "\n").fields.domainAccounts == count)
    }

    @Test func smallNumbersInWordsAreNotCounts() {
        let f = Fixture.extract(Self.letter + "One of our two sites has 900 accounts in the domain.\n").fields
        #expect(f.domainAccounts == 900)
    }

    @Test func aYearIsNotACount() {
        let f = Fixture.extract(Self.letter + "We bought our license in 2023. Our current license is for 5,000 users.\n").fields
        #expect(f.licensedUsers == 5_000)
    }

    /// The first class: a commitment is a meaning, not a phrase list.
    @Test(arguments: [
        "We will ensure that the active user count remains below our 20,000 user limit.",
        "The active user count will be kept under our licensed limit.",
        "There will be no more than 1,200 active users at any time.",
        "Active print users will be capped at 1,200.",
        "We guarantee the number of active users won't go above 1,200.",
        "Nos comprometemos a que los usuarios activos se mantengan por debajo de 3.000.",
        "Garantizamos que los usuarios activos no superarán las 3.000 licencias.",
        "O número de usuários ativos permanecerá abaixo do limite.",
        "O número de usuários ativos não vai ultrapassar 200.",
    ])
    func commitmentsInAnyWording(sentence: String) {
        #expect(Fixture.extract(Self.letter + sentence + "\n").fields.commitments.activeBelowLimit == true)
    }

    @Test(arguments: [
        "If active users ever exceed the limit, we will notify you.",
        "We have 1,500 users in the directory.",
        "Could you let me know whether you need anything else?",
    ])
    func notACommitmentToStayBelow(sentence: String) {
        #expect(Fixture.extract(Self.letter + sentence + "\n").fields.commitments.activeBelowLimit == nil)
    }

    @Test func promisingToNotifyNeedsSomethingToNotifyOf() {
        #expect(Fixture.extract(Self.letter + "Please let me know if you need anything else.\n").fields.commitments.notifyIfExceeded == nil)
        #expect(Fixture.extract(Self.letter + "We will let you know if we exceed it.\n").fields.commitments.notifyIfExceeded == true)
        #expect(Fixture.extract(Self.letter + "Se passar, avisaremos vocês.\n").fields.commitments.notifyIfExceeded == true)
    }

    /// The second class: the request as an ask for an extension.
    @Test(arguments: [
        ("We have 9,000 accounts and are licensed for 6,000. We ask for the licence to be extended to 7,500 users.", 6_000, 7_500),
        ("Tenemos 4.000 cuentas y una licencia de 3.000 usuarios. Les pedimos una extensión de la licencia a 3.400 usuarios.", 3_000, 3_400),
        ("Temos 1.200 contas e licença para 800 usuários. Gostaríamos de ampliar para 900 usuários.", 800, 900),
        ("Actualmente el dominio tiene 820 cuentas y la licencia cubre 500 usuarios; pedimos ampliar la licencia a 950 usuarios.", 500, 950),
    ])
    func asksToExtend(sentence: String, licensed: Int, requested: Int) {
        let f = Fixture.extract(Self.letter + sentence + "\n").fields
        #expect(f.licensedUsers == licensed)
        #expect(f.requestedUsers == requested)
    }

    @Test func aFormGivesItsFieldsByTheirLabels() {
        let f = Fixture.extract("""
            Les envío los datos:

            Institución: Instituto Superior Tecnológico Los Andes
            Solicitante: Ing. Luis Alberto Huamán Quispe
            Cargo: Jefe de la Unidad de Informática
            Motivo: cuentas de egresados que no imprimen

            """).fields
        #expect(f.organization == "Instituto Superior Tecnológico Los Andes")
        #expect(f.requesterName == "Luis Alberto Huamán Quispe")
        #expect(f.requesterTitle == "Jefe de la Unidad de Informática")
        #expect(f.reason == "cuentas de egresados que no imprimen")
    }

    @Test func aTableRowGivesTheNameAndThenTheTitle() {
        let f = Fixture.extract("Please find our application below.\n\nOrganization\tNorthern Lakes Health Centre\nApplicant\tDr. Amrit Sandhu, Director, Clinical Informatics\n").fields
        #expect(f.organization == "Northern Lakes Health Centre")
        #expect(f.requesterName == "Amrit Sandhu")
        #expect(f.requesterTitle == "Director, Clinical Informatics")
    }

    /// The sixth class: the requester is never the writer of the evidence they forward.
    @Test func forwardedEvidenceNeverNamesTheRequester() {
        let f = Fixture.extract("""
            Hello,

            Our directory has 41,250 accounts and we are licensed for 28,000 users; please extend the license to 31,000.

            Regards,
            Dana Okafor
            Director of Print Services
            Lakeshore State University

            ---------- Forwarded message ---------
            From: Patricia Lindqvist <registrar@lsu.example.edu>
            Subject: Enrolment

            On-campus students: 24,118. Staff: 5,902.

            Patricia Lindqvist
            University Registrar
            Office of the Registrar

            """).fields
        #expect(f.requesterName == "Dana Okafor")
        #expect(f.requesterTitle == "Director of Print Services")
        #expect(f.organization == "Lakeshore State University")
        #expect(f.domainAccounts == 41_250)
    }
}

/// Issue 12: extraction used about 27 times the text's size in memory (55 MB of text: 1.5 GB). It reads
/// no more than `maxTextBytes` of a part, and says so.
@Test func aHugeBodyIsReadToTheBoundAndSaysSo() {
    let request = "Hello,\n\nWe have 900 accounts in our domain and are licensed for 500 users; please cover 600.\n\n"
    let filler = String(repeating: "Lorem ipsum dolor sit amet, consectetur adipiscing elit.\n", count: 60_000)
    let e = Fixture.extract(request + filler)
    #expect(e.fields.domainAccounts == 900)
    #expect(e.notes.contains { $0.contains("only the first 1 MB of the body") })
    #expect(Fixture.extract(request).notes.isEmpty)
}

/// A forward inside a forward inside a forward… is read to `RequestText.maxNesting` levels and no further,
/// and says so: each level reads the rest of the text again, so 4,000 nested forwards (half a megabyte)
/// took 29 s and 2.9 GB before the bound.
@Test(arguments: ["fwd", "quote"])
func deepNestingIsReadToTheBoundAndSaysSo(kind: String) {
    func nested(_ levels: Int) -> String {
        let level = kind == "fwd"
            ? "See below.\n\n---------- Forwarded message ---------\nFrom: Sender <sender@example.edu>\nDate: Mon, 1 Dec 2026\nSubject: Fwd: licence\n\n"
            : "See below.\n\nOn Mon, 1 Dec 2026, Sender <sender@example.edu> wrote:\n"
        return String(repeating: level, count: levels) + "We have 950 accounts in our domain and 400 licensed users.\n"
    }
    let shallow = Fixture.extract(nested(3), subject: "Fwd: licence")
    #expect(shallow.fields.domainAccounts == 950)
    #expect(shallow.notes.isEmpty)
    let atBound = Fixture.extract(nested(RequestText.maxNesting), subject: "Fwd: licence")
    #expect(atBound.fields.domainAccounts == 950)
    #expect(atBound.notes.isEmpty)
    let deep = Fixture.extract(nested(300), subject: "Fwd: licence")
    #expect(deep.fields.domainAccounts == nil)
    #expect(deep.notes == [RequestExtractor.nestingNote])
    var depth = 0
    var text = RequestText(body: nested(300), subject: "Fwd: licence", markers: Fixture.extractor.markers, sender: QuoteAuthor(address: "sender@example.edu"))
    while let inner = text.forwardedText.first ?? text.quotedOwn.first { text = inner; depth += 1 }
    #expect(depth == RequestText.maxNesting)
}
