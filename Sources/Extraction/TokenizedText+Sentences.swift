import Foundation

/// Where a full stop ends a sentence and where it does not: abbreviations, initials, list items.
extension TokenizedText {
    /// "St. Brendan's", "Dr. Smith": a short title-case word and a full stop before a capitalised word;
    /// "John F. Kennedy", "S.A. de C.V.": a capital letter alone is an initial, not a sentence's end.
    func isAbbreviation(before i: Int) -> Bool {
        guard let last = tokens.last, last.kind == .word, last.range.upperBound == i else { return false }
        // "approx. 3,100", "aprox. 3.100", "No. 87": an abbreviation that a number follows.
        if Self.abbreviationsBeforeNumbers.contains(last.folded) {
            var j = i + 1
            while j < scalars.count, scalars[j] == " " { j += 1 }
            if j > i + 1, j < scalars.count, Self.isDigit(scalars[j]) { return true }
        }
        if lowerCaseAbbreviation(last, before: i) { return true }
        if last.range.count == 1, scalars[last.range.lowerBound].isUppercase {
            var j = i + 1
            while j < scalars.count, scalars[j] == " " { j += 1 }
            guard j < scalars.count, j > i + 1, Self.isLetter(scalars[j]) else { return false }
            if scalars[j].isLowercase { return true }
            // "S.L. Nuestro dominio…": the last letter of a dotted abbreviation closing a name, then a new
            // sentence. One that opens a name ("E.S.E. Hospital San José", "de la E.S.E. Hospital") ends nothing.
            var first = tokens.count - 1
            while first >= 1, tokens[first - 1].kind == .word, tokens[first - 1].range.count == 1,
                  tokens[first - 1].range.upperBound + 1 == tokens[first].range.lowerBound,
                  scalars[tokens[first - 1].range.upperBound] == "." { first -= 1 }
            guard first < tokens.count - 1, first >= 1 else { return true }
            let before = tokens[first - 1]
            if before.kind == .boundary || before.folded == "\n"
                || scalars[before.range.upperBound..<tokens[first].range.lowerBound].contains("\n") { return true }
            guard before.kind == .word, scalars[before.range.lowerBound].isLowercase else { return false }
            // "S.A. de C.V. Queremos": the second half of a legal form still closes the name.
            if first >= 2 {
                let twoBefore = tokens[first - 2]
                if twoBefore.kind == .word, twoBefore.range.count == 1, scalars[twoBefore.range.lowerBound].isUppercase,
                   twoBefore.range.upperBound < scalars.count, scalars[twoBefore.range.upperBound] == "." { return false }
            }
            return true
        }
        guard (2...3).contains(last.range.count) else { return false }
        let word = scalars[last.range]
        guard word.first!.isUppercase, word.dropFirst().allSatisfy({ $0.isLowercase }) else { return false }
        var j = i + 1
        while j < scalars.count, scalars[j] == " " { j += 1 }
        // "Dr. Smith"; and "Sp. z o.o.", "Av. de la Paz": a lower-case word after it goes on the sentence.
        return j < scalars.count && j > i + 1 && (scalars[j].isUppercase || scalars[j].isLowercase)
    }

    /// "im. św. Łukasza", "z o. o.": a lower-case word of one to three letters with its full stop, then a
    /// lower-case word (a sentence opens capitalised), or a capitalised one after another such abbreviation.
    func lowerCaseAbbreviation(_ last: Token, before i: Int) -> Bool {
        guard (1...3).contains(last.range.count), scalars[last.range].allSatisfy({ $0.isLowercase }) else { return false }
        var j = i + 1
        while j < scalars.count, scalars[j] == " " { j += 1 }
        guard j > i + 1, j < scalars.count, Self.isLetter(scalars[j]) else { return false }
        if scalars[j].isLowercase { return true }
        guard tokens.count >= 2 else { return false }
        let previous = tokens[tokens.count - 2]
        return previous.kind == .word && (1...3).contains(previous.range.count)
            && scalars[previous.range].allSatisfy({ $0.isLowercase })
            && previous.range.upperBound + 2 == last.range.lowerBound && scalars[previous.range.upperBound] == "."
    }

    static func startsCapitalised(_ scalars: [Unicode.Scalar], at start: Int) -> Bool {
        var j = start
        while j < scalars.count, scalars[j] == " " || scalars[j] == "\t" { j += 1 }
        return j < scalars.count && scalars[j].isUppercase
    }

    /// list-item = *WSP ("-" / "*" / "•" / "–") WSP ; or a label line, "Licensed users: 18 000"
    static func startsListItem(_ scalars: [Unicode.Scalar], at start: Int) -> Bool {
        var j = start
        while j < scalars.count, scalars[j] == " " || scalars[j] == "\t" { j += 1 }
        guard j < scalars.count else { return false }
        let s = scalars[j]
        if s == "-" || s == "*" || s == "•" || s == "–", j + 1 < scalars.count, scalars[j + 1] == " " { return true }
        // A label is short: looking further than a line's worth keeps hostile input linear.
        let limit = min(scalars.count, j + Self.labelReach)
        while j < limit, scalars[j] != "\n", scalars[j] != ":" { j += 1 }
        return j < limit && scalars[j] == ":" && onlyNumberFollows(scalars, after: j)
    }

    /// "Licensed users: 18 000", "Currently licensed: 5k users": a colon after a short label that introduces
    /// a number labels it. "… requests a license exception: 600" (a long line, wrapped) does not.
    static func onlyNumberFollows(_ scalars: [Unicode.Scalar], after i: Int) -> Bool {
        var j = i + 1
        while j < scalars.count, scalars[j] == " " || scalars[j] == "\t" || scalars[j] == "\u{00A0}" { j += 1 }
        j = afterApproximation(scalars, from: j)
        j = restatedInDigits(scalars, from: j)
        guard j < scalars.count, isDigit(scalars[j]) else { return false }
        let end = min(scalars.count, j + labelReach)
        while j < end, scalars[j] != "\n", scalars[j] != "\r" { j += 1 }
        // A flowed line ends in a space: the sentence goes on below. A line running on is not a label's.
        guard j == scalars.count || (j < end && scalars[j - 1] != " ") else { return false }
        var k = i
        var words = 0
        var inWord = false
        // Words of an aside do not lengthen the label: "Accounts in the directory (Active Directory / Entra ID): 42,000".
        var aside = false
        let start = max(0, i - labelReach)
        while k > start, scalars[k - 1] != "\n" {
            k -= 1
            if scalars[k] == ")" { aside = true } else if scalars[k] == "(" { aside = false }
            // "on-prem", "we'd": a hyphen or an apostrophe between letters keeps one word, as a space splits them.
            let joiner = inWord && k > start && isLetter(scalars[k - 1]) && (scalars[k] == "-" || scalars[k] == "'" || scalars[k] == "’")
            let letter = (isLetter(scalars[k]) || joiner) && !aside
            if letter, !inWord { words += 1 }
            inWord = letter
        }
        return words <= 7 && (k == 0 || scalars[k - 1] == "\n")
    }

}
