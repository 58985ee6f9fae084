import Foundation
import Testing
@testable import Filing
import SeededRandom

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

/// Issue 12: two attachments with the same 204-byte name made the numbering add " (2)" and the
/// truncation take it off again, forever, holding the store's lock.
@Test func longDuplicateNamesAreNumberedWithinTheBound() {
    var names = AttachmentNames()
    let long = String(repeating: "n", count: 200) + ".pdf"
    let first = names.name(for: long, contentType: "application/pdf", index: 1)
    let second = names.name(for: long, contentType: "application/pdf", index: 2)
    #expect(first != second)
    #expect(second.hasSuffix(" (2).pdf"))
    #expect(first.utf8.count <= AttachmentNames.maxBytes && second.utf8.count <= AttachmentNames.maxBytes)
}

/// Issue 12: an "extension" of one grapheme longer than the bound crashed the truncation.
@Test(arguments: [
    "x." + String(repeating: "\u{0301}", count: 300),
    "report." + String(repeating: "👨‍👩‍👧‍👦", count: 6),
    String(repeating: "\u{0301}", count: 400),
    "a" + String(repeating: "\u{0301}", count: 400) + ".pdf",
])
func graphemesLongerThanTheBoundAreCutWhole(_ proposed: String) {
    var names = AttachmentNames()
    for i in 1...3 {
        let name = names.name(for: proposed, contentType: "application/pdf", index: i)
        #expect(name.utf8.count <= AttachmentNames.maxBytes)
        #expect(!name.isEmpty)
    }
}

/// Any list of names — random Unicode of 0 to 1,000 bytes, separators, dots, control characters,
/// duplicates, case and normalization twins — gives names that are unique, at most 120 bytes, inside
/// the folder, and found with work linear in the list.
@Test func anyListOfNamesGivesUniqueBoundedNamesInLinearWork() {
    var rng = SeededGenerator(seed: 0x1A7AC4E)
    let alphabet: [Unicode.Scalar] = ["a", "B", "z", "0", ".", ".", " ", "-", "/", "\\", ":", "\u{0}", "\u{7}", "\u{202E}",
                                      "é", "e", "\u{0301}", "ß", "Σ", "σ", "ς", "İ", "ı", "中", "😀", "👨", "\u{200D}", "\u{FE0F}"]
    var proposed: [String] = []
    for _ in 0..<1_000 {
        switch rng.next() % 5 {
        case 0 where !proposed.isEmpty: proposed.append(proposed[Int(rng.next() % UInt64(proposed.count))])           // duplicate
        case 1 where !proposed.isEmpty: proposed.append(proposed[Int(rng.next() % UInt64(proposed.count))].uppercased()) // case twin
        case 2: proposed.append("caf\u{E9}.pdf"); proposed.append("cafe\u{0301}.pdf")                                   // normalization twins
        default:
            var s = String.UnicodeScalarView()
            let length = Int(rng.next() % 400)
            for _ in 0..<length { s.append(alphabet[Int(rng.next() % UInt64(alphabet.count))]) }
            proposed.append(String(s))
        }
    }
    var names = AttachmentNames()
    var given = Set<String>()
    for (i, p) in proposed.enumerated() {
        let name = names.name(for: p, contentType: "application/octet-stream", index: i + 1)
        #expect(name.utf8.count <= AttachmentNames.maxBytes && !name.isEmpty)
        #expect(!name.unicodeScalars.contains("/") && !name.unicodeScalars.contains("\\") && name.unicodeScalars.first != "." && !name.unicodeScalars.contains("\u{0}"), "\(name.unicodeScalars.map { String($0.value, radix: 16) })")
        #expect(given.insert(name.lowercased()).inserted, "\(name) given twice")
    }
    #expect(names.tries <= 2 * proposed.count, "\(names.tries) numbered names tried for \(proposed.count) names")
}

/// Many files of one name (a winmail.dat can hold thousands): each gets its own number at once.
@Test func manyFilesOfOneNameAreNumberedInLinearWork() {
    var names = AttachmentNames()
    var given = Set<String>()
    for i in 1...5_000 { given.insert(names.name(for: "image001.png", contentType: "image/png", index: i).lowercased()) }
    #expect(given.count == 5_000)
    #expect(names.tries == 4_999)
}
