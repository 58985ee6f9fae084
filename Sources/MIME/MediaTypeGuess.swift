/// A media type from a file name's extension, for files that arrive without one (the contents
/// of winmail.dat). Only the types office mail carries; anything else is application/octet-stream.
enum MediaTypeGuess {
    static let byExtension: [String: String] = [
        "pdf": "application/pdf", "doc": "application/msword", "dot": "application/msword",
        "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "xls": "application/vnd.ms-excel",
        "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "ppt": "application/vnd.ms-powerpoint",
        "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "rtf": "application/rtf", "txt": "text/plain", "csv": "text/csv", "htm": "text/html", "html": "text/html",
        "xml": "application/xml", "png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg", "gif": "image/gif",
        "bmp": "image/bmp", "tif": "image/tiff", "tiff": "image/tiff", "zip": "application/zip",
        "msg": "application/vnd.ms-outlook", "eml": "message/rfc822", "ics": "text/calendar", "vcf": "text/vcard",
    ]

    static func type(forFilename name: String?) -> String {
        guard let name, let dot = name.lastIndex(of: ".") else { return "application/octet-stream" }
        return byExtension[name[name.index(after: dot)...].lowercased()] ?? "application/octet-stream"
    }
}
