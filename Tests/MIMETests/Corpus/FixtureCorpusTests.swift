import Foundation
import MIME
import Testing

/// The fixture corpus: every `Fixtures/<name>.eml` parsed and compared with `<name>.json`
/// (the `parse --json` shape without sha256). The .eml files are written by
/// scripts/mime-fixtures.py; each .json was recorded once and checked by eye and against
/// Python's email by scripts/mime-differential.py.
struct ExpectedMessage: Codable, Equatable {
    struct Addr: Codable, Equatable { var name: String?; var address: String }
    struct Att: Codable, Equatable { var filename: String?; var contentType: String; var size: Int }
    var messageId: String?
    var subject: String?
    var date: String?
    var from: [Addr]
    var to: [Addr]
    var cc: [Addr]
    var replyTo: [Addr]
    var textBody: String?
    var htmlBody: String?
    var attachments: [Att]
    var defects: [String]

    init(_ m: Message) {
        let addr = { (a: [Address]) in a.map { Addr(name: $0.name, address: $0.address) } }
        messageId = m.messageID
        subject = m.subject
        date = m.date
        from = addr(m.from)
        to = addr(m.to)
        cc = addr(m.cc)
        replyTo = addr(m.replyTo)
        textBody = m.textBody
        htmlBody = m.htmlBody
        attachments = m.attachments.map { Att(filename: $0.filename, contentType: $0.contentType, size: $0.bytes.count) }
        defects = m.defects.map(\.description)
    }
}

enum FixtureCorpus {
    static let directory: URL = Bundle.module.resourceURL!.appendingPathComponent("Fixtures")

    static let names: [String] = {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return files.filter { $0.hasSuffix(".eml") }.map { String($0.dropLast(4)) }.sorted()
    }()

    static func bytes(_ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: directory.appendingPathComponent(name + ".eml")))
    }

    static func expected(_ name: String) throws -> ExpectedMessage {
        let data = try Data(contentsOf: directory.appendingPathComponent(name + ".json"))
        return try JSONDecoder().decode(ExpectedMessage.self, from: data)
    }
}

@Suite struct FixtureCorpusTests {
    @Test func corpusIsLargeEnough() {
        #expect(FixtureCorpus.names.count >= 150)
    }

    @Test(arguments: FixtureCorpus.names)
    func fixture(_ name: String) throws {
        let message = MessageParser.parse(try FixtureCorpus.bytes(name))
        let expected = try FixtureCorpus.expected(name)
        let actual = ExpectedMessage(message)
        #expect(actual.subject == expected.subject, "subject")
        #expect(actual.from == expected.from, "from")
        #expect(actual.to == expected.to, "to")
        #expect(actual.cc == expected.cc, "cc")
        #expect(actual.replyTo == expected.replyTo, "replyTo")
        #expect(actual.date == expected.date, "date")
        #expect(actual.messageId == expected.messageId, "messageId")
        #expect(actual.textBody == expected.textBody, "textBody")
        #expect(actual.htmlBody == expected.htmlBody, "htmlBody")
        #expect(actual.attachments == expected.attachments, "attachments")
        #expect(actual.defects == expected.defects, "defects")
    }
}
