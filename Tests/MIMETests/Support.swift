import Foundation
import MIME

/// A message from text written with LF line ends, sent as CRLF the way it travels.
func mail(_ text: String, crlf: Bool = true) -> [UInt8] {
    let t = crlf ? text.replacingOccurrences(of: "\n", with: "\r\n") : text
    return Array(t.utf8)
}

func parse(_ text: String, crlf: Bool = true) -> Message {
    MessageParser.parse(mail(text, crlf: crlf))
}

extension Message {
    var defectIDs: [String] { defects.map(\.kind.id) }
}
