import Foundation
import Testing
@testable import Webmail

/// The import readers (vCard 2.1/3.0/4.0, Outlook/Gmail/Naver CSV, UTF-8 or CP949) on the
/// fixtures made in Tests/Fixtures/contacts, the writers, and a round trip through both.
@Suite struct ContactFileReaderTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures").appendingPathComponent("contacts")

    static func fixture(_ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: fixtures.appendingPathComponent(name)))
    }

    /// Parses like the import route does: charset, then format.
    static func parse(_ bytes: [UInt8]) -> [ImportedContact]? {
        let text = ImportFileText.decode(bytes)
        return VCardReader.recognizes(text) ? VCardReader.read(text) : ContactCSVReader.read(text)
    }

    static func entry(_ line: Int, _ name: String, emails: [String] = [], phones: [String] = [], company: String = "", department: String = "",
                      title: String = "", memo: String = "", groups: [String] = []) -> ImportedContact {
        var entry = ImportedContact(line: line)
        (entry.name, entry.emails, entry.phones, entry.company, entry.department) = (name, emails, phones, company, department)
        (entry.title, entry.memo, entry.groups) = (title, memo, groups)
        return entry
    }

    static let expected: [(file: String, contacts: [ImportedContact])] = [
        ("outlook-ko-cp949.csv", [
            entry(2, "홍영태", emails: ["ythong@zioinfo.co.kr", "yt.hong@example.com"], phones: ["02-123-4567", "010-1234-5678"],
                  company: "지오정보기술", department: "정보화팀", title: "책임", memo: "점심은\r\n월요일", groups: ["거래처", "정보화팀"]),
            entry(4, "김철수", emails: ["cskim@example.com"], phones: ["010-9876-5432"], company: "한국전력", department: "영업부", title: "대리",
                  groups: ["거래처"]),
            entry(5, "", company: "빈 회사"),
        ]),
        ("gmail.csv", [
            entry(2, "John Doe", emails: ["john@example.com", "jd@example.org"], phones: ["+1 555-0100", "+1 555-0101"], company: "Acme, Inc.",
                  department: "R&D", title: "Engineer", memo: "Met at \"the\" conference", groups: ["Friends"]),
            entry(3, "이순신", emails: ["sslee@example.kr"]),
        ]),
        ("naver.csv", [
            entry(2, "박지성", emails: ["jspark@naver.com"], phones: ["010-2222-3333"], company: "네이버", department: "축구팀", title: "주장",
                  memo: "여러 줄\n메모, 쉼표", groups: ["친구"]),
            entry(4, "최민수", emails: ["not-an-address"]),
            entry(5, ""),
        ]),
        ("vcard3-korean-photo.vcf", [
            entry(1, "홍영태", emails: ["ythong@zioinfo.co.kr", "YT@Example.com"], phones: ["010-1234-5678", "02-123-4567"], company: "지오정보기술",
                  department: "정보화팀", title: "책임", memo: "첫 줄\n둘째 줄, 쉼표; 세미콜론", groups: ["거래처", "정보화팀"]),
            entry(34, "Jane Doe", emails: ["jane@example.com"]),
        ]),
        ("vcard4.vcf", [
            entry(1, "Anna Müller", emails: ["anna@example.de"], phones: ["+49-151-0000"], company: "Beispiel GmbH", groups: ["Partners"]),
        ]),
        ("vcard21-qp.vcf", [
            entry(1, "김민지", emails: ["mjkim@zioinfo.co.kr"], phones: ["010-5555-6666"], company: "지오정보기술", department: "기술연구소",
                  memo: "아주 긴 메모입니다 아주 긴 메모입니다 아주 긴 메모입니다 아주 긴 메모입니다"),
        ]),
    ]

    @Test(arguments: expected.indices)
    func eachFixtureReadsAsExpected(_ index: Int) throws {
        let (file, contacts) = Self.expected[index]
        let parsed = try #require(Self.parse(try Self.fixture(file)), "\(file) not recognized")
        #expect(parsed == contacts, "\(file)")
    }

    @Test func aCardWithoutFNTakesItsNameFromN() {
        let cases: [(String, String)] = [
            ("BEGIN:VCARD\nN:홍;길동;;;\nEND:VCARD\n", "홍길동"),
            ("BEGIN:VCARD\nN:Doe;John;Q.;;\nEND:VCARD\n", "John Q. Doe"),
            ("BEGIN:VCARD\nFN:표시 이름\nN:홍;길동\nEND:VCARD\n", "표시 이름"),
            ("BEGIN:VCARD\nFN:끝 없는 카드\n", "끝 없는 카드"),
        ]
        for (text, name) in cases { #expect(VCardReader.read(text).map(\.name) == [name], "\(text)") }
    }

    @Test func badInputNeverCrashesTheReaders() {
        let inputs: [[UInt8]] = [
            [], [0xFF, 0xFE, 0x00], Array("BEGIN:VCARD\r\n\\".utf8), Array("BEGIN:VCARD\nN;CHARSET=\"x:y\nEMAIL;QUOTED-PRINTABLE:=".utf8),
            Array("BEGIN:VCARD\nNOTE;ENCODING=QUOTED-PRINTABLE:=ZZ=\n".utf8), Array("\"unclosed,quote\n,,".utf8),
            Array("이름,이메일\n\"a\"b\"\",c\r\r\n".utf8), [0xB1, 0xE8, 0x2C, 0x0A, 0x80, 0x81], Array(repeating: 0x22, count: 1000),
            Array(" \n\t\nEND:VCARD\nBEGIN:VCARD".utf8),
        ]
        for input in inputs { _ = Self.parse(input) }
    }

    @Test func aCSVWithoutAKnownHeaderIsNotAnAddressBook() {
        #expect(Self.parse(Array("foo,bar\n1,2\n".utf8)) == nil)
        #expect(Self.parse([]) == nil)
    }

    @Test func bytesAreUTF8WhenValidElseCP949() {
        #expect(ImportFileText.decode([0xEF, 0xBB, 0xBF] + Array("홍".utf8)) == "홍")
        #expect(ImportFileText.decode([0xC8, 0xAB, 0xB1, 0xE6, 0xB5, 0xBF]) == "홍길동")
    }

    static let sample = [
        Contact(id: "1", name: "홍영태", emails: ["ythong@zioinfo.co.kr", "yt@example.com"], phones: ["+82-10-1234-5678", "02-123-4567"],
                company: "지오정보기술, 본사", department: "정보화팀", title: "책임", memo: "첫 줄\n\"둘째\"; 줄\\", groups: ["g1", "g2"], updatedAt: ""),
        Contact(id: "2", name: "=HYPERLINK(\"x\")", emails: ["a@example.com"], phones: [], company: "", department: "", title: "", memo: "",
                groups: [], updatedAt: ""),
    ]
    static let groupNames = ["g1": "거래처", "g2": "정보화, 팀"]

    @Test func exportedFilesReadBackToTheSameContacts() throws {
        for text in [VCardWriter.write(Self.sample, groupNames: Self.groupNames), ContactCSVWriter.write(Self.sample, groupNames: Self.groupNames)] {
            let read = try #require(Self.parse(Array(text.utf8)))
            #expect(read.map(\.name) == Self.sample.map(\.name))
            #expect(read.map(\.emails) == Self.sample.map(\.emails))
            #expect(read.map(\.phones) == Self.sample.map(\.phones))
            #expect(read.map(\.company) == Self.sample.map(\.company) && read.map(\.department) == Self.sample.map(\.department))
            #expect(read.map(\.title) == Self.sample.map(\.title) && read.map(\.memo) == Self.sample.map(\.memo))
            #expect(read.map(\.groups) == [["거래처", "정보화, 팀"], []], "\(read.map(\.groups))")
        }
    }

    @Test func theCSVExportIsExcelFriendly() {
        let csv = ContactCSVWriter.write(Self.sample, groupNames: Self.groupNames)
        #expect(csv.hasPrefix("\u{FEFF}이름,이메일,전화,회사,부서,직함,메모,그룹\r\n"))
        #expect(csv.contains("'+82-10-1234-5678") && csv.contains("\"'=HYPERLINK(\"\"x\"\")\""))
    }

    @Test func vCardLinesAreFoldedAt75OctetsWithoutSplittingACharacter() {
        let card = VCardWriter.write([Contact(id: "1", name: String(repeating: "홍", count: 60), emails: [], phones: [], company: "", department: "",
                                              title: "", memo: "", groups: [], updatedAt: "")], groupNames: [:])
        for line in card.components(separatedBy: "\r\n") { #expect(line.utf8.count <= 75) }
        #expect(VCardReader.read(card).first?.name == String(repeating: "홍", count: 60))
    }
}
