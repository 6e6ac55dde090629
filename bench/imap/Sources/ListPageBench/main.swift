import Foundation
import IMAP

// The list page's per-message work in the server, on a recorded answer: Dovecot's reply to the
// page FETCH of a 100,000-message INBOX filled by bench/make-mailbox (50 messages, 48 KB; 60 %
// Korean subjects and previews, as in the API bench). Fed in 4 KB pieces, the size of Dovecot's
// TLS records. Prints the best and median of 15 rounds of 200 pages:
//   - decode: framing and scanning (or parsing) into FETCH responses (IMAP module);
//   - decode + list item: also the summary and its JSON, as `IMAPMailStore.messages` does.
// Numbers only; the API bench (bench/api) gives the end-to-end ratio.
//   bench/imap/run-listpage.sh [--instructions]

let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("../../fixtures/page50.imap").standardizedFileURL
let answer = try [UInt8](Data(contentsOf: fixture))
let pieces = stride(from: 0, to: answer.count, by: 4096).map { Array(answer[$0..<min(answer.count, $0 + 4096)]) }

func fetchResponses(_ body: (FetchResponse) -> Void) {
    var decoder = ResponseDecoder()
    for piece in pieces {
        for event in try! decoder.decode(piece) {
            if case .response(.untagged(.fetch(let fetch))) = event { body(fetch) }
        }
    }
}

let messagesPerPage: Int = {
    var count = 0
    fetchResponses { _ in count += 1 }
    return count
}()

@inline(never) func decodeOnly() -> Int {
    var count = 0
    // A scanned response (the usual case) is decoded; `attributes` would parse it again.
    fetchResponses { count += $0.scanned?.frame.count ?? $0.attributes.count }
    return count
}

@inline(never) func decodeAndListItem() -> Int {
    var bytes = 0
    fetchResponses { fetch in
        let listed: ListedSummary
        if let scanned = fetch.scanned {
            listed = .scanned(scanned)
        } else {
            guard let summary = MessageSummary(fetch) else { return }
            listed = .parsed(summary)
        }
        var writer = JSONWriter(capacity: 640)
        writer.messageListItem(listed)
        bytes += writer.document.count
    }
    return bytes
}

func measure(_ name: String, messages: Int, _ body: () -> Int) {
    var sink = 0
    for _ in 0..<200 { sink &+= body() }
    var rounds: [Double] = []
    for _ in 0..<15 {
        let start = ContinuousClock.now
        for _ in 0..<200 { sink &+= body() }
        let elapsed = ContinuousClock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        rounds.append(seconds / 200 / Double(messages) * 1e6)
    }
    rounds.sort()
    let label = name.padding(toLength: 20, withPad: " ", startingAt: 0)
    print(label + String(format: "best %5.2f µs/message, median %5.2f µs/message", rounds[0], rounds[rounds.count / 2])
        + (sink == 0 ? " " : ""))
}

// `LISTPAGE_ROUNDS=N LISTPAGE_WORK=decode|item`: that many pages of one kind of work and no
// timing, for counting instructions (run-listpage.sh --instructions runs it under callgrind). On
// a shared two-core host the times above swing by half from run to run; instruction counts do
// not, so a change of a few percent can still be seen.
if let rounds = ProcessInfo.processInfo.environment["LISTPAGE_ROUNDS"].flatMap(Int.init) {
    let work = ProcessInfo.processInfo.environment["LISTPAGE_WORK"] == "decode" ? decodeOnly : decodeAndListItem
    var sink = 0
    for _ in 0..<rounds { sink &+= work() }
    print("\(rounds) pages of \(messagesPerPage) messages (\(sink))")
    exit(0)
}

print("list page answer: \(answer.count) bytes, \(messagesPerPage) messages")
measure("decode", messages: messagesPerPage, decodeOnly)
measure("decode + list item", messages: messagesPerPage, decodeAndListItem)
