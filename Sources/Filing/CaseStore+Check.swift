import Foundation

/// Where the archive and the database disagree, found by `intake store check` without changing anything.
public struct StoreDrift: Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable {
        /// A case on file whose folder is not where the database says (deleted, moved by hand).
        case missingFolder = "missing folder"
        /// A case folder the database does not know.
        case unknownFolder = "unknown folder"
        /// A case folder without its raw message.
        case missingMessage = "missing message.eml"
        /// message.eml's SHA-256 is not the one recorded: the raw message was changed.
        case messageChanged = "message.eml changed"
        /// request.json says another verdict than the database.
        case verdictDiffers = "request.json differs"
    }

    public var kind: Kind
    /// The case folder, relative to the store.
    public var folder: String
    public var detail: String

    public var description: String { "\(kind.rawValue): \(folder)\(detail.isEmpty ? "" : " — \(detail)")" }
}

extension CaseStore {
    /// Every drift between the archive and the database. Reads everything, changes nothing.
    public func check() throws(FilingError) -> [StoreDrift] {
        let fm = FileManager.default
        var drifts: [StoreDrift] = []
        let cases = try allCases()
        var known: Set<String> = []
        for c in cases {
            let relative = c.folder.name + "/" + c.id
            known.insert(relative)
            var isDir: ObjCBool = false
            guard fm.fileExists(atPath: c.path, isDirectory: &isDir), isDir.boolValue else {
                drifts.append(StoreDrift(kind: .missingFolder, folder: relative, detail: "the database has the case, the archive has no folder for it"))
                continue
            }
            if let raw = FileBytes.read(c.path + "/message.eml") {
                let sha = Self.sha256(raw)
                if sha != c.messageSHA256 {
                    drifts.append(StoreDrift(kind: .messageChanged, folder: relative, detail: "recorded \(c.messageSHA256.prefix(12))…, found \(sha.prefix(12))…"))
                }
            } else {
                drifts.append(StoreDrift(kind: .missingMessage, folder: relative, detail: ""))
            }
            if let data = FileBytes.read(c.path + "/request.json"),
               let json = try? JSONSerialization.jsonObject(with: Data(data)) as? [String: Any],
               let verdict = json["verdict"] as? String, verdict != c.verdict.name {
                drifts.append(StoreDrift(kind: .verdictDiffers, folder: relative, detail: "request.json says \(verdict), the database \(c.verdict.name)"))
            }
        }
        for (folder, name) in Self.archivedFolders(in: directory) where !known.contains(folder.name + "/" + name) {
            drifts.append(StoreDrift(kind: .unknownFolder, folder: folder.name + "/" + name, detail: "in the archive, not in the database"))
        }
        return drifts
    }
}
