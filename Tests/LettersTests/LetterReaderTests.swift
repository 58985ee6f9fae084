import Extraction
import Foundation
import Glibc
import LetterSamples
import Letters
import MIME
import Testing

/// The converters for real (poppler, Tesseract, unzip), on letters made from text here.
@Suite struct LetterReaderTests {
    static let english = [
        "XYZ University", "Information Technology Services", "",
        "Dear Sales Team,", "",
        "I, Mr Parker, the IT Manager of XYZ University, would like to formally apply for a license",
        "exception for PaperCut NG/MF. Our domain contains 25,000 and our organization is currently",
        "licensed for 18,000. I would like an extended license to cover all 20,000.",
    ]

    func attachment(_ bytes: [UInt8], type: String, name: String) -> MIME.Attachment {
        MIME.Attachment(filename: name, contentType: type, bytes: bytes, isInline: false)
    }

    @Test func aTextPDFIsReadPageByPageFromItsTextLayer() {
        let pdf = SamplePDF.make(pages: [Self.english, ["We will ensure that the active user count remains below 20,000.", "", "John Parker", "IT Manager"]])
        let letter = LetterReader().read(attachment(pdf, type: "application/pdf", name: "letter.pdf"), name: "letter.pdf", kind: .pdf)
        #expect(letter.problem == nil)
        #expect(letter.pages.map(\.number) == [1, 2])
        #expect(letter.pages.allSatisfy { $0.method == .textLayer })
        #expect(letter.pages[0].text.contains("Our domain contains 25,000"))
        #expect(letter.pages[1].text.contains("John Parker"))
    }

    @Test func accentedLettersSurviveTheTextLayer() {
        let pdf = SamplePDF.make(pages: [["Prefeitura Municipal de São João", "Solicitação de exceção de licença"]])
        let letter = LetterReader().read(attachment(pdf, type: "application/pdf", name: "oficio.pdf"), name: "oficio.pdf", kind: .pdf)
        #expect(letter.pages.first?.text.contains("Solicitação de exceção") == true)
    }

    @Test func anEncryptedPDFIsUnreadableAndSaysWhy() {
        let letter = LetterReader().read(attachment(SamplePDF.encrypted(), type: "application/pdf", name: "locked.pdf"), name: "locked.pdf", kind: .pdf)
        guard case .unreadable(let reason) = letter.outcome else { Issue.record("read: \(letter.outcome)"); return }
        #expect(reason.contains("encrypted"))
    }

    @Test func bytesThatAreNoPDFAreUnreadableNotACrash() {
        let letter = LetterReader().read(attachment(Array("%PDF-1.4\ngarbage\u{0}\u{1}".utf8), type: "application/pdf", name: "x.pdf"),
                                         name: "x.pdf", kind: .pdf)
        guard case .unreadable(let reason) = letter.outcome else { Issue.record("read: \(letter.outcome)"); return }
        #expect(reason.contains("pdf"))
    }

    /// Every seventh byte flipped past the header: poppler finds no page, and the reason says so rather
    /// than "no text was found", which would read as a blank scan.
    @Test func aDamagedPDFWithNoPagePopplerCanFindSaysSo() {
        var broken = SamplePDF.make(pages: [Self.english], fontSize: 10)
        for k in stride(from: 200, to: broken.count - 200, by: 7) { broken[k] ^= 0x5A }
        let letter = LetterReader().read(attachment(broken, type: "application/pdf", name: "x.pdf"), name: "x.pdf", kind: .pdf)
        guard case .unreadable(let reason) = letter.outcome else { Issue.record("read: \(letter.outcome)"); return }
        #expect(reason.hasPrefix("pdftotext found no page in it"), "\(reason)")
    }

    @Test func aHugeImageIsRefusedByItsHeaderBeforeAnyDecoder() {
        // A PNG header claiming 30,000 × 30,000 pixels: refused by its size, in no time.
        var png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13] + Array("IHDR".utf8)
        png += [0x00, 0x00, 0x75, 0x30, 0x00, 0x00, 0x75, 0x30, 8, 0, 0, 0, 0] + [UInt8](repeating: 0, count: 64)
        let letter = LetterReader().read(attachment(png, type: "image/png", name: "scan.png"), name: "scan.png", kind: .image)
        guard case .unreadable(let reason) = letter.outcome else { Issue.record("read: \(letter.outcome)"); return }
        #expect(reason.contains("30000 × 30000"))
    }

    @Test func aConverterPastItsTimeIsStoppedAndNamed() {
        var limits = ConverterLimits()
        // No converter starts, loads its libraries and reads a PDF in a millisecond.
        limits.wallSeconds = 0.001
        let pdf = SamplePDF.make(pages: [Self.english])
        let letter = LetterReader(limits: limits).read(attachment(pdf, type: "application/pdf", name: "slow.pdf"), name: "slow.pdf", kind: .pdf)
        guard case .unreadable(let reason) = letter.outcome else { Issue.record("read: \(letter.outcome)"); return }
        #expect(reason.contains("took longer than 0.001 s"))
    }

    @Test func aDOCXIsReadWithItsTableAsRows() {
        let docx = SampleZip.docx(["Hollins Bay Borough Council", "Accounts in our domain | 3,300", "Licensed users | 2,000", "Yours faithfully,"])
        let letter = LetterReader().read(attachment(docx, type: "application/vnd.openxmlformats-officedocument.wordprocessingml.document", name: "l.docx"),
                                         name: "l.docx", kind: .docx)
        #expect(letter.pages.first?.method == .document)
        let text = letter.pages.first?.text ?? ""
        #expect(text.contains("Hollins Bay Borough Council\n"))
        #expect(text.contains("Accounts in our domain | 3,300\n"))
    }

    @Test func aDocumentThatInflatesPastItsLimitIsRefused() {
        // Stored, not deflated, so the test stays small: the limit meets the entry as it is written out,
        // whatever its zip header declares, exactly as a deflate bomb's would.
        var limits = ConverterLimits()
        limits.documentBytes = 200_000
        let big = "<w:document><w:body>" + String(repeating: "<w:p><w:r><w:t>aaaaaaaaaa</w:t></w:r></w:p>", count: 10_000) + "</w:body></w:document>"
        let docx = SampleZip.stored([("word/document.xml", Array(big.utf8))])
        let letter = LetterReader(limits: limits).read(attachment(docx, type: "application/vnd.openxmlformats-officedocument.wordprocessingml.document", name: "b.docx"),
                                                       name: "b.docx", kind: .docx)
        guard case .unreadable(let reason) = letter.outcome else { Issue.record("read: \(letter.outcome)"); return }
        #expect(reason.contains("inflates to more than"))
    }

    /// A real Word 97 file (Tests/LetterSamples/Fixtures): each paragraph one line, as in the mail it came from.
    @Test func aWordDocIsReadByAntiword() {
        let doc = SampleDoc.educationRequest()
        let letter = LetterReader().read(attachment(doc, type: "application/msword", name: "request.doc"), name: "request.doc", kind: .doc)
        #expect(letter.problem == nil, "\(letter.outcome)")
        #expect(letter.pages.map(\.number) == [1])
        #expect(letter.pages.first?.method == .document)
        let text = letter.pages.first?.text ?? ""
        #expect(text.contains("Our domain contains 25,000 and our organization is currently licensed for 18,000 I would like an extended license to cover all 20,000."))
        #expect(text.contains("\nJohn Parker\nIT Manager\nXYZ University\n"))
    }

    /// A .doc cut short, or the OLE2 signature and noise after it: antiword says it cannot read it, and the
    /// reason names no path of the private folder it was read in.
    @Test func aDamagedWordDocIsUnreadableAndSaysWhy() {
        var noise = SystemRandomNumberGenerator()
        let garbage = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1] + (0..<4096).map { _ in UInt8.random(in: 0...255, using: &noise) }
        for bytes in [Array(SampleDoc.educationRequest().prefix(3000)), garbage] {
            let letter = LetterReader().read(attachment(bytes, type: "application/msword", name: "carta.doc"), name: "carta.doc", kind: .doc)
            guard case .unreadable(let reason) = letter.outcome else { Issue.record("read: \(letter.outcome)"); continue }
            #expect(reason.hasPrefix("antiword could not read it as a Word document (exit 1): "), "\(reason)")
            #expect(!reason.contains("intake-letter-"), "\(reason)")
        }
    }

    /// A file called a .doc that is no OLE2 file is refused without starting antiword; an RTF saved under
    /// a .doc name, as some programs save it, is read as the RTF it is.
    @Test func aFileNamedDocThatIsNoWordFileIsRefusedAtSight() {
        let text = Array("Dear Sales, our domain contains 25,000 accounts.".utf8)
        let letter = LetterReader().read(attachment(text, type: "application/msword", name: "carta.doc"), name: "carta.doc", kind: .doc)
        #expect(letter.outcome == .unreadable(reason: "it is not a Word 97–2003 document: it does not start with the OLE2 signature D0 CF 11 E0 A1 B1 1A E1"))
        let rtf = Array(#"{\rtf1\ansi Our domain contains 25,000 accounts.\par}"#.utf8)
        let read = LetterReader().read(attachment(rtf, type: "application/octet-stream", name: "carta.doc"), name: "carta.doc", kind: .doc)
        #expect(read.pages.first?.text.contains("Our domain contains 25,000 accounts.") == true, "\(read.outcome)")
    }

    /// A file called a PDF that has no PDF header is refused without starting a converter (a poll with many
    /// such attachments paid two process starts each).
    @Test func aFileWithoutAPDFHeaderIsRefusedBeforeAnyConverter() {
        var noise = SystemRandomNumberGenerator()
        let bytes = (0..<4096).map { _ in UInt8.random(in: 0...255, using: &noise) }.map { $0 == 0x25 ? 0x20 : $0 }
        let letter = LetterReader().read(attachment(bytes, type: "application/pdf", name: "scan.pdf"), name: "scan.pdf", kind: .pdf)
        #expect(letter.outcome == .unreadable(reason: "it is not a PDF: no %PDF- header in its first 1,024 bytes"))
        // A header after some leading bytes, as the format allows, is still a PDF: the converter is asked.
        let late = Array(repeating: UInt8(0x20), count: 100) + SamplePDF.make(pages: [["Licensed for 18,000."]])
        let asked = LetterReader().read(attachment(late, type: "application/pdf", name: "l.pdf"), name: "l.pdf", kind: .pdf)
        #expect(asked.problem?.contains("not a PDF") != true, "\(asked.outcome)")
    }

    /// What a look at the bytes refuses (no PDF header, a kind no converter reads, too large) is refused
    /// before the bytes are hashed: the cache is neither asked nor written, and the outcome is the same.
    @Test func aRefusalAtSightNeverReachesTheCache() {
        final class Memory: LetterCache, @unchecked Sendable {
            var asked = 0, remembered = 0
            func letter(sha256: String, readerVersion: String) -> Letter? { asked += 1; return nil }
            func remember(_ letter: Letter, sha256: String, readerVersion: String) { remembered += 1 }
        }
        let memory = Memory()
        var limits = ConverterLimits()
        limits.attachmentBytes = 10_000
        let reader = LetterReader(limits: limits, cache: memory)
        let noise = Array(repeating: UInt8(0x41), count: 4096)
        let notPDF = reader.read(attachment(noise, type: "application/pdf", name: "scan.pdf"), name: "scan.pdf", kind: .pdf)
        #expect(notPDF.outcome == .unreadable(reason: "it is not a PDF: no %PDF- header in its first 1,024 bytes"))
        let gif = reader.read(attachment(Array("GIF89a".utf8), type: "image/gif", name: "carta.gif"), name: "carta.gif", kind: .unsupported)
        #expect(gif.outcome == .notRead(reason: "no converter reads image/gif files"))
        let notDoc = reader.read(attachment(noise, type: "application/msword", name: "carta.doc"), name: "carta.doc", kind: .doc)
        #expect(notDoc.problem?.hasPrefix("it is not a Word 97–2003 document") == true, "\(notDoc.outcome)")
        let large = reader.read(attachment(Array(repeating: 0x20, count: 20_000) + Array("{\\rtf1 x}".utf8), type: "application/rtf", name: "l.rtf"),
                                name: "l.rtf", kind: .rtf)
        guard case .unreadable(let why) = large.outcome else { Issue.record("\(large.outcome)"); return }
        #expect(why.contains("a letter is read up to"))
        #expect(memory.asked == 0 && memory.remembered == 0)
        // A letter that is read still goes through the cache.
        let rtf = Array(#"{\rtf1\ansi Licensed for 18,000.\par}"#.utf8)
        _ = reader.read(attachment(rtf, type: "application/rtf", name: "ok.rtf"), name: "ok.rtf", kind: .rtf)
        #expect(memory.asked == 1 && memory.remembered == 1)
    }

    /// A message's letters are read up to the limit; the rest are listed, not read, for a person.
    @Test func onlyAMessagesFirstLettersAreRead() {
        var limits = ConverterLimits()
        limits.lettersPerMessage = 3
        var raw = "From: a@xyz.edu\r\nSubject: letters\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n"
        raw += "--b\r\nContent-Type: text/plain\r\n\r\nSee the letters.\r\n"
        for n in 1...5 {
            raw += "--b\r\nContent-Type: application/rtf\r\nContent-Disposition: attachment; filename=\"l\(n).rtf\"\r\n\r\n"
            raw += "{\\rtf1\\ansi Letter \(n).\\par}\r\n"
        }
        raw += "--b--\r\n"
        let letters = LetterReader(limits: limits).letters(in: MessageParser.parse(Array(raw.utf8)))
        #expect(letters.map(\.attachment) == ["l1.rtf", "l2.rtf", "l3.rtf", "l4.rtf", "l5.rtf"])
        #expect(letters.prefix(3).allSatisfy { $0.problem == nil })
        #expect(letters.suffix(2).allSatisfy { if case .notRead(let why) = $0.outcome { why.contains("first 3 letters") } else { false } })
    }

    /// OCR across a message's letters stops at its budget: a blank scan costs a page like a written one, a
    /// PDF's text pages are still read past it, and what the budget cut is not cached, since another message
    /// would read the same file whole.
    @Test func aMessagesLettersShareOneBudgetOfOCRPages() {
        final class Memory: LetterCache, @unchecked Sendable {
            var remembered: [String] = []
            func letter(sha256: String, readerVersion: String) -> Letter? { nil }
            func remember(_ letter: Letter, sha256: String, readerVersion: String) { remembered.append(letter.attachment) }
        }
        var limits = ConverterLimits()
        limits.ocrPagesPerMessage = 2
        // A blank 64 × 64 grey image (PGM): OCR runs on it and finds nothing.
        func blank(_ shade: UInt8) -> String { "P5\n64 64\n255\n" + String(repeating: String(UnicodeScalar(shade)), count: 64 * 64) }
        let pdf = SamplePDF.make(pages: [["Our domain contains 25,000 accounts and we are licensed for 18,000 users."], [], []])
        var raw = "From: a@xyz.edu\r\nSubject: letters\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n"
        raw += "--b\r\nContent-Type: text/plain\r\n\r\nSee the letters.\r\n"
        func part(_ name: String, _ type: String, _ bytes: [UInt8]) {
            raw += "--b\r\nContent-Type: \(type)\r\nContent-Transfer-Encoding: base64\r\nContent-Disposition: attachment; filename=\"\(name)\"\r\n\r\n"
            raw += Data(bytes).base64EncodedString(options: [.lineLength76Characters, .endLineWithCarriageReturn, .endLineWithLineFeed]) + "\r\n"
        }
        part("first.pgm", "image/tiff", Array(blank(0xFF).unicodeScalars.map { UInt8($0.value) }))
        part("long.pdf", "application/pdf", pdf)
        part("last.pgm", "image/tiff", Array(blank(0xFE).unicodeScalars.map { UInt8($0.value) }))
        raw += "--b--\r\n"
        let memory = Memory()
        let letters = LetterReader(limits: limits, cache: memory).letters(in: MessageParser.parse(Array(raw.utf8)))
        #expect(letters.map(\.attachment) == ["first.pgm", "long.pdf", "last.pgm"])
        #expect(letters[0].problem == "no text was found in it", "\(letters[0].outcome)")
        guard case .read(let pages, let notes) = letters[1].outcome else { Issue.record("\(letters[1].outcome)"); return }
        #expect(pages.map(\.number) == [1])
        #expect(notes == ["some pages without a text layer were not read: a message's letters may have 2 pages read by OCR in all"])
        guard case .notRead(let why) = letters[2].outcome else { Issue.record("\(letters[2].outcome)"); return }
        #expect(why.contains("used the 2 pages one message may have read by OCR"))
        #expect(memory.remembered == ["first.pgm"])
    }

    /// The same budget with written scans: a page OCR read counts, and the next scan is left for a person
    /// (refused before Tesseract starts). One OCR run: a 200-dpi page, about a second.
    @Test func aWrittenScanSpendsTheMessagesOCRBudgetAndTheNextIsLeftForAPerson() throws {
        var limits = ConverterLimits()
        limits.ocrPagesPerMessage = 1
        var raw = "From: a@xyz.edu\r\nSubject: letters\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n"
        raw += "--b\r\nContent-Type: text/plain\r\n\r\nSee the scans.\r\n"
        for (name, type, bytes) in [("page1.png", "image/png", try renderedEnglishLetter(as: "png")),
                                    ("page2.tiff", "image/tiff", try renderedEnglishLetter(as: "pgm"))] {
            raw += "--b\r\nContent-Type: \(type)\r\nContent-Transfer-Encoding: base64\r\nContent-Disposition: attachment; filename=\"\(name)\"\r\n\r\n"
            raw += Data(bytes).base64EncodedString(options: [.lineLength76Characters, .endLineWithCarriageReturn, .endLineWithLineFeed]) + "\r\n"
        }
        raw += "--b--\r\n"
        let letters = LetterReader(limits: limits).letters(in: MessageParser.parse(Array(raw.utf8)))
        #expect(letters.map(\.attachment) == ["page1.png", "page2.tiff"])
        #expect(letters[0].pages.first?.text.contains("25,000") == true, "\(letters[0].outcome)")
        #expect(letters[1].outcome == .notRead(reason:
            "the message's letters before it used the 1 pages one message may have read by OCR; this one is for a person to read"))
    }

    @Test func anRTFLetterIsReadInProcess() {
        let rtf = Array(#"{\rtf1\ansi{\fonttbl{\f0 Arial;}}\f0 Our domain contains 25,000 accounts.\par Licensed for 18,000.\par}"#.utf8)
        let letter = LetterReader().read(attachment(rtf, type: "application/rtf", name: "l.rtf"), name: "l.rtf", kind: .rtf)
        #expect(letter.pages.first?.text.contains("Our domain contains 25,000 accounts.") == true)
    }

    @Test func kindsComeFromTheTypeOrAGenericTypesName() {
        #expect(LetterReader.kind(of: attachment([], type: "application/pdf", name: "a")) == .pdf)
        #expect(LetterReader.kind(of: attachment([], type: "application/octet-stream", name: "Carta.PDF")) == .pdf)
        #expect(LetterReader.kind(of: attachment([], type: "image/jpeg", name: "a")) == .image)
        #expect(LetterReader.kind(of: attachment([], type: "text/plain", name: "a.pdf")) == nil)
        #expect(LetterReader.kind(of: attachment([], type: "application/msword", name: "a")) == .doc)
        #expect(LetterReader.kind(of: attachment([], type: "application/octet-stream", name: "Carta.DOC")) == .doc)
        #expect(LetterReader.kind(of: attachment([], type: "image/gif", name: "a.gif")) == .unsupported)
    }

    @Test func aLetterIsReadOnceAndThenFoundInTheCache() {
        final class Memory: LetterCache, @unchecked Sendable {
            var stored: [String: Letter] = [:]
            var hits = 0
            func letter(sha256: String, readerVersion: String) -> Letter? {
                let l = stored[sha256 + readerVersion]
                if l != nil { hits += 1 }
                return l
            }
            func remember(_ letter: Letter, sha256: String, readerVersion: String) { stored[sha256 + readerVersion] = letter }
        }
        let memory = Memory()
        let reader = LetterReader(cache: memory)
        let pdf = SamplePDF.make(pages: [Self.english])
        let first = reader.read(attachment(pdf, type: "application/pdf", name: "a.pdf"), name: "a.pdf", kind: .pdf)
        let again = reader.read(attachment(pdf, type: "application/pdf", name: "copy.pdf"), name: "copy.pdf", kind: .pdf)
        #expect(memory.hits == 1)
        #expect(again.pages == first.pages)
        #expect(again.attachment == "copy.pdf")
    }

    /// The English letter as a 200-dpi grey scan, rendered by pdftoppm from a text PDF: "png" or "pgm" bytes.
    func renderedEnglishLetter(as format: String) throws -> [UInt8] {
        // A folder of its own per call: tests run in parallel, and two rendering the same format in one
        // folder named by the process removed each other's scan.
        var template = Array((NSTemporaryDirectory() + "intake-lettertest-\(format)-XXXXXX").utf8CString)
        guard let made = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else { throw Failure("mkdtemp") }
        let folder = String(cString: made)
        defer { _ = try? run("/bin/rm", ["-rf", folder]) }
        let pdf = SamplePDF.make(pages: [Self.english], fontSize: 12)
        let fd = open(folder + "/l.pdf", O_WRONLY | O_CREAT, 0o600)
        _ = pdf.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        close(fd)
        try run("/usr/bin/pdftoppm", ["-r", "200", "-gray"] + (format == "png" ? ["-png"] : []) + ["-singlefile", folder + "/l.pdf", folder + "/scan"])
        return try #require(readAll(folder + "/scan." + format))
    }

    /// The one OCR test of the suite (a few seconds): a 200-dpi scan of a letter, rendered here from a PDF.
    @Test func aScanIsReadByOCRWithItsConfidence() throws {
        let png = try renderedEnglishLetter(as: "png")
        let letter = LetterReader().read(attachment(png, type: "image/png", name: "scan.png"), name: "scan.png", kind: .image)
        let page = try #require(letter.pages.first)
        guard case .ocr(let confidence) = page.method else { Issue.record("method \(page.method)"); return }
        #expect(confidence > 80)
        #expect(page.text.contains("25,000"))
        #expect(page.text.contains("XYZ University"))
    }

    /// A PDF page with no text layer (a scanner's PDF) is rendered and read by OCR; a 200-dpi scan, here.
    @Test func aScannedPDFPageIsRenderedAndReadByOCR() throws {
        // PGM: "P5\n<width> <height>\n255\n" and the pixels.
        let pgm = try renderedEnglishLetter(as: "pgm")
        var fields: [Int] = []
        var i = 2
        while fields.count < 3 {
            while pgm[i] == 0x0A || pgm[i] == 0x20 { i += 1 }
            var n = 0
            while pgm[i] >= 0x30, pgm[i] <= 0x39 { n = n * 10 + Int(pgm[i] - 0x30); i += 1 }
            fields.append(n)
        }
        let scanned = SamplePDF.scanned(grey: Array(pgm[(i + 1)...]), width: fields[0], height: fields[1])
        let letter = LetterReader().read(attachment(scanned, type: "application/pdf", name: "scan.pdf"), name: "scan.pdf", kind: .pdf)
        let page = try #require(letter.pages.first, "\(letter.outcome)")
        guard case .ocr(let confidence) = page.method else { Issue.record("method \(page.method)"); return }
        #expect(confidence > 80)
        #expect(page.number == 1)
        #expect(page.text.contains("25,000"))
    }

    /// A PDF longer than the page limit: the pages up to it are read and the note counts the rest.
    @Test func aPDFPastThePageLimitIsReadToItAndSaysHowLongItIs() {
        var limits = ConverterLimits()
        limits.pages = 2
        let pdf = SamplePDF.make(pages: (1...3).map { n in ["Page \(n) of the request: our domain contains 25,000 accounts."] })
        let letter = LetterReader(limits: limits).read(attachment(pdf, type: "application/pdf", name: "long.pdf"), name: "long.pdf", kind: .pdf)
        #expect(letter.pages.map(\.number) == [1, 2])
        guard case .read(_, let notes) = letter.outcome else { Issue.record("\(letter.outcome)"); return }
        #expect(notes == ["only the first 2 of the letter's 3 pages were read"])
        let exact = SamplePDF.make(pages: (1...2).map { n in ["Page \(n) of the request: our domain contains 25,000 accounts."] })
        let whole = LetterReader(limits: limits).read(attachment(exact, type: "application/pdf", name: "two.pdf"), name: "two.pdf", kind: .pdf)
        #expect(whole.pages.map(\.number) == [1, 2])
        guard case .read(_, let wholeNotes) = whole.outcome else { Issue.record("\(whole.outcome)"); return }
        #expect(wholeNotes.isEmpty)
    }

    @discardableResult
    func run(_ tool: String, _ args: [String]) throws -> Int32 {
        var pid: pid_t = 0
        let argv = ([tool] + args).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        guard posix_spawn(&pid, tool, nil, nil, argv, environ) == 0 else { throw Failure(tool) }
        var status: Int32 = 0
        waitpid(pid, &status, 0)
        return status
    }

    struct Failure: Error { var what: String; init(_ w: String) { what = w } }

    func readAll(_ path: String) -> [UInt8]? {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var out: [UInt8] = []
        var buf = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = read(fd, &buf, buf.count)
            if n <= 0 { break }
            out += buf[0..<n]
        }
        return out
    }
}
