package import MIME

/// Reads a request's fields from a parsed message: its own words first (or the request it forwards),
/// then attached messages and text attachments for whatever is still unknown.
package struct RequestExtractor: Sendable {
    let counts: CountReader
    let phrases: PhraseReader
    let people: PersonReader
    let organizations: OrganizationReader
    let forms: FormReader
    let markers: RequestText.Markers
    /// The languages in pattern-file order, and for each word that shows one, which of them it shows.
    let languages: [String]
    let languagesByWord: [String: [Int]]
    let languageWordShapes: WordShapes

    package init(patterns: ExtractionPatterns) throws(ExtractionError) {
        counts = CountReader(patterns)
        phrases = PhraseReader(patterns)
        organizations = OrganizationReader(patterns)
        forms = FormReader(patterns)
        people = PersonReader(
            closings: CueList(patterns.languages.flatMap(\.closings)),
            introductions: CueList(patterns.languages.flatMap(\.introductions)),
            titles: CueList(patterns.languages.flatMap(\.titles)),
            organizations: organizations)
        func lines(_ key: KeyPath<ExtractionPatterns.Language, [String]>) throws(ExtractionError) -> LinePatterns {
            var all: [LinePattern] = []
            for language in patterns.languages {
                for source in language[keyPath: key] { all.append(try LinePattern(source, language: language.language)) }
            }
            return LinePatterns(patterns: all)
        }
        markers = RequestText.Markers(
            quoteStarts: try lines(\.quoteStarts),
            forwardStarts: try lines(\.forwardStarts),
            footerStarts: try lines(\.footerStarts),
            headerFrom: Set(patterns.languages.flatMap(\.quoteHeaderFrom).map { $0.lowercased() }),
            headerDate: Set(patterns.languages.flatMap(\.quoteHeaderDate).map { $0.lowercased() }),
            forwardSubjects: Set(patterns.languages.flatMap(\.forwardSubjects).map { $0.lowercased() }))
        languages = patterns.languages.map(\.language)
        var byWord: [String: [Int]] = [:]
        for (k, language) in patterns.languages.enumerated() {
            for word in Set(language.detect.map(TokenizedText.fold)) { byWord[word, default: []].append(k) }
        }
        languagesByWord = byWord
        languageWordShapes = WordShapes(byWord.keys)
    }

    /// A source of text to read, in the order it is trusted.
    struct Reading {
        var text: String
        var source: String
        /// Whether the requester and their organization may be read here: in the request's own words and
        /// signature, never in evidence it forwards or attaches (a records office's message, a quoted thread).
        var namesRequester: Bool = true
        /// A letter's pages, when the text is a letter's: evidence then names the page it stands on.
        var letter: Letter? = nil

        /// Where `evidence` read here stands: the reading's source, or the letter's page that holds it.
        func source(of evidence: String) -> String {
            guard let letter else { return source }
            let probe = evidence.split(separator: "\n", omittingEmptySubsequences: true).first.map { String($0.prefix(40)) } ?? ""
            let page = letter.pages.first { !probe.isEmpty && $0.text.contains(probe) } ?? letter.pages.first
            return letter.source(page: page?.number ?? 1)
        }
    }

    /// A letter's pages as one text, read as a body is (its own words: a legal footer cut, lines as the
    /// body's are), so its greeting, paragraphs and signature are read as a body's are.
    func reading(of letter: Letter, sender: QuoteAuthor?, notes: inout [String]) -> Reading? {
        let pages = letter.pages
        guard !pages.isEmpty else { return nil }
        let text = Self.bounded(pages.map(\.text).joined(separator: "\n\n"), "letter \(letter.attachment)", notes: &notes)
        let own = RequestText(body: text, subject: nil, markers: markers, sender: sender).own
        return Reading(text: own.isEmpty ? text : own, source: "attachment \(letter.attachment)", letter: letter)
    }

    /// The most text read from one part: a request is a page or two, and extraction's memory grows with
    /// what it reads (about 27 times the text), so a hostile 50 MB body is read no further than this.
    package static let maxTextBytes = 1_000_000

    /// `text` cut to `maxTextBytes` at a line's end, and a note when it was cut.
    static func bounded(_ text: String, _ what: String, notes: inout [String]) -> String {
        guard text.utf8.count > maxTextBytes else { return text }
        var end = text.utf8.index(text.utf8.startIndex, offsetBy: maxTextBytes)
        while end > text.utf8.startIndex, text.utf8[end] != UInt8(ascii: "\n") { end = text.utf8.index(before: end) }
        if end == text.utf8.startIndex { end = text.utf8.index(text.utf8.startIndex, offsetBy: maxTextBytes) }
        notes.append("only the first \(maxTextBytes / 1_000_000) MB of the \(what) (\(text.utf8.count) bytes) was read for the request's fields")
        return String(decoding: text.utf8[..<end], as: UTF8.self)
    }

    /// `letters`: the attachments read as letters (the Letters module); their text is read like the body's
    /// own words, in their own language, right after them (first, when the body gives no count and a
    /// letter does: the letter is then the request).
    package func extract(from message: Message, letters: [Letter] = []) -> Extraction {
        let sender = message.from.first.map { QuoteAuthor(address: $0.address, name: $0.name) }
        var notes: [String] = []
        let bodyText = Self.bounded(message.readableTextBody ?? "", "body", notes: &notes)
        let body = RequestText(body: bodyText, subject: message.subject, markers: markers, sender: sender)
        var readings = self.readings(of: body, source: "body")
        if body.nestedTooDeep { notes.append(Self.nestingNote) }
        let letterReadings = letters.compactMap { reading(of: $0, sender: sender, notes: &notes) }
        let bodyReadings = readings
        if !letterReadings.isEmpty {
            let bodyHasCounts = readings.contains { hasCounts($0.text) }
            if !bodyHasCounts, letterReadings.contains(where: { hasCounts($0.text) }) {
                readings.insert(contentsOf: letterReadings, at: 0)
            } else {
                readings.insert(contentsOf: letterReadings, at: 1)
            }
        }
        var attached: [Reading] = []
        for embedded in message.embeddedMessages {
            let inner = RequestText(body: Self.bounded(embedded.readableTextBody ?? "", "attached message", notes: &notes),
                                    subject: embedded.subject, markers: markers)
            if inner.nestedTooDeep, !notes.contains(Self.nestingNote) { notes.append(Self.nestingNote) }
            attached.append(Reading(text: inner.primary, source: "attached message", namesRequester: false))
        }
        // "Please see the attached request": when the body gives no count and an attached message does, the
        // attached message is the request (as a forward's is), and the sender's own signature comes after it.
        if !attached.isEmpty, !readings.contains(where: { hasCounts($0.text) }), let first = attached.firstIndex(where: { hasCounts($0.text) }) {
            var request = attached.remove(at: first)
            request.namesRequester = true
            readings.insert(request, at: 0)
        }
        readings += attached
        for attachment in message.attachments where attachment.contentType == "text/plain" {
            if let text = attachment.text {
                readings.append(Reading(text: Self.bounded(text, "attachment", notes: &notes), source: "attachment \(attachment.filename ?? "text")"))
            }
        }
        var extraction = extract(from: readings, sender: sender)
        extraction.notes = notes
        for letter in letters { if case .read(_, let letterNotes) = letter.outcome { extraction.notes += letterNotes } }
        if !letterReadings.isEmpty {
            // Only a letter that asks (a count to cover, the commitment) is the request: a records office's
            // memo with its own figures, sent as evidence, neither names the requester nor contradicts them.
            let fromLetters = extract(from: letterReadings, sender: sender)
            if fromLetters.fields.requestedUsers != nil || fromLetters.fields.commitments.activeBelowLimit != nil {
                extraction.letterOrganization = fromLetters.fields.organization
                extraction.disagreements = CountDisagreement.between(body: extract(from: bodyReadings, sender: sender), letters: fromLetters)
            }
        }
        // "Subject: License exception PaperCut NG": the product may be named in the subject alone.
        if extraction.fields.product == nil, let subject = message.subject, let (product, _) = phrases.product(in: TokenizedText(subject)) {
            extraction.fields.product = product
            extraction.evidence["product"] = Evidence(text: subject, source: "subject")
        }
        return extraction
    }

    static let nestingNote = "forwards and quotes nested more than \(RequestText.maxNesting) deep were not read for the request's fields"

    func hasCounts(_ text: String) -> Bool { !counts.read(TokenizedText(text)).isEmpty }

    /// A text's readings in the order they are trusted: its own words, then what it forwards (first
    /// instead, when the forward is the request: the writer's words give no count and the forward does),
    /// then the sender's own quoted earlier messages, newest first.
    func readings(of text: RequestText, source: String, namesRequester: Bool = true) -> [Reading] {
        let own = Reading(text: text.own, source: source, namesRequester: namesRequester)
        var out: [Reading] = [own]
        for forwarded in text.forwardedText {
            let inner = readings(of: forwarded, source: "forwarded request", namesRequester: namesRequester)
            if hasCounts(text.own) || !inner.contains(where: { hasCounts($0.text) }) {
                // Below a complete request a forward is evidence (the records office's figures): read only for
                // what is left, and never for who asks.
                out += inner.map { Reading(text: $0.text, source: "forwarded message", namesRequester: false) }
            } else {
                out = inner + out
            }
        }
        for quoted in text.quotedOwn { out += readings(of: quoted, source: "quoted earlier message", namesRequester: namesRequester) }
        return out
    }

    /// `sender` is who sent the message: a signature line that is their full name is the requester's name,
    /// whatever words it holds ("Nicholas Ong" is no NGO).
    func extract(from readings: [Reading], sender: QuoteAuthor? = nil) -> Extraction {
        var result = Extraction()
        var f = RequestFields()
        var current: Reading? = nil
        func note(_ field: String, _ text: String, _ source: String) {
            // A letter's evidence names its page; "signature" stays the body's word for where it stood.
            let source = current?.letter != nil && source == current?.source ? current!.source(of: text) : source
            if result.evidence[field] == nil { result.evidence[field] = Evidence(text: text, source: source) }
        }
        for reading in readings where !reading.text.isEmpty {
            current = reading
            var t = TokenizedText(reading.text)
            t.language = language(of: t)
            if result.language == nil { result.language = t.language }
            // A form says what each value is: it is read before any sentence.
            let lines = reading.text.lines
            let form = forms.read(lines: lines)
            if let (value, line) = form["reason"], f.reason == nil {
                f.reason = PhraseReader.bounded(value)
                note("reason", line, reading.source)
            }
            if reading.namesRequester { apply(form, to: &f, source: reading.source, note: note) }
            for (field, found) in counts.read(t) {
                switch field {
                case .domainAccounts where f.domainAccounts == nil: f.domainAccounts = found.value
                case .licensedUsers where f.licensedUsers == nil: f.licensedUsers = found.value
                case .requestedUsers where f.requestedUsers == nil: f.requestedUsers = found.value
                default: continue
                }
                note(field.name, found.evidence, reading.source)
            }
            // The phrase lists are searched together, once per reading.
            let found = phrases.found(in: t)
            if f.reason == nil, let r = phrases.reason(in: t, matches: found.reason) {
                f.reason = r.text
                note("reason", r.evidence, reading.source)
            }
            if f.commitments.activeBelowLimit == nil, let e = phrases.commitment(phrases.activeBelowLimit, in: t, phraseMatches: found.activeBelowLimit) {
                f.commitments.activeBelowLimit = true
                note("commitments.activeBelowLimit", e, reading.source)
            }
            if f.commitments.notifyIfExceeded == nil, let e = phrases.commitment(phrases.notifyIfExceeded, in: t, phraseMatches: found.notifyIfExceeded) {
                f.commitments.notifyIfExceeded = true
                note("commitments.notifyIfExceeded", e, reading.source)
            }
            if f.commitments.allowVerification == nil, let e = phrases.commitment(phrases.allowVerification, in: t, phraseMatches: found.allowVerification) {
                f.commitments.allowVerification = true
                note("commitments.allowVerification", e, reading.source)
            }
            if f.maintenance == nil, let (plan, e) = phrases.maintenance(in: t, matches: found.maintenance) {
                f.maintenance = plan
                note("maintenance", e, reading.source)
            }
            if f.product == nil, let (product, e) = phrases.product(in: t, matches: found.products) {
                f.product = product
                note("product", e, reading.source)
            }
            if reading.namesRequester, let person = people.read(lines: lines, tokenized: t, senderName: sender?.name) {
                func notePerson(_ field: String) {
                    let (text, inSignature) = person.evidence(for: field)
                    note(field, text, inSignature && reading.source == "body" ? "signature" : reading.source)
                }
                if f.requesterName == nil, let name = person.name {
                    f.requesterName = name
                    notePerson("requesterName")
                }
                if f.requesterTitle == nil, let title = person.title {
                    f.requesterTitle = titleWithoutAcronym(title)
                    notePerson("requesterTitle")
                }
                if f.organization == nil, let org = person.organization {
                    f.organization = Self.withoutAcronym(org)
                    notePerson("organization")
                }
                if f.department == nil, let unit = person.department {
                    f.department = Self.withoutAcronym(unit)
                    notePerson("department")
                }
            }
            // The signature's title or name is no organization, though a word of it names a kind ("Systems
            // Engineer", "Nicholas Ong"): the body's words are searched for one that is neither.
            if reading.namesRequester, f.organization == nil, let org = organizations.organization(in: t),
               !Self.isPart(org.name, of: [f.requesterTitle, f.requesterName]) {
                f.organization = org.name
                note("organization", org.evidence, reading.source)
            }
        }
        // A name with no telling word, or only a firm's ("Serviços Municipalizados"), is what the sender's
        // domain says where it says ("Coleg Dyffryn Tywi" from dyffryntywi.ac.uk; gov.mz), else a business
        // ("Gotland Ferries", "Transportadora Rota Sul"): only schools and public bodies hold those domains.
        if let org = f.organization {
            let named = organizations.kind(of: org)
            if named == nil || named == .business,
               let domain = sender?.address.split(separator: "@").last, let kind = organizations.kind(ofDomain: String(domain)) {
                f.organizationKind = kind
            } else {
                f.organizationKind = named ?? .business
            }
        }
        result.fields = f
        return result
    }

    /// Whether `name` is one of `fields` or a part of one, ignoring case.
    static func isPart(_ name: String, of fields: [String?]) -> Bool {
        let folded = TokenizedText.fold(name)
        return fields.contains { $0.map { TokenizedText.fold($0).contains(folded) } ?? false }
    }

    /// A form's requester, title, organization and department. "Applicant: Dr. Amrit Sandhu, Director,
    /// Clinical Informatics": the name, then the title when no line of its own gives one.
    private func apply(_ form: [String: (value: String, line: String)], to f: inout RequestFields, source: String,
                       note: (String, String, String) -> Void) {
        if let (value, line) = form["requesterName"], f.requesterName == nil {
            let pieces = value.split(separator: ",").map { $0.trimmed }.filter { !$0.isEmpty }
            if let first = pieces.first {
                f.requesterName = people.withoutHonorifics(first)
                note("requesterName", line, source)
                if form["requesterTitle"] == nil, f.requesterTitle == nil, pieces.count > 1,
                   people.titles.firstMatch(in: TokenizedText(String(pieces[1]))) != nil {
                    f.requesterTitle = pieces.dropFirst().joined(separator: ", ")
                    note("requesterTitle", line, source)
                }
            }
        }
        if let (value, line) = form["requesterTitle"], f.requesterTitle == nil {
            f.requesterTitle = value
            note("requesterTitle", line, source)
        }
        if let (value, line) = form["organization"], f.organization == nil {
            f.organization = organizations.tidy(value)
            note("organization", line, source)
        }
        if let (value, line) = form["department"], f.department == nil {
            f.department = value
            note("department", line, source)
        }
    }

    /// "Deputy Director (CIO)" without its acronym; but "Joint Commissioner (IT)", "Pro Vice-Chancellor (Digital)",
    /// "Coordinator ICT (volunteer)": an aside that names a unit, or is written in lower case, is the title's own.
    func titleWithoutAcronym(_ title: String) -> String {
        guard title.hasSuffix(")"), let open = title.lastIndex(of: "(") else { return title }
        let inside = title[title.index(after: open)..<title.index(before: title.endIndex)]
        if inside.contains(where: \.isLowercase) { return title }
        let words = TokenizedText(String(inside))
        if organizations.units.matches(in: words).contains(where: { $0.tokens == words.tokens.indices }) { return title }
        return Self.withoutAcronym(title)
    }

    /// "Centre for Information Technology (CIT)", "Directeur des Systèmes d'Information (CIO)": the
    /// acronym in brackets after a name or a title is not part of it.
    static func withoutAcronym(_ s: String) -> String {
        guard s.hasSuffix(")"), let open = s.lastIndex(of: "("), open > s.startIndex else { return s }
        let inside = s[s.index(after: open)..<s.index(before: s.endIndex)]
        guard !inside.isEmpty, inside.count <= 12, !inside.contains(" ") else { return s }
        return String(s[..<open]).trimmingCharacters(in: .whitespaces)
    }

    private func language(of t: TokenizedText) -> String? {
        // Each distinct word looked up once, counted as often as it stands, for all languages at once.
        var hits = [Int](repeating: 0, count: languages.count)
        for word in t.words where languageWordShapes.mayContain(word) {
            for k in languagesByWord[word.text] ?? [] { hits[k] += word.at.count }
        }
        var best: (String, Int)? = nil
        for (k, language) in languages.enumerated() where hits[k] > 0 {
            if best == nil || hits[k] > best!.1 { best = (language, hits[k]) }
        }
        return best?.0
    }
}
