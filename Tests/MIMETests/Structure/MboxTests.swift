import MIME
import Testing

@Suite struct MboxTests {
    let file = Array("""
    From a@example.com Tue Nov 24 10:00:00 2026
    Subject: one

    >From the start of a line
    body one

    From b@example.com Tue Nov 24 10:01:00 2026
    Subject: two

    body two
    """.utf8)

    @Test func splitsOnFromLinesAfterBlankLines() {
        let ranges = Mbox.messages(in: file)
        #expect(ranges.count == 2)
        let first = MessageParser.parse(Array(file[ranges[0]]))
        let second = MessageParser.parse(Array(file[ranges[1]]))
        #expect(first.subject == "one")
        #expect(first.textBody == ">From the start of a line\nbody one\n")
        #expect(second.subject == "two")
        #expect(second.textBody == "body two")
    }

    @Test func unescapesMboxrdQuoting() {
        let r = Mbox.messages(in: file)[0]
        let text = String(decoding: Mbox.unescaped(file[r]), as: UTF8.self)
        #expect(text.contains("\nFrom the start of a line\n"))
    }

    @Test func fileWithoutFromLineIsOneMessage() {
        #expect(Mbox.messages(in: Array("Subject: x\n\nbody\n".utf8)) == [0..<17])
        #expect(Mbox.messages(in: []).isEmpty)
    }

    @Test func fromInsideBodyWithoutBlankLineIsNotASeparator() {
        let text = Array("From a@b Tue\nSubject: x\n\nline\nFrom here on\n".utf8)
        #expect(Mbox.messages(in: text).count == 1)
    }
}
