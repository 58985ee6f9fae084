/// What SELECT or EXAMINE reports about the mailbox it opens.
package struct MailboxState: Sendable, Equatable {
    /// When this changes, every UID known before is void (RFC 3501 §2.3.1.1).
    package var uidValidity: UInt32
    /// The UID the next message will get; 0 when the server did not say.
    package var uidNext: UInt32
    /// How many messages the mailbox holds.
    package var exists: UInt32

    package init(uidValidity: UInt32, uidNext: UInt32, exists: UInt32) {
        self.uidValidity = uidValidity
        self.uidNext = uidNext
        self.exists = exists
    }
}

/// What STATUS reports about a mailbox without opening it: the cheapest "anything new?".
package struct MailboxStatus: Sendable, Equatable {
    package var uidValidity: UInt32
    package var uidNext: UInt32
    package var messages: UInt32

    package init(uidValidity: UInt32, uidNext: UInt32, messages: UInt32) {
        self.uidValidity = uidValidity
        self.uidNext = uidNext
        self.messages = messages
    }
}

/// One message as the server holds it, byte for byte (CRLF line ends), fetched without `\Seen`.
package struct FetchedMessage: Sendable, Equatable {
    package var uid: UInt32
    /// RFC822.SIZE as the server reported it.
    package var serverSize: Int
    package var bytes: [UInt8]
    /// Every UID asked for up to and including this one has now been handed over (this message
    /// included) or is gone from the server. Messages may arrive out of UID order (servers run
    /// pipelined FETCHes concurrently): after a stop, resume from this value, not from the
    /// highest UID seen. 0 while no prefix is complete.
    package var deliveredThrough: UInt32

    package init(uid: UInt32, serverSize: Int, bytes: [UInt8], deliveredThrough: UInt32 = 0) {
        self.uid = uid
        self.serverSize = serverSize
        self.bytes = bytes
        self.deliveredThrough = deliveredThrough
    }
}

/// What a pipelined fetch delivered.
package struct FetchReport: Sendable, Equatable {
    package var delivered = 0
    package var bytes = 0
    /// UIDs asked for that the server did not return (expunged meanwhile), ascending.
    package var missing: [UInt32] = []

    package init() {}
}
