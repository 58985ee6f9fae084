public import Extraction
public import MIME
public import RuleEngine

/// parse → extract → rules for one message; no I/O, so `check`, `rules test` and `poll` decide alike.
public struct Decider: Sendable {
    public let rules: RuleSet
    public let extractor: RequestExtractor

    public init(rules: RuleSet, extractor: RequestExtractor) {
        self.rules = rules
        self.extractor = extractor
    }

    /// Loads the rules and the extraction patterns from a rules folder; refuses a broken rule set whole.
    public init(rulesDirectory: String) throws(PipelineError) {
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

    public struct Decision: Sendable {
        public var message: Message
        public var extraction: Extraction
        public var evaluation: RuleSet.Evaluation
        public var unparseable: Bool
        public var verdict: Verdict { evaluation.verdict }
        public var findings: [Finding] { evaluation.findings }
    }

    public func decide(_ raw: [UInt8], isOnFile: (@Sendable (String) -> Bool)? = nil) -> Decision {
        let message = MessageParser.parse(raw)
        let unparseable = !message.hasHeaderSection
        let extraction = unparseable ? Extraction() : extractor.extract(from: message)
        let input = RuleInput(message: unparseable ? nil : message, fields: extraction.fields, isOnFile: isOnFile)
        return Decision(message: message, extraction: extraction, evaluation: rules.evaluate(input), unparseable: unparseable)
    }
}
