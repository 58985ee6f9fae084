// Address lists: From, To, Cc, Reply-To (RFC 5322 section 3.4, with the obsolete forms of 4.4).

extension HeaderParser {
    // address-list = (address *("," address)) / obs-addr-list
    // address      = mailbox / group
    // group        = display-name ":" [group-list] ";" [CFWS]
    // mailbox      = name-addr / addr-spec
    // name-addr    = [display-name] angle-addr
    // angle-addr   = [CFWS] "<" [obs-route] addr-spec ">" [CFWS]
    // obs-addr-list = *([CFWS] ",") address *("," [address / CFWS])   (empty members skipped)
    // Group names are dropped; their members are listed. A bare "addr (Comment)" takes the
    // comment as the name, as Thunderbird shows it.
    static func parseAddressList(_ raw: ArraySlice<UInt8>, defects: inout [Defect]) -> [Address] {
        let bytes = unfold(raw)
        var result: [Address] = []
        var segStart = 0
        var i = 0
        var inQuote = false, depth = 0, inAngle = false
        var sawAngleOrAt = false
        while i <= bytes.count {
            let c: UInt8 = i < bytes.count ? bytes[i] : 0x2C
            if inQuote {
                if c == 0x5C { i = min(i + 2, bytes.count); continue }
                if c == 0x22 || i == bytes.count { inQuote = false }
                if i < bytes.count { i += 1; continue }
            }
            if depth > 0 && i < bytes.count {
                if c == 0x5C { i = min(i + 2, bytes.count); continue }
                if c == 0x28 { depth += 1 } else if c == 0x29 { depth -= 1 }
                i += 1
                continue
            }
            switch c {
            case 0x22: inQuote = true
            case 0x28: depth += 1
            case 0x3C: inAngle = true; sawAngleOrAt = true
            case 0x3E: inAngle = false
            case 0x40: sawAngleOrAt = true
            case 0x3A where !inAngle && !sawAngleOrAt:
                // group start: the display name before ":" is the group's, not a mailbox's.
                segStart = i + 1
            case 0x3B where !inAngle:
                if let a = parseMailbox(bytes[segStart..<i], defects: &defects) { result.append(a) }
                segStart = i + 1
                sawAngleOrAt = false
            case 0x2C where !inAngle || i == bytes.count:
                if let a = parseMailbox(bytes[segStart..<min(i, bytes.count)], defects: &defects) { result.append(a) }
                segStart = i + 1
                sawAngleOrAt = false
                inAngle = false
            default: break
            }
            i += 1
        }
        return result
    }

    /// One mailbox, or nil for an empty list member.
    static func parseMailbox(_ seg: ArraySlice<UInt8>, defects: inout [Defect]) -> Address? {
        let s = trimmedBytes(seg)
        if s.isEmpty { return nil }
        // Find "<" outside quotes and comments.
        var i = s.startIndex
        var inQuote = false, depth = 0
        var lt: Int? = nil, gt: Int? = nil
        var comment: ArraySlice<UInt8>? = nil
        var commentStart = 0
        while i < s.endIndex {
            let c = s[i]
            if inQuote {
                if c == 0x5C { i += 2; continue }
                if c == 0x22 { inQuote = false }
            } else if depth > 0 {
                if c == 0x5C { i += 2; continue }
                if c == 0x28 { depth += 1 } else if c == 0x29 {
                    depth -= 1
                    if depth == 0 && comment == nil { comment = s[(commentStart + 1)..<i] }
                }
            } else if c == 0x22 {
                inQuote = true
            } else if c == 0x28 {
                depth = 1
                commentStart = i
            } else if c == 0x3C && lt == nil {
                lt = i
            } else if c == 0x3E && lt != nil && gt == nil {
                gt = i
            }
            i += 1
        }
        if let lt {
            let end = gt ?? s.endIndex
            if gt == nil { defects.append(Defect(.invalidAddress, "invalid address: missing \">\"")) }
            var spec = stripComments(s[(lt + 1)..<end])
            // obs-route = obs-domain-list ":" — the route is dropped.
            if spec.first == 0x40, let colon = spec.firstIndex(of: 0x3A) { spec = spec[(colon + 1)...] }
            let address = addrSpecText(spec)
            let name = decodePhrase(s[s.startIndex..<lt], defects: &defects)
            if address.isEmpty && name == nil { return nil }
            return Address(name: name, address: address)
        }
        let address = addrSpecText(stripComments(s))
        // Some senders encode a whole mailbox as one encoded word ("=?utf-8?q?Name_=3Cuser=40host=3E?=").
        // RFC 2047 forbids it, but mail clients show the decoded text and a reply goes to the address
        // in it, so that address is recovered (with a defect) rather than left unreadable.
        if !address.contains("@"), s.contains(0x3D) {
            let decoded = decodeEncodedWords(s, defects: &defects)
            if decoded.contains("@"), !decoded.contains("=?"),
               let inner = parseMailbox(Array(decoded.utf8)[...], defects: &defects), inner.domain != nil {
                defects.append(Defect(.invalidAddress, "invalid address: mailbox written inside an encoded word"))
                return inner
            }
            // No address at all, only a name: the decoded name is what a person sees.
            if !decoded.contains("@"), comment == nil, !decoded.isEmpty, decoded != headerText(Array(s)) {
                defects.append(Defect(.invalidAddress, "invalid address: no addr-spec, only an encoded name"))
                return Address(name: decoded, address: address)
            }
        }
        var name: String? = nil
        if let comment {
            let n = decodeEncodedWords(trimmedBytes(comment), defects: &defects)
            name = n.isEmpty ? nil : n
        }
        if address.isEmpty { return nil }
        return Address(name: name, address: address)
    }

    /// addr-spec = local-part "@" domain, with CFWS removed; a quoted local part keeps its quotes.
    /// obs-local-part = word *("." word): a local part written with spaces ("John Smith/ACME@ACME"
    /// from Lotus Notes) is quoted, as Python does, rather than run together.
    static func addrSpecText(_ spec: ArraySlice<UInt8>) -> String {
        if let at = spec.lastIndex(of: 0x40), !spec[spec.startIndex..<at].contains(0x22) {
            let local = trimmedBytes(spec[spec.startIndex..<at])
            if local.contains(where: isWSP) {
                var words: [ArraySlice<UInt8>] = []
                for w in local.split(whereSeparator: isSpaceOrNewline) { words.append(w) }
                let quoted = [0x22] + Array(words.joined(separator: [0x20])) + [0x22]
                return headerText(quoted) + "@" + addrSpecText(spec[(at + 1)...])
            }
        }
        var out = [UInt8]()
        out.reserveCapacity(spec.count)
        var inQuote = false
        for c in spec {
            if c == 0x22 { inQuote.toggle() }
            if !inQuote && isSpaceOrNewline(c) { continue }
            out.append(c)
        }
        return headerText(out)
    }

    // display-name = phrase ; phrase = 1*word / obs-phrase ; word = atom / quoted-string
    // Words are joined by one space; adjacent encoded words are joined with none (RFC 2047 6.2).
    // Encoded words inside quotes are decoded too: clients write them there and Python reads them.
    static func decodePhrase(_ raw: ArraySlice<UInt8>, defects: inout [Defect]) -> String? {
        let s = stripComments(raw)
        if s.isEmpty { return nil }
        var words: [(text: [UInt8], quoted: Bool)] = []
        var i = s.startIndex
        while i < s.endIndex {
            let c = s[i]
            if isSpaceOrNewline(c) { i += 1; continue }
            if c == 0x22 {
                var w: [UInt8] = []
                i += 1
                while i < s.endIndex, s[i] != 0x22 {
                    if s[i] == 0x5C, i + 1 < s.endIndex { i += 1 }
                    w.append(s[i])
                    i += 1
                }
                i += 1
                words.append((w, true))
                continue
            }
            var w: [UInt8] = []
            while i < s.endIndex, !isSpaceOrNewline(s[i]), s[i] != 0x22 {
                w.append(s[i])
                i += 1
            }
            words.append((w, false))
        }
        // Decoding the words joined by single spaces lets adjacent encoded words merge.
        var joined: [UInt8] = []
        for (n, w) in words.enumerated() {
            if n > 0 { joined.append(0x20) }
            joined += w.text
        }
        let text = decodeEncodedWords(joined[...], defects: &defects)
        return text.isEmpty ? nil : text
    }
}
