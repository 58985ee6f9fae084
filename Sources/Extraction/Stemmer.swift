internal import CStemmer
import Foundation

/// One language's Snowball stemmer: "remains", "remained" and "remaining" all give "remain", so a cue
/// written once matches every form of its words. Snowball's stemmer object keeps the last result in
/// itself, so calls are serialised; stems already computed are remembered, as the same few hundred
/// words come back in every request.
final class Stemmer: @unchecked Sendable {
    let language: String
    private let handle: OpaquePointer
    private let lock = NSLock()
    private var memo: [String: String] = [:]
    /// Bounds the memo: a hostile text of a million distinct words must not keep them all.
    private static let memoLimit = 50_000

    /// nil when Snowball has no stemmer for the language code ("en", "es", "pt", "de", "fr", "it" do).
    init?(language: String) {
        guard let handle = sb_stemmer_new(language, nil) else { return nil }
        self.language = language
        self.handle = handle
    }

    deinit { sb_stemmer_delete(handle) }

    /// The stem of a folded (lower-case, accent-free) word.
    func stem(_ word: String) -> String {
        lock.lock()
        defer { lock.unlock() }
        if let known = memo[word] { return known }
        var word = word
        let stem = word.withUTF8 { bytes -> String in
            guard let base = bytes.baseAddress,
                  let out = sb_stemmer_stem(handle, base, Int32(bytes.count)) else { return String(decoding: bytes, as: UTF8.self) }
            let length = Int(sb_stemmer_length(handle))
            return String(decoding: UnsafeBufferPointer(start: out, count: length), as: UTF8.self)
        }
        if memo.count >= Self.memoLimit { memo.removeAll(keepingCapacity: true) }
        memo[word] = stem
        return stem
    }
}

/// The stemmers of the pattern files' languages, made once per rule set.
struct Stemmers: Sendable {
    private let byLanguage: [String: Stemmer]

    init(languages: [String]) {
        var all: [String: Stemmer] = [:]
        for code in languages where all[code] == nil {
            if let s = Stemmer(language: code) { all[code] = s }
        }
        byLanguage = all
    }

    subscript(language: String) -> Stemmer? { byLanguage[language] }
}
