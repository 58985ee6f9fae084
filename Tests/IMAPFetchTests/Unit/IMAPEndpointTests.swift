@testable import IMAPFetch
import Testing

@Suite struct IMAPEndpointTests {
    @Test func parsesIMAPSWithPortAndMailbox() throws {
        let endpoint = try #require(IMAPEndpoint(url: "imaps://mail.example.com:1993/Sales%2FRequests", user: "sales@example.com"))
        #expect(endpoint.host == "mail.example.com")
        #expect(endpoint.port == 1993)
        #expect(endpoint.security == .imaps)
        #expect(endpoint.mailbox == "Sales/Requests")
        #expect(endpoint.user == "sales@example.com")
    }

    @Test func imapMeansSTARTTLSUnlessPlaintextIsAllowed() throws {
        let tls = try #require(IMAPEndpoint(url: "imap://user@mail.example.com", credential: .password("x")))
        #expect(tls.security == .startTLS)
        #expect(tls.port == 143)
        #expect(tls.mailbox == "INBOX")
        #expect(tls.user == "user")
        let plain = try #require(IMAPEndpoint(url: "imap://mail.example.com/", user: "u", allowPlaintext: true))
        #expect(plain.security == .plaintext)
    }

    @Test func defaultsAndIPv6() throws {
        let endpoint = try #require(IMAPEndpoint(url: "imaps://[::1]/INBOX", user: "u"))
        #expect(endpoint.host == "::1")
        #expect(endpoint.port == 993)
        #expect(endpoint.server == "[::1]:993")
    }

    @Test(arguments: ["http://x/INBOX", "imaps://", "imaps://host:99999/", "imaps://host:abc/", "imaps://host/%ZZ"])
    func rejects(_ url: String) {
        #expect(IMAPEndpoint(url: url, user: "u") == nil)
    }

    @Test func neverPrintsTheCredential() {
        let endpoint = IMAPEndpoint(host: "h", user: "u", credential: .password("hunter2-secret"))
        var dumped = ""
        dump(endpoint, to: &dumped)
        #expect(!"\(endpoint)".contains("hunter2"))
        #expect(!String(describing: endpoint.credential).contains("hunter2"))
        #expect(!dumped.contains("hunter2"))
        let token = IMAPEndpoint.Credential.bearerToken("ya29.token-value")
        #expect(!"\(token)".contains("ya29"))
    }
}

/// Issue 12: `imaps://user:PASSWORD@host/…` echoed the password as part of the user name in errors.
@Test func aPasswordInTheURLIsNeverKeptNorShown() throws {
    let url = "imaps://sales:S3cret%21@mail.example.com:993/INBOX"
    #expect(IMAPEndpoint.holdsPassword(url))
    #expect(!IMAPEndpoint.holdsPassword("imaps://sales@mail.example.com/INBOX"))
    #expect(!IMAPEndpoint.holdsPassword("imaps://mail.example.com/a:b"))
    #expect(IMAPEndpoint.redacted(url) == "imaps://sales:***@mail.example.com:993/INBOX")
    let endpoint = try #require(IMAPEndpoint(url: url))
    #expect(endpoint.user == "sales")
    #expect(!endpoint.description.contains("S3cret"))
}
