/// Bytes in, message out.
package enum MessageParser {
    /// Never throws, never crashes, never recurses on message structure. Every repair is a Defect.
    package static func parse(_ bytes: [UInt8], limits: ParseLimits = .default) -> Message {
        let tree = PartTree(bytes, limits: limits)
        var assembler = MessageAssembler(tree: tree, limits: limits)
        return assembler.assemble()
    }
}

/// Turns the flat part table into `Message` values: headers decoded, body chosen, attachments
/// listed. Embedded messages are built innermost first, so nothing here recurses either.
struct MessageAssembler {
    let tree: PartTree
    let limits: ParseLimits

    init(tree: PartTree, limits: ParseLimits = .default) {
        self.tree = tree
        self.limits = limits
    }

    mutating func assemble() -> Message {
        let roots = tree.nodes.indices.filter { tree.nodes[$0].isMessageRoot }
        // The message each part belongs to: the nearest message root above it (itself for roots).
        var owner = [Int](repeating: 0, count: tree.nodes.count)
        for i in tree.nodes.indices {
            let n = tree.nodes[i]
            owner[i] = n.isMessageRoot ? i : owner[n.parent]
        }
        var built: [Int: Message] = [:]
        // Children have larger indices than parents: building from the end builds inner ones first.
        for root in roots.reversed() {
            var message = buildMessage(root: root)
            // Embedded messages whose enclosing message is this one, in document order.
            for r in roots where tree.nodes[r].parent >= 0 && owner[tree.nodes[r].parent] == root {
                if let m = built.removeValue(forKey: r) { message.embeddedMessages.append(m) }
            }
            built[root] = message
        }
        guard var top = built[0] else { return Message(hasHeaderSection: false) }
        // A limit reached anywhere, even deep in an embedded message, is reported on the top
        // message too: it is what a caller checks to know the result is truncated.
        let limitDefects = tree.nodes.flatMap { $0.defects.filter { $0.kind == .limitExceeded } }
        for d in limitDefects where !top.defects.contains(d) { top.defects.append(d) }
        return top
    }

    func buildMessage(root: Int) -> Message {
        let node = tree.nodes[root]
        var m = Message()
        var defects: [Defect] = []
        m.hasHeaderSection = node.header.hasHeaderSection
        // Header fields, decoded.
        let raw = node.header.fields
        m.header.fields.reserveCapacity(raw.count)
        for f in raw { m.header.fields.append(HeaderField(name: f.name, rawValue: Array(f.raw))) }
        for f in raw {
            switch f.name.lowercased() {
            case "message-id" where m.messageID == nil:
                // msg-id = [CFWS] "<" id-left "@" id-right ">" [CFWS]: the bracketed id as written,
                // without comments a relay may have added; anything else is kept whole.
                let u = HeaderParser.unfold(f.raw)
                if let lt = u.firstIndex(of: 0x3C), let gt = u[lt...].firstIndex(of: 0x3E) {
                    m.messageID = headerText(u[lt...gt])
                } else {
                    let v = headerText(u)
                    m.messageID = v.isEmpty ? nil : v
                }
            case "subject" where m.subject == nil:
                m.subject = HeaderParser.decodeEncodedWords(HeaderParser.unfold(f.raw)[...], defects: &defects).trimmingSpaces()
            case "date" where m.date == nil:
                let unfolded = HeaderParser.unfold(f.raw)
                let text = headerText(unfolded)
                if let iso = HeaderParser.parseDateFast(unfolded) {
                    m.date = iso
                } else if let (iso, zoneMissing) = HeaderParser.parseDateReportingZone(text) {
                    m.date = iso
                    if zoneMissing {
                        defects.append(Defect(.invalidDate, "date without a time zone \"\(String(text.prefix(80)))\", read as UTC"))
                    }
                } else {
                    defects.append(Defect(.invalidDate, "invalid date \"\(String(text.prefix(80)))\""))
                }
            case "from": m.from += HeaderParser.parseAddressList(f.raw, defects: &defects)
            case "to": m.to += HeaderParser.parseAddressList(f.raw, defects: &defects)
            case "cc": m.cc += HeaderParser.parseAddressList(f.raw, defects: &defects)
            case "reply-to": m.replyTo += HeaderParser.parseAddressList(f.raw, defects: &defects)
            default: break
            }
        }

        // Structure defects of every part of this message (not of embedded ones).
        var contentDefects: [Defect] = []
        var stack = [root]
        var partsInOrder: [Int] = []
        while let i = stack.popLast() {
            partsInOrder.append(i)
            let n = tree.nodes[i]
            if i != root && n.isMessageRoot { continue }
            for c in n.children.reversed() where !(tree.nodes[c].isMessageRoot) { stack.append(c) }
        }
        for i in partsInOrder { contentDefects += tree.nodes[i].defects }

        // Bodies, as Python's get_body chooses them.
        if let plain = findBody(root, preferring: "plain") {
            m.textBody = decodeText(plain, defects: &contentDefects)
            let type = tree.nodes[plain].contentType
            if type.parameter("format")?.lowercased() == "flowed", type.subtype == "plain" {
                m.textBodyFlowed = FlowedText.Format(delSp: type.parameter("delsp")?.lowercased() == "yes")
            }
        }
        if let html = findBody(root, preferring: "html") {
            m.htmlBody = decodeText(html, defects: &contentDefects)
        }
        // An empty text/plain alternative (some clients send one) says nothing: the HTML does.
        let plainIsEmpty = m.textBody.map { $0.allSatisfy(\.isWhitespace) } ?? true
        if plainIsEmpty, let html = m.htmlBody {
            let converted = HTMLText.text(fromHTML: html)
            if m.textBody == nil || !converted.isEmpty { m.textBody = converted; m.textBodyFlowed = nil }
        }
        var tnefBodies: [TNEF] = []
        m.attachments = attachments(of: root, defects: &contentDefects, tnefBodies: &tnefBodies)
        for t in tnefBodies {
            if m.htmlBody == nil, let html = t.bodyHTML { m.htmlBody = html }
            if m.textBody == nil {
                m.textBody = t.bodyText.map(normalizeLineEnds) ?? t.bodyHTML.map { HTMLText.text(fromHTML: $0) }
            }
        }
        m.defects = uniqued(defects + contentDefects)
        return m
    }

    /// Removes repeats, keeping the first of each, so one bad header is not listed forty times.
    func uniqued(_ d: [Defect]) -> [Defect] {
        var seen = Set<Defect>()
        return d.filter { seen.insert($0).inserted }
    }

    // MARK: Bodies

    /// Python's `_find_body`: the first text/<subtype> part that is not an attachment, looking
    /// through multiparts and only at the root (start, or first part) of multipart/related.
    func findBody(_ root: Int, preferring subtype: String) -> Int? {
        var stack = [root]
        while let i = stack.popLast() {
            let n = tree.nodes[i]
            if n.isAttachmentDisposition { continue }
            let type = n.contentType.type
            if type == "text" {
                if n.contentType.subtype == subtype { return i }
                continue
            }
            guard type == "multipart", !n.children.isEmpty else { continue }
            if n.contentType.subtype != "related" {
                for c in n.children.reversed() { stack.append(c) }
                continue
            }
            stack.append(relatedRoot(n))
        }
        return nil
    }

    /// The root of a multipart/related: the part its "start" names, else the first.
    func relatedRoot(_ n: PartNode) -> Int {
        if let start = n.contentType.parameter("start") {
            for c in n.children where contentID(tree.nodes[c]) == start { return c }
        }
        return n.children[0]
    }

    func contentID(_ n: PartNode) -> String? {
        guard let f = n.header.first("content-id") else { return nil }
        return headerText(HeaderParser.unfold(f.raw))
    }

    func decodedBytes(_ i: Int, defects: inout [Defect]) -> [UInt8] {
        let n = tree.nodes[i]
        return decodeTransfer(tree.buffers[n.buffer][n.body], encoding: n.transferEncoding, defects: &defects)
    }

    /// UTF-16 and UTF-32 labels: CR and LF are not single bytes there.
    static func isWideCharset(_ label: String) -> Bool {
        let l = Array(label.utf8.lazy.map(asciiLower))
        for pattern in [Array("utf-16".utf8), Array("utf-32".utf8), Array("utf16".utf8), Array("utf32".utf8)] {
            if l.count >= pattern.count {
                for start in 0...(l.count - pattern.count) where Array(l[start..<(start + pattern.count)]) == pattern { return true }
            }
        }
        return false
    }

    func decodeText(_ i: Int, defects: inout [Defect]) -> String {
        var bytes = decodedBytes(i, defects: &defects)
        let label = tree.nodes[i].contentType.parameter("charset")
        // Line ends are unified on the bytes where CR and LF are single bytes (all but UTF-16/32).
        let wide = label.map(Self.isWideCharset) ?? false
        if !wide { normalizeLineEnds(&bytes) }
        let (text, d) = Charset.decode(bytes, label: label)
        if let d { defects.append(d) }
        return wide ? normalizeLineEnds(text) : text
    }
}
