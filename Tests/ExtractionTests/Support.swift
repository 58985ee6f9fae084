import Foundation
import MIME
@testable import Extraction

/// The real pattern files, loaded once: tests check the phrasings a sales admin maintains.
enum Fixture {
    static let rulesDirectory: String = {
        // Tests/ExtractionTests/Support.swift → the repository root's Rules folder.
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Rules").path
    }()

    static let patterns: ExtractionPatterns = {
        do { return try PatternLoader.load(directory: rulesDirectory) } catch { fatalError("\(error)") }
    }()

    static let extractor: RequestExtractor = {
        do { return try RequestExtractor(patterns: patterns) } catch { fatalError("\(error)") }
    }()

    static let organizations = OrganizationReader(patterns)

    static let people = PersonReader(
        closings: CueList(patterns.languages.flatMap(\.closings)),
        introductions: CueList(patterns.languages.flatMap(\.introductions)),
        titles: CueList(patterns.languages.flatMap(\.titles)),
        organizations: organizations)

    /// A plain-text message around `body`, parsed by the real MIME parser.
    static func message(_ body: String, subject: String = "License exception request", from: String = "sender@example.edu") -> Message {
        let text = """
            From: Sender <\(from)>\r
            To: sales@ecoprintq.com\r
            Subject: \(subject)\r
            MIME-Version: 1.0\r
            Content-Type: text/plain; charset=utf-8\r
            Content-Transfer-Encoding: 8bit\r
            \r
            \(body.replacingOccurrences(of: "\n", with: "\r\n"))
            """
        return MessageParser.parse(Array(text.utf8))
    }

    static func extract(_ body: String, subject: String = "License exception request", from: String = "sender@example.edu") -> Extraction {
        extractor.extract(from: message(body, subject: subject, from: from))
    }
}
