/// The login of our own, on a connection libcurl opened and secured (`CurlLogin.logsInItself`):
/// read the greeting, send LOGIN, read its answer. One round trip after the greeting, where
/// libcurl's login takes two (it asks CAPABILITY first, whatever the greeting said).
extension IMAPSession {
    /// Logs in on `wire`; returns the capabilities the server announced with its answer, or in the
    /// greeting when it logged us in already (PREAUTH), empty when it announced none. Nil when it
    /// takes no LOGIN here (LOGINDISABLED): libcurl knows the SASL ways in.
    static func logIn(on wire: IMAPWire, as endpoint: IMAPEndpoint) throws(IMAPError) -> Set<String>? {
        guard case .password(let password) = endpoint.credential else {
            throw .misuse("a login of our own needs a password")
        }
        wire.startCommand("login")
        defer { wire.commandDeadline = nil }
        let greeting = try wire.readResponse()
        guard greeting.kind == .untagged, let status = greeting.status else {
            throw wire.fail(.protocolViolation(server: endpoint.server, detail: "a greeting that is not one: \(greeting.text.prefix(200))"))
        }
        let offered = capabilities(inCodeOf: greeting)
        switch status.word {
        case "OK":
            break
        case "PREAUTH":
            return offered
        case "BYE":
            throw wire.fail(.connectionLost(server: endpoint.server, during: "login", detail: "the server said BYE \(status.text)"))
        default:
            throw wire.fail(.protocolViolation(server: endpoint.server, detail: "a greeting that is not one: \(greeting.text.prefix(200))"))
        }
        if offered.contains("LOGINDISABLED") { return nil }

        let tag = "i0"
        try wire.send("\(tag) LOGIN \(quoted(endpoint.user)) \(quoted(password))\r\n")
        var announced: Set<String> = []
        while true {
            let response = try wire.readResponse()
            switch response.kind {
            case .untagged:
                let tokens = response.tokens()
                if tokens.count > 1, tokens[1].isAtom("CAPABILITY") {
                    announced = Set(tokens.dropFirst(2).compactMap { $0.word?.uppercased() })
                }
            case .continuation, .tagged:
                guard response.kind == .tagged(tag) else { continue }
                guard let answer = response.status else {
                    throw wire.fail(.protocolViolation(server: endpoint.server, detail: "unreadable answer to LOGIN: \(response.text.prefix(200))"))
                }
                guard answer.word == "OK" else {
                    throw .loginFailed(user: endpoint.user, server: endpoint.server, serverSays: answer.text, usedToken: false)
                }
                let withAnswer = capabilities(inCodeOf: response)
                return withAnswer.isEmpty ? announced : withAnswer
            }
        }
    }

    /// A quoted string (RFC 3501): `\` and `"` escaped. `logsInItself` let only printable ASCII here.
    static func quoted(_ text: String) -> String {
        var out = "\""
        for character in text {
            if character == "\\" || character == "\"" { out.append("\\") }
            out.append(character)
        }
        return out + "\""
    }

    /// The words of a `[CAPABILITY …]` response code, upper-cased; empty when there is none.
    static func capabilities(inCodeOf response: IMAPResponse) -> Set<String> {
        guard let code = response.code else { return [] }
        let words = code.split(separator: " ")
        guard words.first?.uppercased() == "CAPABILITY" else { return [] }
        return Set(words.dropFirst().map { $0.uppercased() })
    }
}
