import Foundation
import Testing
@testable import Filing

/// Names a hostile sender might give an attachment. None may write outside the case folder.
let evilNames: [String?] = [
    "../../../etc/passwd", "..\\..\\windows\\system32\\evil.dll", "/etc/shadow", "C:\\boot.ini",
    "....//....//x", "..", ".", "...", ".bashrc", "  .hidden.pdf", "a/../../b.pdf", "name\u{0}.pdf",
    "line\nbreak.pdf", "tab\there.pdf", "bell\u{07}.pdf", "rtl\u{202E}fdp.exe", "con.txt", "NUL",
    String(repeating: "a", count: 5000) + ".pdf", String(repeating: "é", count: 400) + ".docx",
    "", nil, "   ", "letter.pdf", "LETTER.PDF", "letter.pdf", "x:y*z?.pdf", "\u{FEFF}bom.pdf", "~/.ssh/authorized_keys",
]

@Test func evilAttachmentNamesStayInsideTheCaseFolder() throws {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("names-\(UUID().uuidString)").path
    let folder = root + "/case"
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: root) }

    var names = AttachmentNames()
    var given: [String] = []
    for (i, proposed) in evilNames.enumerated() {
        let name = names.name(for: proposed, contentType: "application/pdf", index: i + 1)
        given.append(name)
        #expect(!name.isEmpty)
        #expect(!name.contains("/") && !name.contains("\\"), "\(name)")
        #expect(!name.hasPrefix("."), "\(name)")
        #expect(!name.contains(".."), "\(name)")
        #expect(name.utf8.count <= AttachmentNames.maxBytes, "\(name.utf8.count) bytes")
        #expect(!name.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F || $0 == "\u{202E}" }, "\(name)")
        // Writing it lands in the folder itself, nowhere else.
        let path = folder + "/" + name
        #expect(FileManager.default.createFile(atPath: path, contents: Data([1])))
        let resolved = URL(fileURLWithPath: path).resolvingSymlinksInPath().deletingLastPathComponent().path
        #expect(resolved == URL(fileURLWithPath: folder).resolvingSymlinksInPath().path)
    }
    // Every name distinct (case-insensitively, for archives copied to other systems).
    #expect(Set(given.map { $0.lowercased() }).count == given.count)
    // Nothing was written beside the folder.
    #expect(try FileManager.default.contentsOfDirectory(atPath: root) == ["case"])
    #expect(try FileManager.default.contentsOfDirectory(atPath: folder).count == evilNames.count)
}

@Test(arguments: [
    ("letter.pdf", "letter.pdf"),
    ("../../../etc/passwd", "passwd"),
    ("..\\..\\evil.dll", "evil.dll"),
    (".bashrc", "bashrc"),
    ("con.txt", "_con.txt"),
    ("Carta de solicitação.pdf", "Carta de solicitação.pdf"),
])
func sanitisedNames(_ proposed: String, _ expected: String) {
    #expect(AttachmentNames.sanitize(proposed) == expected)
}

@Test func duplicatesAreNumberedAndUnnamedOnesGetATypedName() {
    var names = AttachmentNames()
    #expect(names.name(for: "letter.pdf", contentType: "application/pdf", index: 1) == "letter.pdf")
    #expect(names.name(for: "letter.pdf", contentType: "application/pdf", index: 2) == "letter (2).pdf")
    #expect(names.name(for: "Letter.PDF", contentType: "application/pdf", index: 3) == "Letter (3).PDF")
    #expect(names.name(for: nil, contentType: "image/jpeg", index: 4) == "attachment-4.jpg")
    #expect(names.name(for: "../..", contentType: "message/rfc822", index: 5) == "attachment-5.eml")
}

@Test func longNamesKeepTheirExtension() {
    let name = AttachmentNames.sanitize(String(repeating: "x", count: 300) + ".pdf")
    #expect(name.hasSuffix(".pdf"))
    #expect(name.utf8.count == AttachmentNames.maxBytes)
}
