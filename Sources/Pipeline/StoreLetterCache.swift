import Extraction
package import Filing
import Letters

/// The store as the letter reader's cache.
struct StoreLetterCache: LetterCache {
    let store: CaseStore

    func letter(sha256: String, readerVersion: String) -> Letter? { store.cachedLetter(sha256: sha256, readerVersion: readerVersion) }

    func remember(_ letter: Letter, sha256: String, readerVersion: String) {
        store.cacheLetter(letter, sha256: sha256, readerVersion: readerVersion)
    }
}

extension Decider {
    /// This decider, keeping the letters it reads in `store` and finding them there.
    package func cachingLetters(in store: CaseStore) -> Decider {
        var d = self
        d.letters?.cache = StoreLetterCache(store: store)
        return d
    }
}
