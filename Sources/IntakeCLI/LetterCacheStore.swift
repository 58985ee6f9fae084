import Filing
import Foundation
import MIME
import Letters

/// The store `check` keeps letters in. Read and written: an entry is what the attachment's bytes read as
/// under this reader's version, never a decision, so keeping one files nothing and changes no case; the
/// next `check`, `poll` or `reprocess` of the same scan finds it instead of running OCR again.
enum LetterCacheStore {
    /// The store at `directory` when the message has a letter to read and a store is already there; nil
    /// otherwise. `check` never makes a store, and a store it cannot open costs only the cache (said on
    /// standard error): the decision is the same either way.
    static func open(_ directory: String?, for raw: [UInt8]) -> CaseStore? {
        guard let directory, FileManager.default.fileExists(atPath: directory + "/intake.sqlite"),
              !LetterReader.letterAttachments(of: MessageParser.parse(raw)).isEmpty else { return nil }
        do {
            return try CaseStore(directory: directory)
        } catch {
            printErr("intake: letters are read without the store's cache: \(error.description)")
            return nil
        }
    }
}
