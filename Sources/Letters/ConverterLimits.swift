/// What one converter run may use. A letter is a page or a few; these leave a real scan room and stop
/// a hostile file long before it costs intake anything.
package struct ConverterLimits: Sendable, Equatable {
    /// CPU seconds one run may use (RLIMIT_CPU).
    package var cpuSeconds: Int = 30
    /// Wall-clock seconds one run may take, waiting included (a 2-core machine shared with the poll).
    package var wallSeconds: Double = 60
    /// Address space one run may map (RLIMIT_AS): a 300-dpi A4 page in Tesseract needs about 300 MB.
    package var memoryBytes: Int = 1_500_000_000
    /// The largest file a run may write, its standard output included (RLIMIT_FSIZE); a rendered
    /// 300-dpi grey page is about 9 MB.
    package var outputBytes: Int = 64_000_000
    /// Pages read from one PDF; the rest are named in a note.
    package var pages: Int = 20
    /// Pages of one PDF read by OCR (a page with no text layer); OCR costs seconds a page.
    package var ocrPages: Int = 10
    /// The largest image OCR is asked to read, in pixels (a 300-dpi A3 page is 35 million).
    package var imagePixels: Int = 50_000_000
    /// A document's (DOCX, ODT) zip: at most this many entries and this many bytes of its text once inflated.
    package var archiveEntries: Int = 2_000
    package var documentBytes: Int = 20_000_000
    /// The largest attachment read at all.
    package var attachmentBytes: Int = 50_000_000
    /// Letters read from one message; the rest are left for a person. Each converter run is bounded, but a
    /// message with hundreds of attachments would otherwise hold the poll for hours.
    package var lettersPerMessage: Int = 5
    /// Pages read by OCR across all of one message's letters. Five letters of ten scanned pages each would
    /// otherwise cost minutes of a shared machine for one message; a request is a page or two.
    package var ocrPagesPerMessage: Int = 10

    package init() {}
}
