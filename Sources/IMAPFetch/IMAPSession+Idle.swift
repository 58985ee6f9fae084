extension IMAPSession {
    /// IDLE (RFC 2177) on the selected mailbox until a message arrives or `timeout` seconds pass.
    ///
    /// Returns true when the server reported `EXISTS` (new mail, or a changed count), false on
    /// timeout. Servers drop an idle client after 30 minutes: keep `timeout` below 29 minutes
    /// and call again.
    package func idle(timeout: Double) throws(IMAPError) -> Bool {
        try requireSelected("IDLE")
        guard try has("IDLE") else { throw .unsupported(server: server, what: "IDLE (RFC 2177)") }
        let tag = nextTag()
        // Idling is waiting by design: the command may last the idle time, and no more.
        wire.startCommand("IDLE", seconds: timeout + endpoint.limits.commandSeconds)
        defer { wire.commandDeadline = nil }
        sawExists = false
        try wire.send("\(tag) IDLE\r\n")
        roundTrips += 1
        waiting: while true {
            let response = try wire.readResponse()
            switch response.kind {
            case .continuation: break waiting
            case .tagged(let answered) where answered == tag:
                try check(response, name: "IDLE")
                return sawExists
            case .tagged: continue
            case .untagged: observe(response)
            }
        }
        let deadline = ContinuousClock.now.advanced(by: .milliseconds(Int64(timeout * 1000)))
        while !sawExists {
            let left = ContinuousClock.now.duration(to: deadline)
            guard left > .zero else { break }
            let seconds = Double(left.components.seconds) + Double(left.components.attoseconds) / 1e18
            guard try wire.awaitData(seconds: seconds) else { break }
            observe(try wire.readResponse())
        }
        try wire.send("DONE\r\n")
        try completion(of: tag, name: "IDLE")
        return sawExists
    }
}
