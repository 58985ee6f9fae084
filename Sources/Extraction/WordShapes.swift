import Foundation

/// The (first byte, length in bytes) pairs of a set of words: a word whose pair is missing is not in
/// the set. Reading a word's first byte and byte count costs next to nothing, where looking it up in a
/// dictionary hashes it; most words of a text are in no cue list's set, and each list is asked about
/// every distinct word of every text, so most lookups end here.
///
/// Strings are equal when canonically equivalent ("é" as one scalar or two; the Kelvin sign and "K"),
/// which bytes do not show: a word with other than ASCII is always let through, and a set's word is
/// recorded in its composed form, which is the form any ASCII word equal to it has.
struct WordShapes: Sendable {
    /// Per first byte, a bit per length (lengths of 63 or more share the last bit).
    private var lengths = [UInt64](repeating: 0, count: 256)
    private var holdsEmpty = false

    init<Words: Sequence<String>>(_ words: Words) {
        for word in words {
            let composed = word.precomposedStringWithCanonicalMapping
            guard let b = composed.utf8.first else { holdsEmpty = true; continue }
            lengths[Int(b)] |= Self.bit(composed.utf8.count)
        }
    }

    /// False only when `word` cannot be one of the words.
    func mayContain(_ word: String) -> Bool {
        mayContain(TokenizedText.Word(word))
    }

    @inline(__always) func mayContain(_ word: TokenizedText.Word) -> Bool {
        guard word.length > 0 else { return holdsEmpty }
        return lengths[Int(word.first)] & Self.bit(word.length) != 0 || !word.isASCII
    }

    @inline(__always) private static func bit(_ length: Int) -> UInt64 { 1 << UInt64(min(length, 63)) }
}
