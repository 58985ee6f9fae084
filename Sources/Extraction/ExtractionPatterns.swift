/// The phrasings extraction looks for, per language, as a sales admin writes them in `Rules/patterns/*.yaml`.
///
/// A cue is a phrase of words. Matching ignores case and accents. A word ending in `*` matches any word it
/// starts ("licen*" matches "licensed", "licencia", "licença"); a `...` stands for up to four other words
/// ("keep ... below"). Line patterns (quotes, forwards, footers) are regular expressions matched against one line.
public struct ExtractionPatterns: Sendable {
    public struct Language: Sendable, Decodable {
        public var language: String
        /// Words that show a text is in this language (used to report it, not to choose cues).
        public var detect: [String] = []
        public var counts: Counts = Counts()
        /// Words after a number that make it a count of accounts ("accounts", "cuentas", "usuários").
        public var countNouns: [String] = []
        /// Words that multiply the number before them ("25k", "25 mil").
        public var multipliers: [String: Int] = [:]
        public var reason: [String] = []
        public var commitments: CommitmentCues = CommitmentCues()
        public var maintenance: [String: [String]] = [:]
        /// Words that deny the phrase after them ("we do not have Premium Upgrade Assurance").
        public var negations: [String] = []
        public var products: [String] = []
        public var closings: [String] = []
        public var introductions: [String] = []
        public var titles: [String] = []
        public var organizations: [String: [String]] = [:]
        /// Words that open a sentence before a name and are not part of it ("The", "Our", "La", "O").
        public var articles: [String] = []
        /// Lower-case words inside a person's name ("de", "van", "y").
        public var nameParticles: [String] = []
        /// Words that may stand lower-case inside an organization's name ("of", "de", "do").
        public var nameConnectors: [String] = []
        public var quoteStarts: [String] = []
        public var forwardStarts: [String] = []
        public var footerStarts: [String] = []
        /// Header names of a quoted message's header block, as mail clients write them in this language
        /// ("From" / "De"; "Sent" / "Enviado el" / "Enviada em").
        public var quoteHeaderFrom: [String] = []
        public var quoteHeaderDate: [String] = []
        /// Subject prefixes that mark a forward, without the colon ("Fwd", "RV", "ENC").
        public var forwardSubjects: [String] = []

        enum CodingKeys: String, CodingKey {
            case language, detect, counts, countNouns, multipliers, reason, commitments, maintenance, negations, products
            case closings, introductions, titles, organizations, articles, nameParticles, nameConnectors, quoteStarts, forwardStarts, footerStarts
            case quoteHeaderFrom, quoteHeaderDate, forwardSubjects
        }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            language = try c.decode(String.self, forKey: .language)
            detect = try c.decodeIfPresent([String].self, forKey: .detect) ?? []
            counts = try c.decodeIfPresent(Counts.self, forKey: .counts) ?? Counts()
            countNouns = try c.decodeIfPresent([String].self, forKey: .countNouns) ?? []
            multipliers = try c.decodeIfPresent([String: Int].self, forKey: .multipliers) ?? [:]
            reason = try c.decodeIfPresent([String].self, forKey: .reason) ?? []
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
            quoteStarts = try c.decodeIfPresent([String].self, forKey: .quoteStarts) ?? []
            forwardStarts = try c.decodeIfPresent([String].self, forKey: .forwardStarts) ?? []
            footerStarts = try c.decodeIfPresent([String].self, forKey: .footerStarts) ?? []
            quoteHeaderFrom = try c.decodeIfPresent([String].self, forKey: .quoteHeaderFrom) ?? []
            quoteHeaderDate = try c.decodeIfPresent([String].self, forKey: .quoteHeaderDate) ?? []
            forwardSubjects = try c.decodeIfPresent([String].self, forKey: .forwardSubjects) ?? []
        }
    }

    public struct Counts: Sendable, Decodable {
        public var domainAccounts: [String] = []
        public var licensedUsers: [String] = []
        public var requestedUsers: [String] = []
    }

    public struct CommitmentCues: Sendable, Decodable {
        public var activeBelowLimit: [String] = []
        public var notifyIfExceeded: [String] = []
        public var allowVerification: [String] = []
    }

    public var languages: [Language]

    public init(languages: [Language]) {
        self.languages = languages
    }
}
