import Foundation
import Testing
import JSONOutput
import SeededRandom

/// What intake wrote before JSONOutput (a String per value, escapes through `String(format:)`):
/// the bytes must not change, so the old code is the reference.
func referenceQuote(_ s: String) -> String {
    var out = "\""
    for scalar in s.unicodeScalars {
        switch scalar {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case "\n": out += "\\n"
        case "\r": out += "\\r"
        case "\t": out += "\\t"
        case let c where c.value < 0x20 || c.value == 0x2028 || c.value == 0x2029:
            out += String(format: "\\u%04x", c.value)
        default: out.unicodeScalars.append(scalar)
        }
    }
    return out + "\""
}

func written(_ s: String?) -> String {
    var w = JSONWriter()
    w.string(s)
    return String(decoding: w.bytes, as: UTF8.self)
}

/// A parser's view of one JSON value: Foundation's, as an independent oracle.
func parsed(_ json: String) throws -> Any {
    try JSONSerialization.jsonObject(with: Data(json.utf8), options: [.fragmentsAllowed])
}

func withoutBOM(_ s: String) -> String {
    var out = String.UnicodeScalarView()
    out.append(contentsOf: s.unicodeScalars.filter { $0 != "\u{FEFF}" })
    return String(out)
}


@Suite struct JSONStringTests {
    @Test func everyControlCharacterIsEscaped() throws {
        for value in UInt32(0)..<0x20 {
            let s = String(Character(Unicode.Scalar(value)!))
            let expected: String
            switch value {
            case 0x0A: expected = "\"\\n\""
            case 0x0D: expected = "\"\\r\""
            case 0x09: expected = "\"\\t\""
            default: expected = "\"\\u00" + String(value >> 4, radix: 16) + String(value & 0xF, radix: 16) + "\""
            }
            #expect(written(s) == expected, "U+\(String(value, radix: 16))")
            #expect(written("a" + s + "b") == "\"a" + expected.dropFirst().dropLast() + "b\"")
            #expect(try parsed(written(s)) as? String == s)
        }
        // A CR LF pair is one Character but two escapes.
        #expect(written("x\r\ny") == "\"x\\r\\ny\"")
        #expect(written("\u{7F}") == "\"\u{7F}\"")
    }

    @Test func quoteBackslashAndTheLineSeparators() {
        #expect(written("say \"hi\"") == "\"say \\\"hi\\\"\"")
        #expect(written("C:\\dir\\") == "\"C:\\\\dir\\\\\"")
        #expect(written("a\u{2028}b\u{2029}") == "\"a\\u2028b\\u2029\"")
        #expect(written("\u{2028}") == "\"\\u2028\"")
        // Their neighbours share the lead byte E2 (and 80) and are written raw.
        for s in ["\u{2027}", "\u{202A}", "…", "€", "\u{2000}", "x\u{2026}", "\u{2028}\u{2026}\u{2029}"] {
            #expect(written(s) == referenceQuote(s), "\(s.unicodeScalars.map { $0.value })")
        }
    }

    @Test func nonBMPAndEmptyAndNull() throws {
        for s in ["𝄞", "😀👍🏽", "a😀\n", "𠜎𠜱", ""] {
            #expect(written(s) == "\"" + s.replacingOccurrences(of: "\n", with: "\\n") + "\"")
            #expect(try parsed(written(s)) as? String == s)
        }
        #expect(written(nil) == "null")
    }

    @Test func randomStringsMatchTheOldWriterAndRoundTrip() throws {
        // Runs of plain text mixed with everything the escaper decides on.
        let pieces: [String] = ["a", "Z", " ", "0", "\"", "\\", "/", "\n", "\r", "\t", "\u{0}", "\u{1}", "\u{8}",
                                "\u{C}", "\u{1B}", "\u{1F}", "\u{7F}", "\u{80}", "é", "ß", "\u{2028}", "\u{2029}",
                                "\u{2027}", "\u{202F}", "…", "€", "\u{FEFF}", "\u{FFFD}", "😀", "𝄞", "\u{10FFFF}",
                                "ab cd ef gh", "\r\n", "e\u{301}"]
        var rng = SeededGenerator(seed: 13)
        for _ in 0..<3000 {
            var s = ""
            for _ in 0..<Int.random(in: 0...24, using: &rng) {
                if Int.random(in: 0..<4, using: &rng) == 0 {
                    s.unicodeScalars.append(Unicode.Scalar(UInt32.random(in: 0...0xFFFF, using: &rng)) ?? "?")
                } else {
                    s += pieces.randomElement(using: &rng)!
                }
            }
            let json = written(s)
            #expect(json == referenceQuote(s))
            // Foundation's parser on Linux drops U+FEFF wherever it is (the bytes above carry it).
            let back = try #require(try parsed(json) as? String)
            #expect(withoutBOM(back) == withoutBOM(s), "\(s.unicodeScalars.map { String($0.value, radix: 16) })")
        }
    }

    @Test func aLongStringIsCopiedWhole() throws {
        let s = String(repeating: "plain text, then a \"quote\"\n", count: 10_000)
        #expect(written(s) == referenceQuote(s))
        #expect(JSONWriter.quote(s) == referenceQuote(s))
    }
}
