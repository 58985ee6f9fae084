import Foundation

/// Which digits are a count: labels, approximations, restatements, grouping, and what a number is not.
extension TokenizedText {
    static let labelReach = 120

    /// Folded abbreviations whose full stop a number follows inside the sentence.
    static let abbreviationsBeforeNumbers: Set<String> = ["approx", "aprox", "ca", "c", "no", "nr", "num", "nro"]

    /// Words that say a value is about so much ("Domain: ~2.4k", "Cuentas: aprox. 3.000", "Contas: cerca de 900").
    static let approximations: Set<String> = [
        "approx", "approximately", "about", "around", "roughly", "circa", "ca", "c", "almost", "nearly", "over", "under",
        "just", "some", "more", "than", "aprox", "aproximadamente", "alrededor", "cerca", "de", "unos", "unas", "casi",
        "mas", "menos", "uns", "umas", "quase", "por", "volta", "perto",
    ]

    /// "Currently licensed: eight hundred (800) users": a count in words restated in digits; where the digits
    /// start, or `j` when the line goes on otherwise.
    static func restatedInDigits(_ scalars: [Unicode.Scalar], from j: Int) -> Int {
        guard j < scalars.count, isLetter(scalars[j]) else { return j }
        var k = j
        while k < scalars.count, k - j < 80, isLetter(scalars[k]) || scalars[k] == " " || scalars[k] == "-" { k += 1 }
        guard k + 1 < scalars.count, scalars[k] == "(", isDigit(scalars[k + 1]) else { return j }
        return k + 1
    }

    /// Where the number starts after what says it is approximate ("~", "≈", "approx.", "cerca de"), up to
    /// three such words; `j` when none stands there.
    static func afterApproximation(_ scalars: [Unicode.Scalar], from j: Int) -> Int {
        guard j < scalars.count, !isDigit(scalars[j]) else { return j }
        var k = j
        var words = 0
        while k < scalars.count, words <= 3 {
            if scalars[k] == "~" || scalars[k] == "≈" || scalars[k] == "±" {
                k += 1
            } else if isLetter(scalars[k]) {
                var e = k
                while e < scalars.count, isLetter(scalars[e]) { e += 1 }
                guard e - k <= 16 else { return j }
                var word = String.UnicodeScalarView()
                word.append(contentsOf: scalars[k..<e])
                guard approximations.contains(fold(String(word))) else { return j }
                words += 1
                k = e
                if k < scalars.count, scalars[k] == "." { k += 1 }
            } else {
                return j
            }
            while k < scalars.count, scalars[k] == " " || scalars[k] == "\u{00A0}" { k += 1 }
            if k < scalars.count, isDigit(scalars[k]) { return k }
        }
        return j
    }

    /// indian = 1*("," 2DIGIT) "," 3DIGIT, not followed by a digit: where it ends, or nil.
    static func indianGroupsEnd(_ scalars: [Unicode.Scalar], from start: Int) -> Int? {
        let n = scalars.count
        var j = start
        var pairs = 0
        while pairs < 6, j + 3 < n, scalars[j] == ",", isDigit(scalars[j + 1]), isDigit(scalars[j + 2]), scalars[j + 3] == "," {
            pairs += 1
            j += 3
        }
        guard pairs > 0, j + 3 < n, scalars[j] == ",", isDigit(scalars[j + 1]), isDigit(scalars[j + 2]), isDigit(scalars[j + 3]) else { return nil }
        let end = j + 4
        return end < n && isDigit(scalars[end]) ? nil : end
    }

    /// "Microsoft 365", "Windows 11": a number right after a capitalised word inside a sentence names a product.
    func followsNameWord(_ start: Int) -> Bool {
        guard let last = tokens.last, last.kind == .word, last.range.upperBound < start else { return false }
        guard scalars[last.range.upperBound..<start].allSatisfy({ $0 == " " || $0 == "\u{00A0}" }) else { return false }
        guard scalars[last.range.lowerBound].isUppercase else { return false }
        // The sentence's first word is capitalised anyway ("About 600 of them").
        guard tokens.count >= 2 else { return false }
        let before = tokens[tokens.count - 2]
        if before.kind == .boundary { return false }
        // A label line: "Licensed users 3,000" stays a count.
        return !text(before.range.upperBound..<last.range.lowerBound).contains("\n")
    }

    /// "1. Accounts in our domain: 950", "3) Users to cover": a line's item number, not a count.
    func isListNumber(start: Int, end: Int) -> Bool {
        guard end - start <= 2, end + 1 < scalars.count, scalars[end] == "." || scalars[end] == ")",
              scalars[end + 1] == " " || scalars[end + 1] == "\t" || scalars[end + 1] == "\n" else { return false }
        var k = start
        while k > 0, scalars[k - 1] == " " || scalars[k - 1] == "\t" { k -= 1 }
        return k == 0 || scalars[k - 1] == "\n"
    }

    /// Numbers glued to "/", ":", "-", "+", "%", currency signs, or version dots are not counts.
    func isCountable(start: Int, end: Int) -> Bool {
        let n = scalars.count
        let before: Unicode.Scalar? = start > 0 ? scalars[start - 1] : nil
        let after: Unicode.Scalar? = end < n ? scalars[end] : nil
        let glue: Set<Unicode.Scalar> = ["/", ":", "-", "+", "$", "€", "£", "#", "@", "_", "="]
        if let b = before, glue.contains(b) || Self.isLetter(b) { return false }
        // "(6.000)" restates a count; "(216) 555" is a phone number.
        if before == "(", !(end < n && scalars[end] == ")") { return false }
        // "600-user licence" is a count; "555-0147", "10-20" and "2023-11" are not.
        if let a = after, a == "-", end + 1 < n, Self.isLetter(scalars[end + 1]) { return true }
        if let a = after, a == "/" || a == ":" || a == "%" || a == "-" || a == "_" || a == "@" { return false }
        if let a = after, a == ".", end + 1 < n, Self.isDigit(scalars[end + 1]) { return false }
        if let a = after, a == " ", end + 1 < n, scalars[end + 1] == "%" { return false }
        return true
    }
}
