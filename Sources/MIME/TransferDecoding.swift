/// Content-Transfer-Encoding (RFC 2045 6) undone: the part's bytes as the sender meant them.
func decodeTransfer(_ body: ArraySlice<UInt8>, encoding: String, defects: inout [Defect]) -> [UInt8] {
    switch encoding {
    case "base64":
        return Base64Decoder.decode(body, defects: &defects)
    case "quoted-printable":
        return QuotedPrintableDecoder.decode(body, defects: &defects)
    case "x-uuencode", "uuencode", "x-uue", "uue":
        return UUDecoder.decode(body, defects: &defects)
    case "7bit", "8bit", "binary", "", "7-bit", "8-bit", "none":
        return Array(body)
    default:
        defects.append(Defect(.unknownTransferEncoding, "unknown transfer encoding \(encoding), content taken as is"))
        return Array(body)
    }
}
