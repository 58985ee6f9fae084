import Synchronization

/// Loads the rules once, on first use. A poll that finds nothing new never pays for reading them.
/// Safe to share between the thread that files and the source's reading thread.
public final class DeciderLoader: Sendable {
    private let loaded: Mutex<Decider?>
    private let directory: String?

    public init(rulesDirectory: String) {
        loaded = Mutex(nil)
        directory = rulesDirectory
    }

    public init(_ decider: Decider) {
        loaded = Mutex(decider)
        directory = nil
    }

    public func decider() throws(PipelineError) -> Decider {
        try loaded.withLock { (loaded: inout Decider?) throws(PipelineError) -> Decider in
            if let loaded { return loaded }
            let d = try Decider(rulesDirectory: directory ?? "Rules")
            loaded = d
            return d
        }
    }
}
