/// The login of our own, on a connection libcurl opened and secured (`CurlLogin.logsInItself`):
/// read the greeting, send LOGIN. One round trip after the greeting where libcurl's login takes
/// two (it asks CAPABILITY first, whatever the greeting said); none of its own when the session
/// does not wait for the answer (`awaitingLogin: false`) and the first commands follow it at once.
extension IMAPSession {
    /// What the greeting said of a login.
    enum Greeting {
        /// Logged in already (PREAUTH), with the capabilities the greeting announced.
        case preauthenticated(Set<String>)
        /// LOGIN sent (tag `loginTag`); its answer is still to be read.
        case loginSent
        /// The server takes no LOGIN here (LOGINDISABLED): libcurl knows the SASL ways in.
        case refusesLogin
    }

    /// The tag of our LOGIN: before any the session makes.
    static let loginTag = "i0"

    /// Reads the greeting on `wire` and, unless the server says otherwise, sends LOGIN.
    static func greet(_ wire: IMAPWire, as endpoint: IMAPEndpoint) throws(IMAPError) -> Greeting {
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
            return .preauthenticated(offered)
        case "BYE":
            throw wire.fail(.connectionLost(server: endpoint.server, during: "login", detail: "the server said BYE \(status.text)"))
        default:
            throw wire.fail(.protocolViolation(server: endpoint.server, detail: "a greeting that is not one: \(greeting.text.prefix(200))"))
        }
        if offered.contains("LOGINDISABLED") { return .refusesLogin }
        try wire.send("\(loginTag) LOGIN \(quoted(endpoint.user)) \(quoted(password))\r\n")
        return .loginSent
    }

    /// Reads the answer to the LOGIN: the capabilities the server announced with it (empty when none).
    /// Commands sent after the LOGIN are answered after it, so nothing of theirs is read here. A
    /// refusal closes the connection: what follows answers commands sent unauthenticated.
    static func loginAnswer(on wire: IMAPWire, as endpoint: IMAPEndpoint) throws(IMAPError) -> Set<String> {
        var announced: Set<String> = []
        while true {
            let response = try wire.readResponse()
            switch response.kind {
            case .untagged:
                let tokens = response.tokens()
                if tokens.count > 1, tokens[1].isAtom("CAPABILITY") {
                    announced = Set(tokens.dropFirst(2).compactMap { $0.word?.uppercased() })
                } else if let status = response.status, status.word == "BYE" {
                    wire.farewell = status.text
                }
            case .continuation:
                throw wire.fail(.protocolViolation(server: endpoint.server, detail: "a continuation request in answer to LOGIN"))
            case .tagged(let answered):
                guard answered == loginTag, let answer = response.status else {
                    throw wire.fail(.protocolViolation(server: endpoint.server, detail: "an answer to LOGIN that is not one: \(response.text.prefix(200))"))
                }
                guard answer.word == "OK" else {
                    throw wire.fail(.loginFailed(user: endpoint.user, server: endpoint.server, serverSays: answer.text, usedToken: false))
                }
                let withAnswer = capabilities(inCodeOf: response)
                return withAnswer.isEmpty ? announced : withAnswer
            }
        }
    }

    /// Reads the answer to a LOGIN sent without waiting, if one is pending: before the first answer
    /// to anything else, and before a capability decides what to send.
    func settleLogin() throws(IMAPError) {
        guard loginPending else { return }
        loginPending = false
        let announced = try Self.loginAnswer(on: wire, as: endpoint)
        // None announced: not asked here, where the answers to commands already sent would be read as CAPABILITY's.
        known = announced.isEmpty ? nil : announced
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
