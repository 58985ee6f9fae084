import Filing
import IMAPFetch
import IMAPSource
import MailSources

/// The copy on the IMAP server of a case whose folder changed (a person's decision, a reprocess) follows
/// it from `Intake/<old>` to `Intake/<new>`. The store recorded the move with the change itself; here it is
/// done, at once when the command can reach the server, else by the next `poll` or `watch` on the same
/// mailbox (after its pass, on its session). A move that fails stays pending and the case's log says why.
enum ServerCopies {
    /// Why a server copy was not moved this time; the move stays pending.
    enum Failure: Error, CustomStringConvertible {
        /// No IMAP mailbox is configured for this command.
        case noMailbox
        /// The configured mailbox is not the one the case came from.
        case otherMailbox(caseSource: String, configured: String)
        /// The IMAP settings cannot be used (a missing credential, a bad URL).
        case settings(String)
        /// The server could not be reached, refused the login, or failed a command.
        case server(SourceError)

        var description: String {
            switch self {
            case .noMailbox:
                return "no IMAP mailbox is configured for this command (imap: in intake.yaml, or --imap with its credential)"
            case .otherMailbox(let source, let configured):
                return "the case came from \(source), and the configured mailbox is \(configured)"
            case .settings(let why): return "the IMAP settings cannot be used: \(why)"
            case .server(let error): return error.description
            }
        }
    }

    /// For `cases decide` and `reprocess`: moves the case's server copy now, if one is waiting to move.
    /// Returns the lines to print; the store's log has the outcome either way.
    static func follow(caseID: String, store: CaseStore, sourceOptions: SourceOptions, config: Configuration) -> [String] {
        let moves: [ServerMove]
        do { moves = try store.pendingServerMoves(caseID: caseID) } catch { return ["IMAP copy not moved: \(error.description)"] }
        guard let move = moves.first else { return [] }  // the case's request; its follow-ups come with it
        let source: IMAPMailSource
        do {
            guard let imap = try sourceOptions.imapEndpoint(config: config),
                  case .imap(let configured) = try sourceOptions.resolve(config: config, imap: imap) else {
                return [failed(move, .noMailbox, store)]
            }
            source = configured
        } catch let failure as IntakeCLI.Failure {
            return [failed(move, .settings(failure.message), store)]
        } catch {
            return [failed(move, .settings("\(error)"), store)]
        }
        guard source.name == move.source else { return [failed(move, .otherMailbox(caseSource: move.source, configured: source.name), store)] }
        let session: IMAPSession
        do { session = try source.connect() } catch { return [failed(move, .server(error), store)] }
        defer { try? session.logout() }
        return complete(moves, store: store, source: source, session: session)
    }

    /// Moves the copies of `moves` on `session` (a pass's, or one of its own); returns a line per case. A
    /// case's move is settled once every copy of it (its request and the follow-ups that joined it) is where
    /// the case is, or gone from the server; a server that fails on one leaves the move waiting, and the next
    /// attempt finds the copies already moved where they belong.
    static func complete(_ moves: [ServerMove], store: CaseStore, source: IMAPMailSource, session: IMAPSession) -> [String] {
        var cases: [[ServerMove]] = []
        for move in moves {
            if cases.last?.first?.caseID == move.caseID { cases[cases.count - 1].append(move) } else { cases.append([move]) }
        }
        return cases.map { copies in
            let move = copies[0]
            if source.keepInInbox {
                // Filed copies stay in the mailbox, flagged: there is no Intake/ folder to keep in step.
                return settled(move, kind: "imap-not-moved", "IMAP copy not moved: with keep-in-inbox the copy stays in "
                    + "\(source.endpoint.mailbox), flagged $Intake", store)
            }
            var said: [String] = []
            var inPlace = false
            for (n, copy) in copies.enumerated() {
                let which = copies.count == 1 ? "IMAP copy" : n == 0 ? "IMAP copy of the request" : "IMAP copy of follow-up \(n)"
                switch moveOne(copy, source: source, session: session) {
                case .success(let outcome):
                    said.append(which + " " + outcome.said)
                    inPlace = inPlace || outcome.inPlace
                case .failure(let failure):
                    return failed(move, failure, store)
                }
            }
            return settled(move, kind: inPlace ? "imap-moved" : "imap-not-moved", said.joined(separator: "; "), store)
        }
    }

    /// One copy moved from the case's old folder to its new one: what became of it, and whether it is there.
    private static func moveOne(_ move: ServerMove, source: IMAPMailSource,
                                session: IMAPSession) -> Result<(said: String, inPlace: Bool), Failure> {
        let sha = move.messageSHA256
        let copy = ServerCopy(messageID: move.messageID, size: move.size) { CaseStore.sha256($0) == sha }
        let others = CaseFolder.all.filter { $0 != move.from && $0 != move.to }.map(\.name)
        let prefix = source.folderPrefix + "/"
        do throws(IMAPError) {
            switch try source.moveCopy(copy, from: move.from.name, to: move.to.name, elsewhere: others, on: session) {
            case .moved(let from):
                return .success(("moved from \(from) to \(prefix + move.to.name)", true))
            case .alreadyThere:
                return .success(("already in \(prefix + move.to.name)", true))
            case .duplicateRemoved(let from):
                return .success(("in \(prefix + move.to.name); the second copy an interrupted move left in \(from) was removed", true))
            case .notFound(let searched):
                return .success(("not moved: it is in none of \(searched.joined(separator: ", ")) "
                    + "(moved or deleted on the server by someone else); nothing was changed there", false))
            }
        } catch {
            return .failure(.server(SourceError(error)))
        }
    }

    private static func settled(_ move: ServerMove, kind: String, _ detail: String, _ store: CaseStore) -> String {
        do { try store.settleServerMove(move, kind: kind, detail: detail) } catch {
            // Done on the server, not recorded: the next attempt finds the copy in place and records it then.
            return "\(move.caseID): \(detail) (not recorded: \(error.description))"
        }
        return "\(move.caseID): \(detail)"
    }

    private static func failed(_ move: ServerMove, _ failure: Failure, _ store: CaseStore) -> String {
        try? store.serverMoveFailed(move, reason: failure.description)
        return "\(move.caseID): IMAP copy not moved: \(failure.description); the next poll or watch on that mailbox "
            + "moves it from \(move.from.name)/ to \(move.to.name)/ under the Intake folder"
    }
}
