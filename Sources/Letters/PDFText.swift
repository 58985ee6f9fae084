/// A PDF's text: pdftotext -layout for each page's text layer (poppler's pdfinfo only for the page count of
/// a PDF longer than the limit), and pages with no text layer (a scan saved as PDF) rendered by pdftoppm
/// and read by OCR.
struct PDFText {
    let limits: ConverterLimits
    let ocr: OCRText

    /// A page with fewer letters or digits than this in its text layer is read as a scan.
    static let textLayerMinimum = 20

    /// What a PDF gave: its pages and notes on what was left unread.
    struct Reading {
        var pages: [PageText]
        var notes: [String]
        /// Pages without a text layer were left unread because the message's OCR budget ran out, not the
        /// letter's own limit: what was read depends on the letters before it, so it is not kept in the cache.
        var cutByBudget: Bool
    }

    /// `ocrBudget`: the OCR pages the message's letters have left (see `ConverterLimits.ocrPagesPerMessage`);
    /// `ocrRuns` counts the pages OCR was run on, also when the read then fails.
    func read(_ folder: PrivateFolder, file: String, ocrBudget: Int, ocrRuns: inout Int) throws(LetterRefusal) -> Reading {
        // One process for a text PDF: pdftotext reads one page past the limit, and only a PDF that has it
        // (a long one, or a hostile one claiming a million pages) costs pdfinfo for its page count.
        let run = try ConfinedProcess(tool: "pdftotext", arguments: ["-layout", "-enc", "UTF-8", "-f", "1", "-l", String(limits.pages + 1),
                                                                     folder.file(file), "-"],
                                      folder: folder, limits: limits).run()
        guard run.succeeded else { throw Self.refusal(run, tool: "pdftotext", limits: limits) }
        // pdftotext ends each page with a form feed.
        var texts = String(decoding: run.output, as: UTF8.self).split(separator: "\u{0C}", omittingEmptySubsequences: false).map(String.init)
        texts.removeLast()
        // Not one page: a PDF too damaged for poppler to find its pages (it may still exit 0), or none.
        guard !texts.isEmpty else {
            let said = run.errors.split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
            throw .converterFailed(tool: "pdftotext", reason: "found no page in it" + (said.isEmpty ? "" : ": \(said)"))
        }
        var notes: [String] = []
        if texts.count > limits.pages {
            texts.removeLast(texts.count - limits.pages)
            // The count only words the note: a pdfinfo that cannot tell it changes nothing read.
            let count = (try? pageCount(folder, file: file)).flatMap { $0 > limits.pages ? "\($0)" : nil } ?? "more"
            notes.append("only the first \(limits.pages) of the letter's \(count) pages were read")
        }
        var pages: [PageText] = []
        var scanned = 0, unscanned = 0
        defer { ocrRuns += scanned }
        let ocrLimit = min(limits.ocrPages, max(0, ocrBudget))
        for (k, text) in texts.enumerated() {
            if text.unicodeScalars.filter({ $0.properties.isAlphabetic || ("0"..."9").contains($0) }).count >= Self.textLayerMinimum {
                pages.append(PageText(number: k + 1, text: text, confidence: nil))
                continue
            }
            guard scanned < ocrLimit else {
                unscanned += 1
                continue
            }
            scanned += 1
            let image = try render(folder, file: file, page: k + 1)
            if let page = try ocr.read(folder, image: image, number: k + 1) { pages.append(page) }
        }
        // Scanned pages left unread were left by the message's budget when it, not the letter's own limit, was the less.
        let cutByBudget = unscanned > 0 && ocrLimit < limits.ocrPages
        if unscanned > 0 {
            notes.append(cutByBudget ? "some pages without a text layer were not read: a message's letters may have \(limits.ocrPagesPerMessage) pages read by OCR in all"
                                     : "pages past \(limits.ocrPages) without a text layer were not read by OCR")
        }
        guard !pages.isEmpty else { throw cutByBudget ? .ocrBudgetSpent(limits.ocrPagesPerMessage) : .noText }
        return Reading(pages: pages, notes: notes, cutByBudget: cutByBudget)
    }

    func pageCount(_ folder: PrivateFolder, file: String) throws(LetterRefusal) -> Int {
        let run = try ConfinedProcess(tool: "pdfinfo", arguments: [folder.file(file)], folder: folder, limits: limits).run()
        guard run.succeeded else { throw Self.refusal(run, tool: "pdfinfo", limits: limits) }
        for line in String(decoding: run.output, as: UTF8.self).split(whereSeparator: \.isNewline) where line.hasPrefix("Pages:") {
            return Int(String(line.dropFirst("Pages:".count)).strippingSpaces) ?? 0
        }
        return 0
    }

    /// One page as a grey 300-dpi image: what Tesseract reads best. PGM, not PNG: the same pixels without
    /// compressing them here and inflating them again in Tesseract (about 0.9 s of CPU a page); an A4 page
    /// is 8.7 MB, an A3 one at most 25 MB, within the output limit. Its name is pdftoppm's choice.
    func render(_ folder: PrivateFolder, file: String, page: Int) throws(LetterRefusal) -> String {
        let prefix = "page-\(page)"
        let run = try ConfinedProcess(tool: "pdftoppm", arguments: ["-r", "300", "-gray", "-f", String(page), "-l", String(page),
                                                                     // A page drawn larger than A3 at 300 dpi is scaled down to it.
                                                                     "-scale-to", "4960", folder.file(file), folder.file(prefix)],
                                      folder: folder, limits: limits).run()
        guard run.succeeded else { throw Self.refusal(run, tool: "pdftoppm", limits: limits) }
        guard let name = folder.names().first(where: { $0.hasPrefix(prefix + "-") && $0.hasSuffix(".pgm") }) else {
            throw .converterFailed(tool: "pdftoppm", reason: "made no image of page \(page)")
        }
        return name
    }

    /// A password-protected PDF is said so; anything else is the converter's own words.
    static func refusal(_ run: ConfinedProcess.Run, tool: String, limits: ConverterLimits) -> LetterRefusal {
        if run.errors.contains("Incorrect password") || run.errors.contains("encrypted") { return .encrypted }
        if run.status != nil, !run.timedOut {
            let said = run.errors.split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
            return .converterFailed(tool: tool, reason: "could not read it as a PDF (exit \(run.status!))" + (said.isEmpty ? "" : ": \(said)"))
        }
        return ConfinedProcess.refusal(for: run, tool: tool, limits: limits)
    }
}

/// A page's text as a converter gave it; `confidence` is OCR's mean word confidence.
struct PageText {
    var number: Int
    var text: String
    var confidence: Double?
}

extension String {
    /// Without the spaces and tabs at either end (pdfinfo pads its values).
    var strippingSpaces: String {
        var s = Substring(self)
        while let c = s.first, c == " " || c == "\t" { s.removeFirst() }
        while let c = s.last, c == " " || c == "\t" { s.removeLast() }
        return String(s)
    }
}
