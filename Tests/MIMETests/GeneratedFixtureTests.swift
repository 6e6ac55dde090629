import Foundation
import Testing
@testable import MIME

/// Real .eml bytes as Korean and CJK mailers send them, written by
/// `Tests/Fixtures/mime/generate_fixtures.py` together with the values a correct reader shows.
@Suite struct GeneratedFixtureTests {
    struct Expected: Decodable {
        struct Attachment: Decodable {
            let filename: String
            let content_type: String
            let section: String
            let size: Int?
            let inline: Bool
            let content_id: String?
        }
        let subject: String?
        let from: [[String]]?
        let to: [[String]]?
        let cc: [[String]]?
        let text: String?
        let html: String?
        let date: Int?
        let in_reply_to: String?
        let references: [String]?
        let attachments: [Attachment]?
        let sections: [String]?
    }

    static let folder = "generated"

    static var names: [String] { (try? Fixtures.files(in: folder, withExtension: ".eml")) ?? [] }

    static func pairs(_ list: [MailAddress]) -> [[String]] { list.map { [$0.name, $0.email] } }

    @Test func everyFixtureHasExpectations() throws {
        let expected = try JSONDecoder().decode([String: Expected].self, from: Data(Fixtures.bytes("\(Self.folder)/expected.json")))
        #expect(Set(expected.keys) == Set(Self.names))
        #expect(Self.names.count >= 16)
    }

    @Test(arguments: names)
    func readsLikeAMailClient(name: String) throws {
        let all = try JSONDecoder().decode([String: Expected].self, from: Data(Fixtures.bytes("\(Self.folder)/expected.json")))
        let expected = try #require(all[name])
        let message = MIMEMessage(try Fixtures.bytes("\(Self.folder)/\(name)"))
        #expect(!message.isTruncated)
        #expect(message.subject == expected.subject, "\(name)")
        if let from = expected.from { #expect(Self.pairs(message.from) == from, "\(name)") }
        if let to = expected.to { #expect(Self.pairs(message.to) == to, "\(name)") }
        if let cc = expected.cc { #expect(Self.pairs(message.cc) == cc, "\(name)") }
        let content = message.content
        if let text = expected.text { #expect(content.text == text, "\(name) text") }
        if let html = expected.html { #expect(content.html == html, "\(name) html") }
        if expected.html == nil { #expect(content.html == nil, "\(name) html") }
        #expect(message.date.map { Int($0.timeIntervalSince1970) } == expected.date, "\(name) date")
        if let inReplyTo = expected.in_reply_to { #expect(message.inReplyTo == inReplyTo) }
        if let references = expected.references { #expect(message.references == references) }
        if let attachments = expected.attachments {
            #expect(content.attachments.map(\.filename) == attachments.map(\.filename), "\(name) filenames")
            #expect(content.attachments.map(\.contentType) == attachments.map(\.content_type), "\(name) types")
            #expect(content.attachments.map(\.section) == attachments.map(\.section), "\(name) sections")
            #expect(content.attachments.map(\.isInline) == attachments.map(\.inline), "\(name) inline")
            for (ours, theirs) in zip(content.attachments, attachments) {
                if let size = theirs.size { #expect(ours.size == size, "\(name) size of \(theirs.filename)") }
                if let contentID = theirs.content_id { #expect(ours.contentID == contentID) }
            }
        }
        if let sections = expected.sections {
            #expect(message.root.allParts.map(\.section) == sections, "\(name) sections")
        }
    }
}
