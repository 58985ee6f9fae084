import Foundation
import MIME
@testable import Replies
import SeededRandom
import Testing

@Suite struct LoopGuardTests {
    let ours = ["sales@ecoprintq.com"]

    func check(_ name: String, sent: Int = 0) -> LoopReason? {
        LoopGuard.check(MessageParser.parse(fixture(name)), ourAddresses: ours, repliesSentToday: sent, settings: shippedSettings)
    }

    @Test func outOfOfficeAnswersGetNoReply() {
        #expect(check("ooo-exchange.eml") == .autoSubmitted("auto-generated"))
        #expect(check("ooo-gmail-vacation.eml") == .autoSubmitted("auto-replied"))
        #expect(check("ooo-x-autoreply.eml") == .autoReplyHeader(name: "X-Autoreply", value: "yes"))
    }

    @Test func mailingListsGetNoReply() {
        #expect(check("mailing-list.eml") == .precedence("list"))
        var message = MessageParser.parse(fixture("mailing-list.eml"))
        message.header.fields.removeAll { $0.name.lowercased() == "precedence" }
        #expect(LoopGuard.check(message, ourAddresses: ours, repliesSentToday: 0, settings: shippedSettings) == .mailingList(header: "List-Id"))
    }

    @Test func bouncesAndReceiptsGetNoReply() {
        // Its Auto-Submitted is read first; without it, the report itself and the empty return path hold it.
        #expect(check("bounce-dsn.eml") == .autoSubmitted("auto-replied"))
        var message = MessageParser.parse(fixture("bounce-dsn.eml"))
        message.header.fields.removeAll { $0.name.lowercased() == "auto-submitted" }
        #expect(LoopGuard.check(message, ourAddresses: ours, repliesSentToday: 0, settings: shippedSettings) == .deliveryReport("multipart/report"))
        #expect(check("bounce-exchange-ndr.eml") == .deliveryReport("message/delivery-status"))
        #expect(check("read-receipt.eml") == .deliveryReport("multipart/report"))
    }

    @Test func robotsAndOurselvesGetNoReply() {
        #expect(check("noreply-notification.eml") == .noReplySender(address: "no-reply@servicedesk.pinevalley.k12.us", pattern: "no-reply"))
        let ownText = String(decoding: fixture("human-request.eml"), as: UTF8.self)
            .replacingOccurrences(of: "From: Gregory Hall <g.hall@pinevalley.k12.us>", with: "From: Sales <SALES@ecoprintq.com>")
        #expect(LoopGuard.check(MessageParser.parse(Array(ownText.utf8)), ourAddresses: ours, repliesSentToday: 0,
                                settings: shippedSettings) == .ownAddress("SALES@ecoprintq.com"))
        let emptyPath = String(decoding: fixture("human-request.eml"), as: UTF8.self)
            .replacingOccurrences(of: "Return-Path: <g.hall@pinevalley.k12.us>", with: "Return-Path: <>")
        #expect(LoopGuard.check(MessageParser.parse(Array(emptyPath.utf8)), ourAddresses: ours, repliesSentToday: 0,
                                settings: shippedSettings) == .emptyReturnPath)
    }

    /// A sender that failed authentication may be forged: the shipped settings answer it never, whatever
    /// else the message is; other findings hold nothing back.
    @Test func aFindingNamedInNoReplyWhenHoldsTheReplyBack() {
        let message = MessageParser.parse(fixture("human-request.eml"))
        #expect(shippedSettings.noReplyWhen == ["sender-not-authenticated"])
        #expect(LoopGuard.check(message, firedRules: ["incomplete-request", "sender-not-authenticated"], ourAddresses: ours,
                                repliesSentToday: 0, settings: shippedSettings) == .finding("sender-not-authenticated"))
        #expect(LoopGuard.check(message, firedRules: ["incomplete-request", "free-mail-sender"], ourAddresses: ours,
                                repliesSentToday: 0, settings: shippedSettings) == nil)
    }

    @Test func aPersonsRequestMayBeAnsweredUpToTheDailyLimit() {
        #expect(shippedSettings.dailyLimitPerSender == 3)
        #expect(check("human-request.eml", sent: 0) == nil)
        #expect(check("human-request.eml", sent: 2) == nil)
        #expect(check("human-request.eml", sent: 3) == .dailyLimit(sent: 3, limit: 3))
    }

    /// Generated header sections: the guard holds a message exactly when one of the loop signs is in
    /// it, whatever else is there, in whatever order and case.
    @Test func propertyHoldsExactlyWhenALoopSignIsPresent() {
        var rng = SeededGenerator(seed: 0x5EED_1503)
        let benign = ["Subject: License exception", "X-Mailer: Thunderbird 128", "Auto-Submitted: no", "Auto-Submitted: No (person)",
                      "Precedence: first-class", "Return-Path: <person@school.example.edu>", "Content-Language: es",
                      "Reply-To: other@school.example.edu", "X-Auto-Response-Suppress: DR", "Received: from a by b"]
        let signs = ["Auto-Submitted: auto-replied", "Auto-Submitted: Auto-Generated", "auto-submitted: auto-notified; owner-email=x@y.z",
                     "Precedence: bulk", "PRECEDENCE: List", "Precedence: junk", "List-Id: <a.list.example>",
                     "List-Unsubscribe: <mailto:leave@list.example>", "Return-Path: <>", "Return-Path:   < >",
                     "Return-Path: <sales@ecoprintq.com>", "X-Autoreply: yes", "X-Autorespond: vacation",
                     "X-Auto-Response-Suppress: OOF, AutoReply", "Content-Type: multipart/report; report-type=delivery-status; boundary=b"]
        let senders = ["person@school.example.edu", "it.manager@council.example.gov"]
        let robotSenders = ["noreply@school.example.edu", "Mailer-Daemon@mx.example.com", "bounces+x=y@lists.example.org", "sales@ecoprintq.com"]
        for _ in 0..<1_500 {
            var lines = (0..<rng.next(upTo: 5)).map { _ in benign[rng.next(upTo: benign.count)] }
            let withSign = rng.next(upTo: 3) == 0
            if withSign { lines.insert(signs[rng.next(upTo: signs.count)], at: rng.next(upTo: lines.count + 1)) }
            let robot = rng.next(upTo: 5) == 0
            let sender = robot ? robotSenders[rng.next(upTo: robotSenders.count)] : senders[rng.next(upTo: senders.count)]
            let sent = rng.next(upTo: 5)
            let text = (["From: \(sender)"] + lines + ["", "body"]).joined(separator: "\r\n")
            let message = MessageParser.parse(Array(text.utf8))
            let reason = LoopGuard.check(message, ourAddresses: ours, repliesSentToday: sent, settings: shippedSettings)
            let expectHeld = withSign || robot || sent >= 3
            #expect((reason != nil) == expectHeld, "\(text) → \(String(describing: reason))")
            if expectHeld != (reason != nil) { return }
        }
    }
}
