import Foundation
import MIME
import Testing

/// Inputs shaped to make a naive parser quadratic, deep or large. Each must parse, quickly
/// (a regression shows as a hanging test), with the limits reported as defects.
@Suite struct HostileInputTests {
    @Test func manyUnclosedTagsInHTML() {
        let html = String(repeating: "<a ", count: 100_000)
        let m = parse("Content-Type: text/html\n\n" + html)
        #expect(m.textBody != nil)
    }

    @Test func manyEncodedWordStartsWithoutEnds() {
        let m = parse("Subject: " + String(repeating: "=?a?q?x", count: 9_000) + "\n\nb")
        #expect(m.subject != nil)
    }

    @Test func deeplyNestedMessages() {
        let m = parse(String(repeating: "Content-Type: message/rfc822\n\n", count: 100) + "body")
        #expect(m.defects.contains { $0.kind == .limitExceeded })
        var depth = 0
        var cur = m
        while let next = cur.embeddedMessages.first { cur = next; depth += 1 }
        #expect(depth <= ParseLimits.default.maxDepth)
    }

    @Test func hugeHeaderLine() {
        let m = parse("Subject: " + String(repeating: "a", count: 1_000_000) + "\n\nbody")
        #expect(m.textBody == "body")
        #expect(m.defects.contains { $0.kind == .limitExceeded })
    }

    @Test func manyHeaderFieldsKeepTheEssentialOnes() {
        let m = parse(String(repeating: "X-Spam: y\n", count: 5_000) + "Subject: still here\n\nbody")
        #expect(m.subject == "still here")
        #expect(m.header.fields.count <= ParseLimits.default.maxHeaderCount + 10)
    }

    @Test func manyEmptyParts() {
        let m = parse("Content-Type: multipart/mixed; boundary=b\n\n" + String(repeating: "--b\n\nx\n", count: 50_000))
        #expect(m.defects.contains { $0.kind == .limitExceeded })
    }

    @Test func totalSizeLimit() {
        let m = MessageParser.parse(mail("Subject: s\n\n" + String(repeating: "x", count: 10_000)),
                                    limits: ParseLimits(maxTotalSize: 1_000))
        #expect((m.textBody?.utf8.count ?? 0) < 1_000)
        #expect(m.defects.contains { $0.kind == .limitExceeded })
    }

    @Test func unclosedCommentsAndQuotesInAddresses() {
        let m = parse("To: " + String(repeating: "(", count: 10_000) + "\nFrom: \"unterminated <a@b.test>\n\n")
        #expect(m.to.isEmpty)
        _ = m.from
    }

    @Test func base64EncodedMessageNestedInItself() {
        var inner = Array("Subject: innermost\r\n\r\nbody".utf8)
        for _ in 0..<34 {
            let b64 = base64(inner)
            inner = Array("Content-Type: message/rfc822\r\nContent-Transfer-Encoding: base64\r\n\r\n".utf8) + b64
        }
        let m = MessageParser.parse(inner)
        #expect(m.defects.contains { $0.kind == .limitExceeded })
    }

    func base64(_ bytes: [UInt8]) -> [UInt8] {
        [UInt8](Data(bytes).base64EncodedData(options: .lineLength76Characters))
    }
}
