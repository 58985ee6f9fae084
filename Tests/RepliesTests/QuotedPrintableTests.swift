import MIME
@testable import Replies
import SeededRandom
import Testing

/// Quoted-printable as written for a reply: every line at most 76 characters, only printable ASCII,
/// and the text read back exactly, whatever it holds (dots and "From " at a line's start, trailing
/// spaces and tabs, "=", long lines, characters of several bytes across the 76-column break).
@Test func quotedPrintableIsBoundedAndReadsBackExactly() {
    var rng = SeededGenerator(seed: 0x0F_0F_0F)
    let pieces = [".", "From ", " ", "\t", "=", "=_intake", "ñ", "€", "👍🏽", "a", "word ", "--=_intake-alternative", "\r", "x\u{0}y"]
    for _ in 0..<400 {
        var text = ""
        for _ in 0..<rng.next(upTo: 120) {
            text += rng.next(upTo: 12) == 0 ? "\n" : pieces[rng.next(upTo: pieces.count)]
        }
        let encoded = QuotedPrintable.encode(text)
        let lines = encoded.split(separator: 0x0A, omittingEmptySubsequences: false)
        #expect(lines.allSatisfy { $0.count <= 77 && ($0 == lines.last! || $0.last == 0x0D) })
        #expect(encoded.allSatisfy { $0 == 0x0D || $0 == 0x0A || $0 == 0x09 || (0x20...0x7E).contains($0) })
        #expect(!lines.contains { $0.starts(with: Array("--=_intake".utf8)) || $0.starts(with: Array("From ".utf8)) || $0.first == UInt8(ascii: ".") })
        let message = Array("Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n".utf8) + encoded
        let read = MessageParser.parse(message).textBody ?? ""
        // Line ends come back CRLF or LF; a lone CR is written encoded (=0D) and the parser reads it as a
        // line end (a reply's text never holds one: the template's output is split on every line end).
        func unified(_ s: String) -> String { s.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n") }
        let same = unified(read) == unified(text)
        #expect(same, "\(text.debugDescription) → \(read.debugDescription)")
        if !same { return }
    }
}
