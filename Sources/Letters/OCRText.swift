/// A scanned page's text by Tesseract, in Portuguese, Spanish and English at once (a letter's language
/// is not known before it is read). English listed first reads "não" as "náo": its model knows no "ã",
/// while English words come out the same with it last. Tesseract's page segmentation finds text lines at the slight angle
/// of a hand-fed scan, so such pages need no separate deskew; its TSV gives each word's confidence.
struct OCRText {
    let limits: ConverterLimits
    var languages = "por+spa+eng"

    /// The page's text and mean word confidence; nil when Tesseract found no words.
    func read(_ folder: PrivateFolder, image: String, number: Int) throws(LetterRefusal) -> PageText? {
        if let bytes = folder.read(image, limit: 1 << 16), let size = ImageSize(bytes), size.pixels > limits.imagePixels {
            throw .refused("the image is \(size.width) × \(size.height) pixels, more than the \(limits.imagePixels / 1_000_000) million OCR reads")
        }
        let base = "ocr-\(number)"
        let run = try ConfinedProcess(tool: "tesseract", arguments: [folder.file(image), folder.file(base), "-l", languages, "txt", "tsv"],
                                      folder: folder, limits: limits).run()
        guard run.succeeded else { throw ConfinedProcess.refusal(for: run, tool: "tesseract", limits: limits) }
        let text = String(decoding: folder.read(base + ".txt", limit: limits.outputBytes) ?? [], as: UTF8.self)
        let tsv = String(decoding: folder.read(base + ".tsv", limit: limits.outputBytes) ?? [], as: UTF8.self)
        guard let (words, confidence) = Self.words(tsv), words >= Self.minimumWords, confidence >= Self.minimumConfidence,
              !text.allSatisfy(\.isWhitespace) else { return nil }
        return PageText(number: number, text: text, confidence: confidence)
    }

    /// Below these a page is no text: Tesseract finds a word or two in a logo, a photo or noise, and
    /// such "words" read as a letter would hide that a person has to look at the attachment.
    static let minimumWords = 8
    static let minimumConfidence = 50.0

    /// How many words the page has and their mean confidence (TSV level 5 rows with text); nil when none.
    static func words(_ tsv: String) -> (count: Int, meanConfidence: Double)? {
        var sum = 0.0
        var words = 0
        for line in tsv.split(whereSeparator: \.isNewline).dropFirst() {
            let columns = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard columns.count >= 12, columns[0] == "5", let conf = Double(columns[10]), conf >= 0,
                  !columns[11].allSatisfy(\.isWhitespace) else { continue }
            sum += conf
            words += 1
        }
        return words == 0 ? nil : (words, sum / Double(words))
    }
}
