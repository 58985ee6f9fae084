import Glibc
import GRDB
import JSONOutput

/// A waiting server move, as the case folder records it: request.json carries
/// `"serverMove": {"from": "Review", "to": "Accepted", "since": "…"}` from the change that left the copy
/// behind until the move is settled, so `intake store rebuild` can wait for it again. The database's
/// `server_move` row is what poll and watch work from; this member is its copy in the archive.
extension ServerMove {
    /// The request.json key.
    package static let key = "serverMove"

    /// The member's value.
    static func recordJSON(from: CaseFolder, to: CaseFolder, since: String) -> [UInt8] {
        JSONWriter.object { o in
            o.field("from", from.name)
            o.field("to", to.name)
            o.field("since", since)
        }
    }

    /// What a request.json records: the folder the copy waits in and since when; nil when it records none
    /// (or something that is not a folder name).
    static func recorded(in record: [UInt8]) -> (from: CaseFolder, since: String?)? {
        guard let text = JSONMember.text(of: key, in: record) else { return nil }
        let bytes = Array(text.utf8)
        guard let from = JSONMember.text(of: "from", in: bytes).flatMap(unquoted).flatMap(CaseFolder.init(named:)) else { return nil }
        return (from, JSONMember.text(of: "since", in: bytes).flatMap(unquoted))
    }

    /// A JSON string's text, for the plain names and times this member holds (no escapes).
    private static func unquoted(_ json: String) -> String? {
        guard json.count >= 2, json.first == "\"", json.last == "\"", !json.contains("\\") else { return nil }
        return String(json.dropFirst().dropLast())
    }
}

extension CaseStore {
    /// `record` as it is to be written when `existing` moves to `folder`: with the waiting move it will have,
    /// as `noteServerMove` records it in the same change (the copy stays where it is, or where an earlier
    /// move left it waiting, until moved), or without one when the copy will be where the case is.
    func recordingServerMove(_ existing: CaseRecord, to folder: CaseFolder, since: String, in record: [UInt8]) throws(FilingError) -> [UInt8] {
        var waitingIn: CaseFolder? = nil
        if existing.source.hasPrefix("imap://") {
            let pending: String? = try read { db in
                try String.fetchOne(db, sql: "SELECT from_folder FROM server_move WHERE case_id = ?", arguments: [existing.id])
            }
            waitingIn = pending.flatMap(CaseFolder.init(named:)) ?? existing.folder
        }
        if let from = waitingIn, from != folder {
            return JSONMember.setting(ServerMove.key, to: ServerMove.recordJSON(from: from, to: folder, since: since), in: record) ?? record
        }
        return JSONMember.removing(ServerMove.key, in: record) ?? record
    }

    /// Takes the settled move out of the case's request.json, by the same staged rename as a reprocess.
    /// Best effort, after the database's change: a record that still names a move only makes a rebuilt
    /// store look for the copy once more, and the move finds it already in place (`alreadyThere`).
    func forgetRecordedServerMove(caseFolder path: String) {
        guard SyncedFiles.entryType(path) == S_IFDIR, let record = FileBytes.read(path + "/request.json"),
              JSONMember.text(of: ServerMove.key, in: record) != nil, let without = JSONMember.removing(ServerMove.key, in: record) else { return }
        do {
            try SyncedFiles.write(without, to: path + "/.request.json.new")
            try SyncedFiles.rename(path + "/.request.json.new", path + "/request.json")
            try SyncedFiles.syncDirectory(path)
        } catch {
            log("archive", detail: "\(path)/request.json still records a server move that was settled: \(error.description)")
        }
    }
}
