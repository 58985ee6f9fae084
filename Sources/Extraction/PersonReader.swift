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
        read(lines: text.lines, tokenized: TokenizedText(text))
    }

    /// `read` of a text the caller has cut into its `lines` and tokenized (`t`) already. `senderName` is the
    /// From header's full name, folded.
    func read(lines: [Substring], tokenized t: TokenizedText, senderName: String? = nil) -> Person? {
        let lines = lines.map { $0.trimmed }
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
        let comparedName = senderName.map { Self.comparedSenderName($0, honorifics: organizations.honorifics) }
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
               comparedName.map({ Self.senderName($0, in: first, honorifics: organizations.honorifics) != nil }) == true || looksLikeName(first, namesTitle: false, namesKind: false) {
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
                if person.name == nil, person.title == nil || orgCandidates.isEmpty, let comparedName, let name = Self.senderName(comparedName, in: piece, honorifics: organizations.honorifics),
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
        // A needle of ASCII but line ends is found by Characters only where its bytes stand in a row: most
        // texts lack them, which a byte search tells without breaking the text into Characters.
        if needle.utf8.allSatisfy({ $0 < 0x80 && $0 != 0x0A && $0 != 0x0D }), !containsBytes(needle) { return nil }
        var i = startIndex
        while i < endIndex {
            if self[i...].hasPrefix(needle) { return i..<index(i, offsetBy: needle.count) }
            i = index(after: i)
        }
        return nil
    }
}
