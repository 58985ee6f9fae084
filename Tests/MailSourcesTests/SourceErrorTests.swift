import Testing
@testable import MailSources

struct Refused: Error, Sendable, Equatable, CustomStringConvertible {
    var description: String { "the server refused: check the password" }
}

/// The kind is what callers decide on; the words are the underlying error's own, and it is kept whole.
@Test func aSourceErrorKeepsItsCauseAndSpeaksInItsWords() throws {
    let error = SourceError.login(Refused())
    #expect(error.kind == .login)
    #expect(error.underlying as? Refused == Refused())
    #expect(error.description == "the server refused: check the password")
    #expect(SourceError.Kind.allCases == [.configuration, .login, .connection, .protocol, .message])
    for kind in SourceError.Kind.allCases { #expect(SourceError(kind, Refused()).kind == kind) }
}
