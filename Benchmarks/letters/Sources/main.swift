import Extraction
import Foundation
import Glibc
import LetterSamples
import Letters
import MIME
import Pipeline

// make bench-letters (Benchmarks/letters/README.md): how well and how fast letters are read.
//   letters-bench RULES TESTS [--scans N]
// 1. Field accuracy: each complete request of TESTS is written as a letter (its body's text on A4 pages),
//    sent with a one-line body, and decided: as a text PDF, as a 300-dpi scan and as a 200-dpi scan
//    (grey, turned 1.2°, JPEG quality 70), the fields scored against the sample's own expectations.
// 2. Speed: a one-page text PDF, a one-page 300-dpi scan, a ten-page text PDF, a Word .doc: median time and the
//    converters' peak memory, then the cache hit.
// 3. Hostile files: each must end as a reason within its limits, intake's memory flat.

let args = CommandLine.arguments
guard args.count >= 3 else { print("usage: letters-bench RULES TESTS [--scans N]"); exit(2) }
let rulesDir = args[1], testsDir = args[2]
let scanCount = args.firstIndex(of: "--scans").flatMap { Int(args[$0 + 1]) } ?? 24
let work = NSTemporaryDirectory() + "letters-bench-\(getpid())"
try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(atPath: work) }
let decider = try Decider(rulesDirectory: rulesDir)

func now() -> Double { var t = timespec(); clock_gettime(CLOCK_MONOTONIC, &t); return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9 }
func childPeakMB() -> Double { var u = rusage(); getrusage(RUSAGE_CHILDREN.rawValue, &u); return Double(u.ru_maxrss) / 1024 }
func selfPeakMB() -> Double { var u = rusage(); getrusage(RUSAGE_SELF.rawValue, &u); return Double(u.ru_maxrss) / 1024 }

@discardableResult
func sh(_ tool: String, _ a: [String]) -> Int32 {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: tool)
    p.arguments = a
    p.standardError = FileHandle.nullDevice
    try? p.run()
    p.waitUntilExit()
    return p.terminationStatus
}

/// The body's text as letter pages: lines wrapped at 95 characters, 50 lines a page.
func pages(of text: String) -> [[String]] {
    var lines: [String] = []
    for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
        var line = ""
        for word in raw.split(separator: " ") {
            if line.count + word.count + 1 > 95, !line.isEmpty { lines.append(line); line = "" }
            line += (line.isEmpty ? "" : " ") + word
        }
        lines.append(line)
    }
    return stride(from: 0, to: lines.count, by: 50).map { Array(lines[$0..<min($0 + 50, lines.count)]) }
}

func mail(from: String, subject: String, attachments: [(String, String, [UInt8])]) -> [UInt8] {
    var s = "From: \(from)\r\nTo: sales@ecoprintq.com\r\nSubject: =?utf-8?B?\(Data(subject.utf8).base64EncodedString())?=\r\nMessage-ID: <bench-\(UUID().uuidString)@test>\r\n"
    s += "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b1\"\r\n\r\n--b1\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nPlease find our signed request attached.\r\n"
    for (name, type, bytes) in attachments {
        s += "--b1\r\nContent-Type: \(type); name=\"\(name)\"\r\nContent-Disposition: attachment; filename=\"\(name)\"\r\nContent-Transfer-Encoding: base64\r\n\r\n"
        s += Data(bytes).base64EncodedString(options: [.lineLength76Characters, .endLineWithCarriageReturn, .endLineWithLineFeed]) + "\r\n"
    }
    return Array((s + "--b1--\r\n").utf8)
}

/// The letter PDF's pages as scans: rendered at `dpi`, turned slightly, JPEG-compressed.
func scans(_ pdf: [UInt8], dpi: Int, tag: String) -> [[UInt8]] {
    let base = work + "/\(tag)"
    _ = FileManager.default.createFile(atPath: base + ".pdf", contents: Data(pdf))
    sh("/usr/bin/pdftoppm", ["-r", String(dpi), "-gray", "-png", base + ".pdf", base])
    let names = ((try? FileManager.default.contentsOfDirectory(atPath: work)) ?? []).filter { $0.hasPrefix(tag + "-") && $0.hasSuffix(".png") }.sorted()
    return names.compactMap { name -> [UInt8]? in
        let jpg = work + "/" + name + ".jpg"
        sh("/usr/bin/convert", [work + "/" + name, "-background", "white", "-rotate", "1.2", "-quality", "70", jpg])
        return FileManager.default.contents(atPath: jpg).map { [UInt8]($0) }
    }
}

// 1. Accuracy.
let skip = ["followup", "forward", "reenvi", "encaminha", "resend", "quoted", "hilo", "respuesta", "adjunto", "attached", "bump", "reply", "-eml-", "rfc822", "auth-", "allow-listed"]
var samples = try RuleTestSuite.cases(in: testsDir).filter { c in
    let e = (try? String(contentsOfFile: c.expectPath, encoding: .utf8)) ?? ""
    return e.contains("verdict: accept") && !c.name.hasPrefix("letter") && !skip.contains { c.name.contains($0) }
}
samples.sort { $0.name < $1.name }
struct Score { var right = 0, expected = 0, verdicts = 0, cases = 0, misses: [String] = [] }
var scores: [String: Score] = [:]
let byLanguage = Dictionary(grouping: samples) { c -> String in
    c.name.contains("-es-") || c.name.hasPrefix("es-") ? "es" : c.name.contains("-pt-") || c.name.hasPrefix("pt-") ? "pt" : "en"
}
let scanSet = Set(["en", "es", "pt"].flatMap { (byLanguage[$0] ?? []).prefix(scanCount / 3).map(\.name) })
for c in samples {
    let raw = [UInt8](FileManager.default.contents(atPath: c.messagePath) ?? Data())
    let message = MessageParser.parse(raw)
    // A letter is typed on a word processor: a request whose text WinAnsi cannot hold (Chinese, Polish
    // letters) is left out, or the sample PDF writer, not the reading, would be scored.
    guard let body = message.readableTextBody, let from = message.from.first,
          body.unicodeScalars.allSatisfy({ $0.value < 256 || SamplePDF.canWrite($0) }) else { continue }
    let pdf = SamplePDF.make(pages: pages(of: body), fontSize: 10)
    var variants: [(String, [(String, String, [UInt8])])] = [("text PDF", [("letter.pdf", "application/pdf", pdf)])]
    if scanSet.contains(c.name) {
        for dpi in [300, 200] {
            let images = scans(pdf, dpi: dpi, tag: "\(c.name)-\(dpi)")
            variants.append(("\(dpi)-dpi scan", images.enumerated().map { ("scan-\($0.offset + 1).jpg", "image/jpeg", $0.element) }))
        }
    }
    for (kind, attachments) in variants {
        let eml = work + "/\(c.name).eml"
        let fromLine = from.name.map { "\($0) <\(from.address)>" } ?? from.address
        _ = FileManager.default.createFile(atPath: eml, contents: Data(mail(from: fromLine, subject: message.subject ?? "License exception request", attachments: attachments)))
        var letterCase = c
        letterCase.messagePath = eml
        let r = RuleTestSuite.run(letterCase, decider: decider)
        var s = scores[kind] ?? Score()
        s.right += r.fieldsRight; s.expected += r.fieldsExpected; s.cases += 1
        if r.differences.isEmpty { s.verdicts += 1 }
        s.misses += r.fieldMisses.map { "\(c.name): \($0)" }
        scores[kind] = s
    }
}
print("== fields read from letters made of \(samples.count) complete requests (scans: \(scanSet.count) of them)")
for kind in ["text PDF", "300-dpi scan", "200-dpi scan"] {
    guard let s = scores[kind] else { continue }
    print(String(format: "  %-13@ %4d/%4d fields (%.1f %%), verdicts %d/%d", kind as NSString, s.right, s.expected,
                 100 * Double(s.right) / Double(max(s.expected, 1)), s.verdicts, s.cases))
}
if args.contains("--misses") { for (k, s) in scores { for m in s.misses { print("  miss [\(k)] \(m)") } } }

// 2. Speed.
func median(_ xs: [Double]) -> Double { let s = xs.sorted(); return s[s.count / 2] }
let onePage = SamplePDF.make(pages: pages(of: String(repeating: "Our domain contains 25,000 accounts and we are licensed for 18,000 users. ", count: 30)), fontSize: 10)
let tenPages = SamplePDF.make(pages: Array(repeating: pages(of: String(repeating: "The remaining accounts will not print as they belong to alumni. ", count: 40))[0], count: 10), fontSize: 10)
let scan300 = scans(onePage, dpi: 300, tag: "speed")[0]
let reader = LetterReader()
func time(_ label: String, _ bytes: [UInt8], kind: LetterReader.Kind, type: String, runs: Int) {
    var times: [Double] = []
    var letter: Letter?
    for _ in 0..<runs {
        let t = now()
        letter = reader.read(Attachment(filename: "x", contentType: type, bytes: bytes, isInline: false), name: "x", kind: kind)
        times.append(now() - t)
    }
    let pages = letter?.pages.count ?? 0
    print(String(format: "  %-22@ median %7.1f ms (%d pages, %.1f ms a page), converters' peak %.0f MB%@", label as NSString, median(times) * 1000, pages,
                 median(times) * 1000 / Double(max(pages, 1)), childPeakMB(), (letter?.problem.map { " — \($0)" } ?? "") as NSString))
}
print("== speed (each converter in its own confined process)")
time("1-page text PDF", onePage, kind: .pdf, type: "application/pdf", runs: 15)
time("10-page text PDF", tenPages, kind: .pdf, type: "application/pdf", runs: 9)
time("1-page 300-dpi scan", scan300, kind: .image, type: "image/jpeg", runs: 5)
let doc = SampleDoc.educationRequest()
time("1-page Word .doc", doc, kind: .doc, type: "application/msword", runs: 15)
final class Memory: LetterCache, @unchecked Sendable {
    var stored: [String: Letter] = [:]
    func letter(sha256: String, readerVersion: String) -> Letter? { stored[sha256] }
    func remember(_ letter: Letter, sha256: String, readerVersion: String) { stored[sha256] = letter }
}
let cached = LetterReader(cache: Memory())
_ = cached.read(Attachment(filename: "x", contentType: "image/jpeg", bytes: scan300, isInline: false), name: "x", kind: .image)
var hits: [Double] = []
for _ in 0..<50 {
    let t = now()
    _ = cached.read(Attachment(filename: "x", contentType: "image/jpeg", bytes: scan300, isInline: false), name: "x", kind: .image)
    hits.append(now() - t)
}
print(String(format: "  cache hit (the same scan again): median %.3f ms (SHA-256 of %d KB and a lookup)", median(hits) * 1000, scan300.count / 1024))

// 3. Hostile files.
print("== hostile files (limits: \(reader.limits.cpuSeconds) s CPU, \(reader.limits.wallSeconds) s, \(reader.limits.memoryBytes / 1_000_000) MB, \(reader.limits.outputBytes / 1_000_000) MB out)")
func hostile(_ label: String, _ bytes: [UInt8], kind: LetterReader.Kind, type: String) {
    let t = now()
    let letter = reader.read(Attachment(filename: "h", contentType: type, bytes: bytes, isInline: false), name: "h", kind: kind)
    let outcome = letter.problem.map { "unreadable: \($0)" } ?? "read \(letter.pages.count) pages"
    print(String(format: "  %-34@ %6.2f s  intake peak %.0f MB  %@", label as NSString, now() - t, selfPeakMB(), outcome as NSString))
}
hostile("PDF claiming 1,000,000 pages", SamplePDF.manyPages(1_000_000), kind: .pdf, type: "application/pdf")
var objects = "%PDF-1.4\n"
for k in 1...1_000_000 { objects += "\(k + 10) 0 obj\n<< /K \(k) >>\nendobj\n" }
hostile("PDF with 1,000,000 objects", Array(objects.utf8), kind: .pdf, type: "application/pdf")
hostile("encrypted PDF", SamplePDF.encrypted(), kind: .pdf, type: "application/pdf")
var broken = onePage
for k in stride(from: 200, to: broken.count - 200, by: 7) { broken[k] = broken[k] ^ 0x5A }
hostile("corrupted PDF (bytes flipped)", broken, kind: .pdf, type: "application/pdf")
hostile("truncated PDF", Array(onePage.prefix(onePage.count / 2)), kind: .pdf, type: "application/pdf")
sh("/usr/bin/convert", ["-size", "30000x30000", "xc:white", "-depth", "1", work + "/huge.png"])
if let huge = FileManager.default.contents(atPath: work + "/huge.png") {
    hostile("30,000 x 30,000 PNG (\(huge.count / 1024) KB)", [UInt8](huge), kind: .image, type: "image/png")
}
sh("/usr/bin/python3", ["-c", """
import zipfile
with zipfile.ZipFile('\(work)/bomb.docx', 'w', zipfile.ZIP_DEFLATED) as z:
    z.writestr('[Content_Types].xml', '<Types/>')
    with z.open('word/document.xml', 'w', force_zip64=True) as f:
        block = b'<w:p><w:r><w:t>' + b'a' * 1000000 + b'</w:t></w:r></w:p>'
        for _ in range(2000): f.write(block)
"""])
if let bomb = FileManager.default.contents(atPath: work + "/bomb.docx") {
    hostile("DOCX bomb (\(bomb.count / 1024) KB -> 2 GB)", [UInt8](bomb), kind: .docx,
            type: "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
}
hostile("truncated Word .doc", Array(doc.prefix(doc.count / 3)), kind: .doc, type: "application/msword")
var flipped = doc
for k in stride(from: 512, to: flipped.count, by: 7) { flipped[k] = flipped[k] ^ 0x5A }
hostile("Word .doc (bytes flipped)", flipped, kind: .doc, type: "application/msword")
hostile("OLE2 signature over noise", [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1] + (0..<200_000).map { UInt8(truncatingIfNeeded: $0 &* 2654435761 >> 13) },
        kind: .doc, type: "application/msword")
hostile("JPEG of noise bytes", [0xFF, 0xD8, 0xFF, 0xE0] + (0..<200_000).map { UInt8(truncatingIfNeeded: $0 &* 2654435761 >> 13) }, kind: .image, type: "image/jpeg")
