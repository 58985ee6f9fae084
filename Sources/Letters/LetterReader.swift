import Crypto
package import Extraction
package import MIME

/// Reads the letters a requester attached: each PDF, scan or document becomes a `Letter`, its text page by
/// page or the reason it gave none. Every converter runs in its own confined process on a copy in a
/// private folder (`ConfinedProcess`), so no file can take intake down; a `LetterCache` (the store)
/// keeps what was read by the attachment's SHA-256, so a scan is read once whatever asks again.
package struct LetterReader: Sendable {
    package var limits: ConverterLimits
    package var cache: (any LetterCache)?

    /// Recorded with each cached letter: a letter read by an older reader is read again.
    /// 2: a file without a PDF header is refused before pdftotext, and pdftotext finding no page says so.
    package static let version = "2"

    package init(limits: ConverterLimits = ConverterLimits(), cache: (any LetterCache)? = nil) {
        self.limits = limits
        self.cache = cache
    }

    /// What kind of letter an attachment is, by its type or, for a generic type, its name.
    package enum Kind: Sendable, Equatable {
        /// `doc`: Word 97–2003.
        case pdf, image, docx, odt, rtf, doc
        /// A kind a letter comes in that no converter here reads (a GIF, a HEIC photo).
        case unsupported
    }

    package static func kind(of attachment: Attachment) -> Kind? {
        let type = attachment.contentType
        let name = attachment.filename?.lowercased() ?? ""
        func named(_ ext: String) -> Bool { name.hasSuffix("." + ext) }
        switch type {
        case "application/pdf", "application/x-pdf": return .pdf
        case "image/jpeg", "image/jpg", "image/pjpeg", "image/png", "image/tiff", "image/x-tiff": return .image
        case "application/vnd.openxmlformats-officedocument.wordprocessingml.document": return .docx
        case "application/vnd.oasis.opendocument.text": return .odt
        case "application/rtf", "text/rtf": return .rtf
        case "application/msword", "application/vnd.ms-word": return .doc
        default: break
        }
        guard type == "application/octet-stream" || type.hasPrefix("application/x-") || type.isEmpty else {
            return type.hasPrefix("image/") ? .unsupported : nil
        }
        if named("pdf") { return .pdf }
        if named("jpg") || named("jpeg") || named("png") || named("tif") || named("tiff") { return .image }
        if named("docx") { return .docx }
        if named("odt") { return .odt }
        if named("rtf") { return .rtf }
        if named("doc") || named("dot") { return .doc }
        return nil
    }

    /// The attachments of a message that may be letters: not a small picture shown inside the mail (a
    /// signature's logo), which is decoration, as the rules' attachment-type condition has it.
    package static func letterAttachments(of message: Message) -> [(name: String, attachment: Attachment, kind: Kind)] {
        var out: [(String, Attachment, Kind)] = []
        for (k, attachment) in message.attachments.enumerated() {
            guard let kind = kind(of: attachment) else { continue }
            if attachment.isInline, attachment.contentType.hasPrefix("image/"), attachment.bytes.count < inlineDecorationBytes { continue }
            out.append((attachment.filename ?? "attachment \(k + 1)", attachment, kind))
        }
        return out
    }

    /// The same size the rules' attachment-type condition leaves out as decoration.
    package static let inlineDecorationBytes = 50_000

    /// Every letter in a message, read (or found in the cache): the first `limits.lettersPerMessage`; the rest
    /// are listed as not read, for a person. OCR across them stops at `limits.ocrPagesPerMessage` pages.
    package func letters(in message: Message) -> [Letter] {
        var ocrLeft = limits.ocrPagesPerMessage
        return Self.letterAttachments(of: message).enumerated().map { n, a in
            guard n < limits.lettersPerMessage else {
                return Letter(attachment: a.name, contentType: a.attachment.contentType, outcome: .notRead(reason:
                    "only a message's first \(limits.lettersPerMessage) letters are read; this one is for a person to read"))
            }
            let (letter, ocrRuns) = read(a.attachment, name: a.name, kind: a.kind, ocrBudget: ocrLeft)
            ocrLeft -= ocrRuns
            return letter
        }
    }

    /// One letter, read with the whole of a message's OCR budget.
    package func read(_ attachment: Attachment, name: String, kind: Kind) -> Letter {
        read(attachment, name: name, kind: kind, ocrBudget: limits.ocrPagesPerMessage).letter
    }

    /// One letter and the pages OCR read for it. A letter found in the cache counts the OCR pages it has,
    /// as if read again, so that a message is read the same whether or not the cache knew its letters.
    func read(_ attachment: Attachment, name: String, kind: Kind, ocrBudget: Int) -> (letter: Letter, ocrRuns: Int) {
        // What a look at the bytes refuses is refused before they are hashed, and neither looked up nor
        // kept in the cache: the look costs less than the hash and the lookup, and says the same every time.
        if let refusal = refusalAtSight(attachment.bytes, kind: kind, contentType: attachment.contentType) {
            return (Letter(attachment: name, contentType: attachment.contentType, outcome: Self.outcome(refusal)), 0)
        }
        let sha256 = SHA256.hash(data: attachment.bytes).map { String(format2: $0) }.joined()
        if let cached = cache?.letter(sha256: sha256, readerVersion: Self.version) {
            let ocrPages = cached.pages.filter { if case .ocr = $0.method { true } else { false } }.count
            return (Letter(attachment: name, contentType: attachment.contentType, outcome: cached.outcome), ocrPages)
        }
        let outcome: Letter.Outcome
        var ocrRuns = 0
        do throws(LetterRefusal) {
            let reading = try read(attachment.bytes, kind: kind, contentType: attachment.contentType, ocrBudget: ocrBudget, ocrRuns: &ocrRuns)
            outcome = .read(pages: reading.pages, notes: reading.notes)
            if reading.cutByBudget { return (Letter(attachment: name, contentType: attachment.contentType, outcome: outcome), ocrRuns) }
        } catch {
            outcome = Self.outcome(error)
            if error.isTransient { return (Letter(attachment: name, contentType: attachment.contentType, outcome: outcome), ocrRuns) }
        }
        let letter = Letter(attachment: name, contentType: attachment.contentType, outcome: outcome)
        cache?.remember(letter, sha256: sha256, readerVersion: Self.version)
        return (letter, ocrRuns)
    }

    /// A refusal as a letter's outcome: what no converter reads, or the budget left unread, is for a person
    /// to read; the rest was tried and could not be read.
    static func outcome(_ refusal: LetterRefusal) -> Letter.Outcome {
        switch refusal {
        case .unsupported, .ocrBudgetSpent: .notRead(reason: refusal.description)
        default: .unreadable(reason: refusal.description)
        }
    }

    /// What is refused from the bytes' size and first kilobyte alone, before any converter runs.
    func refusalAtSight(_ bytes: [UInt8], kind: Kind, contentType: String) -> LetterRefusal? {
        guard bytes.count <= limits.attachmentBytes else {
            return .refused("the file is \(bytes.count / 1_000_000) MB, more than the \(limits.attachmentBytes / 1_000_000) MB a letter is read up to")
        }
        switch kind {
        case .unsupported: return .unsupported(contentType: contentType)
        // A PDF starts with its header within its first kilobyte (PDF 32000, 7.5.2); without one it is no
        // PDF, and no converter is started for it.
        case .pdf where !Self.hasPDFHeader(bytes): return .refused("it is not a PDF: no %PDF- header in its first 1,024 bytes")
        // A Word 97–2003 file is an OLE2 compound file; an RTF saved under a .doc name (Word opens both, and
        // some programs write RTF so) is read as the RTF it is. Anything else is no .doc.
        case .doc where !WordText.hasSignature(bytes) && !Self.isRTF(bytes):
            return .refused("it is not a Word 97–2003 document: it does not start with the OLE2 signature D0 CF 11 E0 A1 B1 1A E1")
        default: return nil
        }
    }

    static func hasPDFHeader(_ bytes: [UInt8]) -> Bool {
        let head = bytes.prefix(1024), marker = Array("%PDF-".utf8)
        guard head.count >= marker.count else { return false }
        return (head.startIndex...(head.endIndex - marker.count)).contains { head[$0..<($0 + marker.count)].elementsEqual(marker) }
    }

    /// An RTF file starts with "{\rtf" (the RTF 1.9.1 specification, its header).
    static func isRTF(_ bytes: [UInt8]) -> Bool { bytes.starts(with: Array("{\\rtf".utf8)) }

    /// What a letter's bytes gave: its pages, notes on what was left unread, and whether the message's OCR
    /// budget cut it short.
    struct Reading {
        var pages: [Letter.Page]
        var notes: [String] = []
        var cutByBudget = false
    }

    /// The letter's pages from bytes `refusalAtSight` let by, with `ocrBudget` pages of OCR at most; `ocrRuns`
    /// counts the pages OCR was run on, also when the read then fails (a blank scan costs as much as a written one).
    func read(_ bytes: [UInt8], kind: Kind, contentType: String, ocrBudget: Int, ocrRuns: inout Int) throws(LetterRefusal) -> Reading {
        let ocr = OCRText(limits: limits)
        switch kind {
        case .unsupported:
            // Refused at sight; here only for the switch to be whole.
            throw .unsupported(contentType: contentType)
        case .rtf:
            return try Reading(pages: [Letter.Page(number: 1, text: Self.nonEmpty(RTFText.text(fromRTF: bytes)), method: .document)])
        case .doc where Self.isRTF(bytes):
            return try read(bytes, kind: .rtf, contentType: contentType, ocrBudget: ocrBudget, ocrRuns: &ocrRuns)
        case .doc:
            let folder = try PrivateFolder()
            try folder.write(bytes, as: "letter.doc")
            let text = try WordText(limits: limits).read(folder, file: "letter.doc")
            return Reading(pages: [Letter.Page(number: 1, text: try Self.nonEmpty(text), method: .document)])
        case .pdf:
            let folder = try PrivateFolder()
            try folder.write(bytes, as: "letter.pdf")
            let pdf = try PDFText(limits: limits, ocr: ocr).read(folder, file: "letter.pdf", ocrBudget: ocrBudget, ocrRuns: &ocrRuns)
            return Reading(pages: pdf.pages.map(Self.page), notes: pdf.notes, cutByBudget: pdf.cutByBudget)
        case .image:
            guard ocrBudget > 0 else { throw .ocrBudgetSpent(limits.ocrPagesPerMessage) }
            let folder = try PrivateFolder()
            // Tesseract goes by the bytes, not the name; the name only keeps its reading obvious.
            try folder.write(bytes, as: "letter.image")
            ocrRuns += 1
            guard let page = try ocr.read(folder, image: "letter.image", number: 1) else { throw .noText }
            return Reading(pages: [Self.page(page)])
        case .docx, .odt:
            let folder = try PrivateFolder()
            try folder.write(bytes, as: "letter.zip")
            let text = try DocumentText(limits: limits).read(folder, file: "letter.zip", kind: kind == .docx ? .docx : .odt)
            return Reading(pages: [Letter.Page(number: 1, text: try Self.nonEmpty(text), method: .document)])
        }
    }

    static func page(_ p: PageText) -> Letter.Page {
        Letter.Page(number: p.number, text: p.text, method: p.confidence.map { .ocr(meanConfidence: $0) } ?? .textLayer)
    }

    static func nonEmpty(_ text: String) throws(LetterRefusal) -> String {
        guard !text.allSatisfy(\.isWhitespace) else { throw .noText }
        return text
    }
}

/// Where letters already read are kept, by the attachment's SHA-256 and the reader's version: the store.
package protocol LetterCache: Sendable {
    func letter(sha256: String, readerVersion: String) -> Letter?
    func remember(_ letter: Letter, sha256: String, readerVersion: String)
}

extension String {
    /// Two lower-case hex digits.
    init(format2 byte: UInt8) {
        let digits = Array("0123456789abcdef")
        self = String([digits[Int(byte >> 4)], digits[Int(byte & 0xF)]])
    }
}
