import MIME
import Testing
@testable import Extraction

@Suite struct RequestExtractorTests {
    static func withAttachedMessage(body: String, attached: String) -> Message {
        let text = """
            From: Tom Alvarez <talvarez@harbor.org>\r
            To: sales@ecoprintq.com\r
            Subject: License exception\r
            MIME-Version: 1.0\r
            Content-Type: multipart/mixed; boundary="b1"\r
            \r
            --b1\r
            Content-Type: text/plain; charset=utf-8\r
            \r
            \(body.replacingOccurrences(of: "\n", with: "\r\n"))\r
            --b1\r
            Content-Type: message/rfc822\r
            Content-Disposition: attachment; filename="request.eml"\r
            \r
            From: Grace Whitmore <gwhitmore@harbor.org>\r
            Subject: PaperCut license exception\r
            Content-Type: text/plain; charset=utf-8\r
            \r
            \(attached.replacingOccurrences(of: "\n", with: "\r\n"))\r
            --b1--\r
            """
        return MessageParser.parse(Array(text.utf8))
    }

    static let request = "Dear EcoPrintQ,\n\nWe have 900 accounts in our domain, a license for 500 users, and ask that the exception cover 600.\n\nGrace Whitmore\nExecutive Director\nHarbor Lights Foundation\n"

    @Test func anAttachedRequestIsReadBeforeTheSendersSignature() {
        let message = Self.withAttachedMessage(body: "Please see the attached request.\n\nRegards,\nTom Alvarez\nIT Support\n", attached: Self.request)
        let e = Fixture.extractor.extract(from: message)
        #expect(e.fields.requesterName == "Grace Whitmore")
        #expect(e.fields.domainAccounts == 900)
        #expect(e.evidence["requesterName"]?.source == "attached message")
    }

    @Test func anAttachedMessageOnlyFillsWhatTheBodyLeavesOut() {
        let body = "Dear EcoPrintQ,\n\nWe have 1,200 accounts in our domain.\n\nTom Alvarez\nIT Manager\nHarbor Lights Foundation\n"
        let e = Fixture.extractor.extract(from: Self.withAttachedMessage(body: body, attached: Self.request))
        #expect(e.fields.requesterName == "Tom Alvarez")
        #expect(e.fields.domainAccounts == 1_200)
        #expect(e.fields.licensedUsers == 500)
        #expect(e.evidence["licensedUsers"]?.source == "attached message")
    }
}
