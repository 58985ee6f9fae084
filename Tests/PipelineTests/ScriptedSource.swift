import MailSources

/// A source that hands over what its script says, in order, and records what the pipeline told it:
/// the commit, quarantine and attempt logic of `Poller` tested without a server. Like the IMAP source,
/// it can read ahead (`prepare` on each message before `visit`), commits where its script says and
/// at the end, and gives its place to `keep` only after a commit held.
final class ScriptedSource: MailSource {
    enum Step {
        case message(SourceMessage)
        /// The source fails here, as a server that drops the connection mid-pass.
        case fail(SourceError)
        /// Commit what was handed over so far, then keep the place (`placeAfter` of what was handed over).
        case commit
    }

    let name: String
    var script: [Step]
    /// Run `prepare` on each message before handing it over, as a source reading on its own thread.
    var readsAhead = true
    /// Runs just before each commit: a test breaks the store there.
    var beforeCommit: (ScriptedSource) -> Void = { _ in }

    /// What the pipeline answered for each message, in order.
    private(set) var told: [(sourceID: String, outcome: SourceOutcome)] = []
    /// What each commit answered.
    private(set) var commits: [Bool] = []
    /// The places given to `keep` (and whether the pipeline kept them).
    private(set) var kept: [(place: String, held: Bool)] = []
    /// The place the last pass started from.
    private(set) var startedFrom: String?? = .none

    init(name: String = "scripted:test", _ script: [Step]) {
        self.name = name
        self.script = script
    }

    func pendingCount() -> Int? { nil }

    func poll<Work: Sendable>(
        from place: String?,
        prepare: @escaping @Sendable (SourceMessage) -> Work,
        visit: (SourceMessage, Work?) -> SourceOutcome,
        commit: () -> Bool,
        keep: (_ place: String) -> Bool
    ) throws(SourceError) {
        startedFrom = .some(place)
        var handed = 0
        func commitAndKeep() -> Bool {
            beforeCommit(self)
            let held = commit()
            commits.append(held)
            guard held else { return false }
            let place = "after \(handed)"
            let kept = keep(place)
            self.kept.append((place, kept))
            return kept
        }
        for step in script {
            switch step {
            case .message(let message):
                handed += 1
                let outcome = visit(message, readsAhead ? prepare(message) : nil)
                told.append((message.sourceID, outcome))
                if outcome == .stop { _ = commitAndKeep(); return }
            case .fail(let error):
                throw error
            case .commit:
                guard commitAndKeep() else { return }
            }
        }
        _ = commitAndKeep()
    }

    /// The case folders the pipeline said it filed.
    var filedFolders: [String] {
        told.compactMap { if case .filed(let id, let folder) = $0.outcome { return folder + "/" + id } else { return nil } }
    }
}
