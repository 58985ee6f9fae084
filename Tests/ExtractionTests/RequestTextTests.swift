import Testing
@testable import Extraction

@Suite struct RequestTextTests {
    static let request = """
        Hello,

        Our domain has 900 accounts.

        Regards,
        Ana Lima
        """

    /// Quoted replies never feed fields: everything from the quote marker down is cut, in every language.
    @Test(arguments: [
        "On Mon, 9 Nov 2026 at 14:02, Jenna Costa <jenna@ecoprintq.com> wrote:\n> We need 25,000 accounts",
        "On 10 Nov 2026, at 14:02, Priscilla Tan <ptan@lumenbiotech.com> wrote:\n> 1,900 accounts",
        "El lun, 9 nov 2026 a las 14:02, Jenna Costa (<jenna@ecoprintq.com>) escribió:\n> 25.000 cuentas",
        "Em seg., 9 de nov. de 2026 às 14:02, Jenna Costa <jenna@ecoprintq.com> escreveu:\n> 25.000 contas",
        "-----Original Message-----\nFrom: Jenna\n25,000 accounts",
        "-----Mensaje original-----\nDe: Jenna\n25.000 cuentas",
        "-----Mensagem original-----\nDe: Jenna\n25.000 contas",
        "From: Jenna Costa <jenna.costa@ecoprintq.com>\nSent: Monday, November 9, 2026 2:15 PM\nTo: Ana\nSubject: RE: License\n\n25,000 accounts",
        "De: Jenna Costa <jenna.costa@ecoprintq.com>\nEnviado el: lunes, 9 de noviembre de 2026 14:15\nPara: Ana\n\n25.000 cuentas",
        "De: Jenna Costa <jenna.costa@ecoprintq.com>\nEnviada em: segunda-feira, 9 de novembro de 2026 14:15\nPara: Ana\n\n25.000 contas",
        "> 25,000 accounts\n> in the domain",
        "On Mon, Nov 9, 2026 at 2:15 PM Jenna Costa 25,000 <\njenna.costa@ecoprintq.com> wrote:\n> 25,000 accounts",
    ])
    func quotesAreCut(quote: String) {
        let text = RequestText(body: Self.request + "\n\n" + quote, subject: "Re: License", markers: Fixture.extractor.markers)
        #expect(text.forwarded == nil)
        #expect(text.own.contains("900 accounts"))
        #expect(!text.own.contains("25"))
    }

    /// Legal footers never feed fields, in every language.
    @Test(arguments: [
        "CONFIDENTIALITY NOTICE: This e-mail and any attachments are confidential. 25,000 accounts.",
        "This email is confidential and may be legally privileged. Call +44 29 2000 1000.",
        "Acme Solicitors LLP is a limited liability partnership registered in England and Wales (number OC312845).",
        "AVISO DE CONFIDENCIALIDAD: Este mensaje y sus adjuntos son confidenciales. Ley 25.326.",
        "Este mensaje es confidencial y está dirigido a su destinatario. 25.000 cuentas.",
        "AVISO LEGAL: Esta mensagem é confidencial. 25.000 contas.",
        "Esta mensagem e seus anexos é confidencial. 25.000 contas.",
        "Sent from my iPhone",
        "Enviado desde mi iPhone",
        "Enviado do meu iPhone",
        "Get Outlook for iOS",
    ])
    func footersAreCut(footer: String) {
        let text = RequestText(body: Self.request + "\n\n" + footer, subject: nil, markers: Fixture.extractor.markers)
        #expect(text.own.contains("Ana Lima"))
        #expect(!text.own.contains(footer.prefix(12)))
    }

    /// A forward: the request below the marker is what is read, without its header block.
    @Test(arguments: [
        ("Fwd: PaperCut", "---------- Forwarded message ---------\nFrom: Grace <g@harbor.org>\nDate: Mon, Nov 16, 2026\nSubject: PaperCut\nTo: Tom <t@harbor.org>\n"),
        ("Fwd: PaperCut", "Begin forwarded message:\n\nFrom: Grace <g@harbor.org>\nSubject: PaperCut\nDate: November 16, 2026 at 9:30:12 AM PST\nTo: Tom <t@harbor.org>\n"),
        ("Fwd: PaperCut", "-------- Forwarded Message --------\nSubject: \tPaperCut\nDate: \tMon, 16 Nov 2026 10:02:44 +0200\nFrom: \tGrace <g@harbor.org>\n"),
        ("RV: PaperCut", "-----Mensaje original-----\nDe: Grace <g@harbor.org>\nEnviado el: lunes, 16 de noviembre de 2026 09:12\nPara: Tom\nAsunto: PaperCut\n"),
        ("ENC: PaperCut", "-----Mensagem original-----\nDe: Grace <g@harbor.org>\nEnviada em: segunda-feira, 16 de novembro de 2026 08:30\nPara: Tom\nAssunto: PaperCut\n"),
        ("FW: PaperCut", "________________________________\nFrom: Grace <g@harbor.org>\nSent: Monday, November 16, 2026 8:47 AM\nTo: Tom\nSubject: PaperCut\n"),
        ("Fwd: PaperCut", "---------- Mensagem encaminhada ---------\nDe: Grace <g@harbor.org>\nDate: seg., 16 de nov. de 2026\nSubject: PaperCut\nTo: Tom\n"),
    ])
    func forwardsAreRead(subject: String, header: String) {
        let body = "FYI, see the request below.\n\nTom\n\n" + header + "\nDear EcoPrintQ,\n\nWe have 900 accounts in our domain.\n\nGrace Whitmore\nExecutive Director\nHarbor Lights Foundation\n"
        let text = RequestText(body: body, subject: subject, markers: Fixture.extractor.markers)
        let forwarded = text.forwarded
        #expect(forwarded != nil)
        #expect(forwarded?.contains("900 accounts") == true)
        #expect(forwarded?.contains("From:") == false && forwarded?.contains("De:") == false)
        #expect(text.own.contains("FYI"))
        let fields = Fixture.extract(body, subject: subject).fields
        #expect(fields.requesterName == "Grace Whitmore")
        #expect(fields.domainAccounts == 900)
    }

    @Test func aForwardQuotedWithMarksIsStillTheRequest() {
        let body = "Please see below.\n\n---------- Forwarded message ---------\nFrom: Grace <g@harbor.org>\n\n> We have 900 accounts in our domain.\n> \n> Grace Whitmore\n> Executive Director\n"
        let fields = Fixture.extract(body, subject: "Fwd: request").fields
        #expect(fields.domainAccounts == 900)
        #expect(fields.requesterName == "Grace Whitmore")
    }

    /// Bottom-posting: the writer's words under a ">" quote are read; the quoted lines are not.
    @Test(arguments: [
        "On Mon, 9 Nov 2026 at 14:02, Jenna <jenna@ecoprintq.com> wrote:\n> How many accounts (e.g. 25,000)?\n\nWe have 900 accounts in our domain.\n\nAna Lima\nIT Manager\n",
        "El lun, 9 nov 2026, Jenna <jenna@ecoprintq.com> escribió:\n> ¿Cuántas cuentas (p. ej. 25.000)?\n\nWe have 900 accounts in our domain.\n\nAna Lima\nIT Manager\n",
    ])
    func bottomPostedReplies(body: String) {
        let fields = Fixture.extract(body, subject: "Re: License").fields
        #expect(fields.domainAccounts == 900)
        #expect(fields.requesterName == "Ana Lima")
    }

    @Test func outlookHeaderBlockCutsEverythingBelow() {
        let body = "Here are the numbers.\n\nFrom: Jenna <jenna@ecoprintq.com>\nSent: Monday\nTo: Ana\n\nWe have 25,000 accounts in our domain.\n"
        let text = RequestText(body: body, subject: "RE: License", markers: Fixture.extractor.markers)
        #expect(!text.own.contains("25,000"))
    }

    @Test func aReplyQuotingARequestReadsOnlyTheReply() {
        let body = "Resending in case this got lost.\n\nPriscilla\n\n> On 10 Nov 2026, at 14:02, Priscilla Tan <ptan@lumen.com> wrote:\n>\n> We have 1,900 accounts in our domain.\n>\n> Priscilla Tan\n> Head of IT\n"
        let fields = Fixture.extract(body, subject: "Re: request").fields
        #expect(fields.domainAccounts == nil)
        #expect(fields.requesterTitle == nil)
    }
}

@Suite struct LinePatternPrefilterTests {
    @Test(arguments: [
        (#"^On .+ wrote:\s*$"#, " wrote:"),
        (#"^.{0,80}escribi[oó]:\s*$"#, "escribi"),
        (#"^-+ ?Original Message ?-+\s*$"#, "original message"),
        (#"^_{10,}\s*$"#, nil),
        (#"^(CONFIDENTIALITY|DISCLAIMER|CONFIDENTIAL)\b"#, nil),
        (#"^This (e-?mail|message)( and any (files|attachments))? (is|are) (confidential|intended)"#, "this "),
        (#"^Le .+ a [eé]crit\s?:\s*$"#, "crit"),
        (#"^Inviato da(l)? (mio )?(iPhone|iPad)"#, "inviato da"),
        (#"^Sent|^Get"#, nil),
    ] as [(String, String?)])
    func requiredTextIsWhatEveryMatchHolds(pattern: String, expected: String?) {
        #expect(LinePattern.requiredText(of: pattern).map { String(decoding: $0, as: UTF8.self) } == expected)
    }

    @Test(arguments: [
        (#"^(CONFIDENTIALITY|DISCLAIMER|CONFIDENTIAL)\b"#, "cd"),
        (#"^(Get|Sent from) Outlook for (iOS|Android)"#, "gs"),
        (#"^_{10,}\s*$"#, "_"),
        (#"^-+ ?Original Message ?-+\s*$"#, "-"),
        (#"^D[eé]but du message"#, "d"),
        (#"^[Dd]e:"#, "d"),
        (#"^.{0,80}wrote:\s*$"#, nil),
        (#"^(On|El)? .+"#, nil),
        (#"^\s*From:"#, nil),
        (#"^A?B"#, nil),
        (#"^(?:Von|From|(De))"#, nil),
    ] as [(String, String?)])
    func firstBytesAreWhatAMatchingLineStartsWith(pattern: String, expected: String?) {
        #expect(LinePattern.firstBytes(of: pattern).map { String(decoding: $0.sorted(), as: UTF8.self) } == expected)
    }

    @Test func alternativesGiveTextsOneOfWhichIsRequired() {
        func texts(_ p: String) -> [String]? { LinePattern.requiredOneOf(of: p)?.map { String(decoding: $0, as: UTF8.self) } }
        #expect(texts(#"\b(limited liability partnership|registered in England|authori[sz]ed and regulated by)\b"#)
                == ["limited liability partnership", "registered in england", "ed and regulated by"])
        #expect(texts(#"^(Get|Sent from) Outlook"#) == ["get", "sent from"])
        #expect(texts(#"(registered office|legal notice)?x"#) == nil)  // an optional group requires nothing
        #expect(texts(#"(abc|d.)"#) == nil)                           // an alternative without text of its own
        #expect(texts(#"a|b"#) == nil)
    }

    @Test func prefilterNeverRejectsAMatch() throws {
        let lines: [Substring] = [
            "On Mon, 3 Mar 2025 at 10:00, Ana <ana@x.org> WROTE:", "El lun, 3 mar 2025, Ana escribió:",
            "-----ORIGINAL MESSAGE-----", "This E-MAIL is confidential", "Le 3 mars, Ana a écrit :",
            "Am 3. März schrieb Ana:", "INVIATO DAL MIO IPHONE", "Em seg., 3 de mar. de 2025 Ana escreveu:",
            "Sent from my \u{212A}indle wrote:", "CONFIDENTIAL: this message", "Disclaimer", "get Outlook for iOS",
            "__________________", "\u{212A}onfidential", "Acme LLP is a limited liability partnership registered in England",
            "Authorised and regulated by the SRA", "Registered office: 1 High St", "Questo messaggio è riservato", "Von meinem iPhone gesendet",
            "El lun, Ana eſcribió:", "Em seg., Ana eſcreveu:", "Regiſtered office: 1 High St", "Ana a écrit\u{00A0}:", "Am 3. März schrieb Ana:",
            "Enviado desde mi móvil", "Début du message réexpédié :", "Início da mensagem encaminhada:", "\u{212A}elvin wrote:",
            "Mensaje reenviado", "-----Mensagem original-----", "Écrit: ok", "Ｅl lun, Ana escribió:", "El lun, Ana escribio\u{0301}:",
        ]
        for language in Fixture.patterns.languages {
            for source in language.quoteStarts + language.forwardStarts + language.footerStarts {
                let pattern = try LinePattern(source, language: language.language)
                let regex = try Regex(source).ignoresCase()
                for line in lines {
                    let truth = (try? regex.firstMatch(in: line)) != nil
                    #expect(pattern.matches(line) == truth, "\(source) on \(line)")
                }
            }
        }
    }

    @Test func aQuoteIsTheSendersWhenItsAttributionNamesTheirAddressOrFullName() {
        let author = QuoteAuthor(address: "Maria.Lindqvist@Vasterhavet.se", name: "Maria Lindqvist")
        #expect(author.isNamed(in: "on 12 nov 2026, maria lindqvist <maria.lindqvist@vasterhavet.se> wrote:"))
        #expect(author.isNamed(in: "on 12.11.2026 09.40, maria lindqvist wrote:"), "Thunderbird names the person only")
        #expect(!author.isNamed(in: "on 12.11.2026 09.40, sofia paredes wrote:"))
        // One word could be anyone's: "Maria" alone does not make a quote hers.
        let firstNameOnly = QuoteAuthor(address: "m@vasterhavet.se", name: "Maria")
        #expect(firstNameOnly.name == nil)
        #expect(!firstNameOnly.isNamed(in: "on monday, maria wrote:"))
        // A directory's "Surname, Given names": the letter signs given name first; a quote may use either.
        let listed = QuoteAuthor(address: "fjortega@villa.es", name: "Ortega Linares, Francisco Javier")
        #expect(listed.name == "francisco javier ortega linares")
        #expect(listed.isNamed(in: "el 1 dic 2026, ortega linares, francisco javier escribió:"))
        #expect(listed.isNamed(in: "el 1 dic 2026, francisco javier ortega linares escribió:"))
    }

    @Test func theSendersOwnRequestUnderSomeoneElsesQuoteIsRead() {
        let body = """
        Here is the missing figure: we are licensed for 600 users.

        Henrik Aasen

        From: Laura Mitchell <laura@ecoprintq.com>
        Sent: Tuesday, 11 February 2025 18:05
        To: Henrik Aasen <henrik@nordkyst.no>
        Subject: RE: License exception

        Please tell us your licensed count. A complete request reads: "Our domain contains 25,000 accounts".

        From: Henrik Aasen <henrik@nordkyst.no>
        Sent: Tuesday, 11 February 2025 09:47
        To: sales@ecoprintq.com
        Subject: License exception

        We have 1 400 accounts in Entra ID and ask for an exception to cover 750 users.
        """
        let text = RequestText(body: body, subject: "RE: License exception", markers: Fixture.extractor.markers,
                               sender: QuoteAuthor(address: "henrik@nordkyst.no", name: "Henrik Aasen"))
        #expect(text.quotedOwn.count == 1)
        #expect(text.quotedOwn.first?.own.contains("1 400 accounts") == true)
        #expect(!text.quotedOwn.contains { $0.own.contains("25,000") }, "the reseller's words are never read")
    }

    @Test func aTableCellIsACountOnlyWhenShapedLikeOne() {
        for count in ["640", "4.750", "1 620", "25,000", "1\u{00A0}200", "0", "1250000"] {
            #expect(RequestText.isCountShaped(Substring(count)), "\(count)")
        }
        for other in ["027 555 0192", "0800 492 456", "021 555 0387", "12,00", "1,250.000", "07 878 5102", "12345678"] {
            #expect(!RequestText.isCountShaped(Substring(other)), "\(other)")
        }
    }
}
