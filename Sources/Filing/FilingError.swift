/// What can go wrong with the store, said so a person can act on it.
package enum FilingError: Error, Sendable, CustomStringConvertible {
    case storeUnusable(path: String, reason: String)
    case locked(path: String, holder: String?)
    case database(path: String, reason: String)
    case archive(path: String, reason: String)
    case caseNotFound(String)
    /// The database holds no case while the archive beside it holds case folders: it was lost or replaced.
    case archiveWithoutDatabase(path: String, folders: Int)
    /// `store rebuild` on a database that holds cases (or cannot be read), without being told to replace it.
    case rebuildRefused(path: String, cases: Int?)
    /// A person's decision on a closed case: a closed case is the end of its record.
    case caseClosed(id: String)
    /// `reprocess` of a case a person decided: the rules must not overrule them.
    case decidedByPerson(id: String, decision: String?, by: String?)
    /// No reply in the outbox has this Message-ID, nor any of this case.
    case replyNotFound(String)
    /// A reply asked to do what its state does not allow (send a reply already sent, drop one being sent).
    case replyState(messageID: String, state: String, wanted: String)
    /// A reply whose Message-ID is not `CaseReference.replyMessageID`'s for its case.
    case replyMessageID(messageID: String, caseID: String)

    package var description: String {
        switch self {
        case .storeUnusable(let path, let reason):
            return "cannot use the store at \(path): \(reason)"
        case .locked(let path, let holder):
            let who = holder.map { " (pid \($0))" } ?? ""
            return "another intake run is using the store at \(path)\(who); wait for it to finish, or stop it, then run again"
        case .database(let path, let reason):
            return "the case database at \(path) failed: \(reason)"
        case .archive(let path, let reason):
            return "cannot write the case archive at \(path): \(reason) — check the disk space and permissions"
        case .caseNotFound(let id):
            return "no case, Message-ID or message file matches \(id); `intake cases list` shows what is on file"
        case .archiveWithoutDatabase(let path, let folders):
            return "the store at \(path) holds \(folders) case folder\(folders == 1 ? "" : "s") but its database (intake.sqlite) holds no case: "
                + "the database was lost or replaced. Nothing was read or changed. Run `intake store rebuild --store \(path)` to make it "
                + "again from the archive, restore intake.sqlite from a backup, or move the Accepted/, Rejected/ and Review/ folders "
                + "aside to start a new store there"
        case .rebuildRefused(let path, let cases):
            let what = cases.map { "holds \($0) case\($0 == 1 ? "" : "s")" } ?? "cannot be read"
            return "the database at \(path) \(what); nothing was changed. To make it again from the archive anyway, run "
                + "`intake store rebuild --replace-database`: the database there now is kept beside it, never deleted"
        case .caseClosed(let id):
            return "\(id) is closed: a closed case takes no further decision — nothing was changed (`intake cases show \(id)` shows who closed it and why)"
        case .decidedByPerson(let id, let decision, let by):
            return "\(id) was decided by a person (\(decision ?? "closed")\(by.map { " by \($0)" } ?? "")); reprocessing it would let the rules "
                + "overrule them, so nothing was changed — `intake cases show \(id)` shows the decision"
        case .replyNotFound(let id):
            return "no reply in the outbox matches \(id); `intake replies list` shows the replies on file"
        case .replyState(let messageID, let state, let wanted):
            return "the reply \(messageID) is \(state): it cannot be \(wanted) — nothing was changed (`intake replies show \(messageID)`)"
        case .replyMessageID(let messageID, let caseID):
            return "the reply's Message-ID \(messageID) is not a reply id of \(caseID) (LX-year-number.rN.random@domain); nothing was recorded"
        }
    }
}
