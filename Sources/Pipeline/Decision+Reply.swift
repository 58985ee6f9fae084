package import Foundation
import MIME
package import Replies
package import RuleEngine

extension Decider.Decision {
    /// The case a reply is about, from this decision: the request's fields and findings, in the
    /// language the findings were written in (the request's own when the rules speak it, else the first).
    /// `verdict` is a person's, when one decided; else the rules'. `correction`: it corrects a reply sent before.
    package func replyCase(caseID: String, fieldWords: FieldWords, verdict: Verdict? = nil, correction: Bool = false) -> ReplyCase {
        ReplyCase(caseID: caseID, verdict: verdict ?? self.verdict, fields: extraction.fields, findings: findings,
                  language: fieldWords.replyLanguage(for: extraction.language),
                  sender: message.from.first?.address, senderDomain: message.from.first?.domain, correction: correction)
    }

    /// The reply this decision would get, composed (nothing is sent).
    package func reply(caseID: String, composer: ReplyComposer, ourAddress: String, date: Date,
                       messageID: String, verdict: Verdict? = nil, correction: Bool = false) throws(ReplyError) -> ComposedReply {
        try composer.compose(replyCase(caseID: caseID, fieldWords: composer.fieldWords, verdict: verdict, correction: correction), answering: OriginalMessage(message),
                             ourAddress: ourAddress, date: date, messageID: messageID)
    }
}
