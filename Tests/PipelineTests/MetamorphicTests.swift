import Extraction
import Foundation
import MIME
import Pipeline
import Testing
import Yams

/// Metamorphic tests: every accepted sample of `Rules/tests`, changed the ways real mail changes a request
/// (rewrapped, sent as Outlook HTML, quoted under the sender's follow-up, forwarded, its counts written
/// another way or in another order, a logo and a legal footer added), must keep every field it had.
@Suite struct MetamorphicTests {
    static let decider: Decider = {
        do { return try Decider(rulesDirectory: repository + "/Rules") } catch { fatalError("\(error)") }
    }()

    /// An accepted sample, parsed, with the fields it gets as sent.
    struct Sample: Sendable, CustomTestStringConvertible {
        var name: String
        var from: String
        var subject: String
        var body: String
        var fields: RequestFields
        var testDescription: String { name }
    }

    /// The accepted samples whose request is the message's own text (letters and attached messages are
    /// read from elsewhere and have tests of their own).
    static let samples: [Sample] = {
        let folder = repository + "/Rules/tests"
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { $0.hasSuffix(".expect.yaml") }.sorted()
        return names.compactMap { name -> Sample? in
            let stem = String(name.dropLast(".expect.yaml".count))
            guard let yaml = try? String(contentsOfFile: folder + "/" + name, encoding: .utf8),
                  let expect = (try? Yams.load(yaml: yaml)) as? [String: Any], expect["verdict"] as? String == "accept",
                  let data = FileManager.default.contents(atPath: folder + "/" + stem + ".eml") else { return nil }
            let decision = decider.decide([UInt8](data))
            let m = decision.message
            // The body as its writer wrote it (a flowed one unflowed): the transformations rewrite it as a client would.
            guard m.attachments.isEmpty, m.embeddedMessages.isEmpty, let body = m.readableTextBody, let from = m.from.first else { return nil }
            // A forward's request or a quoted own request is already one step of a transformation.
            if stem.hasPrefix("forward-") || stem.hasPrefix("quoted-") || stem.contains("forwarded") || stem.contains("quoted") { return nil }
            // A display name with a comma ("Ortega Linares, Francisco") is quoted, as RFC 5322 asks and mailers do.
            let sender = from.name.map { name in
                (name.contains(",") ? "\"\(name)\"" : name) + " <\(from.address)>"
            } ?? "<\(from.address)>"
            return Sample(name: stem, from: sender, subject: m.subject ?? "License exception", body: body,
                          fields: decision.extraction.fields)
        }
    }()

    @Test func thereAreEnoughSamples() {
        #expect(Self.samples.count >= 40, "the transformations need a broad set of accepted samples")
    }

    // MARK: - The transformations

    @Test(arguments: samples) func rewrappedAt72(sample: Sample) {
        check(sample, "rewrapped at 72", plain(sample, body: Rewrap.paragraphs(sample.body, width: 72)))
    }

    @Test(arguments: samples) func rewrappedAt998(sample: Sample) {
        check(sample, "rewrapped at 998", plain(sample, body: Rewrap.paragraphs(sample.body, width: 998)))
    }

    @Test(arguments: samples) func outlookHTMLOnly(sample: Sample) {
        // Outlook writes a paragraph as one <p>, its line breaks (a signature's) as <br>, and an empty <p> between.
        let paragraphs = sample.body.components(separatedBy: "\n\n").map { paragraph -> String in
            // A table written with tabs is an HTML table in Outlook.
            let rows = paragraph.components(separatedBy: "\n")
            if rows.allSatisfy({ $0.contains("\t") }) {
                let cells = rows.map { "<tr>" + $0.components(separatedBy: "\t").map { "<td><p class=MsoNormal>\(escape($0))<o:p></o:p></p></td>" }.joined() + "</tr>" }
                return "<table class=MsoNormalTable border=1>\(cells.joined(separator: "\n"))</table>"
            }
            let text = Rewrap.isWrappedProse(paragraph)
                ? escape(paragraph.components(separatedBy: "\n").joined(separator: " "))
                : paragraph.components(separatedBy: "\n").map(escape).joined(separator: "<br>\n")
            return "<p class=MsoNormal>\(text)<o:p></o:p></p>\n<p class=MsoNormal><o:p>&nbsp;</o:p></p>"
        }
        let html = "<html xmlns:o=\"urn:schemas-microsoft-com:office:office\"><head><meta charset=\"utf-8\"><style>p.MsoNormal{margin:0cm}</style></head>"
            + "<body lang=EN-US><div class=WordSection1>\(paragraphs.joined(separator: "\n"))</div></body></html>"
        check(sample, "Outlook HTML only", message(sample, headers: "Content-Type: text/html; charset=utf-8", body: html))
    }

    @Test(arguments: samples, ["en", "es", "pt"]) func quotedUnderTheSendersFollowUp(sample: Sample, language: String) {
        let address = sample.from.split(separator: "<").last.map { "<" + $0 } ?? sample.from
        let (note, attribution) = switch language {
        case "es": ("Hola:\n\n¿Tienen alguna novedad sobre nuestra solicitud?\n\nGracias.", "El lun, 16 nov 2026 a las 10:02, \(sample.from.replacingOccurrences(of: "<", with: "(<").replacingOccurrences(of: ">", with: ">)")) escribió:")
        case "pt": ("Olá,\n\nAlguma novidade sobre o nosso pedido?\n\nObrigado.", "Em seg., 16 de nov. de 2026 às 10:02, \(sample.from) escreveu:")
        default: ("Hello,\n\nAny news on our request below?\n\nThanks.", "On Mon, 16 Nov 2026 at 10:02, \(sample.from) wrote:")
        }
        _ = address
        let quoted = sample.body.components(separatedBy: "\n").map { $0.isEmpty ? ">" : "> " + $0 }.joined(separator: "\n")
        check(sample, "quoted under a follow-up (\(language))", plain(sample, subject: "Re: " + sample.subject, body: note + "\n\n" + attribution + "\n" + quoted))
    }

    @Test(arguments: samples) func forwardedByItsAuthor(sample: Sample) {
        let body = "Forwarding our request, as asked.\n\n---------- Forwarded message ---------\nFrom: \(sample.from)\n"
            + "Date: Mon, 16 Nov 2026 at 10:02\nSubject: \(sample.subject)\nTo: licensing@example.org\n\n" + sample.body
        check(sample, "forwarded", plain(sample, subject: "Fwd: " + sample.subject, body: body))
    }

    @Test(arguments: samples, CountFormat.allCases) func countsWrittenAnotherWay(sample: Sample, format: CountFormat) {
        let counts = [sample.fields.domainAccounts, sample.fields.licensedUsers, sample.fields.requestedUsers].compactMap { $0 }
        guard format != .thousandsSuffix || counts.allSatisfy({ $0 % 1000 == 0 }) else { return }
        // The reason is read as written: its own counts change with the text.
        var expected = sample
        expected.fields.reason = sample.fields.reason.map { CountFormat.rewrite($0, counts: Set(counts), as: format) }
        check(expected, "counts as \(format)", plain(sample, body: CountFormat.rewrite(sample.body, counts: Set(counts), as: format)))
    }

    @Test(arguments: samples) func countSentencesInAnotherOrder(sample: Sample) {
        let counts = Set([sample.fields.domainAccounts, sample.fields.licensedUsers, sample.fields.requestedUsers].compactMap { $0 })
        guard let reordered = Rewrap.reversingCountSentences(sample.body, counts: counts) else { return }
        check(sample, "count sentences reordered", plain(sample, body: reordered))
    }

    @Test(arguments: samples) func aLogoAndALegalFooterAdded(sample: Sample) {
        let footer = "\n\n--\nThis email and any files transmitted with it are confidential and intended solely for the use of the individual "
            + "or entity to whom they are addressed. Registered office: 1 Harbour Street, Suite 200, Springfield 62701. Company no. 04512345.\n"
        let logo = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
        let body = """
            --rel
            Content-Type: text/plain; charset=utf-8
            Content-Transfer-Encoding: 8bit

            \(sample.body)\(footer)
            --rel
            Content-Type: image/png; name="logo.png"
            Content-Transfer-Encoding: base64
            Content-ID: <logo@example>
            Content-Disposition: inline; filename="logo.png"

            \(logo)
            --rel--

            """
        check(sample, "logo and footer", message(sample, headers: "Content-Type: multipart/related; boundary=\"rel\"", body: body))
    }

    // MARK: - Helpers

    func check(_ sample: Sample, _ what: String, _ raw: String) {
        let got = Self.decider.decide(Array(raw.utf8)).extraction.fields
        let same = got == sample.fields
        #expect(same, "\(sample.name), \(what): \(differences(sample.fields, got))")
    }

    func differences(_ a: RequestFields, _ b: RequestFields) -> String {
        RequestFields.fieldNames.compactMap { name in
            let x = a.value(of: name), y = b.value(of: name)
            return x == y ? nil : "\(name): \(x.map { "\($0)" } ?? "null") → \(y.map { "\($0)" } ?? "null")"
        }.joined(separator: "; ")
    }

    func plain(_ sample: Sample, subject: String? = nil, body: String) -> String {
        message(sample, subject: subject, headers: "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit", body: body)
    }

    func message(_ sample: Sample, subject: String? = nil, headers: String, body: String) -> String {
        "From: \(sample.from)\r\nTo: sales@ecoprintq.com\r\nSubject: \(subject ?? sample.subject)\r\nDate: Mon, 16 Nov 2026 10:02:05 -0500\r\n"
            + "Message-ID: <metamorphic@example>\r\nMIME-Version: 1.0\r\n\(headers)\r\n\r\n"
            + body.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\n", with: "\r\n")
    }

    func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
    }
}

/// How people write a count: 25,000 / 25.000 / 25 000 / 25k.
enum CountFormat: String, CaseIterable, Sendable {
    case commaGroups, dotGroups, spaceGroups, thousandsSuffix

    func write(_ n: Int) -> String {
        if self == .thousandsSuffix { return "\(n / 1000)k" }
        let digits = String(n)
        guard digits.count > 3 else { return digits }
        let separator = self == .commaGroups ? "," : self == .dotGroups ? "." : " "
        var groups: [String] = []
        var rest = Substring(digits)
        while rest.count > 3 {
            groups.insert(String(rest.suffix(3)), at: 0)
            rest = rest.dropLast(3)
        }
        groups.insert(String(rest), at: 0)
        return groups.joined(separator: separator)
    }

    /// The text with every written form of the counts (grouped any way, or plain) in this format.
    static func rewrite(_ text: String, counts: Set<Int>, as format: CountFormat) -> String {
        let pattern = try! NSRegularExpression(pattern: #"(?<![\d.,])\d{1,3}(?:([,. \u00A0])\d{3})(?:\1\d{3})*(?![\d])|(?<![\d.,])\d{4,9}(?![\d])"#)
        let ns = text as NSString
        var out = ""
        var last = 0
        for m in pattern.matches(in: text, range: NSRange(location: 0, length: ns.length)) {
            let written = ns.substring(with: m.range)
            let value = Int(written.filter(\.isNumber)) ?? -1
            guard counts.contains(value) else { continue }
            // "25k users" needs no "mil"/"thousand" after it: leave counts written with a multiplier word alone.
            let after = ns.substring(from: m.range.location + m.range.length).prefix(10).lowercased()
            if after.hasPrefix(" mil") || after.hasPrefix(" thousand") || after.hasPrefix("k") { continue }
            out += ns.substring(with: NSRange(location: last, length: m.range.location - last)) + format.write(value)
            last = m.range.location + m.range.length
        }
        return out + ns.substring(from: last)
    }
}

enum Rewrap {
    /// A paragraph of prose a client wrapped: it ends a sentence, and each line but the last is long (a
    /// list, a table, a label line, a quote or a signature keeps its line breaks, as clients keep them).
    static func isWrappedProse(_ paragraph: String) -> Bool {
        let lines = paragraph.components(separatedBy: "\n")
        guard paragraph.count > 60, [".", "!", "?", ":"].contains(paragraph.trimmingCharacters(in: .whitespacesAndNewlines).last.map(String.init) ?? "") else { return false }
        let listItem = try! NSRegularExpression(pattern: #"^\s*([-*•|>]|\d{1,2}[.)]\s)"#)
        return lines.enumerated().allSatisfy { k, line in
            let t = line.trimmingCharacters(in: .whitespaces)
            return !t.isEmpty && listItem.firstMatch(in: line, range: NSRange(location: 0, length: (line as NSString).length)) == nil
                && (k == lines.count - 1 || t.count >= 45)
        }
    }

    /// Wrapped prose paragraphs joined and wrapped again at `width`; every other line as it was. A
    /// count's digit groups ("2 400") stay on one line.
    static func paragraphs(_ text: String, width: Int) -> String {
        text.components(separatedBy: "\n\n").map { paragraph -> String in
            guard isWrappedProse(paragraph) else { return paragraph }
            var words: [String] = []
            for word in paragraph.components(separatedBy: "\n").joined(separator: " ").split(separator: " ").map(String.init) {
                if let last = words.last, word.count == 3 || word.hasPrefix("0"), word.first?.isNumber == true,
                   last.last?.isNumber == true, last.count <= 3 || last.contains("\u{00A0}") {
                    words[words.count - 1] += "\u{00A0}" + word
                } else {
                    words.append(word)
                }
            }
            var out: [String] = []
            var line = ""
            for word in words {
                if !line.isEmpty, line.count + 1 + word.count > width {
                    out.append(line)
                    line = String(word)
                } else {
                    line += line.isEmpty ? String(word) : " " + word
                }
            }
            if !line.isEmpty { out.append(line) }
            return out.joined(separator: "\n").replacingOccurrences(of: "\u{00A0}", with: " ")
        }.joined(separator: "\n\n")
    }

    /// The paragraph whose sentences give the counts, with those sentences in reverse order; nil when no
    /// paragraph has two or more sentences that each give a count and can stand alone.
    static func reversingCountSentences(_ text: String, counts: Set<Int>) -> String? {
        var paragraphs = text.components(separatedBy: "\n\n")
        for (k, paragraph) in paragraphs.enumerated() {
            let joined = paragraph.components(separatedBy: "\n").joined(separator: " ")
            var sentences: [String] = []
            var current = ""
            for ch in joined {
                current.append(ch)
                if ch == "." || ch == "!" || ch == "?" , current.count > 1 {
                    sentences.append(current.trimmingCharacters(in: .whitespaces))
                    current = ""
                }
            }
            if !current.trimmingCharacters(in: .whitespaces).isEmpty { sentences.append(current.trimmingCharacters(in: .whitespaces)) }
            // Sentences end at a full stop only where one stands between words ("25.000" and "S.A." hold dots too).
            guard sentences.allSatisfy({ $0.count > 20 }) else { continue }
            let giving = sentences.indices.filter { i in
                CountFormat.rewrite(sentences[i], counts: counts, as: .commaGroups) != sentences[i]
                    || counts.contains { sentences[i].contains(CountFormat.commaGroups.write($0)) }
            }
            // Each sentence must name its count itself: "the remaining accounts" refers to the sentence before.
            guard giving.count >= 2, giving.count == sentences.count,
                  !sentences.dropFirst().contains(where: { $0.lowercased().hasPrefix("the remaining") || $0.lowercased().hasPrefix("these") || $0.lowercased().hasPrefix("this") }) else { continue }
            paragraphs[k] = sentences.reversed().joined(separator: " ")
            return paragraphs.joined(separator: "\n\n")
        }
        return nil
    }
}
