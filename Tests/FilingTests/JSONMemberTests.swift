import Testing
@testable import Filing

/// Removing one member of a request.json keeps every other byte, with the comma that joined it gone
/// wherever it stood; an object without it is returned as it is, and what is not an object is refused.
@Test(arguments: [
    (#"{"a":1,"serverMove":{"from":"Review","to":"Accepted"},"b":[2]}"#, #"{"a":1,"b":[2]}"#),
    (#"{"a":1,"serverMove":{"from":"Review"}}"#, #"{"a":1}"#),
    (#"{"serverMove":{"x":"}"} , "a":"serverMove"}"#, #"{"a":"serverMove"}"#),
    (#"{ "serverMove" : null }"#, #"{  }"#),
    (#"{"a":"serverMove","b":{"serverMove":1}}"#, #"{"a":"serverMove","b":{"serverMove":1}}"#),
])
func removingAMemberKeepsTheRest(before: String, after: String) {
    #expect(JSONMember.removing("serverMove", in: Array(before.utf8)).map { String(decoding: $0, as: UTF8.self) } == after)
}

@Test func removingFromWhatIsNotAnObjectIsRefused() {
    #expect(JSONMember.removing("serverMove", in: Array("[1,2]".utf8)) == nil)
}

/// What request.json records of a waiting move is read back as written.
@Test func aRecordedServerMoveIsReadBack() {
    let member = ServerMove.recordJSON(from: .review, to: .accepted, since: "2026-12-04T10:00:00Z")
    let record = JSONMember.setting(ServerMove.key, to: member, in: Array(#"{"verdict":"accept"}"#.utf8))!
    #expect(String(decoding: record, as: UTF8.self) == #"{"verdict":"accept","serverMove":{"from":"Review","to":"Accepted","since":"2026-12-04T10:00:00Z"}}"#)
    let read = ServerMove.recorded(in: record)
    #expect(read?.from == .review && read?.since == "2026-12-04T10:00:00Z")
    #expect(ServerMove.recorded(in: Array(#"{"serverMove":{"from":"Elsewhere"}}"#.utf8)) == nil)
}
