import Foundation
import MIME
import Testing

/// winmail.dat fixtures are built by scripts/mime_fixtures_extra.py (a small TNEF writer).
@Suite struct TNEFTests {
    func message(_ name: String) throws -> Message {
        MessageParser.parse(try FixtureCorpus.bytes(name))
    }

    @Test func unpacksAttachmentsWithLongNamesAndTypes() throws {
        let m = try message("tnef-attachments-with-text-part")
        #expect(m.attachments.map(\.filename) == ["Signed letter 2026.pdf", "QUOTE.XLS"])
        #expect(m.attachments.map(\.contentType) == ["application/pdf", "application/vnd.ms-excel"])
        #expect(m.attachments[0].bytes == Array("%PDF-1.4\n%%EOF\n".utf8))
        #expect(m.textBody == "Please see the attached letter.")
    }

    @Test func bodyFromTNEFWhenThereIsNoTextPart() throws {
        #expect(try message("tnef-body-only-part").textBody == "Wir benötigen 25.000 Konten.")
        #expect(try message("tnef-html-body").textBody == "HTML body in TNEF")
    }

    @Test func compressedRTFBodyBecomesText() throws {
        #expect(try message("tnef-rtf-body").textBody == "Dear Sales,\nWe need 25.000 accounts – urgent.\nGrüße")
    }

    @Test func damagedContainersKeepWhatWasRead() throws {
        let cut = try message("tnef-truncated")
        #expect(cut.defects.contains { $0.kind == .invalidTNEF })
        let notTNEF = try message("tnef-not-tnef")
        #expect(notTNEF.attachments.map(\.filename) == ["winmail.dat"])
        #expect(notTNEF.defects.contains { $0.kind == .invalidTNEF })
    }
}
