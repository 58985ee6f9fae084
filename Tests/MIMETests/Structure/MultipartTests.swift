import MIME
import Testing

@Suite struct MultipartTests {
    @Test func alternativeWithAttachment() {
        let m = parse("""
        From: a@x.test
        Subject: hi
        MIME-Version: 1.0
        Content-Type: multipart/mixed; boundary="outer"

        This is the preamble.
        --outer
        Content-Type: multipart/alternative; boundary=inner

        --inner
        Content-Type: text/plain; charset=utf-8

        Hello plain
        --inner
        Content-Type: text/html; charset=utf-8

        <p>Hello <b>html</b></p>
        --inner--
        --outer
        Content-Type: application/pdf; name="letter.pdf"
        Content-Disposition: attachment; filename="letter.pdf"
        Content-Transfer-Encoding: base64

        JVBERi0xLjQK
        --outer--
        epilogue
        """)
        #expect(m.textBody == "Hello plain")
        #expect(m.htmlBody == "<p>Hello <b>html</b></p>")
        #expect(m.attachments.count == 1)
        #expect(m.attachments.first?.filename == "letter.pdf")
        #expect(m.attachments.first?.contentType == "application/pdf")
        #expect(m.attachments.first?.bytes == Array("%PDF-1.4\n".utf8))
        #expect(m.defects.isEmpty)
    }

    @Test func missingFinalBoundary() {
        let m = parse("""
        Content-Type: multipart/mixed; boundary=b

        --b
        Content-Type: text/plain

        one
        --b
        Content-Type: text/plain
        Content-Disposition: attachment; filename=a.txt

        two
        """)
        #expect(m.textBody == "one")
        #expect(m.attachments.map(\.filename) == ["a.txt"])
        #expect(m.attachments.first?.text == "two")
        #expect(m.defectIDs.contains("missing-closing-boundary"))
    }

    @Test func boundaryLikeLinesAreNotBoundaries() {
        let m = parse("""
        Content-Type: multipart/mixed; boundary=b

        --b
        Content-Type: text/plain

        --bb is not a boundary
        --b x neither
        --b
        Content-Type: text/plain; name=t.txt

        second
        --b--
        """)
        #expect(m.textBody == "--bb is not a boundary\n--b x neither")
        #expect(m.attachments.count == 1)
    }

    @Test func forwardedMessageIsParsed() {
        let m = parse("""
        Subject: Fwd: request
        Content-Type: multipart/mixed; boundary=b

        --b
        Content-Type: text/plain

        see below
        --b
        Content-Type: message/rfc822

        Subject: request
        From: Customer <c@customer.test>
        Content-Type: multipart/mixed; boundary=c

        --c
        Content-Type: text/plain

        inner body
        --c
        Content-Type: application/pdf
        Content-Disposition: attachment; filename=signed.pdf

        PDF
        --c--
        --b--
        """)
        #expect(m.textBody == "see below")
        #expect(m.attachments.map(\.contentType) == ["message/rfc822"])
        #expect(m.embeddedMessages.count == 1)
        let inner = m.embeddedMessages[0]
        #expect(inner.subject == "request")
        #expect(inner.from.first?.address == "c@customer.test")
        #expect(inner.textBody == "inner body")
        #expect(inner.attachments.map(\.filename) == ["signed.pdf"])
    }

    @Test func digestDefaultsToMessages() {
        let m = parse("""
        Content-Type: multipart/digest; boundary=d

        --d

        Subject: one

        first
        --d

        Subject: two

        second
        --d--
        """)
        #expect(m.embeddedMessages.map(\.subject) == ["one", "two"])
        #expect(m.attachments.map(\.contentType) == ["message/rfc822", "message/rfc822"])
    }

    @Test func deepNestingStopsAtTheLimit() {
        var text = "Content-Type: multipart/mixed; boundary=b0\n\n"
        for i in 1..<200 { text += "--b\(i - 1)\nContent-Type: multipart/mixed; boundary=b\(i)\n\n" }
        text += "--b199\nContent-Type: text/plain\n\nleaf\n"
        let m = parse(text)
        #expect(m.defectIDs.contains("limit-exceeded"))
    }

    @Test func relatedHtmlOnly() {
        let m = parse("""
        Content-Type: multipart/related; boundary=r

        --r
        Content-Type: text/html

        <html><body><p>Hi &amp; bye</p><img src="cid:x" alt="logo"></body></html>
        --r
        Content-Type: image/png
        Content-ID: <x>

        PNG
        --r--
        """)
        #expect(m.textBody == "Hi & bye\n\nlogo")
        #expect(m.attachments.map(\.contentType) == ["image/png"])
    }

    @Test func manyPartsStopAtTheLimit() {
        var text = "Content-Type: multipart/mixed; boundary=b\n\n"
        for _ in 0..<100 { text += "--b\nContent-Type: text/plain\n\nx\n" }
        text += "--b--\n"
        let m = MessageParser.parse(mail(text), limits: ParseLimits(maxPartCount: 10))
        #expect(m.attachments.count == 8)
        #expect(m.defectIDs.contains("limit-exceeded"))
    }

    @Test func rfc2231Filename() {
        let m = parse("""
        Content-Type: multipart/mixed; boundary=b

        --b
        Content-Type: text/plain

        body
        --b
        Content-Type: application/octet-stream
        Content-Disposition: attachment;
         filename*0*=utf-8''%E2%82%AC%20rates;
         filename*1*=%202026.pdf

        x
        --b
        Content-Type: application/octet-stream; name="=?utf-8?B?w7xiZXIucGRm?="

        y
        --b--
        """)
        #expect(m.attachments.map(\.filename) == ["€ rates 2026.pdf", "über.pdf"])
    }
}
