/// A Word 97–2003 (.doc) letter's text, by antiword in a confined process. antiword rather than catdoc:
/// given a file it cannot read (a truncated or damaged one, or no Word file at all) antiword exits 1 and
/// says why, where catdoc exits 0 with no text, or prints a non-OLE file back as if it were the letter.
struct WordText {
    let limits: ConverterLimits

    /// A .doc is a Compound File (OLE2, [MS-CFB] 2.2): it starts with these eight bytes.
    static let signature: [UInt8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]

    static func hasSignature(_ bytes: [UInt8]) -> Bool { bytes.starts(with: signature) }

    func read(_ folder: PrivateFolder, file: String) throws(LetterRefusal) -> String {
        // UTF-8 whatever the locale; -w 0: a paragraph is one line, as in a mail's body, and a table's row too.
        let path = folder.file(file)
        let run = try ConfinedProcess(tool: "antiword", arguments: ["-m", "UTF-8.txt", "-w", "0", path],
                                      folder: folder, limits: limits).run()
        guard run.succeeded else {
            guard run.status != nil, !run.timedOut else { throw ConfinedProcess.refusal(for: run, tool: "antiword", limits: limits) }
            // antiword names the file by its path in the private folder, which means nothing to a person.
            let said = run.errors.split(whereSeparator: \.isNewline).first.map { String($0.replacing(path, with: "it")) } ?? ""
            throw .converterFailed(tool: "antiword", reason: "could not read it as a Word document (exit \(run.status!))"
                                                        + (said.isEmpty ? "" : ": \(said)"))
        }
        return Self.text(String(decoding: run.output, as: UTF8.self))
    }

    /// antiword's text with each table row written as the other documents' are: cells separated by " | "
    /// (antiword pads them into columns between bars: "|Licensed users   |3,000 |").
    static func text(_ output: String) -> String {
        output.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            guard line.count >= 2, line.first == "|", line.last == "|" else { return String(line) }
            return line.dropFirst().dropLast().split(separator: "|", omittingEmptySubsequences: false)
                .map { String($0).strippingSpaces }.joined(separator: " | ")
        }.joined(separator: "\n")
    }
}
