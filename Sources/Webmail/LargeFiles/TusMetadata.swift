import Foundation

/// tus `Upload-Metadata`: comma-separated pairs of an ASCII key and an optional base64 value
/// ("filename 7YyM7J28LnBkZg==,filetype YXBwbGljYXRpb24vcGRm"). Values are UTF-8 text once
/// decoded (Korean file names); nil for a header that is not of that form.
enum TusMetadata {
    static func parse(_ header: String) -> [String: String]? {
        var pairs: [String: String] = [:]
        for item in header.split(separator: ",", omittingEmptySubsequences: false) {
            let parts = item.trimmingCharacters(in: .whitespaces).split(separator: " ", omittingEmptySubsequences: true)
            guard let key = parts.first, parts.count <= 2, !key.isEmpty,
                  key.unicodeScalars.allSatisfy({ $0.isASCII && $0.value > 0x20 && $0.value < 0x7F }),
                  pairs[String(key)] == nil else { return nil }
            if parts.count == 2 {
                guard let data = Data(base64Encoded: String(parts[1])), let value = String(data: data, encoding: .utf8) else { return nil }
                pairs[String(key)] = value
            } else {
                pairs[String(key)] = ""
            }
        }
        return pairs
    }
}
