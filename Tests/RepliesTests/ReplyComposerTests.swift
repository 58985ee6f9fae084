import Extraction
import Foundation
import MIME
@testable import Replies
import RuleEngine
import Testing

@Suite struct ReplyComposerTests {
    @Test func theSpanishIncompleteReplyNamesExactlyWhatIsMissing() throws {
        let (reply, message) = replyCase(for: sample("incomplete-missing-commitment-es.eml"))
        #expect(reply.language == "es")
        #expect(reply.kind == .rejected)
        let missing = try #require(reply.findings.first { $0.rule == "incomplete-request" }?.missing)
        let composed = try compose(reply, OriginalMessage(message))
        let text = try #require(MessageParser.parse(composed.bytes).textBody)
        let listed = text.split(separator: "\n").filter { $0.hasPrefix("  - ") }.map { String($0.dropFirst(4)) }
        let words = missing.map { shippedRules.fieldWords.list([$0], in: "es") }
        #expect(listed == words)
        #expect(words.contains("su compromiso de mantener el número de usuarios activos por debajo del límite"))
        // Every other field's Spanish words are absent from the list: exactly what is missing.
        let present = RequestFields.fieldNames.filter { !missing.contains($0) }.map { shippedRules.fieldWords.list([$0], in: "es") }
        #expect(listed.allSatisfy { !present.contains($0) })
        #expect(text.contains("Lo que falta:"))
        #expect(text.contains("Options → User/Group Sync"))  // the policy's three ways
        #expect(!text.contains("What is missing"))
    }

    @Test func headersThreadTheReplyAndMarkItAutomatic() throws {
        let (reply, message) = replyCase(for: sample("en-plain-text-accepted.eml"))
        let composed = try compose(reply, OriginalMessage(message))
        let parsed = MessageParser.parse(composed.bytes)
        #expect(parsed.subject == "Re: " + ReplySubject.text(original: message.subject, caseID: "LX-2026-0042").dropFirst(4))
        #expect(parsed.subject?.hasSuffix(" [LX-2026-0042]") == true)
        #expect(parsed.messageID == "<LX-2026-0042.r1.00000000000000ab@ecoprintq.com>")
        #expect(parsed.header.first("In-Reply-To") == message.messageID)
        #expect(parsed.header.first("References")?.split(separator: " ").last.map(String.init) == message.messageID)
        #expect(parsed.header.first("Auto-Submitted") == "auto-replied")
        #expect(parsed.header.first("MIME-Version") == "1.0")
        #expect(parsed.header.first("Content-Language") == "en")
        #expect(parsed.header.first("Date") == "Thu, 03 Dec 2026 20:00:00 +0000")
        #expect(parsed.from.map(\.address) == ["sales@ecoprintq.com"])
        #expect(parsed.to.map(\.address) == [composed.recipient])
        #expect(composed.recipient == message.from.first?.address)
        #expect(parsed.header.first("Content-Type")?.hasPrefix("multipart/alternative") == true)
        #expect(parsed.defects.isEmpty, "\(parsed.defects)")
        // Round trip: what a client shows is what the template rendered.
        let rendered = shippedComposer.text(for: reply, originalSubject: message.subject)
        #expect(parsed.textBody?.replacingOccurrences(of: "\r\n", with: "\n") == rendered)
        #expect(rendered.contains("LX-2026-0042"))
        #expect(rendered.contains("Pine Valley School District"))
        #expect(rendered.contains("8,200") && rendered.contains("5,000") && rendered.contains("6,500"))
        #expect(parsed.htmlBody?.contains("Pine Valley School District") == true)
        // Every line within 998 bytes, CRLF only.
        let lines = composed.bytes.split(separator: 0x0A, omittingEmptySubsequences: false)
        #expect(lines.dropLast().allSatisfy { $0.last == 0x0D && $0.count <= 1000 })
        #expect(!composed.bytes.contains(where: { $0 >= 0x80 }))
    }

    @Test func theReplyGoesToReplyToOnlyWithinTheSendersOrganization() throws {
        let same = OriginalMessage(messageID: "<a@b.c>", references: [], subject: "x",
                                   from: [Address(name: nil, address: "g.hall@pinevalley.k12.us")],
                                   replyTo: [Address(name: nil, address: "gregory@it.pinevalley.k12.us")])
        #expect(same.recipient?.address == "gregory@it.pinevalley.k12.us")
        var other = same
        other.replyTo = [Address(name: nil, address: "someone@gmail.com")]
        #expect(other.recipient?.address == "g.hall@pinevalley.k12.us")
        let (reply, _) = replyCase(for: sample("en-plain-text-accepted.eml"))
        #expect(try compose(reply, same).recipient == "gregory@it.pinevalley.k12.us")
        var nobody = same
        nobody.from = []
        #expect(throws: ReplyError.noRecipient) { try compose(reply, nobody) }
    }

    @Test func nothingFromTheRequestCanInjectAHeader() throws {
        let (reply, _) = replyCase(for: sample("en-plain-text-accepted.eml"))
        let hostile = OriginalMessage(
            messageID: "<x@y>\r\nBcc: victim@example.com",
            references: ["<a@b>\r\nX-Injected: 1 <c@d>", "<e@f>\nBcc: v2@example.com"],
            subject: "Hello\r\nBcc: victim@example.com\r\n\r\nbody\u{0}\u{85}\u{2028}X-Evil: 1",
            from: [Address(name: "Eve\r\nBcc: victim@example.com", address: "eve@school.example.edu")],
            replyTo: [Address(name: "Eve\r\nBcc: victim@example.com", address: "eve2@school.example.edu")])
        let composed = try compose(reply, hostile)
        let header = headerText(composed)
        let names = header.components(separatedBy: "\r\n").filter { !$0.hasPrefix(" ") }.compactMap { $0.split(separator: ":").first }
        #expect(Set(names) == ["From", "To", "Subject", "Date", "Message-ID", "References", "Auto-Submitted",
                               "X-Auto-Response-Suppress", "Content-Language", "MIME-Version", "Content-Type"])
        #expect(!header.contains("\r\nBcc") && !header.contains("\r\nX-Injected") && !header.contains("\r\n\r\n"))
        let parsed = MessageParser.parse(composed.bytes)
        #expect(parsed.header.all("Bcc").isEmpty && parsed.header.all("X-Evil").isEmpty)
        #expect(parsed.header.first("References") == "<a@b> <c@d> <e@f>")
        #expect(parsed.subject == "Re: Hello Bcc: victim@example.com body X-Evil: 1 [LX-2026-0042]")
        #expect(parsed.to == [Address(name: "Eve Bcc: victim@example.com", address: "eve2@school.example.edu")])
        // A recipient address that would need quoting, or carries a line break, is refused, not repaired.
        for address in ["eve@school.example.edu\r\nBcc: v@x.y", "\"eve smith\"@school.example.edu", "a@b@c.d", "eve@[10.0.0.1]"] {
            var bad = hostile
            bad.from = [Address(name: nil, address: address)]
            bad.replyTo = []
            #expect(throws: ReplyError.recipientUnusable(address)) { try compose(reply, bad) }
        }
        #expect(throws: ReplyError.messageIDUnusable("a@b>\r\nBcc: x@y")) { try compose(reply, hostile, id: "a@b>\r\nBcc: x@y") }
        #expect(throws: ReplyError.ourAddressUnusable("sales@x.com\r\nBcc: y@z.com")) {
            try shippedComposer.compose(reply, answering: hostile, ourAddress: "sales@x.com\r\nBcc: y@z.com", date: fixedDate, messageID: "a@b")
        }
    }

    @Test func hugeSubjectsAndThreadsStayBounded() throws {
        let (reply, _) = replyCase(for: sample("en-plain-text-accepted.eml"))
        let references = (0..<10_000).map { "<ref\($0)@thread.example.edu>" }.joined(separator: " ")
        let original = OriginalMessage(messageID: "<last@thread.example.edu>", references: [references],
                                       subject: String(repeating: "Re: RE: Fwd: ", count: 3) + String(repeating: "ñandú ", count: 17_000),
                                       from: [Address(name: String(repeating: "N", count: 50_000), address: "n@thread.example.edu")], replyTo: [])
        let clock = ContinuousClock()
        let start = clock.now
        let composed = try compose(reply, original)
        #expect(clock.now - start < .seconds(5))
        #expect(composed.bytes.count < 20_000)
        #expect(composed.subject.count <= ReplySubject.maxOriginalCharacters + 20)
        #expect(composed.subject.hasPrefix("Re: ñandú"))
        let parsed = MessageParser.parse(composed.bytes)
        let ids = parsed.header.first("References")?.split(separator: " ") ?? []
        #expect(ids.count == ReplyComposer.maxReferences)
        #expect(ids.first == "<ref0@thread.example.edu>" && ids.last == "<last@thread.example.edu>")
        #expect(parsed.subject == composed.subject)
        let lines = composed.bytes.split(separator: 0x0A)
        #expect(lines.allSatisfy { $0.count <= 998 })
    }

    @Test func everyKindAndLanguageComposesAndParsesBack() throws {
        for kind in ReplyKind.allCases {
            for language in shippedRules.fieldWords.languages {
                // A correction says the new verdict: a rejection here, with its reason.
                let verdict: Verdict = kind == .accepted ? .accept : kind == .review ? .review : .reject
                let findings = kind == .accepted ? [] : [Finding(rule: "x", severity: kind == .review ? .review : .reject,
                                                                 message: "Motivo <b>&\"claro\"</b> ñ")]
                let reply = ReplyCase(caseID: "LX-2026-0042", verdict: verdict, fields: completeFields(), findings: findings,
                                      language: language, sender: "p@xyz.edu", senderDomain: "xyz.edu", correction: kind == .correction)
                let original = OriginalMessage(messageID: "<o@xyz.edu>", references: [], subject: "Solicitação de exceção",
                                               from: [Address(name: "Pároco", address: "p@xyz.edu")], replyTo: [])
                let composed = try compose(reply, original)
                let parsed = MessageParser.parse(composed.bytes)
                #expect(composed.language == language && composed.kind == kind)
                #expect(parsed.subject == "Re: Solicitação de exceção [LX-2026-0042]")
                #expect(parsed.header.first("Content-Language") == language)
                let text = shippedComposer.text(for: reply, originalSubject: original.subject)
                #expect(parsed.textBody?.replacingOccurrences(of: "\r\n", with: "\n") == text)
                #expect(parsed.htmlBody?.contains("Motivo &lt;b&gt;&amp;&quot;claro&quot;&lt;/b&gt; ñ") == (kind != .accepted))
                #expect(parsed.defects.isEmpty, "\(kind) \(language): \(parsed.defects)")
            }
        }
    }

    /// Python's email package (policy=default) reads the reply the same way, when python3 is here.
    @Test func pythonsEmailPackageReadsTheReply() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/python3") else { return }
        let (reply, message) = replyCase(for: sample("incomplete-missing-commitment-es.eml"))
        let composed = try compose(reply, OriginalMessage(message))
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("replies-py-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("reply.eml")
        try Data(composed.bytes).write(to: path)
        let script = """
            import email, email.policy, json, sys
            m = email.message_from_bytes(open(sys.argv[1], 'rb').read(), policy=email.policy.default)
            body = m.get_body(('plain',)).get_content()
            print(json.dumps({"subject": str(m['Subject']), "to": str(m['To']), "auto": str(m['Auto-Submitted']),
                              "irt": str(m['In-Reply-To']), "defects": len(m.defects), "body": body,
                              "html": m.get_body(('html',)).get_content_type()}))
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = ["-c", script, path.path]
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(json["subject"] as? String == composed.subject)
        #expect(json["auto"] as? String == "auto-replied")
        #expect(json["irt"] as? String == message.messageID)
        #expect(json["defects"] as? Int == 0)
        #expect(json["html"] as? String == "text/html")
        #expect((json["body"] as? String)?.replacingOccurrences(of: "\r\n", with: "\n")
                == shippedComposer.text(for: reply, originalSubject: message.subject))
    }
}

/// Our shown name is written plain when it is plain words, encoded when not; either way one phrase.
@Test func ourShownNameIsOnePhrase() throws {
    let (reply, message) = replyCase(for: sample("en-plain-text-accepted.eml"))
    for name in ["EcoPrintQ Sales", "Ventas – EcoPrintQ", "Sales\r\nBcc: x@y.z"] {
        let composed = try shippedComposer.compose(reply, answering: OriginalMessage(message), ourAddress: "sales@ecoprintq.com",
                                                   ourName: name, date: fixedDate, messageID: "a@ecoprintq.com")
        let parsed = MessageParser.parse(composed.bytes)
        #expect(parsed.from == [Address(name: name.replacingOccurrences(of: "\r\n", with: " "), address: "sales@ecoprintq.com")])
        #expect(parsed.header.all("Bcc").isEmpty)
    }
}
