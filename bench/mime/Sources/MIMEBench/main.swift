import Foundation
import MIME

// Usage: MIMEBench DIRECTORY [SECONDS]
// Parses every file in DIRECTORY repeatedly for about SECONDS per mode and prints MB/s:
//   parse: MIMEMessage(bytes) plus subject and From (the message-list path)
//   read:  parse plus text/HTML bodies decoded to String and the attachment list with
//          decoded sizes (the message-view path)

let arguments = CommandLine.arguments
guard arguments.count >= 2 else {
    print("usage: MIMEBench DIRECTORY [SECONDS]")
    exit(2)
}
let directory = URL(fileURLWithPath: arguments[1])
let seconds = arguments.count > 2 ? Double(arguments[2]) ?? 3 : 3
let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path))?.sorted() ?? []
let files: [[UInt8]] = names.compactMap { try? [UInt8](Data(contentsOf: directory.appendingPathComponent($0))) }
let totalBytes = files.reduce(0) { $0 + $1.count }
print("corpus: \(files.count) messages, \(String(format: "%.1f", Double(totalBytes) / 1_048_576)) MB")

func measure(_ label: String, _ body: ([UInt8]) -> Int) {
    var rounds = 0
    var sink = 0
    let clock = ContinuousClock()
    let start = clock.now
    var elapsed = Duration.zero
    repeat {
        for file in files { sink &+= body(file) }
        rounds += 1
        elapsed = clock.now - start
    } while elapsed < .seconds(seconds)
    let secondsTaken = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    let megabytes = Double(totalBytes * rounds) / 1_048_576
    let perSecond = Double(files.count * rounds) / secondsTaken
    print(String(format: "swift  %-6@ %8.1f MB/s  %9.0f msg/s  (checksum %d)", label, megabytes / secondsTaken, perSecond, sink & 0xFF))
}

measure("parse") { bytes in
    let message = MIMEMessage(bytes)
    return (message.subject?.utf8.count ?? 0) + message.from.count
}
measure("read") { bytes in
    let message = MIMEMessage(bytes)
    let content = message.content
    return (message.subject?.utf8.count ?? 0) + message.from.count + (content.text?.utf8.count ?? 0)
        + (content.html?.utf8.count ?? 0) + content.attachments.reduce(0) { $0 + $1.size }
}
