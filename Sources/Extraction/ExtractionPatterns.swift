/// The phrasings extraction looks for, per language, as a sales admin writes them in `Rules/patterns/*.yaml`.
///
/// A cue is a phrase of words. Matching ignores case and accents. A word ending in `*` matches any word it
/// starts ("licen*" matches "licensed", "licencia", "licença"); a `...` stands for up to six other words
/// ("keep ... below"). Line patterns (quotes, forwards, footers) are regular expressions matched against one line.
package struct ExtractionPatterns: Sendable {
    package struct CountChange: Sendable, Decodable {
        package var from: [String] = []
        package var to: [String] = []
        package init() {}
    }

    package struct Language: Sendable, Decodable {
        package var language: String
        /// Words that show a text is in this language (used to report it, not to choose cues).
        package var detect: [String] = []
        package var counts: Counts = Counts()
        /// Words after a number that make it a count of accounts ("accounts", "cuentas", "usuários").
        package var countNouns: [String] = []
        /// Words that multiply the number before them ("25k", "25 mil").
        package var multipliers: [String: Int] = [:]
        /// Words before a year ("in 2023", "desde 2019"): such a number is a date, not a count.
        package var yearMarkers: [String] = []
        /// Month names: a day's number beside one ("20 January", "January 20", "20 de enero") is a date, not a count.
        package var months: [String] = []
        /// Words for a day before its number ("no dia 2", "el día 9", "on day 3"): such a number is a date, not a count.
        package var days: [String] = []
        /// "from 1,400 to 1,750", "de 1.400 para 1.750": the words of a change of licence, the licence in force
        /// first and the count asked for second.
        package var countChange: CountChange = CountChange()
        /// Numbers written in words ("veinte mil", "twenty-five thousand").
        package var numberWords: NumberWordList = NumberWordList()
        package var reason: [String] = []
        /// Words that only restate that the other accounts will not print ("the remaining accounts will not
        /// print"): a sentence of these and of reason cues gives no cause, so it is no reason.
        package var reasonRestating: [String] = []
        /// Words that open a sentence going on with the one before ("They exist in our AD, but use the
        /// printers of their own site"): a reason sentence followed by one of these that gives cues too is
        /// one reason in two sentences.
        package var reasonContinuing: [String] = []
        /// What a reason must hold more than: restatements and the count nouns ("accounts", "cuentas").
        var reasonWithoutCause: [String] { reasonRestating + countNouns }
        package var commitments: CommitmentCues = CommitmentCues()
        package var maintenance: [String: [String]] = [:]
        /// Words that deny the phrase after them ("we do not have Premium Upgrade Assurance").
        package var negations: [String] = []
        package var products: [String] = []
        package var closings: [String] = []
        package var introductions: [String] = []
        package var titles: [String] = []
        package var organizations: [String: [String]] = [:]
        /// Labels of a mail domain that tell an organization's kind where its name tells none, by kind:
        /// "ac" in coleg.ac.uk, "gob" in aduanas.gob.pa, "nhs" in trust.nhs.uk.
        package var organizationDomainLabels: [String: [String]] = [:]
        /// Words that open a sentence before a name and are not part of it ("The", "Our", "La", "O").
        package var articles: [String] = []
        /// Connectors that join a name only after its telling word, never before it ("for", "at").
        package var forwardOnlyConnectors: [String] = []
        /// How an adjective ends that follows the word naming a kind inside a name, lower-case ("Lycée
        /// polytechnique Jean-Moulin", "Colegio público Miguel Hernández"): "ique", "ico", "aria".
        package var nameAdjectiveEndings: [String] = []
        /// Lower-case words inside a person's name ("de", "van", "y").
        package var nameParticles: [String] = []
        /// Words that may stand lower-case inside an organization's name ("of", "de", "do").
        package var nameConnectors: [String] = []
        /// Words before a name that are not part of it ("Mr", "Sra.", "Dr.").
        package var honorifics: [String] = []
        /// "I" / "Yo" / "Eu" opening "I, Ann Lee, the IT Manager of X, …".
        package var introducingPronouns: [String] = []
        /// Words after a name that introduce its writer: "Sam Whitaker here, IT Coordinator at …".
        package var introducingAfterName: [String] = []
        /// Legal forms written with a full stop that belongs to the name ("Inc.", "Ltda.", "S.A.").
        package var legalForms: [String] = []
        /// Words that name a unit of an organization ("IT", "Department", "Sistemas"): "Gerente de TI da
        /// Rocha Ltda." names the unit, then the organization.
        package var departments: [String] = []
        /// The words for a department itself ("Department", "Setor"): a line holding one names a unit.
        package var departmentNouns: [String] = []
        /// A form's labels, by the field they give ("requesterName: [Applicant, Solicitante]").
        package var formLabels: [String: [String]] = [:]
        package var quoteStarts: [String] = []
        package var forwardStarts: [String] = []
        package var footerStarts: [String] = []
        /// Header names of a quoted message's header block, as mail clients write them in this language
        /// ("From" / "De"; "Sent" / "Enviado el" / "Enviada em").
        package var quoteHeaderFrom: [String] = []
        package var quoteHeaderDate: [String] = []
        /// Subject prefixes that mark a forward, without the colon ("Fwd", "RV", "ENC").
        package var forwardSubjects: [String] = []

        enum CodingKeys: String, CodingKey {
            case language, detect, counts, countNouns, multipliers, yearMarkers, months, days, countChange, numberWords, reason, reasonRestating, reasonContinuing, commitments, maintenance, negations, products
            case closings, introductions, titles, organizations, organizationDomainLabels, articles, nameParticles, nameConnectors, quoteStarts, forwardStarts, footerStarts
            case forwardOnlyConnectors, nameAdjectiveEndings, honorifics, introducingPronouns, introducingAfterName, legalForms, departments, departmentNouns, formLabels
            case quoteHeaderFrom, quoteHeaderDate, forwardSubjects
        }

        package init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            language = try c.decode(String.self, forKey: .language)
            detect = try c.decodeIfPresent([String].self, forKey: .detect) ?? []
            counts = try c.decodeIfPresent(Counts.self, forKey: .counts) ?? Counts()
            countNouns = try c.decodeIfPresent([String].self, forKey: .countNouns) ?? []
            multipliers = try c.decodeIfPresent([String: Int].self, forKey: .multipliers) ?? [:]
            numberWords = try c.decodeIfPresent(NumberWordList.self, forKey: .numberWords) ?? NumberWordList()
            yearMarkers = try c.decodeIfPresent([String].self, forKey: .yearMarkers) ?? []
            months = try c.decodeIfPresent([String].self, forKey: .months) ?? []
            days = try c.decodeIfPresent([String].self, forKey: .days) ?? []
            countChange = try c.decodeIfPresent(CountChange.self, forKey: .countChange) ?? CountChange()
            reason = try c.decodeIfPresent([String].self, forKey: .reason) ?? []
            reasonRestating = try c.decodeIfPresent([String].self, forKey: .reasonRestating) ?? []
            reasonContinuing = try c.decodeIfPresent([String].self, forKey: .reasonContinuing) ?? []
            commitments = try c.decodeIfPresent(CommitmentCues.self, forKey: .commitments) ?? CommitmentCues()
            maintenance = try c.decodeIfPresent([String: [String]].self, forKey: .maintenance) ?? [:]
            negations = try c.decodeIfPresent([String].self, forKey: .negations) ?? []
            products = try c.decodeIfPresent([String].self, forKey: .products) ?? []
            closings = try c.decodeIfPresent([String].self, forKey: .closings) ?? []
            introductions = try c.decodeIfPresent([String].self, forKey: .introductions) ?? []
            titles = try c.decodeIfPresent([String].self, forKey: .titles) ?? []
            organizations = try c.decodeIfPresent([String: [String]].self, forKey: .organizations) ?? [:]
            articles = try c.decodeIfPresent([String].self, forKey: .articles) ?? []
            nameParticles = try c.decodeIfPresent([String].self, forKey: .nameParticles) ?? []
            nameConnectors = try c.decodeIfPresent([String].self, forKey: .nameConnectors) ?? []
            forwardOnlyConnectors = try c.decodeIfPresent([String].self, forKey: .forwardOnlyConnectors) ?? []
            nameAdjectiveEndings = try c.decodeIfPresent([String].self, forKey: .nameAdjectiveEndings) ?? []
            honorifics = try c.decodeIfPresent([String].self, forKey: .honorifics) ?? []
            introducingPronouns = try c.decodeIfPresent([String].self, forKey: .introducingPronouns) ?? []
            introducingAfterName = try c.decodeIfPresent([String].self, forKey: .introducingAfterName) ?? []
            legalForms = try c.decodeIfPresent([String].self, forKey: .legalForms) ?? []
            organizationDomainLabels = try c.decodeIfPresent([String: [String]].self, forKey: .organizationDomainLabels) ?? [:]
            departments = try c.decodeIfPresent([String].self, forKey: .departments) ?? []
            departmentNouns = try c.decodeIfPresent([String].self, forKey: .departmentNouns) ?? []
            formLabels = try c.decodeIfPresent([String: [String]].self, forKey: .formLabels) ?? [:]
            quoteStarts = try c.decodeIfPresent([String].self, forKey: .quoteStarts) ?? []
            forwardStarts = try c.decodeIfPresent([String].self, forKey: .forwardStarts) ?? []
            footerStarts = try c.decodeIfPresent([String].self, forKey: .footerStarts) ?? []
            quoteHeaderFrom = try c.decodeIfPresent([String].self, forKey: .quoteHeaderFrom) ?? []
            quoteHeaderDate = try c.decodeIfPresent([String].self, forKey: .quoteHeaderDate) ?? []
            forwardSubjects = try c.decodeIfPresent([String].self, forKey: .forwardSubjects) ?? []
        }
    }

    package struct Counts: Sendable, Decodable {
        package var domainAccounts: [String] = []
        package var licensedUsers: [String] = []
        package var requestedUsers: [String] = []
        /// Words that put a limit before a number ("below 1,000", "por debajo de los 5.500"): that number is
        /// a licence's or the limit asked for, never the accounts in the domain.
        package var limits: [String]? = nil
        /// `limits`, none when the file names none (the key may be left out).
        package var limitWords: [String] { limits ?? [] }
        /// Verbs that ask ("need", "necesita", "precisamos") and that hold ("have", "tenemos", "dispomos"):
        /// the nearest before a number in its clause says whether it is asked for or held, whatever the
        /// count's own cues ("necesita una licencia de PaperCut para 450" asks; "tenemos licencia para 300" holds).
        package var asking: [String]? = nil
        package var holding: [String]? = nil
        package var askingVerbs: [String] { asking ?? [] }
        package var holdingVerbs: [String] { holding ?? [] }
    }

    /// `values` add ("twenty": 20, "doscientos": 200), `scales` multiply what stands before them
    /// ("hundred": 100, "mil": 1000), `connectors` join the parts ("and", "y", "e").
    package struct NumberWordList: Sendable, Decodable {
        package var values: [String: Int] = [:]
        package var scales: [String: Int] = [:]
        package var connectors: [String] = []
    }

    package struct CommitmentCues: Sendable, Decodable {
        package var activeBelowLimit: [String] = []
        package var notifyIfExceeded: [String] = []
        package var allowVerification: [String] = []
        /// A commitment is a meaning, not one phrasing: a sentence holding a phrase of every group
        /// ("will" … "active users" … "no more than"), in any order, makes it too. By commitment name.
        package var sentences: [String: [[String]]]? = nil
    }

    package var languages: [Language] {
        didSet { stemmers = Stemmers(languages: languages.map(\.language)) }
    }
    /// Each language's stemmer, for the cue lists that match word forms.
    private(set) var stemmers: Stemmers

    package init(languages: [Language]) {
        self.languages = languages
        stemmers = Stemmers(languages: languages.map(\.language))
    }

    /// One cue list of every language's phrases under `key`; with `stemmed`, each phrase's words match
    /// their forms in the phrase's own language.
    /// Each commitment's sentence groups, every language's, in one cue list: each cue with its language
    /// (an index) and its group, and how many groups each language has.
    func sentenceGroups(_ commitment: String) -> SentenceGroups {
        var cues: [Cue] = []
        var groupOf: [(language: Int, group: Int)] = []
        var groupCounts: [Int] = []
        for language in languages {
            let groups = language.commitments.sentences?[commitment] ?? []
            let stemmer = stemmers[language.language]
            for (g, group) in groups.enumerated() {
                for phrase in group {
                    cues.append(Cue(phrase, stemmer: stemmer))
                    groupOf.append((groupCounts.count, g))
                }
            }
            groupCounts.append(groups.count)
        }
        return SentenceGroups(cues: CueList(cues: cues), groupOf: groupOf, groupCounts: groupCounts)
    }

    struct SentenceGroups: Sendable {
        var cues: CueList
        var groupOf: [(language: Int, group: Int)]
        var groupCounts: [Int]
    }

    func cues(_ key: KeyPath<Language, [String]>, stemmed: Bool) -> CueList {
        CueList(cues: languages.flatMap { language in
            let stemmer = stemmed ? stemmers[language.language] : nil
            return language[keyPath: key].map { Cue($0, stemmer: stemmer) }
        })
    }
}
