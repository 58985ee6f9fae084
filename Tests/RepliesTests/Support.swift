import Extraction
import Foundation
import MIME
@testable import Replies
import RuleEngine

/// The repository's own Rules/ folder: the templates tested are the ones shipped.
let rulesDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("Rules").path

let shippedRules: RuleSet = try! RuleSetLoader.load(directory: rulesDirectory)
let shippedComposer: ReplyComposer = try! ReplyComposer(rulesDirectory: rulesDirectory, rules: shippedRules)
let shippedSettings: ReplySettings = try! ReplySettings.load(directory: rulesDirectory + "/replies")

func fixture(_ name: String) -> [UInt8] {
    let url = Bundle.module.url(forResource: "Fixtures/" + name, withExtension: nil)!
    return [UInt8](try! Data(contentsOf: url))
}

/// A complete request's fields, as the policy page's example gives them.
func completeFields() -> RequestFields {
    var fields = RequestFields()
    fields.requesterName = "Mr Parker"
    fields.requesterTitle = "IT Manager"
    fields.organization = "XYZ University"
    fields.domainAccounts = 25_000
    fields.licensedUsers = 18_000
    fields.requestedUsers = 20_000
    fields.reason = "distance education students who rarely attend campus"
    fields.commitments = Commitments(activeBelowLimit: true, notifyIfExceeded: true, allowVerification: true)
    return fields
}

/// The case and findings the shipped rules give a message, as a reply sees them.
func replyCase(for raw: [UInt8], caseID: String = "LX-2026-0042", extractor: RequestExtractor = sharedExtractor) -> (ReplyCase, Message) {
    let message = MessageParser.parse(raw)
    let extraction = extractor.extract(from: message)
    let input = RuleInput(message: message, fields: extraction.fields, language: extraction.language)
    let evaluation = shippedRules.evaluate(input)
    let language = shippedRules.fieldWords.replyLanguage(for: extraction.language)
    return (ReplyCase(caseID: caseID, verdict: evaluation.verdict, fields: extraction.fields, findings: evaluation.findings,
                      language: language, sender: input.sender, senderDomain: input.senderDomain), message)
}

let sharedExtractor: RequestExtractor = try! RequestExtractor(patterns: PatternLoader.load(directory: rulesDirectory))

func sample(_ name: String) -> [UInt8] {
    [UInt8](FileManager.default.contents(atPath: rulesDirectory + "/tests/" + name)!)
}

let fixedDate = Date(timeIntervalSince1970: 1_796_328_000)  // 2026-12-03 20:00:00 UTC

func compose(_ reply: ReplyCase, _ original: OriginalMessage, id: String = "LX-2026-0042.r1.00000000000000ab@ecoprintq.com") throws -> ComposedReply {
    try shippedComposer.compose(reply, answering: original, ourAddress: "sales@ecoprintq.com", date: fixedDate, messageID: id)
}

/// The header section of a composed reply as text, unfolded lines kept as written.
func headerText(_ reply: ComposedReply) -> String {
    let text = String(decoding: reply.bytes, as: UTF8.self)
    return String(text[..<text.range(of: "\r\n\r\n")!.lowerBound])
}
