import MIME
import Testing

@Suite struct HeaderParserTests {
    @Test func unfoldsAndMatchesNamesWithoutCase() {
        let m = parse("""
        SUBJECT: a long
         subject line
        X-Thing:   padded  \n\
        From: a@example.com

        body
        """)
        #expect(m.subject == "a long subject line")
        #expect(m.header.first("subject") == "a long subject line")
        #expect(m.header.first("x-thing") == "padded")
        #expect(m.header.fields[0].name == "SUBJECT")
        #expect(m.header.fields[0].rawValue == Array(" a long\r\n subject line".utf8))
        #expect(m.textBody == "body")
        #expect(m.hasHeaderSection)
    }

    @Test func obsoleteSpaceBeforeColon() {
        let m = parse("Subject : hello\nFrom: a@b.example\n\nx")
        #expect(m.subject == "hello")
        #expect(m.header.fields[0].name == "Subject")
    }

    @Test func notAMail() {
        let m = parse("Hello there, this is just text.\nSecond line.")
        #expect(!m.hasHeaderSection)
        #expect(m.defectIDs.contains("no-header-section"))
        #expect(m.textBody == "Hello there, this is just text.\nSecond line.")
    }

    @Test func unixFromLineSkipped() {
        let m = parse("From sender@example.com Tue Nov 24 10:00:00 2026\nSubject: x\n\nb")
        #expect(m.hasHeaderSection)
        #expect(m.subject == "x")
    }

    @Test func allReturnsEveryField() {
        let m = parse("Received: a\nReceived: b\nSubject: s\n\n")
        #expect(m.header.all("received") == ["a", "b"])
    }

    @Test(arguments: [
        ("=?UTF-8?B?SMOpbGxv?=", "Héllo"),
        ("=?iso-8859-1?q?caf=E9_cr=E8me?=", "café crème"),
        ("=?utf-8?q?a?= =?utf-8?q?b?=", "ab"),
        ("=?utf-8?q?a?=\n =?utf-8?q?b?=", "ab"),
        ("Re: =?utf-8?q?x?= y", "Re: x y"),
        ("=?utf-8?B?4oKs?= 25.000 cuentas", "€ 25.000 cuentas"),
        ("=?UTF-8?B?w6k=?==?UTF-8?B?w6k=?=", "éé"),
        ("=?utf-8?B?4o?= =?utf-8?B?gqw=?=", "€"),
        ("=?utf-8?x?bad?= stays", "=?utf-8?x?bad?= stays"),
        ("=?utf-8*en?q?lang?=", "lang"),
        ("=?windows-1251?B?z/Do4uXy?=", "Привет"),
        ("=?koi8-r?B?8NLJ18XU?=", "Привет"),
        ("=?ISO-2022-JP?B?GyRCJEgkJRsoQg==?=", "とぅ"),
        ("=?gb2312?B?1tDOxA==?=", "中文"),
        ("=?big5?B?pKSk5Q==?=", "中文"),
        ("=?shift_jis?B?k/qWe4zq?=", "日本語"),
        ("=?euc-kr?B?x9Gxub7u?=", "한국어"),
        ("plain ütf-8 subject", "plain ütf-8 subject"),
    ])
    func encodedWords(raw: String, expected: String) {
        let m = parse("Subject: \(raw)\n\n")
        #expect(m.subject == expected)
    }

    @Test func eightBitLegacySubjectReadAsWindows1252() {
        var bytes = Array("Subject: caf".utf8)
        bytes += [0xE9, 0x0D, 0x0A, 0x0D, 0x0A]
        #expect(MessageParser.parse(bytes).subject == "café")
    }

    @Test func headerCountLimit() {
        var text = ""
        for i in 0..<50 { text += "X-\(i): v\n" }
        let m = MessageParser.parse(mail(text + "\nbody"), limits: ParseLimits(maxHeaderCount: 10))
        #expect(m.header.fields.count == 10)
        #expect(m.defectIDs.contains("limit-exceeded"))
        #expect(m.textBody == "body")
    }

    @Test func headerLengthLimit() {
        let long = String(repeating: "a", count: 10_000)
        let m = MessageParser.parse(mail("Subject: \(long)\n\nbody"), limits: ParseLimits(maxHeaderLineLength: 100))
        #expect((m.subject?.count ?? 0) < 100)
        #expect(m.defectIDs.contains("limit-exceeded"))
    }
}

@Suite struct MessageIDTests {
    @Test(arguments: [
        ("<abc@x.example>", "<abc@x.example>"),
        ("  <abc@x.example> (added by relay)", "<abc@x.example>"),
        ("\n <folded@x.example>", "<folded@x.example>"),
        ("no-brackets@x.example", "no-brackets@x.example"),
    ])
    func keepsTheBracketedID(raw: String, expected: String) {
        #expect(parse("Message-ID: \(raw)\n\n").messageID == expected)
    }

    @Test func absentIsNil() {
        #expect(parse("Subject: x\n\n").messageID == nil)
    }
}

@Suite struct NotAMailTests {
    @Test(arguments: ["", "\r\nbody after a blank line", "\nbody"])
    func noHeaderFieldAtTheStart(text: String) {
        let m = MessageParser.parse(Array(text.utf8))
        #expect(!m.hasHeaderSection)
        #expect(m.defects.first?.kind == .noHeaderSection)
    }

    @Test func partsWithoutHeadersAreFine() {
        let m = parse("Content-Type: multipart/mixed; boundary=b\n\n--b\n\nno part header\n--b--")
        #expect(m.hasHeaderSection)
        #expect(m.defects.isEmpty)
        #expect(m.textBody == "no part header")
    }
}

/// Issue 12: the number of files one message may list was unbounded (a winmail.dat can name thousands
/// in a few kilobytes). Past the bound the rest stay in the raw message, and a defect says so.
@Test func attachmentsPastTheBoundAreNotListed() {
    var text = "From: a@x.org\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nhi\r\n"
    for i in 0..<30 { text += "--b\r\nContent-Type: application/pdf\r\nContent-Disposition: attachment; filename=\"f\(i).pdf\"\r\n\r\n%PDF\r\n" }
    text += "--b--\r\n"
    let m = MessageParser.parse(Array(text.utf8), limits: ParseLimits(maxAttachmentCount: 10))
    #expect(m.attachments.count == 10)
    #expect(m.attachments.first?.filename == "f0.pdf")
    #expect(m.defects.contains { $0.kind == .limitExceeded })
    #expect(MessageParser.parse(Array(text.utf8)).attachments.count == 30)
}
