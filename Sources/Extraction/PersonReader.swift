/// The requester's name, title and organization as the signature block or an introduction writes them.
struct PersonReader: Sendable {
    struct Person: Sendable {
        var name: String?
        var title: String?
        var organization: String?
        /// A unit named on a line of its own, apart from the title ("IT Services Department").
        var department: String?
        /// The signature block, or the introduction's sentence when everything came from it.
        var evidence: String
        /// The fields ("requesterName", "requesterTitle", "organization") an introduction gave, and its sentence.
        var introduced: Set<String> = []
        var introduction: String? = nil

        /// The words a field was read from, and whether they stand in the signature block.
        func evidence(for field: String) -> (text: String, inSignature: Bool) {
            if introduced.contains(field), let introduction { return (introduction, false) }
            return (evidence, true)
        }
    }

    let closings: CueList
    let introductions: CueList
    let titles: CueList
    let organizations: OrganizationReader

    /// The signature block at the end of the text (under the last closing, or the run of short lines that
    /// ends the letter); an introduction ("my name is …", "I am the IT Manager at …") fills what it leaves out.
    func read(_ text: String) -> Person? {
        read(text, tokenized: TokenizedText(text))
    }

    /// `t` is `text` tokenized: the caller has it already. `senderName` is the From header's full name, folded.
    func read(_ text: String, tokenized t: TokenizedText, senderName: String? = nil) -> Person? {
        let lines = text.lines.map { $0.trimmed }
        let signature = fromSignature(lines, senderName: senderName)
        guard let intro = fromIntroduction(t) else { return signature }
        guard var person = signature else {
            guard intro.name != nil else { return nil }
            var person = intro
            person.introduction = intro.evidence
            person.introduced = ["requesterName", "requesterTitle", "organization"]
            return person
        }
        person.introduction = intro.evidence
        if person.name == nil, let name = intro.name { person.name = name; person.introduced.insert("requesterName") }
        // The fullest form of the name: "Alejandra Fuentes" signs, "Alejandra Fuentes Lozano" introduced herself.
        if let short = person.name, let full = intro.name, Self.extends(full, short) {
            person.name = full
            person.introduced.insert("requesterName")
        }
        if person.title == nil, let title = intro.title { person.title = title; person.introduced.insert("requesterTitle") }
        if person.organization == nil, let org = intro.organization { person.organization = org; person.introduced.insert("organization") }
        return person
    }

    /// Whether `full` has every word of `short` in order, and more.
    /// An initial in `short` stands for a word of `full` that it begins ("Martín G. Ferraro" / "Martín Gabriel Ferraro").
    static func extends(_ full: String, _ short: String) -> Bool {
        let f = full.split(separator: " ").map { TokenizedText.fold(String($0)) }
        let s = short.split(separator: " ").map { TokenizedText.fold(String($0)) }
        guard f.count >= s.count, !s.isEmpty else { return false }
        func initial(_ w: String) -> Character? { w.count == 1 || (w.count == 2 && w.last == ".") ? w.first : nil }
        var k = 0
        var spelledOut = false
        for word in f where k < s.count {
            if word == s[k] {
                k += 1
            } else if let i = initial(s[k]), word.count > 2, word.first == i {
                spelledOut = true
                k += 1
            }
        }
        return k == s.count && (f.count > s.count || spelledOut)
    }

    /// A title without the article a formal letter writes before it ("O Chefe de Divisão", "El Director").
    func withoutArticle(_ title: String) -> String {
        guard let space = title.firstIndex(of: " "), organizations.articles.contains(TokenizedText.fold(String(title[..<space]))),
              title[title.index(after: space)...].first?.isUppercase == true else { return title }
        return String(title[title.index(after: space)...])
    }

    private func fromSignature(_ lines: [Substring], senderName: String?) -> Person? {
        let blockLines = signatureBlockLines(lines)
        let block = blockLines.map(\.line)
        guard !block.isEmpty else { return nil }
        var person = Person(evidence: block.joined(separator: " / "))
        var orgCandidates: [(name: String, cued: Bool, line: Int)] = []
        // The line the name stood on, and whether a line's first piece was taken for an organization by its shape only.
        var nameLineIndex: Int? = nil
        var units: [String] = []
        // "TSV Grünwiesen 1911 e.V.", "Escola Estadual 1º de Maio": a name that holds a year is no contact line.
        let content = blockLines.compactMap { entry -> Substring? in
            let line = entry.line
            // "Yonatan Levi | IT Lead | Arbel Data Ltd. | 3 HaBarzel St, Tel Aviv | +972-3-555-8120": the whole
            // signature on one line; only its address and contact pieces are read past.
            if ASCIIFolding.contains(line, Self.spacedBar), let first = line.split(separator: "|").first?.trimmed, !first.contains(","),
               senderName.map({ Self.senderName($0, in: first, honorifics: organizations.honorifics) != nil }) == true || looksLikeName(first, namesTitle: false, namesKind: false) {
                let kept = line.split(separator: "|").map(\.trimmed).filter { !$0.isEmpty && !Self.isContactLine($0) && !Self.isAddress($0) }
                return kept.isEmpty ? nil : Substring(kept.joined(separator: " | "))
            }
            // Contact lines go (most lines with digits are), unless a year in a name made one look so.
            if entry.contact, !(Self.holdsOneYear(line) && !organizations.cueMatches(in: TokenizedText(String(line))).isEmpty) { return nil }
            if Self.isAddress(line) || Self.isPlace(line) { return nil }
            return withoutNickname(withoutLabel(Self.withoutOtherScriptAside(line)))
        }
        // For each line, whether a line below it looks like an organization's.
        var organizationBelowLine = [Bool](repeating: false, count: content.count)
        for index in content.indices.dropLast().reversed() {
            organizationBelowLine[index] = organizationBelowLine[index + 1] || Self.looksLikeOrganization(content[index + 1])
        }
        for (index, line) in content.enumerated() {
            let pieces = joiningLegalForms(Self.pieces(of: line).map { Piece(reader: self, $0) })
            var nameLine = false
            // "Manager, End User Computing" above the organization's own line: the pieces are all title.
            let organizationBelow = organizationBelowLine[index]
            var titlePieces: [Substring] = []
            for p in pieces {
                let piece = p.text
                // "ICT Directorate" names a unit, though "director*" starts it.
                let namesTitle = titles.matches(in: p.tokens).contains { !organizations.departmentWords.contains(p.tokens.tokens[$0.tokens.lowerBound].folded) }
                let isTitle = namesTitle && piece.wordCount <= 9
                // The sender's own full name, as the From header gives it, is the name though a word of it names
                // a kind of organization elsewhere ("Ong" is the Spanish NGO); a role's ("ICT Directorate") is not.
                // Above the title it may follow the organization's line ("For: Crestline Bank Limited").
                // A formal letter puts the title above the name ("El Subgerente de Tecnologías,\n\nIng. Rodrigo …").
                if person.name == nil, person.title == nil || orgCandidates.isEmpty, let senderName, let name = Self.senderName(senderName, in: piece, honorifics: organizations.honorifics),
                   looksLikeName(name, namesTitle: !titles.matches(in: TokenizedText(String(name))).isEmpty, namesKind: false),
                   !namesDepartment(p) {
                    person.name = withoutHonorifics(name)
                    nameLine = true
                    nameLineIndex = index
                    continue
                }
                // "IT Services", "Departamento de Sistemas": a unit of the organization, on its own line or
                // named a department; right after a title and a comma it is the title's ("Vice President, IT",
                // "Team Leader, Information Systems Team"), unless it names a public body's department
                // ("Professor & Head, Department of Information Technology").
                let separator = titlePieces.isEmpty ? nil : Self.separator(before: piece, in: line)
                if !namesTitle, person.name != nil || person.title != nil || namesDepartment(p), isUnit(p),
                   titlePieces.isEmpty || separator == "|" || namesDepartment(p)
                    && (separator != "," || organizations.organization(in: p.tokens, p.organizationCues).map { $0.kind != .business } == true) {
                    units.append(String(piece))
                    continue
                }
                let org = organizations.organization(in: p.tokens, p.organizationCues)
                if !titlePieces.isEmpty {
                    // "Associate Vice President, IT", "Manager, End User Computing": the title goes on until an organization.
                    // Above the organization's own line, a piece named only by a business word is the title's
                    // ("Manager, Client Technology Services" / "Northshore College").
                    // So is one that names a unit, whatever kind its words name ("Manager, Digital Health
                    // Infrastructure" / "Riverina Community Health Service").
                    if let org, org.name.count * 2 >= piece.count,
                       !(organizationBelow && !p.legalForm
                         && (organizations.kind(from: p.organizationCues) == .business || isUnitLike(String(piece)))) {
                        orgCandidates.append((p.legalForm ? String(piece) : org.name, true, index))
                        continue
                    }
                    // "Systems Administrator, ICT Directorate": a unit after the title is the title's, not a firm's name.
                    if isTitle || !Self.looksLikeOrganization(piece) || organizationBelow || namesDepartment(p) { titlePieces.append(piece); continue }
                    orgCandidates.append((String(piece), false, index))
                } else if isTitle, person.title == nil {
                    // "Director of ICT Services" is a title; "IT Manager at XYZ University" is a title and an organization.
                    var title = piece
                    if let at = piece.range(of: " at "), let org = organizations.organization(in: String(piece[at.upperBound...])) {
                        title = piece[..<at.lowerBound]
                        orgCandidates.append((org.name, true, index))
                    } else if piece.last == ")", let open = piece.lastIndex(of: "("),
                              let org = organizations.organization(in: String(piece[piece.index(after: open)..<piece.index(before: piece.endIndex)])),
                              org.name.contains(" "), !isUnitLike(org.name) {
                        // "IT Consultant (on behalf of Dyfed Valley Housing Association)": a contractor's title
                        // names, in its aside, the organization they write for; a unit there ("(Digital)", "(IT Services)")
                        // is the title's.
                        title = piece[..<open].trimmed
                        orgCandidates.append((org.name, true, index))
                    }
                    titlePieces.append(title)
                } else if nameLine {
                    // "John Parker, MBA": letters after a name are credentials.
                    continue
                } else if let org {
                    orgCandidates.append((p.legalForm ? String(piece) : org.name, true, index))
                } else if person.name == nil, orgCandidates.isEmpty,
                          // Under the title, only the sender's name written more fully ("Ing. Rodrigo Alonso Salvatierra").
                          person.title == nil || senderName.map({ Self.extends(String(withoutHonorifics(piece)), $0) }) == true,
                          // Any organization cue names a kind: `kind(of:)` would find one.
                          looksLikeName(piece, namesTitle: namesTitle, namesKind: !p.organizationCues.isEmpty), !namesDepartment(p) {
                    person.name = withoutHonorifics(piece)
                    nameLine = true
                    nameLineIndex = index
                } else if person.name != nil || person.title != nil, Self.looksLikeOrganization(piece) {
                    orgCandidates.append((String(piece), false, index))
                }
            }
            if person.title == nil, !titlePieces.isEmpty {
                person.title = withoutArticle(Self.joinedAsWritten(titlePieces, in: line))
            }
        }
        // "Åsa Lindström / IT-chef, Öckerö kommun", "Ayşe Yıldırım / Bilgi İşlem Müdürü / Karşıyaka Belediyesi": a
        // title in words no list holds stands right under the name, above what names the organization.
        if person.title == nil, let n = nameLineIndex, orgCandidates.count >= 2, !orgCandidates[0].cued, orgCandidates[0].line == n + 1 {
            let title = orgCandidates.removeFirst()
            person.title = title.name
            orgCandidates = orgCandidates.filter { $0.line > title.line } + orgCandidates.filter { $0.line <= title.line }
        }
        // The organization comes before its departments and its address ("Prefeitura Municipal de Exemplo /
        // Secretaria Municipal de Administração", "Ashcombe District Council / Council Offices, Market Street").
        var chosen = orgCandidates.firstIndex { $0.cued } ?? orgCandidates.indices.first
        // "Cyngor Sir Bro Teifi | Bro Teifi County Council": one organization named on one line in two languages;
        // the name the request writes elsewhere too is the one in its language.
        if let first = chosen, orgCandidates[first].cued,
           let other = orgCandidates.indices.first(where: { $0 != first && orgCandidates[$0].cued && orgCandidates[$0].line == orgCandidates[first].line }) {
            func linesNaming(_ name: String) -> Int { lines.reduce(0) { $0 + ($1.contains(name) ? 1 : 0) } }
            if linesNaming(orgCandidates[first].name) < 2, linesNaming(orgCandidates[other].name) >= 2 { chosen = other }
        }
        person.organization = chosen.map { orgCandidates[$0].name }
        // "Digital and ICT Services / East Wealdon District Council": a unit named like a firm ("… Services") above
        // the organization's own line is its department.
        if let chosen, isUnitLike(orgCandidates[chosen].name),
           let below = orgCandidates.first(where: { $0.cued && $0.line > orgCandidates[chosen].line && !isUnitLike($0.name) }) {
            units.insert(orgCandidates[chosen].name, at: 0)
            person.organization = below.name
        }
        // A unit is a department only beside its organization; alone it is the organization's name
        // ("Department of Education").
        if person.organization == nil, let unit = units.first, organizations.kind(of: unit) != nil {
            person.organization = unit
        } else {
            person.department = units.first
        }
        return person.name == nil && person.title == nil && person.department == nil ? nil : person
    }

    /// A piece of a signature line, tokenized once, with the organization cues found in it: the title,
    /// organization and name tests all read these instead of tokenizing the piece again each.
    struct Piece {
        var text: Substring
        var tokens: TokenizedText
        var organizationCues: [OrganizationReader.CueMatch]
        /// Joined with the legal form that followed it after a comma ("Acme Widgets, Inc."): the whole
        /// piece is the organization's name as written.
        var legalForm = false

        init(reader: PersonReader, _ text: Substring) {
            self.text = text
            tokens = TokenizedText(String(text))
            organizationCues = reader.organizations.cueMatches(in: tokens)
        }
    }

    /// A piece that names a unit: a word for a department in it ("IT Services Department", "Setor de
    /// TI"), or nothing but unit words ("IT Services", "Information Technology"); six words at most.
    func isUnit(_ p: Piece) -> Bool {
        guard p.text.wordCount <= 6, p.text.first?.isUppercase == true else { return false }
        let matches = organizations.units.matches(in: p.tokens)
        guard !matches.isEmpty else { return false }
        let tokens = p.tokens.tokens
        if namesDepartment(p) { return true }
        // "IT Solutions Ltd" holds words that are no unit's: a firm.
        let covered = Set(matches.flatMap { Array($0.tokens) })
        return tokens.indices.allSatisfy { tokens[$0].kind != .word || covered.contains($0) || organizations.connectors.contains(tokens[$0].folded) }
    }

    /// A name that holds a unit's words ("ICT Services", "Computer Centre"): a unit's rather than an organization's.
    func isUnitLike(_ name: String) -> Bool {
        organizations.units.firstMatch(in: TokenizedText(name)) != nil
    }

    /// Whether a word for a department stands in the piece ("Department", "Setor").
    func namesDepartment(_ p: Piece) -> Bool {
        p.tokens.tokens.contains { $0.kind == .word && organizations.departmentWords.contains($0.folded) }
    }

    /// "Acme Widgets, Inc.", "Grupo Norte, S.L.": a legal form after a comma belongs to the name before it.
    /// "Ashby, Crane & Holloway LLP": so are the partners' surnames before the piece that joins the last two.
    func joiningLegalForms(_ pieces: [Piece]) -> [Piece] {
        var out: [Piece] = []
        for piece in pieces {
            if let last = out.last, organizations.isOnlyKindWord(piece.tokens, piece.organizationCues) || isLegalForm(piece) {
                out[out.count - 1] = Piece(reader: self, Substring(String(last.text) + ", " + String(piece.text)))
                out[out.count - 1].legalForm = true
            } else if isPartnersFirm(piece), case let first = firstPartner(before: piece, in: out), first < out.count {
                let names = out[first...].map { String($0.text) } + [String(piece.text)]
                out.removeSubrange(first...)
                out.append(Piece(reader: self, Substring(names.joined(separator: ", "))))
                out[out.count - 1].legalForm = true
            } else {
                out.append(piece)
            }
        }
        return out
    }

    /// A firm's name that joins two names with "&" or "and" ("Crane & Holloway LLP", "Pell and Whitaker Solicitors").
    func isPartnersFirm(_ p: Piece) -> Bool {
        (p.text.contains("&") || p.text.contains(" and ")) && p.text.first?.isUppercase == true
            && organizations.kind(from: p.organizationCues) == .business
    }

    /// Where the run of lone surnames that `out` ends with starts, each written a comma before the next
    /// ("Ashby, Crane & …"); `out.count` when there is none. A title ("Partner") or a word naming a kind is no surname.
    func firstPartner(before piece: Piece, in out: [Piece]) -> Int {
        var first = out.count
        var next = piece.text
        while first > 0, case let p = out[first - 1], p.text.base == next.base, p.text.endIndex <= next.startIndex,
              p.text.base[p.text.endIndex..<next.startIndex].trimmed == ",",
              p.text.wordCount == 1, p.text.first?.isUppercase == true, p.text.allSatisfy({ $0.isLetter || $0 == "-" || $0 == "'" || $0 == "’" }),
              p.organizationCues.isEmpty, titles.firstMatch(in: p.tokens) == nil {
            first -= 1
            next = p.text
        }
        return first
    }

    /// "S.A. de C.V.", "Lda.", "Inc.": nothing but legal forms, their capital letters and connectors.
    func isLegalForm(_ p: Piece) -> Bool {
        let tokens = p.tokens.tokens
        let words = tokens.indices.filter { tokens[$0].kind == .word }
        return !words.isEmpty && words.count <= 6 && words.allSatisfy {
            organizations.isLegalForm(p.tokens, $0) || organizations.connectors.contains(tokens[$0].folded)
        } && words.contains { !organizations.connectors.contains(tokens[$0].folded) }
    }

    /// The part of a signature line that is the sender's full name (`senderName`, folded), with what may stand
    /// around a name left out: initials of a degree or honorifics before it ("Ing.", "L.I.", "Dr."), one in
    /// parentheses after it ("Tan Mei Ling (Ms)"). Nil when the line is not that name.
    static func senderName(_ senderName: String, in piece: Substring, honorifics: Set<String>) -> Substring? {
        var line = piece
        // "Prof. Graham Ellis" in the From header signs "Professor Graham Ellis": the name is what follows
        // the honorifics on both sides.
        var senderWords = senderName.split(separator: " ")
        func isHonorific(_ w: Substring) -> Bool { honorifics.contains(TokenizedText.fold(String(w.filter { $0 != "." }))) }
        while senderWords.count > 2, let first = senderWords.first, isHonorific(first) { senderWords.removeFirst() }
        let senderName = senderWords.joined(separator: " ")
        // "(Ms)", "(Mrs.)": a short aside after the name.
        if line.last == ")", let open = line.lastIndex(of: "("), line.distance(from: open, to: line.endIndex) <= 7 {
            line = line[..<open].trimmed
        }
        var words = line.split(separator: " ")
        let nameWords = senderName.split(separator: " ").count
        guard words.count >= nameWords, words.count <= nameWords + 2 else { return nil }
        // What stands before the name: abbreviations only ("Ing.", "L.I.", "Dr").
        let before = words.count - nameWords
        guard words.prefix(before).allSatisfy({ $0.contains(".") || $0.filter(\.isLetter).count <= 3 || isHonorific($0) }) else { return nil }
        words.removeFirst(before)
        guard let first = words.first, let last = words.last else { return nil }
        let name = line[first.startIndex..<last.endIndex]
        return TokenizedText.fold(String(name)) == senderName ? name : nil
    }

    /// A name line without the nickname quoted inside it: "Robert “Bob” Kowalski" signs Robert Kowalski. Only a
    /// quoted word between two others goes, and only when what is left is a person's name ("Liceul "Mihai"
    /// Iași" stays as written).
    func withoutNickname(_ line: Substring) -> Substring {
        // Most lines hold no quotation mark: told from their bytes (" and ' are ASCII; “ ” ‘ ’ „ start E2, « » C2).
        guard line.utf8.contains(where: { $0 == 0x22 || $0 == 0x27 || $0 == 0xE2 || $0 == 0xC2 }) else { return line }
        let words = line.split(separator: " ")
        guard (3...7).contains(words.count) else { return line }
        let inner = words.indices.dropFirst().dropLast().filter { Self.isQuotedWord(words[$0]) }
        guard inner.count == 1 else { return line }
        var kept = words
        kept.remove(at: inner[0])
        let name = Substring(kept.joined(separator: " "))
        let t = TokenizedText(String(name))
        guard looksLikeName(name, namesTitle: titles.firstMatch(in: t) != nil, namesKind: !organizations.cueMatches(in: t).isEmpty)
        else { return line }
        return name
    }

    /// "“Bob”", "\"Peggy\"", "'Ed'", "«Pepe»": one capitalised word between quotation marks.
    static func isQuotedWord(_ w: Substring) -> Bool {
        guard w.count >= 3, let open = w.first, let close = w.last, Self.openingQuotes.contains(open),
              Self.closingQuotes.contains(close), w.dropFirst().first?.isUppercase == true else { return false }
        return w.dropFirst().dropLast().allSatisfy { $0.isLetter || $0 == "-" || $0 == "." }
    }

    static let openingQuotes: Set<Character> = ["\"", "“", "„", "«", "'", "‘"]
    static let closingQuotes: Set<Character> = ["\"", "”", "“", "»", "'", "’"]

    /// A line without the aside that writes it again in another script: "Sakura Seimitsu Co., Ltd. (さくら精密株式会社)"
    /// is signed in Latin letters, and the aside would hide the legal form and the organization's shape.
    static func withoutOtherScriptAside(_ line: Substring) -> Substring {
        guard line.last == ")", let open = line.lastIndex(of: "(") else { return line }
        let letters = line[line.index(after: open)...].unicodeScalars.filter { $0.properties.isAlphabetic }
        // Latin letters, with their extensions and accents, stop below U+0250.
        guard !letters.isEmpty, letters.allSatisfy({ $0.value >= 0x250 }) else { return line }
        return line[..<open].trimmed
    }

    /// A name without the honorifics before it: "Dr. Priya Raghunathan" is Priya Raghunathan.
    func withoutHonorifics(_ name: Substring) -> String {
        var words = name.split(separator: " ")
        // "Eng.ª", "Dr.ª", "Prof.ª": the full stop may stand inside the abbreviation, before its ending written
        // as an ordinal's letter (read as "enga", "dra", "profa").
        while words.count > 1, organizations.honorifics.contains(String(TokenizedText.fold(String(words[0])).compactMap {
            $0 == "." ? nil : $0 == "ª" ? "a" : $0 == "º" ? "o" : $0
        })) {
            words.removeFirst()
        }
        return words.joined(separator: " ")
    }

    /// A title's pieces joined by the dash the line writes between them ("Manager - IT Infrastructure"), else
    /// by a comma ("Manager, End User Computing"; "Director | ICT" reads "Director, ICT").
    static func joinedAsWritten(_ pieces: [Substring], in line: Substring) -> String {
        var out = ""
        for (k, piece) in pieces.enumerated() {
            if k > 0 {
                let previous = pieces[k - 1]
                // Pieces cut from the line itself, in order: what stands between them is the line's.
                if piece.base == line.base, previous.base == line.base, previous.endIndex >= line.startIndex,
                   previous.endIndex <= piece.startIndex, piece.startIndex <= line.endIndex,
                   case let gap = line[previous.endIndex..<piece.startIndex].trimmed, gap == "-" || gap == "–" || gap == "—" {
                    out += " " + gap + " "
                } else {
                    out += ", "
                }
            }
            out += piece
        }
        return out
    }

    /// The separator a piece of `line` follows ("," or "|"), nil for the first piece.
    static func separator(before piece: Substring, in line: Substring) -> Character? {
        guard piece.startIndex > line.startIndex, piece.startIndex <= line.endIndex else { return nil }
        var i = line.index(before: piece.startIndex)
        while i > line.startIndex, line[i] == " " { i = line.index(before: i) }
        return line[i]
    }

    /// A title line often carries the organization too: "IT Manager, XYZ University", "Director | Acme".
    static func pieces(of line: Substring) -> [Substring] {
        if let pieces = asciiPieces(of: line) { return pieces }
        return line.split(whereSeparator: { $0 == "," || $0 == "|" || $0 == "–" || $0 == "—" || $0 == "·" })
            .flatMap { $0.split(separator: " - ", omittingEmptySubsequences: true) }
            .map { $0.trimmed }.filter { !$0.isEmpty }
    }

    /// `pieces(of:)` on bytes, for a line all ASCII (where each byte is a Character, and only "," and "|"
    /// of the separators can stand); nil for any other line. A " - " is looked for from where the last
    /// cut was, as `split(separator: " - ")` does; empty pieces, which `pieces` drops after trimming, go.
    static func asciiPieces(of line: Substring) -> [Substring]? {
        let u = line.utf8
        guard u.allSatisfy({ $0 < 0x80 }) else { return nil }
        var pieces: [Substring] = []
        func cut(_ start: Substring.Index, _ end: Substring.Index) {
            let piece = line[start..<end].trimmed
            if !piece.isEmpty { pieces.append(piece) }
        }
        var start = u.startIndex
        var i = start
        while i < u.endIndex {
            let b = u[i]
            if b == UInt8(ascii: ",") || b == UInt8(ascii: "|") {
                cut(start, i)
                i = u.index(after: i)
                start = i
            } else if b == UInt8(ascii: " "), u[i...].starts(with: " - ".utf8) {
                cut(start, i)
                i = u.index(i, offsetBy: 3)
                start = i
            } else {
                i = u.index(after: i)
            }
        }
        cut(start, u.endIndex)
        return pieces
    }

    /// A person's name: two to six words, capitalised but for particles ("de", "van"), and none a title or
    /// organization word. An acronym beside other words is a unit ("IT Department"); a whole name in capitals
    /// ("JOHN PARKER") is still a name.
    ///
    /// `namesTitle`, `namesKind`: whether a title cue, or a word naming a kind of organization, is in `s`;
    /// the caller has looked, with `s` tokenized once for all its tests.
    func looksLikeName(_ s: Substring, namesTitle: Bool, namesKind: Bool) -> Bool {
        // Most lines are too long for a name: counted before the words are cut out.
        guard (2...6).contains(s.wordCount), s.count <= 60 else { return false }
        let words = s.words
        guard !s.contains(where: { $0.isNumber || $0 == ":" || $0 == "@" || $0 == "/" || $0 == "&" }) else { return false }
        // "RAMON T. VILLANUEVA": a name in capitals, its initials aside.
        let letters = words.map(Self.letterCounts)
        let named = letters.filter { $0.letters >= 2 }
        let shouted = !named.isEmpty && named.allSatisfy { $0.letters >= 3 && $0.upper == $0.letters }
        for (word, count) in zip(words, letters) {
            if nameParticles.contains(TokenizedText.fold(String(word))) { continue }
            guard word.first?.isUppercase == true else { return false }
            if !shouted, count.letters >= 2, count.upper == count.letters { return false }
        }
        if namesTitle || namesKind { return false }
        return true
    }

    /// How many of a word's Characters are letters, and how many of those are upper-case: on bytes for an
    /// ASCII word, where each byte is a Character and only A-Z and a-z are letters.
    static func letterCounts(_ word: Substring) -> (letters: Int, upper: Int) {
        if word.utf8.allSatisfy({ $0 < 0x80 }) {
            var letters = 0, upper = 0
            for b in word.utf8 {
                let isUpper = b >= 0x41 && b <= 0x5A
                if isUpper || (b >= 0x61 && b <= 0x7A) { letters += 1 }
                if isUpper { upper += 1 }
            }
            return (letters, upper)
        }
        let letters = word.filter(\.isLetter)
        return (letters.count, letters.filter(\.isUppercase).count)
    }

    /// An organization's name without a telling word ("Gotland Ferries"): capitalised words and connectors.
    static func looksLikeOrganization(_ s: Substring) -> Bool {
        // A line of no more than 90 bytes has no more than 90 Characters: counted only when longer.
        guard (1...10).contains(s.wordCount), s.utf8.count <= 90 || s.count <= 90 else { return false }
        // No "@" byte, no "@" anywhere: Foundation's `contains` is asked only when there is one.
        guard !(s.containsByte(UInt8(ascii: "@")) && s.contains("@")) else { return false }
        let words = s.words
        // The first word is looked at first: most lines that are not a name start lower-case.
        guard words.first?.first?.isUppercase == true else { return false }
        // Every word capitalised, but for short connectors ("de la", "of", "y").
        // "e.V.", "y Cía.": an abbreviation of two letters is a legal form's, not a sentence's word.
        // "(Pty) Ltd": a legal form in parentheses is the name's too.
        return words.allSatisfy { $0.first?.isUppercase == true || $0.first?.isNumber == true || $0 == "&" || $0.count <= 3
            || $0.filter(\.isLetter).count <= 2 || ($0.first == "(" && $0.dropFirst().first?.isUppercase == true)
            // 'Colegiul Național "Alexandru Vianu"': a patron's name quoted inside the name.
            || ($0.first.map(Self.openingQuotes.contains) == true && $0.dropFirst().first?.isUppercase == true) }
    }

    /// Folded lower-case words a person's name may hold ("de", "van", "y"), from the pattern files.
    var nameParticles: Set<String> { organizations.nameParticles }
}

extension Substring {
    func trimmingCharacters(in set: String) -> Substring {
        var s = self
        while let f = s.first, set.contains(f) { s = s.dropFirst() }
        while let l = s.last, set.contains(l) { s = s.dropLast() }
        return s
    }

    func range(of needle: String) -> Range<Index>? {
        guard !needle.isEmpty else { return nil }
        var i = startIndex
        while i < endIndex {
            if self[i...].hasPrefix(needle) { return i..<index(i, offsetBy: needle.count) }
            i = index(after: i)
        }
        return nil
    }
}
