/// Introductions: the writer naming themselves in the letter's words rather than its signature.
/// "My name is Ann Lee, IT Manager at …", "I, Mr Parker, the IT Manager of XYZ University, …", "Eu, Mariana
/// Souza, Coordenadora de TI da Vale Verde Ltda., …", "Sam Whitaker here, …", "Brian Ochieng, ICT Officer,
/// Kilimo Endelevu Trust."
extension PersonReader {
    func fromIntroduction(_ t: TokenizedText) -> Person? {
        if let person = appositiveIntroduction(t) { return person }
        let matches = introductions.matches(in: t)
        for (k, (_, range)) in matches.enumerated() {
            // The name is the run of capitalised words right after "my name is" / "soy" / "meu nome é".
            let (words, j) = nameWords(t, from: range.upperBound)
            let sentence = t.sentence(around: range.lowerBound)
            guard words.count >= 2 else {
                if let person = titleIntroduction(t, after: range.upperBound, sentence: sentence) { return person }
                continue
            }
            var person = Person(name: words.joined(separator: " "), evidence: sentence)
            // "…, IT Manager at XYZ University" right after the name.
            if j < t.tokens.count, t.tokens[j].kind == .clause, let (title, org) = titleAndOrganization(t, from: j + 1) {
                person.title = title
                person.organization = org
            } else if let later = matches[(k + 1)...].first(where: { t.sentenceTokens(around: range.lowerBound).contains($0.tokens.lowerBound) }),
                      let intro = titleIntroduction(t, after: later.tokens.upperBound, sentence: sentence) {
                // "My name is Ann Lee and I'm the IT Manager at Lakeshore Academy."
                person.title = intro.title
                person.organization = intro.organization
            }
            if person.organization == nil { person.organization = organizations.organization(in: sentence)?.name }
            return person
        }
        return nil
    }

    /// The capitalised words of a name from token `start`, honorifics ("Mr", "Sra.") left out, and the
    /// index after them.
    func nameWords(_ t: TokenizedText, from start: Int) -> (words: [String], next: Int) {
        var words: [String] = []
        var j = start
        var honorific = false
        // "Sou o Tiago Nascimento": an article before the name.
        if j + 1 < t.tokens.count, t.tokens[j].kind == .word, organizations.articles.contains(t.tokens[j].folded),
           t.text(t.tokens[j].range).first?.isLowercase == true { j += 1 }
        while j < t.tokens.count, words.isEmpty, t.tokens[j].kind == .word, organizations.honorifics.contains(t.tokens[j].folded) {
            honorific = true
            j += 1
            // "Eng.ª", "Dr.ª": the feminine ordinal mark ends the honorific.
            while j < t.tokens.count, t.tokens[j].kind == .word, t.text(t.tokens[j].range).allSatisfy({ $0 == "ª" || $0 == "º" }) { j += 1 }
        }
        while j < t.tokens.count, words.count < 5 {
            let token = t.tokens[j]
            let written = t.text(token.range)
            guard token.kind == .word, written.first?.isUppercase == true || (!words.isEmpty && nameParticles.contains(token.folded)) else { break }
            words.append(written)
            j += 1
        }
        while let last = words.last, nameParticles.contains(TokenizedText.fold(last)) { words.removeLast(); j -= 1 }
        // "the IT Manager", "Our Active Directory": a title's or an organization's words are no name.
        if !words.isEmpty {
            let joined = TokenizedText(words.joined(separator: " "))
            if titles.firstMatch(in: joined) != nil || !organizations.cueMatches(in: joined).isEmpty { return ([], start) }
        }
        // "Mr Parker": after an honorific, a surname alone is a name.
        if honorific, words.count == 1 { return (words, j) }
        return words.count >= 2 ? (words, j) : ([], start)
    }

    /// "I, Mr Parker, the IT Manager of XYZ University, would like…", "Eu, Mariana Souza, Coordenadora de
    /// TI da Vale Verde Ltda., gostaria…": a pronoun, a comma, the name, a comma, the title and organization.
    /// "Brian Ochieng, ICT Officer, Kilimo Endelevu Trust.", "Hi there, Tom Gallagher, ICT Coordinator at St
    /// Brigid's College.": a sentence that opens with a name, then a title (and the organization after it or
    /// in the next clause). Only near the top, where writers introduce themselves.
    func nameThenTitle(_ t: TokenizedText) -> Person? {
        var starts: [Int] = [0]
        // After a greeting of a few words ("Hi there,", "Hello,").
        if let comma = t.tokens.prefix(5).firstIndex(where: { $0.kind == .clause && $0.folded == "," }) { starts.append(comma + 1) }
        for (i, token) in t.tokens.prefix(400).enumerated() where token.kind == .boundary { starts.append(i + 1) }
        for s in starts where s < t.tokens.count && t.tokens[s].kind == .word {
            // "I'm Ann Lee, …", "Soy …": an introduction's own words, read by `fromIntroduction`.
            guard t.text(t.tokens[s].range).first?.isUppercase == true, !introductions.mayMatch(at: s, in: t),
                  !organizations.introducingPronouns.contains(t.tokens[s].folded) else { continue }
            // Cheaply first: two to five words, then a comma. Most sentences open otherwise.
            var e = s
            while e < t.tokens.count, e - s < 6, t.tokens[e].kind == .word { e += 1 }
            guard e - s >= 2, e - s <= 5, e < t.tokens.count, t.tokens[e].folded == "," else { continue }
            let (words, j) = nameWords(t, from: s)
            guard words.count >= 2, j + 1 < t.tokens.count, t.tokens[j].folded == ",", var (title, org) = titleAndOrganization(t, from: j + 1) else { continue }
            var k = j + 1
            while k < t.tokens.count, t.tokens[k].kind == .word || t.tokens[k].kind == .number { k += 1 }
            // "…, ICT Officer, Kilimo Endelevu Trust.": the next clause names the organization.
            if org == nil, k < t.tokens.count, t.tokens[k].folded == "," {
                var e = k + 1
                while e < t.tokens.count, e - k < 12, t.tokens[e].kind == .word { e += 1 }
                if e > k + 1 {
                    let clause = t.text(t.tokens[k + 1].range.lowerBound..<t.tokens[e - 1].range.upperBound).collapsingWhitespace()
                    org = organizations.organization(in: clause)?.name
                        ?? (Self.looksLikeOrganization(Substring(clause)) && clause.first?.isUppercase == true ? clause : nil)
                }
            }
            title = title.trimmingCharacters(in: .whitespaces)
            return Person(name: words.joined(separator: " "), title: title, organization: org, evidence: t.sentence(around: s))
        }
        return nil
    }

    func appositiveIntroduction(_ t: TokenizedText) -> Person? {
        if let person = nameThenTitle(t) { return person }
        // Only where those few words stand: the text's word index knows, without hashing every word.
        for i in organizations.introducingAfterName.flatMap({ t.positions(of: $0) }).sorted() {
            // "Sam Whitaker here, IT Coordinator at Hudson Valley Food Network": the name opens the sentence.
            var start = i
            while start > 0, i - start < 5, t.tokens[start - 1].kind == .word { start -= 1 }
            // After a greeting's comma too ("Hi team, Brad Kellaway here, …").
            guard start == 0 || t.tokens[start - 1].kind == .boundary || t.tokens[start - 1].kind == .clause || t.tokens[start - 1].folded == "\n",
                  i + 1 < t.tokens.count, t.tokens[i + 1].kind == .clause else { continue }
            let (words, j) = nameWords(t, from: start)
            guard words.count >= 2, j == i, let (title, org) = titleAndOrganization(t, from: i + 2) else { continue }
            let sentence = t.sentence(around: i)
            return Person(name: words.joined(separator: " "), title: title,
                          organization: org ?? organizations.organization(in: sentence)?.name, evidence: sentence)
        }
        for i in organizations.introducingPronouns.flatMap({ t.positions(of: $0) }).sorted() {
            // At a sentence's start, or after an opening phrase ("Por este medio, yo, …").
            guard i + 2 < t.tokens.count, i == 0 || t.tokens[i - 1].kind == .boundary || t.tokens[i - 1].kind == .clause,
                  t.tokens[i + 1].kind == .clause, t.tokens[i + 1].folded == "," else { continue }
            let (words, j) = nameWords(t, from: i + 2)
            guard !words.isEmpty, j < t.tokens.count, t.tokens[j].kind == .clause else { continue }
            let sentence = t.sentence(around: i)
            var person = Person(name: words.joined(separator: " "), evidence: sentence)
            if let (title, org) = titleAndOrganization(t, from: j + 1) {
                person.title = title
                person.organization = org
            }
            if person.organization == nil { person.organization = organizations.organization(in: sentence)?.name }
            return person
        }
        return nil
    }

    /// The title and organization in the clause from token `start` to the next comma or sentence end
    /// ("the IT Manager of XYZ University"); nil unless a title opens it.
    func titleAndOrganization(_ t: TokenizedText, from start: Int) -> (title: String, organization: String?)? {
        var j = start
        if j < t.tokens.count, organizations.articles.contains(t.tokens[j].folded) { j += 1 }
        var end = j
        while end < t.tokens.count, end - j < 24, t.tokens[end].kind == .word || t.tokens[end].kind == .number { end += 1 }
        guard end > j else { return nil }
        // "…de Grupo Industrial Sierra Madre, S.A. de C.V., solicito": the legal form after the comma is the name's.
        if end < t.tokens.count, t.tokens[end].folded == "," {
            var k = end + 1
            while k < t.tokens.count, k - end < 8, t.tokens[k].kind == .word,
                  organizations.isLegalForm(t, k) || organizations.connectors.contains(t.tokens[k].folded) { k += 1 }
            if k > end + 1, organizations.isLegalForm(t, k - 1), k == t.tokens.count || t.tokens[k].kind != .word { end = k }
        }
        var upper = t.tokens[end - 1].range.upperBound
        // "Vale Verde Ltda., gostaria": the legal form's full stop stays with the name.
        if upper < t.scalars.count, t.scalars[upper] == ".", organizations.takesFullStop(t, end - 1) { upper += 1 }
        // One clause: its line breaks are a wrapped line's.
        let clause = t.text(t.tokens[j].range.lowerBound..<upper).collapsingWhitespace()
        return splitTitle(Substring(clause))
    }

    /// "I am the IT Manager at Lakeshore Academy", "Sou diretor da Escola …": a title, and the organization after it.
    func titleIntroduction(_ t: TokenizedText, after start: Int, sentence: String) -> Person? {
        var j = start
        if j < t.tokens.count, organizations.articles.contains(t.tokens[j].folded) { j += 1 }
        guard j < t.tokens.count, t.tokens[j].kind == .word else { return nil }
        var end = j
        while end < t.tokens.count, end - j < 12, t.tokens[end].kind == .word { end += 1 }
        // "Soy el encargado de sistemas (Rodrigo Benítez).": the writer's name in an aside after the title.
        var name: String? = nil
        if let open = (j + 1..<end).first(where: { opensAside(t, $0) }) {
            // Only the aside's words: a name particle would let "(Lucía Paredes) del Colegio …" run on.
            if let close = (open..<end).first(where: { closesAside(t, $0) }) {
                let aside = TokenizedText(t.text(t.tokens[open].range.lowerBound..<t.tokens[close].range.upperBound))
                let (words, next) = nameWords(aside, from: 0)
                if words.count >= 2, next == aside.tokens.count { name = words.joined(separator: " ") }
            }
            end = open
        }
        let rest = t.text(t.tokens[j].range.lowerBound..<t.tokens[end - 1].range.upperBound).collapsingWhitespace()
        guard let (title, org) = splitTitle(Substring(rest)) else { return nil }
        return Person(name: name, title: title, organization: org, evidence: sentence)
    }

    /// Whether token `i` is written right after a "(" (the tokenizer keeps no token for it).
    private func opensAside(_ t: TokenizedText, _ i: Int) -> Bool {
        let lower = t.tokens[i].range.lowerBound
        return lower > 0 && t.scalars[lower - 1] == "("
    }

    /// Whether token `i` is written right before a ")".
    private func closesAside(_ t: TokenizedText, _ i: Int) -> Bool {
        let upper = t.tokens[i].range.upperBound
        return upper < t.scalars.count && t.scalars[upper] == ")"
    }

    /// "IT Manager at XYZ University" → ("IT Manager", "XYZ University"); nil unless a title opens the text.
    func splitTitle(_ text: Substring) -> (title: String, organization: String?)? {
        let org = organizations.organization(in: String(text))
        var title = text
        var name = org?.name
        if let org, let r = title.range(of: org.name) {
            title = title[..<r.lowerBound]
            // "Grupo Industrial Sierra Madre, S.A. de C.V.": a legal form after a comma ends the name.
            let rest = text[r.upperBound...].trimmed
            if rest.hasPrefix(","), isLegalForm(Piece(reader: self, rest.dropFirst().trimmed)) { name = org.name + String(rest) }
        }
        var words = title.split(whereSeparator: \.isWhitespace)
        // "IT Manager at", "encargado de informática del": the words that lead to the organization go.
        while let last = words.last.map({ TokenizedText.fold(String($0)) }),
              nameParticles.contains(last) || organizations.connectors.contains(last) || organizations.articles.contains(last) {
            words.removeLast()
        }
        let candidate = words.joined(separator: " ")
        guard !candidate.isEmpty, words.count <= 6, let m = titles.firstMatch(in: TokenizedText(candidate)), m.tokens.lowerBound <= 2 else {
            return nil
        }
        return (candidate, name)
    }
}
