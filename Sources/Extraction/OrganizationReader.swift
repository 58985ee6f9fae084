/// Organization names: a run of capitalised words around a word that names a kind of organization
/// ("XYZ University", "Universidad Nacional del Sur", "Prefeitura Municipal de Exemplo", "Acme Logistics Ltd").
final class OrganizationReader: Sendable {
    struct Found: Sendable {
        var name: String
        var kind: OrganizationKind
        var evidence: String
    }

    /// Every kind's words in one list, kind by kind (in name order) and in each kind's own order, with the
    /// kind of each: a text is searched once, not once a kind.
    let cues: CueList
    let kindOfCue: [OrganizationKind]
    let connectors: Set<String>
    /// Folded words that open a sentence before a name ("the", "our", "la", "o").
    let articles: Set<String>
    /// Folded lower-case words inside a person's name ("de", "van"): kept here with the other name words.
    let nameParticles: Set<String>
    /// Job titles: "IT Manager at Lakeshore Academy" is a title before the name, not part of it.
    let titles: CueList
    /// Folded honorifics ("mr", "sra", "dr"), pronouns that open an introduction ("i", "yo", "eu"), and
    /// legal forms whose full stop belongs to the name ("inc", "ltda").
    let honorifics: Set<String>
    let introducingPronouns: Set<String>
    let introducingAfterName: Set<String>
    let legalForms: Set<String>
    /// Words that name a unit ("IT", "Sistemas", "Department"): not the organization they belong to.
    let units: CueList
    /// Folded words for a department itself ("department", "departamento", "setor").
    let departmentWords: Set<String>
    /// Connectors that join a name only after its telling word ("University of Texas at Austin", "Society
    /// for the Blind"): backwards they end it ("PaperCut MF for Rift Valley Bank").
    let forwardOnly: Set<String>
    /// The folded words of the products the pattern files name ("papercut", "ng/mf", "hive"): not an organization's.
    let productWords: Set<String>
    /// Folded endings of an adjective that may follow, lower-case, the word naming a kind ("polytechnique").
    let adjectiveEndings: [String]
    /// The kind a label of a mail domain tells ("ac", "gob", "nhs").
    let kindOfDomainLabel: [String: OrganizationKind]

    init(_ patterns: ExtractionPatterns) {
        var byKind: [String: [String]] = [:]
        var connectors: Set<String> = []
        for language in patterns.languages {
            for (kind, words) in language.organizations { byKind[kind, default: []] += words }
            for c in language.nameConnectors { connectors.insert(TokenizedText.fold(c)) }
        }
        let kinds = byKind.keys.sorted()
        cues = CueList(kinds.flatMap { byKind[$0]! })
        kindOfCue = kinds.flatMap { kind in byKind[kind]!.map { _ in OrganizationKind(rawValue: kind) } }
        self.connectors = connectors
        titles = CueList(patterns.languages.flatMap(\.titles))
        articles = Set(patterns.languages.flatMap(\.articles).map(TokenizedText.fold))
        nameParticles = Set(patterns.languages.flatMap(\.nameParticles).map(TokenizedText.fold))
        honorifics = Set(patterns.languages.flatMap(\.honorifics).map(TokenizedText.fold))
        introducingPronouns = Set(patterns.languages.flatMap(\.introducingPronouns).map(TokenizedText.fold))
        introducingAfterName = Set(patterns.languages.flatMap(\.introducingAfterName).map(TokenizedText.fold))
        legalForms = Set(patterns.languages.flatMap(\.legalForms).map(TokenizedText.fold))
        units = CueList(patterns.languages.flatMap(\.departments))
        departmentWords = Set(patterns.languages.flatMap(\.departmentNouns).map(TokenizedText.fold))
        forwardOnly = Set(patterns.languages.flatMap(\.forwardOnlyConnectors).map(TokenizedText.fold))
        adjectiveEndings = Set(patterns.languages.flatMap(\.nameAdjectiveEndings).map(TokenizedText.fold)).sorted()
        var kindOfDomainLabel: [String: OrganizationKind] = [:]
        for language in patterns.languages {
            for (kind, labels) in language.organizationDomainLabels {
                for label in labels { kindOfDomainLabel[label.lowercased()] = OrganizationKind(rawValue: kind) }
            }
        }
        self.kindOfDomainLabel = kindOfDomainLabel
        productWords = Set(patterns.languages.flatMap(\.products).flatMap { TokenizedText.fold($0).split(separator: " ").map(String.init) })
    }

    /// An organization cue found in a text: its kind, the cue, and the tokens it covers.
    typealias CueMatch = (kind: OrganizationKind, cue: Cue, tokens: Range<Int>)

    /// Every kind's cues found in `t`, kind by kind in `cues` order and in each list's own order.
    /// Worked out once per text, it serves `isOnlyKindWord`, `kind` and `organization` alike.
    func cueMatches(in t: TokenizedText) -> [CueMatch] {
        // In list order, which is kind by kind: `kind(from:)` breaks ties by it.
        cues.indexedMatches(in: t).sorted { $0.index < $1.index || ($0.index == $1.index && $0.tokens.lowerBound < $1.tokens.lowerBound) }
            .map { (kindOfCue[$0.index], cues.cues[$0.index], $0.tokens) }
    }

    /// True when the text is nothing but a word that names a kind ("Inc.", "LLC", "GmbH").
    func isOnlyKindWord(_ text: String) -> Bool {
        let t = TokenizedText(text)
        return isOnlyKindWord(t, cueMatches(in: t))
    }

    func isOnlyKindWord(_ t: TokenizedText, _ matches: [CueMatch]) -> Bool {
        let words = t.tokens.indices.filter { t.tokens[$0].kind == .word }
        guard !words.isEmpty, words.count <= 2 else { return false }
        let covered = Set(matches.flatMap { Array($0.tokens) })
        return words.allSatisfy(covered.contains)
    }

    /// The kind its words name. When words of several kinds appear, the longest cue decides
    /// ("Instituto Nacional" over "Instituto", "School District" over "District"); on a tie a school or a
    /// public body wins over a business word ("Fundación Educativa", "Primary Academy Trust").
    func kind(of name: String) -> OrganizationKind? {
        kind(from: cueMatches(in: TokenizedText(name)))
    }

    /// The kind a mail domain's labels tell ("ac" of coleg.ac.uk, "edu" of lakeshore.edu), for a name that
    /// tells none ("Coleg Dyffryn Tywi"). The first label is the organization's own or a host's, whatever it
    /// spells; a last label of two letters is a country's ("foo.ac" is Ascension Island's, no academy's).
    func kind(ofDomain domain: String) -> OrganizationKind? {
        var labels = domain.lowercased().split(separator: ".").dropFirst()
        if labels.last?.count == 2 { labels = labels.dropLast() }
        return labels.lazy.compactMap { self.kindOfDomainLabel[String($0)] }.first
    }

    func kind(from matches: [CueMatch]) -> OrganizationKind? {
        var best: (kind: OrganizationKind, length: Int, business: Bool)? = nil
        for (kind, cue, _) in matches {
            // A legal form says how a body is incorporated, not what it does: "Clínica … S.A.S." is a clinic.
            let legal = cue.parts.allSatisfy { if case .word(let w) = $0 { return w.count == 1 || legalForms.contains(w) } else { return false } }
            let length = legal ? 0 : cue.parts.count
            let business = kind == .business
            if best == nil || length > best!.length || (length == best!.length && best!.business && !business) {
                best = (kind, length, business)
            }
        }
        return best?.kind
    }

    func organization(in text: String) -> Found? {
        organization(in: TokenizedText(text))
    }

    func organization(in t: TokenizedText) -> Found? {
        organization(in: t, cueMatches(in: t))
    }

    /// The organization named in `t`, given its cue matches (from `cueMatches(in: t)`).
    func organization(in t: TokenizedText, _ matches: [CueMatch]) -> Found? {
        // Most texts name no organization: the titles are looked for only once a cue matched.
        guard !matches.isEmpty else { return nil }
        let titleEnds = titles.matches(in: t).map(\.tokens.upperBound)
        let unitMatches = units.matches(in: t).map(\.tokens)
        let unitEnds = unitMatches.map(\.upperBound)
        let unitStarts = Set(unitMatches.map(\.lowerBound))
        var best: (Found, Int)? = nil
        for (kind, _, range) in matches {
            guard var span = expand(t, around: range) else { continue }
            // "ICT Systems Officer at the Riverina Institute": a telling word before a title is the title's.
            if titleEnds.contains(where: { $0 > range.upperBound && $0 < span.upperBound }) { continue }
            // Drop a title standing before the name, and the connector after it ("… Manager at").
            if let cut = titleEnds.filter({ $0 > span.lowerBound && $0 <= range.lowerBound }).max() {
                var lo = cut
                while lo < range.lowerBound, connectors.contains(t.tokens[lo].folded) { lo += 1 }
                guard lo < span.upperBound else { continue }
                span = lo..<span.upperBound
            }
            // Drop a unit and its connector before the name ("TI da Rocha Logística", "ICT at Northfield
            // Borough Council"), unless the unit is the name's own telling word ("Department of Education").
            if unitStarts.contains(span.lowerBound),
               let unitEnd = unitEnds.filter({ $0 > span.lowerBound && $0 < range.lowerBound }).max(),
               connectors.contains(t.tokens[unitEnd].folded) {
                var lo = unitEnd
                while lo < range.lowerBound, connectors.contains(t.tokens[lo].folded) { lo += 1 }
                if lo < span.upperBound { span = lo..<span.upperBound }
            }
            var end = t.tokens[span.upperBound - 1].range.upperBound
            // "Rocha Logística Ltda.", "Grupo Norte S.A. de C.V.": the legal form's full stop is the name's.
            if end < t.scalars.count, t.scalars[end] == ".", takesFullStop(t, span.upperBound - 1) { end += 1 }
            // The quote that closes a quoted name is the name's.
            if end < t.scalars.count, Self.quotes.contains(t.scalars[end]),
               t.scalars[t.tokens[span.lowerBound].range.lowerBound..<end].filter({ Self.quotes.contains($0) }).count % 2 == 1 { end += 1 }
            let name = t.text(t.tokens[span.lowerBound].range.lowerBound..<end)
            // The evidence is written out for the winner only: a sentence may be long.
            let found = Found(name: tidy(name), kind: kind, evidence: "")
            if best == nil || span.lowerBound < best!.1 { best = (found, span.lowerBound) }
        }
        guard var found = best?.0, let at = best?.1 else { return nil }
        found.evidence = t.sentence(around: at)
        return found
    }

    /// A legal form ("Inc", "Ltda") or one capital letter of one ("S.A.", "C.V.") at token `i`.
    func isLegalForm(_ t: TokenizedText, _ i: Int) -> Bool {
        let token = t.tokens[i]
        guard token.kind == .word else { return false }
        if token.range.count == 1 { return t.scalars[token.range.lowerBound].isUppercase }
        return legalForms.contains(token.folded)
    }

    /// A legal form whose full stop after it is its own: an abbreviation written capitalised ("Inc.",
    /// "Ltda.", "Pte.") or a capital letter ("S.A."). "GmbH", "LLC" and "SpA" end the name without one: a
    /// full stop after them ends the sentence.
    func takesFullStop(_ t: TokenizedText, _ i: Int) -> Bool {
        let written = t.scalars[t.tokens[i].range]
        // "Sp. z o.o.": a lower-case letter glued by a full stop to the one before is an abbreviation's too.
        if written.count == 1, i > 0, t.tokens[i - 1].range.upperBound + 1 == t.tokens[i].range.lowerBound,
           t.scalars[t.tokens[i - 1].range.upperBound] == "." { return true }
        guard isLegalForm(t, i) else { return false }
        return written.count == 1 || written.dropFirst().allSatisfy { $0.isLowercase }
    }

    /// Grows a cue match over capitalised words and connectors; nil when nothing around it is a name.
    private func expand(_ t: TokenizedText, around cue: Range<Int>) -> Range<Int>? {
        func capitalised(_ i: Int) -> Bool {
            let token = t.tokens[i]
            guard token.kind == .word else { return false }
            let first = t.scalars[token.range.lowerBound]
            if first.isUppercase { return true }
            // "uMngeni", "eThekwini", "d'Arga": a lower-case prefix of a letter or two, then the capital.
            let head = t.scalars[token.range].prefix(4)
            guard let capital = head.firstIndex(where: { $0.isUppercase }), capital - token.range.lowerBound <= 3 else { return false }
            return head[..<capital].allSatisfy { $0.isLowercase || $0 == "'" || $0 == "’" }
        }
        // "S.A.E.", "E.S.E.": a capital letter with its full stop is a dotted abbreviation's, not the "e" or
        // "a" that joins words in Portuguese and Spanish.
        func connector(_ i: Int) -> Bool {
            let token = t.tokens[i]
            guard token.kind == .word, connectors.contains(token.folded) else { return false }
            return !(token.range.count == 1 && t.scalars[token.range.lowerBound].isUppercase
                     && token.range.upperBound < t.scalars.count && t.scalars[token.range.upperBound] == ".")
        }
        // Only spaces between two words keep them in one name: a comma, a colon or a line break ends it.
        func joined(_ a: Int, _ b: Int) -> Bool {
            let gap = t.scalars[t.tokens[a].range.upperBound..<t.tokens[b].range.lowerBound]
            var newlines = 0
            for s in gap {
                if s == "\n" { newlines += 1; continue }
                // "St. Aloysius' College", "Sant'Agata": an apostrophe stays inside a name.
                // 'PJSC "Teplomash"', 'TOV «Agrosvit»': a name quoted after its legal form.
                guard s == " " || s == "\u{00A0}" || s == "&" || s == "." || s == "\r" || s == "'" || s == "’"
                        || Self.quotes.contains(s) else { return false }
            }
            guard newlines > 0 else { return true }
            // A name wrapped onto the next line ("Riverina Institute of\nTechnical Education"): after a
            // connector, a flowed line's trailing space, or in a long line of prose. Signature lines are short.
            guard newlines == 1 else { return false }
            return connector(a) || gap.first == " " || lineLength(endingAt: t.tokens[a].range.upperBound) >= 50
        }
        func lineLength(endingAt end: Int) -> Int {
            var start = end
            while start > 0, t.scalars[start - 1] != "\n", end - start < 50 { start -= 1 }
            return end - start
        }
        // A run of connectors ("de la", "of the") joins two capitalised words after the cue; before it, one
        // connector may ("Royal Bank of Scotland Group"), a run may not ("Director de Sistemas de la Universidad").
        func connectorsThenCapitalised(from i: Int, step: Int) -> Bool {
            var j = i
            while j >= 0, j < t.tokens.count, connector(j), step > 0 || j == i {
                let next = j + step
                guard next >= 0, next < t.tokens.count, joined(min(j, next), max(j, next)) else { return false }
                j = next
            }
            return j != i && j >= 0 && j < t.tokens.count && capitalised(j)
        }
        var lo = cue.lowerBound
        var hi = cue.upperBound
        // Backwards, a connector that is also an article ("at", "the") ends the name: "Clinical Informatics
        // at Northern Lakes Health Centre" is a unit at the organization.
        while lo > 0, joined(lo - 1, lo), capitalised(lo - 1)
                || (!articles.contains(t.tokens[lo - 1].folded) && !forwardOnly.contains(t.tokens[lo - 1].folded)
                    && connectorsThenCapitalised(from: lo - 1, step: -1)) {
            lo -= 1
        }
        // "Escuela de Educación Técnica N° 7", "Mapleview School District No. 87": a number after its sign.
        func numberAfterSign(_ i: Int) -> Bool {
            guard i + 1 < t.tokens.count, t.tokens[i].kind == .word, Self.numberSigns.contains(t.tokens[i].folded),
                  t.tokens[i + 1].kind == .number, capitalised(i) else { return false }
            return t.scalars[t.tokens[i].range.upperBound..<t.tokens[i + 1].range.lowerBound].allSatisfy { $0 == " " || $0 == "." || $0 == "°" || $0 == "º" }
        }
        // "Lycée polytechnique Jean-Moulin", "Colegio público Miguel Hernández": where the kind's word opens the
        // name, an adjective may follow it in lower case before the capitalised rest.
        var adjective: Int? = nil
        if lo == cue.lowerBound, hi + 1 < t.tokens.count, joined(hi - 1, hi), joined(hi, hi + 1), capitalised(hi + 1),
           t.tokens[hi].kind == .word, !capitalised(hi), t.tokens[hi].folded.count >= 5,
           adjectiveEndings.contains(where: { t.tokens[hi].folded.hasSuffix($0) }) {
            adjective = hi
            hi += 1
        }
        // "Gráfica Pontual Ltda. ME", "Metalúrgica Serrana Ltda. EPP": a second legal form in capitals after the
        // first one's full stop, which the tokens took for a sentence's end, is the name's.
        func legalFormAfterStop(_ i: Int) -> Bool {
            guard i > 0, i + 1 < t.tokens.count, t.tokens[i].kind == .boundary, t.tokens[i].folded == ".",
                  t.tokens[i - 1].range.upperBound == t.tokens[i].range.lowerBound, isLegalForm(t, i - 1),
                  t.tokens[i + 1].range.count > 1, isLegalForm(t, i + 1),
                  t.scalars[t.tokens[i + 1].range].allSatisfy({ $0.isUppercase }) else { return false }
            return t.scalars[t.tokens[i].range.upperBound..<t.tokens[i + 1].range.lowerBound].elementsEqual([" "])
        }
        while hi < t.tokens.count, joined(hi - 1, hi) {
            if legalFormAfterStop(hi) { hi += 2; continue }
            // "Kellaway Built Pty Ltd. Want to apply …": a legal form's full stop ends the name, unless another
            // legal form follows ("Pty. Ltd.").
            let before = t.tokens[hi - 1]
            if before.range.count > 1, isLegalForm(t, hi - 1), t.scalars[before.range.upperBound] == ".", !isLegalForm(t, hi) { break }
            if numberAfterSign(hi) { hi += 2; continue }
            guard capitalised(hi) || connectorsThenCapitalised(from: hi, step: 1) else { break }
            hi += 1
        }
        // Connectors at either end are not the name's, unless the telling word holds them ("Sp. z o.o.").
        while lo < hi, connector(lo), !cue.contains(lo) { lo += 1 }
        while hi > lo, connector(hi - 1), !cue.contains(hi - 1) { hi -= 1 }
        // The cue word alone ("University") or a lower-case mention ("our university") is not a name.
        let named = (lo..<hi).contains { capitalised($0) && !cue.contains($0) } || (lo..<hi).count >= 2 && capitalised(lo)
        guard named, (lo..<hi).allSatisfy({ capitalised($0) || connector($0) || cue.contains($0) || $0 == adjective || $0 > lo && numberAfterSign($0 - 1) || legalFormAfterStop($0) }) else { return nil }
        guard capitalised(lo) || cue.contains(lo) else { return nil }
        return lo..<hi
    }

    /// The name without the article that opens its sentence ("The Halden Institute", "O Instituto").
    /// "Desde Estudio Ferraro", "Somos da Agropecuária Santa Luzia", "PaperCut MF del Instituto Privado": words
    /// that open the sentence, and the product, go with their connectors. An aside after the name goes too
    /// ("Brightwater Children's Trust (Registered Charity No. 1127745)", "Instituto Semear Futuro (OSCIP)").
    func tidy(_ name: String) -> String {
        // A name wrapped onto the next line is one name: its line break is a space.
        var s = Substring(name.contains("\n") ? name.collapsingWhitespace() : name).trimmingCharacters(in: " ,;:")
        var opened = false
        while let space = s.firstIndex(of: " ") {
            let word = TokenizedText.fold(String(s[..<space]))
            // A connector goes only after such a word: "De La Salle University" opens with its own.
            guard articles.contains(word) || productWords.contains(word) || opened && connectors.contains(word) else { break }
            opened = true
            s = s[s.index(after: space)...]
        }
        return String(Self.withoutAside(s))
    }

    /// Quotation marks a name may stand in after its legal form.
    static let quotes: Set<Unicode.Scalar> = ["\"", "“", "”", "«", "»", "„"]

    /// Folded signs written before a number inside a name ("N° 7", "No. 87", "Nro. 12").
    static let numberSigns: Set<String> = ["n", "no", "nr", "nro", "num"]


    /// A name without the parenthesised aside that ends it, unless the aside is the name's own ("(Pty)",
    /// "(HK)" stand inside a name, not at its end).
    static func withoutAside(_ s: Substring) -> Substring {
        guard s.last == ")", let open = s.lastIndex(of: "("), open > s.startIndex else { return s }
        let kept = s[..<open].trimmed
        return kept.wordCount >= 1 ? kept : s
    }
}
