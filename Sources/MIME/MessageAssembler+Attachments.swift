extension MessageAssembler {
    static let bodyTypes: Set<String> = ["text/plain", "text/html", "multipart/related", "multipart/alternative"]

    /// Python's `iter_attachments` on the message root, with two deliberate differences:
    /// - a multipart that Python would yield whole (the signed content of multipart/signed, a
    ///   nested multipart/mixed) is replaced by what `iter_attachments` lists inside it, so the
    ///   files in it are not hidden in an opaque part;
    /// - a single-part message that is not a text body (a bare PDF, a text part marked as an
    ///   attachment) lists itself, where Python lists nothing.
    func attachments(of root: Int, defects: inout [Defect], tnefBodies: inout [TNEF]) -> [Attachment] {
        var result: [Attachment] = []
        for a in listedAttachments(of: root, defects: &defects) {
            guard isTNEF(a), let tnef = TNEF(a.bytes) else {
                if isTNEF(a) { defects.append(Defect(.invalidTNEF, "invalid TNEF: \(a.filename ?? "winmail.dat") is not a TNEF container, kept as is")) }
                result.append(a)
                continue
            }
            // Outlook's winmail.dat stands for the files and body inside it.
            defects += tnef.defects
            for f in tnef.files {
                let type = f.mimeType ?? MediaTypeGuess.type(forFilename: f.name)
                result.append(Attachment(filename: f.name, contentType: type, bytes: f.bytes, isInline: false))
            }
            tnefBodies.append(tnef)
        }
        if result.count > limits.maxAttachmentCount {
            defects.append(Defect(.limitExceeded, "limit exceeded: \(result.count) attachments, only the first \(limits.maxAttachmentCount) are listed (the raw message keeps them all)"))
            result.removeSubrange(limits.maxAttachmentCount...)
        }
        return result
    }

    func isTNEF(_ a: Attachment) -> Bool {
        a.contentType == "application/ms-tnef" || a.contentType == "application/vnd.ms-tnef"
            || a.filename?.lowercased() == "winmail.dat"
    }

    func listedAttachments(of root: Int, defects: inout [Defect]) -> [Attachment] {
        let top = tree.nodes[root]
        if !top.isMultipart {
            let isBody = (top.contentType.value == "text/plain" || top.contentType.value == "text/html") && !top.isAttachmentDisposition
            if isBody || top.isEmbeddedMessage && !top.isAttachmentDisposition && top.disposition == nil {
                return []
            }
            return [attachment(root, defects: &defects)]
        }
        // A multipart Python would yield is replaced by its own iter_attachments, in place.
        var out: [Int] = []
        var stack = Array(iterAttachments(root).reversed())
        while let p = stack.popLast() {
            if tree.nodes[p].isMultipart {
                stack += iterAttachments(p).reversed()
            } else {
                out.append(p)
            }
        }
        return out.map { attachment($0, defects: &defects) }
    }

    /// Python's `EmailMessage.iter_attachments` for the multipart `i`: the parts that are not
    /// the first body candidate of their kind.
    func iterAttachments(_ i: Int) -> [Int] {
        let n = tree.nodes[i]
        guard n.isMultipart, n.contentType.subtype != "alternative" else { return [] }
        let parts = n.children
        if n.contentType.subtype == "related" {
            if let start = n.contentType.parameter("start") {
                let others = parts.filter { contentID(tree.nodes[$0]) != start }
                if others.count != parts.count { return others }
            }
            return Array(parts.dropFirst())
        }
        var seen: Set<Substring> = []
        var result: [Int] = []
        for p in parts {
            let c = tree.nodes[p]
            if Self.bodyTypes.contains(c.contentType.value) && !c.isAttachmentDisposition
                && !seen.contains(c.contentType.subtype) {
                seen.insert(c.contentType.subtype)
                continue
            }
            result.append(p)
        }
        return result
    }

    func attachment(_ i: Int, defects: inout [Defect]) -> Attachment {
        let n = tree.nodes[i]
        let bytes = decodedBytes(i, defects: &defects)
        var name = n.disposition?.parameter("filename") ?? n.contentType.parameter("name")
        if name == nil, ["x-uuencode", "uuencode", "x-uue", "uue"].contains(n.transferEncoding) {
            name = UUDecoder.filename(tree.buffers[n.buffer][n.body])
        }
        return Attachment(filename: name, contentType: n.contentType.value, bytes: bytes,
                          isInline: n.disposition?.value == "inline", charset: n.contentType.parameter("charset"))
    }
}
