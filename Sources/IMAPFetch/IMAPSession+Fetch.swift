extension IMAPSession {
    /// Fetches messages of the selected mailbox without setting `\Seen`, pipelined, and hands
    /// each to `body` as it arrives, one at a time, on the calling thread.
    ///
    /// `UID FETCH uid-set (UID RFC822.SIZE BODY.PEEK[])` commands are kept in flight so that at
    /// most `inFlight` messages are requested and not yet answered; no round trip per message.
    /// A reader thread of its own reads the answers while `body` works on earlier messages, so
    /// fetching overlaps with filing; at most `handOverMessages` messages (and `handOverBytes`,
    /// one message always fits) wait between the two, so memory stays bounded whatever the
    /// backlog. Messages come in the order the server answers, usually but not always ascending:
    /// `deliveredThrough` says which prefix of the request is complete. When `body` throws, no
    /// more commands are sent, the answers already on their way are read and dropped, and the
    /// error is rethrown (the session stays usable). Messages fully read before a connection
    /// failure are still handed to `body` before the failure is thrown. UIDs the server no longer
    /// has are listed in the report. `body` must not use the session.
    @discardableResult
    package func fetch(
        _ uids: [UInt32], inFlight: Int = 256, _ body: (FetchedMessage) throws -> Void
    ) throws -> FetchReport {
        try fetch(uids, inFlight: inFlight, prepare: { $0 }, body)
    }

    /// The same, with `prepare` run on each message before it is handed over: work that needs only
    /// the message (parsing it) is then done while `body` files earlier ones. It runs on a thread of
    /// its own, between the reader and the caller, so reading the socket never waits for it.
    @discardableResult
    package func fetch<Prepared: Sendable>(
        _ uids: [UInt32], inFlight: Int = 256, prepare: @escaping @Sendable (FetchedMessage) -> Prepared,
        _ body: (Prepared) throws -> Void
    ) throws -> FetchReport {
        try requireSelected("UID FETCH")
        // Two windows, each half of what may wait for the caller: read and not yet prepared, and
        // prepared and not yet taken.
        let messages = (handOverMessages + 1) / 2, bytes = (handOverBytes + 1) / 2
        let read = FetchHandOver<FetchedMessage>(maxMessages: messages, maxBytes: bytes)
        let handOver = FetchHandOver<Prepared>(maxMessages: messages, maxBytes: bytes)
        let outcome = ReaderOutcome()
        // The session belongs to the reader thread until it is joined; the caller only takes messages.
        let reader = try ReaderThread { [self] in
            defer { read.finish() }
            do throws(IMAPError) {
                outcome.report = try readFetches(uids, inFlight: inFlight) { message in
                    read.put(message, bytes: message.bytes.count)
                }
            } catch {
                outcome.error = error
            }
        }
        let preparer: ReaderThread
        do {
            preparer = try ReaderThread {
                defer { handOver.finish() }
                while let message = read.take() {
                    let size = message.bytes.count
                    guard handOver.put(prepare(message), bytes: size) else {
                        read.cancel()  // the caller stopped taking: the reader stops reading
                        return
                    }
                }
            }
        } catch {
            read.cancel()
            reader.join()
            throw error
        }
        var bodyError: (any Error)?
        while let message = handOver.take() {
            do { try body(message) } catch {
                bodyError = error
                handOver.cancel()
                break
            }
        }
        preparer.join()
        reader.join()
        if let bodyError { throw bodyError }
        if let error = outcome.error { throw error }
        return outcome.report
    }

    final class ReaderOutcome: @unchecked Sendable {
        // Written by the reader thread before it ends; read after join.
        var report = FetchReport()
        var error: IMAPError?
    }

    /// The fetch protocol itself; `deliver` answers false when no more messages are wanted.
    func readFetches(_ uids: [UInt32], inFlight: Int, deliver: (FetchedMessage) -> Bool) throws(IMAPError) -> FetchReport {
        let window = max(1, inFlight)
        // Several commands in flight, each naming a few messages: the server streams one
        // command's answer while it reads the next ones.
        let perCommand = max(1, min(window / 4, 32))
        let sets = UIDSet.sets(uids, maxUIDs: perCommand)
        // The sets cover `order` in sequence: command k names order[first[k] ..< first[k] + count].
        let order = Array(Set(uids.filter { $0 > 0 })).sorted()
        let requested = order.count
        var frontier = 0
        var settledAhead = Set<UInt32>()
        func settle(_ uid: UInt32) {
            if frontier > 0 && uid <= order[frontier - 1] { return }  // already behind the frontier
            settledAhead.insert(uid)
            while frontier < order.count, settledAhead.remove(order[frontier]) != nil { frontier += 1 }
        }

        var next = 0
        var inFlightTags: [(tag: String, count: Int, first: Int)] = []
        var nextFirst = 0
        var oldest = 0
        var outstanding = 0
        var delivered = Set<UInt32>(minimumCapacity: min(requested, 1 << 16))
        var report = FetchReport()
        var cancelled = false
        var firstFailure: IMAPError?
        // The deadline is per message: it starts again each time one arrives or a command is
        // answered, and never counts the time the caller takes to file what it was given.
        wire.startCommand("UID FETCH")
        defer { wire.commandDeadline = nil }
        roundTrips += 1

        func sendMore() throws(IMAPError) {
            var batch = ""
            while !cancelled, next < sets.count,
                  outstanding == 0 || outstanding + sets[next].count <= window {
                let tag = nextTag()
                batch += "\(tag) UID FETCH \(sets[next].text) (UID RFC822.SIZE BODY.PEEK[])\r\n"
                inFlightTags.append((tag, sets[next].count, nextFirst))
                nextFirst += sets[next].count
                outstanding += sets[next].count
                next += 1
            }
            if !batch.isEmpty { try wire.send(batch) }
        }

        try sendMore()
        while oldest < inFlightTags.count {
            var response = try wire.readResponse()
            switch response.kind {
            case .tagged(let tag):
                guard let position = inFlightTags[oldest...].firstIndex(where: { $0.tag == tag }) else { continue }
                if position == oldest {
                    oldest += 1
                } else {
                    inFlightTags.swapAt(oldest, position)
                    oldest += 1
                }
                let done = inFlightTags[oldest - 1]
                outstanding -= done.count
                // Answered: each of its UIDs was delivered, or is gone.
                for k in done.first..<(done.first + done.count) { settle(order[k]) }
                if firstFailure == nil, let status = response.status, status.word != "OK" {
                    firstFailure = .commandFailed(command: "UID FETCH", server: server, serverSays: "\(status.word) \(status.text)")
                }
                if oldest > 1024 {
                    inFlightTags.removeFirst(oldest)
                    oldest = 0
                }
                wire.startCommand("UID FETCH")
                try sendMore()
            case .continuation:
                continue
            case .untagged:
                let fetched: FetchedMessage?
                do throws(MalformedFetch) {
                    fetched = try Self.fetchedMessage(&response)
                } catch {
                    // Nothing of a broken answer is delivered, and nothing after it can be trusted.
                    throw wire.fail(wire.violation("a FETCH answer \(error.detail): \(response.text.prefix(120))"))
                }
                guard var message = fetched else {
                    observe(response)
                    continue
                }
                guard Self.contains(order, message.uid), delivered.insert(message.uid).inserted else { continue }
                report.delivered += 1
                report.bytes += message.bytes.count
                settle(message.uid)
                message.deliveredThrough = frontier > 0 ? order[frontier - 1] : 0
                if !cancelled, !deliver(message) { cancelled = true }
                wire.startCommand("UID FETCH")
            }
        }
        if cancelled { return report }
        if let firstFailure { throw firstFailure }
        if report.delivered < requested {
            report.missing = Array(Set(uids).subtracting(delivered)).sorted()
        }
        return report
    }

    static func contains(_ sorted: [UInt32], _ uid: UInt32) -> Bool {
        var low = 0
        var high = sorted.count
        while low < high {
            let mid = (low + high) / 2
            if sorted[mid] < uid { low = mid + 1 } else { high = mid }
        }
        return low < sorted.count && sorted[low] == uid
    }

    /// Why a FETCH answer that carries a message cannot be read.
    struct MalformedFetch: Error {
        var detail: String
    }

    /// msg-att of `* n FETCH (UID u RFC822.SIZE s BODY[] {n}…)`; nil for a FETCH without a body
    /// (a flag change the server reports on its own), a `BODY[] NIL`, or any other response.
    /// A FETCH that carries a body but breaks the grammar throws: taken as best it could be read,
    /// it would be filed as an empty or cut message and its UID moved.
    ///
    /// message-data = nz-number SP "FETCH" SP msg-att   (RFC 3501 §9)
    /// msg-att = "(" (msg-att-dynamic / msg-att-static) *(SP (msg-att-dynamic / msg-att-static)) ")"
    static func fetchedMessage(_ response: inout IMAPResponse) throws(MalformedFetch) -> FetchedMessage? {
        guard let first = response.lines.first, first.count > 8, !response.literals.isEmpty || first.contains(UInt8(ascii: "[")) else {
            return nil
        }
        let tokens = response.tokens()
        guard tokens.count > 3, tokens[2].isAtom("FETCH") else { return nil }
        guard tokens[3] == .open else { throw MalformedFetch(detail: "without its list of attributes") }
        var uid: UInt32?
        var size = 0
        var bytes: [UInt8]?
        var index = 4
        var closed = false
        while index < tokens.count {
            let name = tokens[index]
            if name == .close {
                closed = index == tokens.count - 1
                break
            }
            guard case .atom = name, index + 1 < tokens.count else {
                throw MalformedFetch(detail: "with an attribute name that is not a word")
            }
            let value = tokens[index + 1]
            if value == .unterminatedQuote || tokens.last == .unterminatedQuote {
                throw MalformedFetch(detail: "with a quoted string that never closes")
            }
            if value == .close {
                throw MalformedFetch(detail: "with an attribute without a value")
            }
            if name.isAtom("UID") {
                guard let number = value.number, number > 0 else { throw MalformedFetch(detail: "with a UID that is not a number") }
                uid = number
            } else if name.isAtom("RFC822.SIZE") {
                size = Int(value.number ?? 0)
            } else if name.isAtom("BODY[]") {
                switch value {
                case .literal(let k):
                    var taken: [UInt8] = []
                    swap(&taken, &response.literals[k])
                    bytes = taken
                case .quoted(let quoted):
                    bytes = quoted
                default:
                    // nstring: NIL is no message (gone meanwhile); anything else is broken.
                    guard value.isAtom("NIL") else { throw MalformedFetch(detail: "with a message body that is not a string") }
                }
            }
            // Skip a parenthesised value (FLAGS (...)).
            if value == .open {
                var depth = 0
                index += 1
                while index < tokens.count {
                    if tokens[index] == .open { depth += 1 }
                    if tokens[index] == .close { depth -= 1; if depth == 0 { break } }
                    if tokens[index] == .unterminatedQuote { break }
                    index += 1
                }
                guard index < tokens.count, tokens[index] == .close else {
                    throw MalformedFetch(detail: "with unbalanced parentheses")
                }
                index += 1
            } else {
                index += 2
            }
        }
        guard closed else { throw MalformedFetch(detail: "with unbalanced parentheses") }
        guard let bytes else { return nil }
        guard let uid else { throw MalformedFetch(detail: "with a message but no UID") }
        return FetchedMessage(uid: uid, serverSize: size, bytes: bytes)
    }
}
