/// Loads the rules once, on first use. A poll that finds nothing new never pays for reading them.
public final class DeciderLoader {
    private var loaded: Decider?
    private let directory: String?

    public init(rulesDirectory: String) {
        directory = rulesDirectory
    }

    public init(_ decider: Decider) {
        loaded = decider
        directory = nil
    }

    public func decider() throws(PipelineError) -> Decider {
        if let loaded { return loaded }
        let d = try Decider(rulesDirectory: directory ?? "Rules")
        loaded = d
        return d
    }
}
