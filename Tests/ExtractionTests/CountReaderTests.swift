import Testing
@testable import Extraction

@Suite struct CountReaderTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var text: String
        var domain: Int?
        var licensed: Int?
        var requested: Int?
        var testDescription: String { String(text.prefix(60)) }
    }

    /// Which count is which comes from the words around each number, never from the order of the numbers.
    @Test(arguments: [
        Case(text: "We have 25,000 accounts in our domain, are licensed for 18,000 users and ask that the exception cover 20,000 accounts.",
             domain: 25_000, licensed: 18_000, requested: 20_000),
        Case(text: "We'd like to cover 20,000 of the 25,000 accounts in our domain; we're licensed for 18,000.",
             domain: 25_000, licensed: 18_000, requested: 20_000),
        Case(text: "We are licensed for 18,000 users and would like the exception to cover 20,000 accounts, out of 25,000 accounts in our domain.",
             domain: 25_000, licensed: 18_000, requested: 20_000),
        Case(text: "Comune di Valsassina Alta requests a PaperCut MF license exception: 600 accounts in our domain, 400 licensed users, 450 to be covered.",
             domain: 600, licensed: 400, requested: 450),
        Case(text: "PaperCut NG: 340 accounts in our domain, 200 licensed, 240 to cover.",
             domain: 340, licensed: 200, requested: 240),
        Case(text: "We have 120 accounts, 50 licensed users, and need 80 covered.",
             domain: 120, licensed: 50, requested: 80),
        Case(text: "Somos licenciados para 3.000 usuários e gostaríamos que a exceção cobrisse 3.800 contas, de um total de 5.200 contas existentes no domínio.",
             domain: 5_200, licensed: 3_000, requested: 3_800),
        Case(text: "El dominio cuenta con seis mil (6.000) cuentas de usuario; tenemos licencia para cuatro mil (4.000) usuarios y solicitamos que la excepción cubra cuatro mil quinientas (4.500) cuentas.",
             domain: 6_000, licensed: 4_000, requested: 4_500),
        Case(text: "Accounts in our domain: 25 000\nLicensed users: 18 000\nAccounts the exception should cover: 20 000",
             domain: 25_000, licensed: 18_000, requested: 20_000),
        Case(text: "- Accounts in our Entra ID / AD domain: 9,400\n- Currently licensed: 5k users\n- Exception requested to cover: 6,000 accounts",
             domain: 9_400, licensed: 5_000, requested: 6_000),
        Case(text: "We have 45 users in our Microsoft 365 domain but only some of them print.",
             domain: 45, licensed: nil, requested: nil),
        Case(text: "Domain Accounts 25,000\nLicensed Users 18,000\nRequested Users 20,000",
             domain: 25_000, licensed: 18_000, requested: 20_000),
        Case(text: "We'd like the exception to cover 20,000 of our 25,000 accounts; we are licensed for 18,000.",
             domain: 25_000, licensed: 18_000, requested: 20_000),
        Case(text: "We have 25,000 accounts in our domain, use Windows 11 and Office 2021, are licensed for 18,000 users and ask that 20,000 be covered.",
             domain: 25_000, licensed: 18_000, requested: 20_000),
        Case(text: "We are licensed for 400 users and would like the exception to cover 480 accounts.",
             domain: nil, licensed: 400, requested: 480),
        // A label's value said to be about so much, or written in words and restated in digits.
        Case(text: "- Domain: ~2.4k accounts\n- Licensed: about 1,500\n- Need: 2k",
             domain: 2_400, licensed: 1_500, requested: 2_000),
        Case(text: "Accounts in Google Workspace: three thousand two hundred (3,200)\nCurrently licensed: eight hundred (800) users\nRequested coverage: one thousand (1,000) users",
             domain: 3_200, licensed: 800, requested: 1_000),
        // A count in words restated in digits is one count, not two.
        Case(text: "Our Active Directory contains four thousand two hundred (4,200) accounts, while our current license covers one thousand five hundred (1,500) users.",
             domain: 4_200, licensed: 1_500, requested: nil),
        Case(text: "Cuentas en el dominio: aprox. 3.100\nLicencia actual: 1.800\nSolicitamos: 2.100",
             domain: 3_100, licensed: 1_800, requested: 2_100),
    ])
    func assignsByTheWordsAround(c: Case) {
        let found = CountReader(Fixture.patterns).read(TokenizedText(c.text))
        #expect(found[.domainAccounts]?.value == c.domain)
        #expect(found[.licensedUsers]?.value == c.licensed)
        #expect(found[.requestedUsers]?.value == c.requested)
    }

    /// Found by fuzz/DecisionFuzz: a number too large for an Int before a multiplier trapped, and
    /// `intake poll` died on the message.
    @Test func aNumberTooLargeBeforeAMultiplierIsNoCount() {
        let found = CountReader(Fixture.patterns).read(TokenizedText(
            "Currently licensed: 99999999999999999999999k users.\nLicensed users: 9999999999999999999 million"))
        #expect(found[.licensedUsers] == nil)
        #expect(Fixture.extract("We are licensed for 99999999999999999999999k users and ask that the exception cover 20,000 accounts.\n").fields.requestedUsers == 20_000)
    }

    /// Found by review after the above: a hyphenated run of scales in one word ("hundred-hundred-…")
    /// multiplied past Int.max before the bound on a number's size was checked.
    @Test func aHyphenatedRunOfScalesIsNoCount() {
        let run = Array(repeating: "hundred", count: 12).joined(separator: "-")
        let found = CountReader(Fixture.patterns).read(TokenizedText(
            "We have \(run) accounts in our domain and are licensed for two thousand users."))
        #expect(found[.domainAccounts] == nil)
        #expect(found[.licensedUsers]?.value == 2_000)
    }

    @Test func tableCellsBecomeLabels() {
        // An HTML table turned to text: label, "|", value, each on its own line.
        let body = "User accounts in our domain\n\n |\n\n4,600\n\nLicensed users\n\n |\n\n3,000\n\nAccounts to be covered by the exception\n\n |\n\n3,500\n"
        let f = Fixture.extract(body).fields
        #expect(f.domainAccounts == 4_600)
        #expect(f.licensedUsers == 3_000)
        #expect(f.requestedUsers == 3_500)
    }

    @Test func evidenceIsTheSentence() {
        let e = Fixture.extract("Hello,\n\nWe have 900 accounts in our domain. We are licensed for 500 users.\n")
        #expect(e.evidence["domainAccounts"]?.text == "We have 900 accounts in our domain.")
        #expect(e.evidence["licensedUsers"]?.text == "We are licensed for 500 users.")
        #expect(e.evidence["domainAccounts"]?.source == "body")
    }
}
