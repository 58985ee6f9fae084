/// How much a server may make a session hold and how long it may keep it busy, whatever it sends.
///
/// A server that misbehaves (or an attacker in its place) can send a response that never ends, a
/// literal of any announced size, millions of UIDs, or one byte every few seconds. Each bound here
/// turns that into a typed error within a known time and memory, and nothing of the offending
/// answer reaches the caller.
package struct IMAPLimits: Sendable, Equatable {
    /// The largest message accepted. A literal announced larger is a protocol error before a byte
    /// of it is read. The default is the wire's own ceiling; intake's source narrows it to the most
    /// its parser reads (`ParseLimits.maxTotalSize`).
    package var maxMessageBytes: Int
    /// Seconds one command may take from sending it to its tagged answer, however steadily the
    /// server sends meanwhile (a trickle, an endless run of untagged lines). In a pipelined fetch,
    /// the time allowed for each message to arrive. Beside `IMAPEndpoint.timeout`, which bounds
    /// each wait for the next bytes.
    package var commandSeconds: Double
    /// UIDs asked for by one `UID SEARCH`: larger ranges are searched window by window, so a
    /// mailbox of any size (or a server that answers with millions of UIDs) never holds more than
    /// this many UIDs at once.
    package var searchWindow: Int

    package init(maxMessageBytes: Int = 1 << 31, commandSeconds: Double = 600, searchWindow: Int = 50_000) {
        self.maxMessageBytes = maxMessageBytes
        self.commandSeconds = commandSeconds
        self.searchWindow = searchWindow
    }

    /// One response may hold one message plus its FETCH line and attributes.
    var maxResponseBytes: Int { maxMessageBytes + Self.responseMargin }
    static let responseMargin = 1 << 20
}
