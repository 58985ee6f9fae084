import Foundation
import Testing

/// `parse --letters --json`: the letters are members of the message's object, written by the project's
/// one JSON writer in a documented order.
@Suite struct ParseLettersJSONTests {
    @Test func aTextPDFLetterIsAMemberOfTheMessagesObject() throws {
        let r = try Intake.run(["parse", Intake.repository + "/Rules/tests/letter-pdf-only-empty-body-pt.eml", "--json", "--letters"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.lines.count == 1)
        let object = try jsonObject(r.stdout)
        let letters = try #require(object["letters"] as? [[String: Any]])
        #expect(letters.count == 1)
        #expect(letters[0]["attachment"] as? String == "Oficio_214_2026_SEMAD.pdf")
        #expect(letters[0]["outcome"] as? String == "read")
        #expect(letters[0]["reason"] is NSNull)
        let pages = try #require(letters[0]["pages"] as? [[String: Any]])
        #expect(pages.count == 1)
        #expect(pages[0]["number"] as? Int == 1)
        #expect(pages[0]["method"] as? String == "textLayer")
        #expect(pages[0]["confidence"] is NSNull)
        #expect((pages[0]["text"] as? String)?.contains("Secretaria Municipal de Administração") == true)
        // After the message's own members, in the documented order.
        #expect(r.stdout.contains("\"defects\":[],\"letters\":[{\"attachment\":\"Oficio_214_2026_SEMAD.pdf\",\"contentType\":\"application/pdf\",\"outcome\":\"read\",\"reason\":null,\"notes\":[],\"pages\":[{\"number\":1,\"method\":\"textLayer\",\"confidence\":null,\"text\":"))
    }

    @Test func aScanSaysOCRAndItsConfidence() throws {
        let r = try Intake.run(["parse", CheckLetterCacheTests.scan, "--json", "--letters"])
        let letters = try #require(try jsonObject(r.stdout)["letters"] as? [[String: Any]])
        let page = try #require((letters.first?["pages"] as? [[String: Any]])?.first)
        #expect(page["method"] as? String == "ocr")
        #expect((page["confidence"] as? Int).map { $0 > 50 && $0 <= 100 } == true)
    }

    @Test func aLetterNotReadSaysWhyAndHasNoPages() throws {
        let folder = try temporaryFolder("parse-letters")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let eml = "From: a@xyz.edu\r\nSubject: request\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n"
            + "--b\r\nContent-Type: text/plain\r\n\r\nsee attached\r\n--b\r\nContent-Type: image/gif; name=\"scan.gif\"\r\n"
            + "Content-Disposition: attachment; filename=\"scan.gif\"\r\nContent-Transfer-Encoding: base64\r\n\r\nR0lGODlhAQABAAAAACw=\r\n--b--\r\n"
        try eml.write(toFile: folder + "/m.eml", atomically: false, encoding: .utf8)
        let r = try Intake.run(["parse", folder + "/m.eml", "--json", "--letters"])
        let letters = try #require(try jsonObject(r.stdout)["letters"] as? [[String: Any]])
        #expect(letters.first?["outcome"] as? String == "notRead")
        #expect((letters.first?["reason"] as? String)?.contains("image/gif") == true)
        #expect((letters.first?["pages"] as? [Any])?.isEmpty == true)
    }

    @Test func withoutLettersTheObjectHasNoLettersMember() throws {
        let r = try Intake.run(["parse", Intake.repository + "/Rules/tests/letter-pdf-only-empty-body-pt.eml", "--json"])
        #expect(try jsonObject(r.stdout)["letters"] == nil)
    }
}
