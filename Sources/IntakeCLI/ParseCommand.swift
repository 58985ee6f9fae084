import ArgumentParser
import Extraction
import Filing
import Foundation
import JSONOutput
import Letters
import MIME
import Pipeline

struct ParseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parse",
        abstract: "Parse messages and print what the MIME parser sees.",
        discussion: """
            One file prints one JSON object with --json. Several files, a folder (read recursively) or an
            mbox file print one JSON object per message, one per line, in a stable order; a malformed
            message still gets its object, with its defects. Exit 1 only when a file cannot be read.
            --letters also reads the attached letters (PDF, scan, DOCX, ODT, RTF) as intake does and prints
            their text page by page (in JSON: "letters", each with its pages, or why it was not read).
            Example: intake parse Mailbox/cur --json; intake parse request.eml --letters
            """)

    @Argument(help: ArgumentHelp("Message files, folders or mbox files.", valueName: "path"))
    var paths: [String]

    @Flag(name: .long, help: "Print JSON (always JSON Lines for more than one message).")
    var json = false

    @Flag(name: .long, help: "Also read the attached letters and print the text read from each.")
    var letters = false

    func run() throws {
        var printer = ParsedPrinter(json: json || paths.count > 1, letters: letters)
        var unreadable: [String] = []
        // One message at a time: read, parsed, printed and let go before the next is read, so memory
        // follows the largest message, not the folder.
        for path in paths {
            var isDir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else {
                unreadable.append("\(path): no such file"); continue
            }
            if isDir.boolValue {
                for file in Self.files(under: path) {
                    if let bytes = FileBytes.read(file, followingLinks: true) { try printer.message(bytes, name: file) } else { unreadable.append("\(file): permission denied") }
                }
            } else if let bytes = FileBytes.read(path, followingLinks: true) {
                // An mbox starts with a "From " separator line; anything else is one message.
                if bytes.starts(with: Array("From ".utf8)) {
                    for (i, r) in Mbox.messages(in: bytes).enumerated() { try printer.message(Mbox.unescaped(bytes[r]), name: "\(path)#\(i + 1)") }
                } else {
                    try printer.message(bytes, name: path)
                }
            } else {
                unreadable.append("\(path): permission denied")
            }
        }
        try printer.finish()
        if !unreadable.isEmpty {
            throw Failure.runtime("cannot read " + unreadable.joined(separator: "; "))
        }
    }

    /// The parser's JSON object with the letters added under "letters".
    static func human(_ letters: [Letter]) -> String {
        guard !letters.isEmpty else { return "  Letters     none attached" }
        var out: [String] = []
        for letter in letters {
            out.append("  Letter      \(letter.attachment) (\(letter.contentType))")
            if let problem = letter.problem { out.append("    not read: \(problem)"); continue }
            for page in letter.pages {
                out.append("    -- page \(page.number) (\(page.method)) --")
                out += page.text.split(separator: "\n", omittingEmptySubsequences: false).map { "    " + $0 }
            }
        }
        return out.joined(separator: "\n")
    }

    /// Files under a folder, recursively, in a stable (sorted) order; dot-files are skipped.
    static func files(under root: String) -> [String] {
        guard let e = FileManager.default.enumerator(atPath: root) else { return [] }
        var out: [String] = []
        while let rel = e.nextObject() as? String {
            if rel.split(separator: "/").contains(where: { $0.hasPrefix(".") }) { continue }
            var isDir: ObjCBool = false
            let full = root + "/" + rel
            if FileManager.default.fileExists(atPath: full, isDirectory: &isDir), !isDir.boolValue { out.append(full) }
        }
        return out.sorted()
    }

    static func human(_ m: Message, name: String) -> String {
        var out = ["\(name)"]
        out.append("  Message-ID  \(m.messageID ?? "(none)")")
        out.append("  Date        \(m.date ?? "(none)")")
        out.append("  From        \(m.from.map { a in a.name.map { "\($0) <\(a.address)>" } ?? a.address }.joined(separator: ", "))")
        out.append("  To          \(m.to.map(\.address).joined(separator: ", "))")
        out.append("  Subject     \(m.subject ?? "(none)")")
        for a in m.attachments {
            out.append("  Attachment  \(a.filename ?? "(unnamed)")  \(a.contentType)  \(a.bytes.count) bytes")
        }
        for d in m.defects { out.append("  Defect      \(d.description)") }
        out.append("")
        out.append(m.textBody ?? "(no text body)")
        return out.joined(separator: "\n")
    }
}

/// What `parse` prints, message by message: JSON Lines through one reused byte buffer, or, when the
/// whole run turns out to be a single message without --json, the readable summary. That is known
/// only at the second message, so the first is held (unparsed) until then.
struct ParsedPrinter {
    private var json: Bool
    /// Whether each message's attached letters are read and printed too (`--letters`).
    private let letters: Bool
    private var first: (bytes: [UInt8], name: String)?
    private var out = JSONWriter(reservingCapacity: ParsedPrinter.flushAt + 4096)
    private var stdout = StandardOutput()
    /// Output is written in blocks of about this size; a message's line larger than it goes at once.
    static let flushAt = 1 << 16

    init(json: Bool, letters: Bool = false) {
        self.json = json
        self.letters = letters
    }

    mutating func message(_ bytes: [UInt8], name: String) throws {
        if !json {
            guard let held = first else { first = (bytes, name); return }
            first = nil
            json = true
            try line(held.bytes)
        }
        try line(bytes)
    }

    private mutating func line(_ bytes: [UInt8]) throws {
        let message = MessageParser.parse(bytes)
        Reports.parse(message, letters: letters ? LetterReader().letters(in: message) : nil, into: &out)
        out.bytes.append(0x0A)
        if out.bytes.count >= Self.flushAt { try flush() }
    }

    private mutating func flush() throws {
        do { try stdout.write(out.bytes) } catch { throw Failure.runtime(error.description) }
        // A very large message's line is not kept around for the small ones after it.
        if out.bytes.capacity > 16 * Self.flushAt {
            out = JSONWriter(reservingCapacity: Self.flushAt + 4096)
        } else {
            out.bytes.removeAll(keepingCapacity: true)
        }
    }

    mutating func finish() throws {
        try flush()
        if let held = first {
            let message = MessageParser.parse(held.bytes)
            let read = letters ? "\n" + ParseCommand.human(LetterReader().letters(in: message)) : ""
            printOut(ParseCommand.human(message, name: held.name) + read)
        }
    }
}
