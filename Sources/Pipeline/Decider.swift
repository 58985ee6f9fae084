package import Extraction
package import Letters
package import MIME
package import RuleEngine

/// parse → read letters → extract → rules for one message, so `check`, `rules test` and `poll` decide
/// alike. Its only I/O is the letter converters' confined processes (and their cache).
package struct Decider: Sendable {
    package let rules: RuleSet
    package let extractor: RequestExtractor
    /// Reads attached letters; nil leaves them unread (`letter-needs-reading` then asks a person).
    package var letters: LetterReader? = LetterReader()

    package init(rules: RuleSet, extractor: RequestExtractor) {
        self.rules = rules
        self.extractor = extractor
    }

    /// Loads the rules and the extraction patterns from a rules folder; refuses a broken rule set whole.
    package init(rulesDirectory: String) throws(PipelineError) {
        do {
            rules = try RuleSetLoader.load(directory: rulesDirectory)
        } catch {
            throw .rulesInvalid(error.description)
        }
        do {
            extractor = try RequestExtractor(patterns: PatternLoader.load(directory: rulesDirectory))
        } catch {
            throw .rulesInvalid(error.description)
        }
    }

    package struct Decision: Sendable {
        package var message: Message
        package var extraction: Extraction
        package var evaluation: RuleSet.Evaluation
        package var unparseable: Bool
        package var letters: [Letter]
        package var verdict: Verdict { evaluation.verdict }
        package var findings: [Finding] { evaluation.findings }
    }

    /// Decides a message outside filing (`check`, `rules test`): nothing is on file.
    package func decide(_ raw: [UInt8]) -> Decision {
        judge(read(raw))
    }

    /// Decides a message for filing: `casesOnFile` answers for the store; its failure is the decision's.
    package func decide<Failure: Error>(_ raw: [UInt8], casesOnFile: @escaping (OrganizationDomain) throws(Failure) -> [String]) throws(Failure) -> Decision {
        try judge(read(raw), casesOnFile: casesOnFile)
    }

    /// What a message says, before any rule: parsed and its request read. Depends on nothing but
    /// the bytes, so it can be done ahead, on another thread, while earlier messages are filed.
    package struct Reading: Sendable {
        package var message: Message
        package var extraction: Extraction
        package var unparseable: Bool
        /// Every attachment that may be a letter, as read (or why not).
        package var letters: [Letter]
    }

    package func read(_ raw: [UInt8]) -> Reading {
        let message = MessageParser.parse(raw)
        let unparseable = !message.hasHeaderSection
        guard !unparseable else { return Reading(message: message, extraction: Extraction(), unparseable: true, letters: []) }
        let letters = self.letters.map { $0.letters(in: message) }
            ?? LetterReader.letterAttachments(of: message).map {
                Letter(attachment: $0.name, contentType: $0.attachment.contentType, outcome: .notRead(reason: "letters are not read here"))
            }
        let extraction = extractor.extract(from: message, letters: letters)
        return Reading(message: message, extraction: extraction, unparseable: false, letters: letters)
    }

    /// The rules applied to a reading, outside filing.
    package func judge(_ reading: Reading) -> Decision {
        Decision(message: reading.message, extraction: reading.extraction, evaluation: rules.evaluate(input(reading)),
                 unparseable: reading.unparseable, letters: reading.letters)
    }

    /// What filing knows of a message beyond its bytes, for the rules that ask (only when filing).
    package struct FilingContext: Sendable {
        /// Cases the message names that belong to another organization (`names-other-organization-case`).
        package var otherOrganizationCases: [String] = []
        /// The person's decision a follow-up came after (`follow-up-after-person-decision`).
        package var personDecisionBefore: String? = nil
        package init(otherOrganizationCases: [String] = [], personDecisionBefore: String? = nil) {
            self.otherOrganizationCases = otherOrganizationCases
            self.personDecisionBefore = personDecisionBefore
        }
    }

    /// The rules applied to a reading; `casesOnFile` answers for the store as it stands now (the cases of
    /// an organization on file), and a store that cannot answer stops the decision (it is never read as
    /// "nothing on file").
    package func judge<Failure: Error>(_ reading: Reading, context: FilingContext = FilingContext(),
                                       casesOnFile: @escaping (OrganizationDomain) throws(Failure) -> [String]) throws(Failure) -> Decision {
        var input = input(reading)
        input.otherOrganizationCases = context.otherOrganizationCases
        input.personDecisionBefore = context.personDecisionBefore
        return Decision(message: reading.message, extraction: reading.extraction,
                        evaluation: try rules.evaluate(input, casesOnFile: casesOnFile), unparseable: reading.unparseable,
                        letters: reading.letters)
    }

    private func input(_ reading: Reading) -> RuleInput {
        RuleInput(message: reading.unparseable ? nil : reading.message, fields: reading.extraction.fields,
                  language: reading.extraction.language, letters: reading.letters,
                  letterOrganization: reading.extraction.letterOrganization, disagreements: reading.extraction.disagreements)
    }
}
