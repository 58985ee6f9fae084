/// A letter the requester attached (a PDF, a scan, a document), as it was read: its text page by page,
/// or why it could not be read. The Letters module makes these; extraction reads their text like a
/// body, the rules look at what could not be read, and the store caches them by the attachment's SHA-256.
package struct Letter: Sendable, Equatable, Codable {
    /// The attachment's file name as the sender wrote it, or "attachment N" when it has none.
    package var attachment: String
    package var contentType: String
    package var outcome: Outcome

    package enum Outcome: Sendable, Equatable, Codable {
        /// Read: at least one page gave text. `notes` say what was left out ("only the first 20 of 400 pages").
        case read(pages: [Page], notes: [String])
        /// A converter tried and could not: a crash, a limit, a refusal (an encrypted PDF). The reason is a
        /// sentence a person can act on.
        case unreadable(reason: String)
        /// No converter reads this kind of file (a GIF), or letters were not read here.
        case notRead(reason: String)
    }

    /// One page's text and how it was read.
    package struct Page: Sendable, Equatable, Codable {
        /// From 1.
        package var number: Int
        package var text: String
        package var method: Method

        package init(number: Int, text: String, method: Method) {
            self.number = number
            self.text = text
            self.method = method
        }
    }

    package enum Method: Sendable, Equatable, Codable, CustomStringConvertible {
        /// The PDF's own text layer.
        case textLayer
        /// Optical character recognition, with Tesseract's mean word confidence (0–100).
        case ocr(meanConfidence: Double)
        /// A word-processing document's text (DOCX, ODT, RTF).
        case document

        package var description: String {
            switch self {
            case .textLayer: "text layer"
            case .ocr(let confidence): "OCR, mean confidence \(Int(confidence.rounded())) %"
            case .document: "document"
            }
        }
    }

    package init(attachment: String, contentType: String, outcome: Outcome) {
        self.attachment = attachment
        self.contentType = contentType
        self.outcome = outcome
    }

    /// The pages that gave text; none when the letter was not read.
    package var pages: [Page] {
        if case .read(let pages, _) = outcome { return pages }
        return []
    }

    /// Why no text came from it; nil when it was read.
    package var problem: String? {
        switch outcome {
        case .read: nil
        case .unreadable(let reason), .notRead(let reason): reason
        }
    }

    /// "attachment NAME, page 2": where evidence read from this letter stands.
    package func source(page: Int) -> String { "attachment \(attachment), page \(page)" }
}
