package import Extraction
package import MIME
package import RuleEngine

/// parse → extract → rules for one message; no I/O, so `check`, `rules test` and `poll` decide alike.
package struct Decider: Sendable {
    package let rules: RuleSet
    package let extractor: RequestExtractor

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
        package var verdict: Verdict { evaluation.verdict }
        package var findings: [Finding] { evaluation.findings }
    }

    /// Decides a message outside filing (`check`, `rules test`): nothing is on file.
    package func decide(_ raw: [UInt8]) -> Decision {
        judge(read(raw))
    }

    /// Decides a message for filing: `isOnFile` answers for the store; its failure is the decision's.
    package func decide<Failure: Error>(_ raw: [UInt8], isOnFile: @escaping (OrganizationDomain) throws(Failure) -> Bool) throws(Failure) -> Decision {
        try judge(read(raw), isOnFile: isOnFile)
    }

    /// What a message says, before any rule: parsed and its request read. Depends on nothing but
    /// the bytes, so it can be done ahead, on another thread, while earlier messages are filed.
    package struct Reading: Sendable {
        package var message: Message
        package var extraction: Extraction
        package var unparseable: Bool
    }

    package func read(_ raw: [UInt8]) -> Reading {
        let message = MessageParser.parse(raw)
        let unparseable = !message.hasHeaderSection
        let extraction = unparseable ? Extraction() : extractor.extract(from: message)
        return Reading(message: message, extraction: extraction, unparseable: unparseable)
    }

    /// The rules applied to a reading, outside filing.
    package func judge(_ reading: Reading) -> Decision {
        Decision(message: reading.message, extraction: reading.extraction, evaluation: rules.evaluate(input(reading)),
                 unparseable: reading.unparseable)
    }

    /// The rules applied to a reading; `isOnFile` answers for the store as it stands now, and a store
    /// that cannot answer stops the decision (it is never read as "nothing on file").
    package func judge<Failure: Error>(_ reading: Reading, isOnFile: @escaping (OrganizationDomain) throws(Failure) -> Bool) throws(Failure) -> Decision {
        Decision(message: reading.message, extraction: reading.extraction,
                 evaluation: try rules.evaluate(input(reading), isOnFile: isOnFile), unparseable: reading.unparseable)
    }

    private func input(_ reading: Reading) -> RuleInput {
        RuleInput(message: reading.unparseable ? nil : reading.message, fields: reading.extraction.fields,
                  language: reading.extraction.language)
    }
}
