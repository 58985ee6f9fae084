import Foundation
import IMAPFetch
import TestServers
import Testing

extension DovecotTests {
    @Suite struct Scale {
        /// The messages `dovecot.sh load` put in `box`, keyed by Message-ID, LF turned into CRLF.
        static func maildirMessages(_ box: String) throws -> [String: [UInt8]] {
            let root = try ServerEnvironment.value("INTAKE_IMAP_MAILDIR")
            let folder = "\(root)/.\(box)/cur"
            var result: [String: [UInt8]] = [:]
            for name in try FileManager.default.contentsOfDirectory(atPath: folder) {
                let data = try Data(contentsOf: URL(fileURLWithPath: "\(folder)/\(name)"))
                var bytes: [UInt8] = []
                bytes.reserveCapacity(data.count + data.count / 40)
                for b in data {
                    if b == 10 { bytes.append(13) }
                    bytes.append(b)
                }
                if let id = messageID(bytes) { result[id] = bytes }
            }
            return result
        }

        static func messageID(_ bytes: [UInt8]) -> String? {
            let head = String(decoding: bytes.prefix(2048), as: UTF8.self)
            guard let line = head.split(separator: "\r\n").first(where: { $0.hasPrefix("Message-ID: ") }) else { return nil }
            return String(line.dropFirst("Message-ID: ".count))
        }

        /// A poll that finds nothing new: a fresh session asks STATUS once, whatever the size.
        static func noNewsPoll(_ server: TestServer, _ box: String, known: MailboxStatus) throws -> Int {
            let session = try IMAPSession(server.endpoint(mailbox: box))
            let status = try session.status()
            #expect(status == known, "nothing new")
            try session.logout()
            return session.roundTrips
        }

        @Test func noNewsPollCostsTheSameWhateverTheMailboxSize() throws {
            let server = try TestServer.current()
            let small = TestServer.uniqueMailbox("poll-small")
            let large = TestServer.uniqueMailbox("poll-large")
            try server.script("load", "3", "small", small)
            try server.script("load", "3000", "small", large)
            let session = try server.session()
            let smallStatus = try session.status(small)
            let largeStatus = try session.status(large)
            #expect(largeStatus.messages == 3000)
            let smallCost = try Self.noNewsPoll(server, small, known: smallStatus)
            let largeCost = try Self.noNewsPoll(server, large, known: largeStatus)
            #expect(smallCost == largeCost)
            #expect(largeCost == 2, "NAMESPACE (once per session, for a name other than INBOX) sent with STATUS, then LOGOUT")
            // On INBOX: STATUS + LOGOUT.
            let inbox = try IMAPSession(server.endpoint())
            _ = try inbox.status()
            try inbox.logout()
            #expect(inbox.roundTrips == 2)

            // The SELECT + UID SEARCH way costs a constant too, and finds only the last UID.
            let before = session.roundTrips
            let state = try session.select(large)
            let newer = try session.uidSearch("UID \(state.uidNext):*").filter { $0 >= state.uidNext }
            #expect(newer.isEmpty)
            #expect(session.roundTrips - before == 2, "SELECT + UID SEARCH")
            try session.select("INBOX")
            try session.deleteMailbox(small)
            try session.deleteMailbox(large)
            try session.logout()
        }

        @Test(.timeLimit(.minutes(10)))
        func fiveThousandMessages() throws {
            let server = try TestServer.current()
            let box = TestServer.uniqueMailbox("5000")
            try server.script("load", "5000", "small", box)
            let session = try server.session()
            let state = try session.select(box)
            #expect(state.exists == 5000)
            let uids = try session.uidSearch("ALL")
            #expect(uids.count == 5000)
            // What the script wrote, by Message-ID, with the CRLF line ends IMAP sends.
            let onDisk = try Self.maildirMessages(box)
            #expect(onDisk.count == 5000)
            var count = 0
            var different = 0
            let report = try session.fetch(uids, inFlight: 128) { message in
                count += 1
                if Self.messageID(message.bytes).flatMap({ onDisk[$0] }) != message.bytes { different += 1 }
            }
            #expect(count == 5000)
            #expect(different == 0, "fetched bytes differ from the Maildir files")
            #expect(report.missing.isEmpty)
            try session.select("INBOX")
            try session.deleteMailbox(box)
            try session.logout()
        }
    }
}
