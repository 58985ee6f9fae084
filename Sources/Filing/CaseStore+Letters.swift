import Foundation
import GRDB
package import Extraction

/// Letters already read, by the attachment's SHA-256 and the letter reader's version: a scan is read by
/// OCR once, whatever reads the message again (`reprocess`, a second poll after a crash, `check` with
/// the store). A cache only: an entry that cannot be read or written is read again, never an error.
extension CaseStore {
    package func cachedLetter(sha256: String, readerVersion: String) -> Letter? {
        let json: String? = try? db.read { db in
            try String.fetchOne(db, sql: "SELECT letter FROM letter_text WHERE sha256 = ? AND reader_version = ?",
                                arguments: [sha256, readerVersion])
        }
        return json.flatMap { try? JSONDecoder().decode(Letter.self, from: Data($0.utf8)) }
    }

    package func cacheLetter(_ letter: Letter, sha256: String, readerVersion: String) {
        guard let data = try? JSONEncoder().encode(letter) else { return }
        // A cache entry only has to outlive the process: lost with the machine, the letter is read again.
        // Synced, it cost a flush of the log per letter on the thread that reads ahead.
        _ = try? writeWithoutSync { db in
            try db.execute(sql: "INSERT OR REPLACE INTO letter_text (sha256, reader_version, letter, read_at) VALUES (?, ?, ?, ?)",
                           arguments: [sha256, readerVersion, String(decoding: data, as: UTF8.self), Timestamp.now()])
        }
    }
}
