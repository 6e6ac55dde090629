import Foundation
import Testing
@testable import Webmail

/// Every API error names a stable code of its own (ErrorCode), and docs/api.yaml lists exactly
/// those codes, each with its meaning. The codes on the wire are checked where each error is
/// provoked (AuthTests, MailStackAPITests, ComposeAPITests, ErrorBodySchemaTests).
@Suite struct ErrorCodeTests {
    static let sources = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Sources/Webmail")

    @Test func theDocumentListsEveryCodeWithItsMeaningAndNoOther() throws {
        let documented = try ErrorBodySchemaTests.documentedCodes()
        let ours = Set(ErrorCode.allCases.map(\.rawValue))
        #expect(ours.subtracting(documented).sorted() == [], "codes missing from docs/api.yaml's ErrorCode")
        #expect(documented.subtracting(ours).sorted() == [], "documented codes the server never sends")
        let text = try String(contentsOf: APIDocumentTests.document, encoding: .utf8)
        for code in ours {
            #expect(text.contains("        - `\(code)` ("), "ErrorCode's description gives no meaning for \(code)")
        }
        for code in ours {
            #expect(code.allSatisfy { $0.isLowercase || $0 == "_" }, "\(code) is not snake_case")
        }
    }

    /// Each `APIError(…)` in the sources names its code, and the status's generic code is
    /// chosen in one place only: for the errors that are not ours (JSONErrorMiddleware).
    @Test func noErrorOfOursFallsBackToTheStatusCode() throws {
        var constructions = 0
        var genericUses: [String] = []
        let files = try #require(FileManager.default.enumerator(atPath: Self.sources.path))
        for case let file as String in files where file.hasSuffix(".swift") {
            let text = try String(contentsOf: Self.sources.appendingPathComponent(file), encoding: .utf8)
            for call in Self.calls(of: "APIError(", in: text) {
                constructions += 1
                #expect(call.contains("code:"), "\(file): \(call)")
            }
            if text.contains("generic(for:") { genericUses.append((file as NSString).lastPathComponent) }
        }
        #expect(constructions > 10, "the walk found the throw sites")
        #expect(genericUses == ["JSONErrorMiddleware.swift"], "the generic code is chosen in JSONErrorMiddleware only")
    }

    /// The text of every call `name…)` in `text`, up to its matching parenthesis.
    static func calls(of name: String, in text: String) -> [Substring] {
        var found: [Substring] = []
        var searchStart = text.startIndex
        while let start = text.range(of: name, range: searchStart..<text.endIndex) {
            var depth = 1
            var index = start.upperBound
            while index < text.endIndex, depth > 0 {
                if text[index] == "(" { depth += 1 } else if text[index] == ")" { depth -= 1 }
                index = text.index(after: index)
            }
            found.append(text[start.lowerBound..<index])
            searchStart = index
        }
        return found
    }
}
