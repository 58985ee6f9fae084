import Testing
@testable import Extraction

@Suite struct PhraseReaderTests {
    @Test(arguments: [
        ("The remaining accounts are alumni; they cannot print.", "alumni"),
        ("La diferencia son colaboradores externos; trabajan desde casa y no imprimen.", "colaboradores externos"),
        ("As contas excedentes são de bolsistas em estações experimentais.", "bolsistas"),
        ("El resto son cuentas de graduados que conservan el correo.", "graduados"),
    ])
    func reasons(text: String, phrase: String) {
        let fields = Fixture.extract("Hello,\n\nWe have 900 accounts in our domain.\n\n" + text + "\n").fields
        #expect(fields.reason?.contains(phrase) == true, "\(fields.reason ?? "nil")")
    }

    @Test(arguments: [
        ("We commit to keeping active users below the licensed limit and to notifying you if it is exceeded.", true, true),
        ("Nos comprometemos a mantener el número de usuarios activos bajo el límite licenciado.", true, nil),
        ("Comprometemo-nos a manter os usuários ativos abaixo do limite e a comunicar caso seja ultrapassado.", true, true),
        ("Thank you for the information.", nil, nil),
    ] as [(String, Bool?, Bool?)])
    func commitments(text: String, below: Bool?, notify: Bool?) {
        let fields = Fixture.extract("Hello,\n\n" + text + "\n").fields
        #expect(fields.commitments.activeBelowLimit == below)
        #expect(fields.commitments.notifyIfExceeded == notify)
    }

    @Test(arguments: [
        ("Our Premium Upgrade Assurance is current.", Maintenance.premiumUpgradeAssurance),
        ("We bought the Implementation Pack with our licenses.", .implementationPack),
        ("Tenemos el Implementation Pack.", .implementationPack),
        ("We do not have Premium Upgrade Assurance.", nil),
        ("We don’t have Premium Upgrade Assurance, but we bought the Implementation Pack.", .implementationPack),
        ("No tenemos Premium Upgrade Assurance.", nil),
        ("Não temos Premium Upgrade Assurance.", nil),
    ] as [(String, Maintenance?)])
    func maintenance(text: String, plan: Maintenance?) {
        #expect(Fixture.extract("Hello,\n\n" + text + "\n").fields.maintenance == plan)
    }

    @Test func aTitleIsNotACommitment() {
        // "Information" in a signature is not a promise to inform.
        let fields = Fixture.extract("Hello,\n\nWe keep active users below the limit.\n\nRachel Ng\nDirector of Information Services\nFairhaven Public Library System\n").fields
        #expect(fields.commitments.notifyIfExceeded == nil)
    }
}
