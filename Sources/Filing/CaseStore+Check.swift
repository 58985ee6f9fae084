import Foundation
import Glibc
import GRDB

/// Where the archive and the database disagree, found by `intake store check` without changing anything.
package struct StoreDrift: Sendable, Equatable, CustomStringConvertible {
    package enum Kind: String, Sendable {
        /// A case on file whose folder is not where the database says (deleted, moved by hand).
        case missingFolder = "missing folder"
        /// A case folder the database does not know.
        case unknownFolder = "unknown folder"
        /// A case folder without its raw message.
        case missingMessage = "missing message.eml"
        /// message.eml's SHA-256 is not the one recorded: the raw message was changed.
        case messageChanged = "message.eml changed"
        /// A follow-up the case joined has no file in its folder.
        case missingFollowUp = "missing follow-up"
        /// A follow-up's file does not hold the bytes on file.
        case followUpChanged = "follow-up changed"
        /// request.json says another verdict than the database.
        case verdictDiffers = "request.json differs"
        /// request.json carries another person's decision (or state) than the database.
        case decisionDiffers = "decision differs"
        /// A case folder, message.eml or request.json that is a symbolic link: intake never follows one.
        case link = "symbolic link"
    }

    package var kind: Kind
    /// The case folder, relative to the store.
    package var folder: String
    package var detail: String

    package var description: String { "\(kind.rawValue): \(folder)\(detail.isEmpty ? "" : " — \(detail)")" }
}

extension CaseStore {
    /// Every drift between the archive and the database. Reads everything, changes nothing.
    package func check() throws(FilingError) -> [StoreDrift] {
        var drifts: [StoreDrift] = []
        let cases = try allCases()
        var known: Set<String> = []
        // Each follow-up's file must hold the bytes on file, as message.eml must.
        let followUps: [String: [(file: String, sha256: String)]] = try read { db in
            Dictionary(grouping: try Row.fetchAll(db, sql: "SELECT case_id, file, message_sha256 FROM case_message WHERE role = 'follow-up' ORDER BY rowid"),
                       by: { $0["case_id"] as String }).mapValues { $0.map { ($0["file"], $0["message_sha256"]) } }
        }
        for c in cases {
            let relative = c.folder.name + "/" + c.id
            known.insert(relative)
            if SyncedFiles.entryType(c.path) == S_IFLNK {
                drifts.append(StoreDrift(kind: .link, folder: relative, detail: "the case folder is a link to \(linkTarget(c.path)); intake never follows it"))
                continue
            }
            guard SyncedFiles.entryType(c.path) == S_IFDIR else {
                drifts.append(StoreDrift(kind: .missingFolder, folder: relative, detail: "the database has the case, the archive has no folder for it"))
                continue
            }
            for file in ["message.eml", "request.json"] where SyncedFiles.entryType(c.path + "/" + file) == S_IFLNK {
                drifts.append(StoreDrift(kind: .link, folder: relative, detail: "\(file) is a link to \(linkTarget(c.path + "/" + file)); intake never follows it"))
            }
            if let raw = FileBytes.read(c.path + "/message.eml") {
                let sha = Self.sha256(raw)
                if sha != c.messageSHA256 {
                    drifts.append(StoreDrift(kind: .messageChanged, folder: relative, detail: "recorded \(c.messageSHA256.prefix(12))…, found \(sha.prefix(12))…"))
                }
            } else if SyncedFiles.entryType(c.path + "/message.eml") != S_IFLNK {
                drifts.append(StoreDrift(kind: .missingMessage, folder: relative, detail: ""))
            }
            for f in followUps[c.id] ?? [] {
                if let raw = CaseMessage.isFollowUpFile(f.file) ? FileBytes.read(c.path + "/" + f.file) : nil {
                    let sha = Self.sha256(raw)
                    if sha != f.sha256 {
                        drifts.append(StoreDrift(kind: .followUpChanged, folder: relative, detail: "\(f.file): recorded \(f.sha256.prefix(12))…, found \(sha.prefix(12))…"))
                    }
                } else {
                    drifts.append(StoreDrift(kind: .missingFollowUp, folder: relative, detail: f.file))
                }
            }
            if let bytes = FileBytes.read(c.path + "/request.json"),
               let json = try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any] {
                if let verdict = json["verdict"] as? String, verdict != c.verdict.name {
                    drifts.append(StoreDrift(kind: .verdictDiffers, folder: relative, detail: "request.json says \(verdict), the database \(c.verdict.name)"))
                }
                let recorded = Self.recordedDecision(in: bytes)
                if recorded != c.personDecision {
                    drifts.append(StoreDrift(kind: .decisionDiffers, folder: relative,
                                             detail: "request.json says \(Self.describe(recorded)), the database \(Self.describe(c.personDecision))"))
                }
            }
        }
        for (folder, name) in try Self.archivedFolders(in: directory) where !known.contains(folder.name + "/" + name) {
            let path = directory + "/" + folder.name + "/" + name
            let link = SyncedFiles.entryType(path) == S_IFLNK ? "; a link to \(linkTarget(path))" : ""
            drifts.append(StoreDrift(kind: .unknownFolder, folder: folder.name + "/" + name, detail: "in the archive, not in the database" + link))
        }
        return drifts
    }
}

extension CaseStore {
    /// The case a reprocess or a person's decision was changing when its run stopped, before the next
    /// run's recovery put it back in step; nil when none was interrupted.
    package var interruptedChange: String? {
        FileBytes.read(directory + "/.reprocessing").map { String(decoding: $0, as: UTF8.self) }.flatMap { $0.isEmpty ? nil : $0 }
    }

    /// A person's decision in a drift report: "decided-by-person, accepted by Ana at 2026-12-03T10:00:00Z".
    static func describe(_ d: PersonDecision?) -> String {
        guard let d else { return "decided by the rules" }
        return d.state + (d.decision.map { ", " + $0 } ?? "") + (d.by.map { " by " + $0 } ?? "") + (d.at.map { " at " + $0 } ?? "")
    }
}

/// Where a link points, for a report.
func linkTarget(_ path: String) -> String {
    (try? FileManager.default.destinationOfSymbolicLink(atPath: path)) ?? "?"
}
