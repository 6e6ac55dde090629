import Foundation
import NIOCore

/// A zip as other programs read it: Python's `zipfile` (names, the UTF-8 flag, CRC-checked
/// contents) and Info-ZIP's `unzip -t`. The tests of "모두 받기" read our archives this way.
enum ZipArchiveReading {
    struct Entry: Decodable, Equatable {
        let name: String
        let utf8Flag: Bool
        let data: Data
    }

    static let script = """
    import base64, json, sys, zipfile
    with zipfile.ZipFile(sys.argv[1]) as z:
        bad = z.testzip()
        if bad is not None:
            sys.exit("bad CRC in " + bad)
        print(json.dumps([{"name": i.filename, "utf8Flag": bool(i.flag_bits & 0x800),
                           "data": base64.b64encode(z.read(i)).decode()} for i in z.infolist()]))
    """

    /// The entries in order, as Python reads them; throws when Python or `unzip -t` finds the archive broken.
    static func entries(of archive: [UInt8], unzipToo: Bool = true) throws -> [Entry] {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("zip-\(UUID().uuidString).zip")
        try Data(archive).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let (status, output) = try run("/usr/bin/env", ["python3", "-c", script, file.path])
        guard status == 0 else { throw Broken(tool: "python3 zipfile", output: String(decoding: output, as: UTF8.self)) }
        let (unzipStatus, unzipOutput) = unzipToo ? try run("/usr/bin/env", ["unzip", "-tq", file.path]) : (0, Data())
        guard unzipStatus == 0 else { throw Broken(tool: "unzip -t", output: String(decoding: unzipOutput, as: UTF8.self)) }
        return try JSONDecoder().decode([Entry].self, from: output)
    }

    struct Broken: Error, CustomStringConvertible {
        let tool: String
        let output: String
        var description: String { "\(tool) rejects the archive: \(output)" }
    }

    private static func run(_ executable: String, _ arguments: [String]) throws -> (Int32, Data) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, output)
    }
}
