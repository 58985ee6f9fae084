/// Bounds on what one message may make the parser do. Passing a bound never fails the parse:
/// the parser records a `.limitExceeded` defect and returns what it read up to that point.
package struct ParseLimits: Sendable, Hashable {
    /// Longest header field (name, colon and folded value) kept; longer ones are cut.
    package var maxHeaderLineLength: Int
    /// Most header fields kept per header section; later fields are dropped.
    package var maxHeaderCount: Int
    /// Deepest nesting of multiparts and embedded messages that is still opened.
    package var maxDepth: Int
    /// Most body parts in one message, embedded messages included.
    package var maxPartCount: Int
    /// Most bytes of input read; the rest is ignored.
    package var maxTotalSize: Int
    /// Most attachments listed for one message, the files inside a winmail.dat included: a TNEF
    /// container can name thousands in a few kilobytes. The rest stay in the raw message only.
    package var maxAttachmentCount: Int

    package init(
        maxHeaderLineLength: Int = 64 * 1024,
        maxHeaderCount: Int = 1_000,
        maxDepth: Int = 32,
        maxPartCount: Int = 2_000,
        maxTotalSize: Int = 512 * 1024 * 1024,
        maxAttachmentCount: Int = 2_000
    ) {
        self.maxHeaderLineLength = maxHeaderLineLength
        self.maxHeaderCount = maxHeaderCount
        self.maxDepth = maxDepth
        self.maxPartCount = maxPartCount
        self.maxTotalSize = maxTotalSize
        self.maxAttachmentCount = maxAttachmentCount
    }

    package static let `default` = ParseLimits()
}
