import Foundation

/// A reply's subject: "Re: " + the original subject without its stacked reply and forward prefixes
/// (Re:, RE:, Fwd:, Fw:, RV:, Res:, Enc:, AW:, WG:, "Re[2]:" …) and without the case's own tag, then the
/// case id in brackets. Bounded: a 100 KB subject gives a reply subject of at most a few hundred characters.
package enum ReplySubject {
    /// The longest part of the original subject kept, in characters.
    static let maxOriginalCharacters = 160

    /// The prefixes mail clients put before a subject they reply to or forward, in any case.
    static let prefixes: Set<String> = ["re", "fwd", "fw", "rv", "res", "enc", "aw", "wg", "tr", "sv", "vs", "antw", "ref", "r"]

    package static func text(original: String?, caseID: String) -> String {
        var subject = Substring(HeaderText.bounded(HeaderText.singleLine(original ?? ""), characters: 4 * maxOriginalCharacters))
        var changed = true
        while changed {
            changed = false
            subject = subject.drop(while: { $0 == " " })
            if let rest = droppingPrefix(subject) { subject = rest; changed = true }
            for tag in ["[" + caseID + "]", caseID] where subject.hasPrefix(tag) {
                subject = subject.dropFirst(tag.count); changed = true
            }
        }
        var kept = String(subject)
        for tag in [" [" + caseID + "]", "[" + caseID + "]"] { kept = kept.replacing(tag, with: "") }
        kept = HeaderText.bounded(HeaderText.singleLine(kept), characters: maxOriginalCharacters)
        return kept.isEmpty ? "Re: [\(caseID)]" : "Re: \(kept) [\(caseID)]"
    }

    /// The subject after one leading "Re:" (or "Re[2]:", "Re(2):", "RE :", full-width colon), or nil.
    private static func droppingPrefix(_ subject: Substring) -> Substring? {
        let word = subject.prefix(while: { $0.isLetter })
        guard !word.isEmpty, word.count <= 4, prefixes.contains(word.lowercased()) else { return nil }
        var rest = subject.dropFirst(word.count)
        if let open = rest.first, open == "[" || open == "(" {
            let close: Character = open == "[" ? "]" : ")"
            let number = rest.dropFirst().prefix(while: { $0.isNumber })
            guard !number.isEmpty, rest.dropFirst(1 + number.count).first == close else { return nil }
            rest = rest.dropFirst(2 + number.count)
        }
        rest = rest.drop(while: { $0 == " " })
        guard let colon = rest.first, colon == ":" || colon == "：" else { return nil }
        return rest.dropFirst()
    }
}
