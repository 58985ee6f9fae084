import Foundation
import Yams

/// Reads `Rules/patterns/*.yaml` (one file per language).
package enum PatternLoader {
    package static func load(directory: String) throws(ExtractionError) -> ExtractionPatterns {
        let folder = directory.hasSuffix("/") ? directory + "patterns" : directory + "/patterns"
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: folder)
                .filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }
                .sorted()
        } catch {
            throw .patternsUnreadable(path: folder, reason: "the folder cannot be listed — is --rules pointing at the Rules folder?")
        }
        if names.isEmpty {
            throw .patternsUnreadable(path: folder, reason: "no .yaml pattern files in it")
        }
        var languages: [ExtractionPatterns.Language] = []
        for name in names {
            let path = folder + "/" + name
            guard let data = FileManager.default.contents(atPath: path),
                  let text = String(data: data, encoding: .utf8) else {
                throw .patternsUnreadable(path: path, reason: "cannot be read as UTF-8 text")
            }
            do {
                languages.append(try YAMLDecoder().decode(ExtractionPatterns.Language.self, from: text))
            } catch {
                throw .patternsInvalid(path: path, reason: describe(error))
            }
        }
        return ExtractionPatterns(languages: languages)
    }

    static func describe(_ error: any Error) -> String {
        if let error = error as? DecodingError {
            switch error {
            case .typeMismatch(_, let context), .valueNotFound(_, let context), .keyNotFound(_, let context),
                 .dataCorrupted(let context):
                let path = context.codingPath.map(\.stringValue).joined(separator: ".")
                return path.isEmpty ? context.debugDescription : "at \(path): \(context.debugDescription)"
            @unknown default:
                return String(describing: error)
            }
        }
        return String(describing: error)
    }
}
