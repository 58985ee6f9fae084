import MIME
import Testing

/// Where intake and Python's email (policy=default) disagree on purpose. Each test names the key
/// scripts/mime-differential.py reports the disagreement under, and pins intake's behaviour.
@Suite struct DeliberateDifferenceTests {
    @Test("textBody:html-only — HTML-only mail gets a text body converted from the HTML")
    func htmlOnly() {
        let m = parse("Content-Type: text/html\n\n<p>Need <b>25.000</b> seats</p>")
        #expect(m.textBody == "Need 25.000 seats")
        #expect(m.htmlBody == "<p>Need <b>25.000</b> seats</p>")
    }

    @Test("textBody:empty-plain — an empty plain alternative gives way to the HTML")
    func emptyPlainAlternative() {
        let m = parse("Content-Type: multipart/alternative; boundary=a\n\n--a\nContent-Type: text/plain\n\n \n--a\nContent-Type: text/html\n\n<p>the real text</p>\n--a--")
        #expect(m.textBody == "the real text")
    }

    @Test("text:windows-1252-for-latin1 — iso-8859-1 is read as windows-1252")
    func latin1IsWindows1252() {
        #expect(Charset.decode([0x93, 0x61, 0x94, 0x80], label: "iso-8859-1").text == "“a”€")
    }

    @Test("text:charset-fallback — unknown or lying labels fall back with a defect")
    func charsetFallback() {
        var bytes = mail("Content-Type: text/plain; charset=utf-8\n\n")
        bytes += [0x61, 0xF1, 0x6F]  // "año" in latin-1, labelled UTF-8
        let m = MessageParser.parse(bytes)
        #expect(m.textBody == "año")
        #expect(m.defects.map(\.description) == ["invalid utf-8 data, read as windows-1252"])
    }

    @Test("header:raw-8bit — raw UTF-8 in headers is read as UTF-8 (RFC 6532)")
    func rawUTF8Headers() {
        let m = parse("From: José Ñandú <jose@ejemplo.es>\nSubject: Grüße\n\n")
        #expect(m.from == [Address(name: "José Ñandú", address: "jose@ejemplo.es")])
        #expect(m.subject == "Grüße")
    }

    @Test("header:obsolete-wsp-before-colon — obs-field 'Name : value' is a header")
    func wspBeforeColon() {
        let m = parse("To: a@x.test\nSubject  : spaced\n\nbody")
        #expect(m.subject == "spaced")
        #expect(m.textBody == "body")
    }

    @Test("header:comment-in-cte — comments in Content-Transfer-Encoding are ignored")
    func commentInCTE() {
        let m = parse("Content-Transfer-Encoding: base64 (encoded)\n\naGk=")
        #expect(m.textBody == "hi")
    }

    @Test("qp:soft-break-with-padding — '=' followed by spaces at a line end is a soft break")
    func qpSoftBreakWithPadding() {
        let m = parse("Content-Transfer-Encoding: quoted-printable\n\nsoft = \nbreak")
        #expect(m.textBody == "soft break")
    }

    @Test("address:adjacent-encoded-words — whitespace between encoded words in a name is dropped")
    func adjacentEncodedWordsInName() {
        let m = parse("From: =?utf-8?q?J=C3=B6?= =?utf-8?q?rg?= <j@x.test>\n\n")
        #expect(m.from.first?.name == "Jörg")
    }

    @Test("address:comment-name — 'addr (Name)' takes the comment as name")
    func commentName() {
        let m = parse("From: joe@example.com (Joe Q. Public)\n\n")
        #expect(m.from == [Address(name: "Joe Q. Public", address: "joe@example.com")])
    }

    @Test("attachments:expanded-multipart — files inside signed content are listed")
    func expandedMultipart() {
        let m = parse("""
        Content-Type: multipart/signed; boundary=s

        --s
        Content-Type: multipart/mixed; boundary=m

        --m
        Content-Type: text/plain

        text
        --m
        Content-Type: application/pdf; name=a.pdf

        x
        --m--
        --s
        Content-Type: application/pgp-signature; name=signature.asc

        sig
        --s--
        """)
        #expect(m.attachments.map(\.filename) == ["a.pdf", "signature.asc"])
        #expect(m.textBody == "text")
    }

    @Test("attachments:single-part — a bare PDF message lists itself")
    func singlePart() {
        let m = parse("Content-Type: application/pdf; name=only.pdf\nContent-Transfer-Encoding: base64\n\nJVBERg==")
        #expect(m.attachments.map(\.filename) == ["only.pdf"])
        #expect(m.textBody == nil)
    }

    @Test("attachments:uuencode-name — x-uuencode parts are decoded and named from 'begin'")
    func uuencodeName() {
        let m = parse("Content-Type: multipart/mixed; boundary=b\n\n--b\n\nt\n--b\nContent-Transfer-Encoding: x-uuencode\n\nbegin 644 a.txt\n#86)C\n`\nend\n--b--")
        #expect(m.attachments.first?.filename == "a.txt")
        #expect(m.attachments.first?.bytes == Array("abc".utf8))
    }

    @Test("limits — limits cut with a defect instead of reading everything")
    func limits() {
        let m = MessageParser.parse(mail("Subject: " + String(repeating: "x", count: 500) + "\n\nb"),
                                    limits: ParseLimits(maxHeaderLineLength: 100))
        #expect(m.defects.contains { $0.kind == .limitExceeded })
    }

    @Test("textBody:not-a-mail — bytes that are not a mail become text with a defect")
    func notAMail() {
        let m = MessageParser.parse([0x00, 0x01, 0x41])
        #expect(!m.hasHeaderSection)
        #expect(m.defects.first?.kind == .noHeaderSection)
    }

    @Test("textBody:broken-structure — a multipart whose boundary is missing is read as text")
    func brokenStructure() {
        let m = parse("Content-Type: multipart/mixed\n\nsome text")
        #expect(m.textBody == "some text")
        #expect(m.defects.first?.kind == .missingBoundaryParameter)
    }
}
