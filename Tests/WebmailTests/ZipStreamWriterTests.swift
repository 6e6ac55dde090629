import Foundation
import NIOCore
import Testing
@testable import Webmail

/// The streaming zip writer of "모두 받기" (issue 25), read back by Python's zipfile and unzip.
@Suite struct ZipStreamWriterTests {
    /// Writes `files` as the zip route does: header, the bytes in chunks, descriptor; directory.
    static func archive(_ files: [(name: String, data: [UInt8])], chunk: Int = 7) throws -> [UInt8] {
        var writer = ZipStreamWriter()
        var names = ZipEntryNames()
        var output: [UInt8] = []
        for file in files {
            output += try writer.startEntry(named: names.next(for: file.name, fallback: "attachment")).readableBytesView
            for start in stride(from: 0, to: file.data.count, by: chunk) {
                let piece = ByteBuffer(bytes: file.data[start..<min(file.data.count, start + chunk)])
                try writer.add(piece)
                output += piece.readableBytesView
            }
            output += writer.finishEntry().readableBytesView
        }
        #expect(UInt64(output.count) == writer.offset)
        output += try writer.finish().readableBytesView
        return output
    }

    @Test func koreanNamesDuplicatesAndEmptyEntriesReadBackExactly() throws {
        let binary = (0..<70_000).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 >> 8) }
        let files: [(name: String, data: [UInt8])] = [
            ("견적서.pdf", Array("%PDF-1.4 견적".utf8)),
            ("견적서.pdf", Array("second".utf8)),
            ("견적서.PDF", []),
            ("../../etc/passwd", Array("root".utf8)),
            ("a\\b\u{7}c.txt", binary),
            ("", Array("nameless".utf8)),
        ]
        let entries = try ZipArchiveReading.entries(of: try Self.archive(files))
        #expect(entries.map(\.name) == ["견적서.pdf", "견적서 (2).pdf", "견적서 (3).PDF", "_.._etc_passwd", "a_bc.txt", "attachment"])
        #expect(entries.allSatisfy { $0.utf8Flag })
        #expect(entries.map { Array($0.data) } == files.map(\.data))
    }

    @Test func anEmptyArchiveIsValid() throws {
        // Info-ZIP only warns "zipfile is empty" (exit 1): Python's reading is the check.
        #expect(try ZipArchiveReading.entries(of: try Self.archive([]), unzipToo: false) == [])
    }

    @Test func sizesPastFourGiBAreRefusedNotWrittenWrong() throws {
        var writer = ZipStreamWriter()
        _ = try writer.startEntry(named: "big.bin")
        let megabyte = ByteBuffer(repeating: 0, count: 1 << 20)
        #expect(throws: ZipStreamWriter.Overflow.self) {
            for _ in 0..<4097 { try writer.add(megabyte) }
        }
    }

    @Test func namesAreSanitised() {
        #expect(ZipEntryNames.sanitised("..", fallback: "x") == "x")
        #expect(ZipEntryNames.sanitised(" .hidden ", fallback: "x") == "hidden")
        #expect(ZipEntryNames.sanitised("회의록\r\n.hwp", fallback: "x") == "회의록.hwp")
        let long = String(repeating: "가", count: 300) + ".docx"
        #expect(ZipEntryNames.sanitised(long, fallback: "x").count == 200)
        #expect(ZipEntryNames.sanitised(long, fallback: "x").hasSuffix("가.docx"))
    }
}
