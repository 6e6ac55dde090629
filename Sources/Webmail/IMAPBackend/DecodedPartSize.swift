import IMAP
import MIME

/// The real (decoded) size of the attachments of a message read part by part, without
/// downloading them (issue 25, bug 9): BODYSTRUCTURE gives the size as stored, which for base64
/// is a third more plus line breaks, and for quoted-printable up to three times more.
///
/// Dovecot's `BINARY.SIZE` (RFC 3516) looked like the answer but is wrong in Dovecot 2.3.19 for
/// any part followed by another part that needs decoding (2,191,331 for a 2,200,001-byte base64
/// part followed by a quoted-printable one; 2^64 − 803,924 for a quoted-printable part followed
/// by a base64 one), while `BINARY[part]` itself is right. So:
/// - base64: the first and last bytes of the part (one small FETCH for all parts) give the line
///   length, the last line and the padding; every encoder writes lines of one length, and the
///   arithmetic is checked against the stored size, so the result is exact — or nil when the
///   lines are irregular (then the estimate is shown);
/// - quoted-printable up to `quotedPrintableReadLimit` stored bytes (and `quotedPrintableReadBudget`
///   for all of a message): read and decoded;
/// - 7bit, 8bit, binary: the stored size is the size.
enum DecodedPartSize {
    /// Bytes read from each end of a base64 part: more than one line of any encoder (76 + CRLF).
    static let edge: UInt32 = 160
    static let quotedPrintableReadLimit: UInt64 = 1 << 20
    /// All quoted-printable parts of one message together: a mail of a thousand parts is not read whole to size them.
    static let quotedPrintableReadBudget: UInt64 = 4 << 20
    /// Pieces per FETCH: a command line of a few kilobytes, whatever the number of parts.
    static let piecesPerCommand = 200

    /// The decoded sizes of `parts` (attachments of message `uid`, with their MIME headers), by section.
    static func sizes(of parts: [(section: [Int], part: BodyStructure.SinglePart, header: [UInt8])], uid: UInt32, mailbox: MailboxName,
                      connection: IMAPConnection) async throws -> [[Int]: Int] {
        var sizes: [[Int]: Int] = [:]
        var pieces: [IMAPConnection.SectionPiece] = []
        var quotedPrintableBudget = quotedPrintableReadBudget
        for (section, part, header) in parts {
            switch part.encoding.lowercased() {
            case "base64":
                let spec = SectionSpecifier(part: section)
                pieces.append(.init(section: spec, origin: 0, length: edge))
                if part.size > UInt64(edge) { pieces.append(.init(section: spec, origin: UInt32(clamping: part.size - UInt64(edge)), length: edge)) }
            case "quoted-printable" where part.size <= quotedPrintableReadLimit && part.size <= quotedPrintableBudget:
                quotedPrintableBudget -= part.size
                guard let bytes = try await connection.fetchSection(in: mailbox, uid: uid, section: SectionSpecifier(part: section)) else { continue }
                // The part as a message of its own: its header (the server's ends with the blank line or not), a blank line, its body.
                var head = header[...]
                while let last = head.last, last == 0x0D || last == 0x0A { head = head.dropLast() }
                let part = Array(head) + Array("\r\n\r\n".utf8) + bytes
                sizes[section] = try await OffLoopWork.run { MIMEMessage(part).root.decodedSize }
            case "quoted-printable":
                continue
            default:
                sizes[section] = Int(clamping: part.size)
            }
        }
        var edges: [IMAPConnection.SectionPiece: [UInt8]] = [:]
        for start in stride(from: 0, to: pieces.count, by: piecesPerCommand) {
            let batch = Array(pieces[start..<min(start + piecesPerCommand, pieces.count)])
            edges.merge(try await connection.fetchSectionPieces(in: mailbox, uid: uid, batch)) { first, _ in first }
        }
        for (section, part, _) in parts where part.encoding.lowercased() == "base64" {
            let spec = SectionSpecifier(part: section)
            guard let head = edges[.init(section: spec, origin: 0, length: edge)] else { continue }
            let tail = part.size > UInt64(edge) ? edges[.init(section: spec, origin: UInt32(clamping: part.size - UInt64(edge)), length: edge)] : head
            if let tail, let size = base64(storedSize: Int(clamping: part.size), head: head, tail: tail) { sizes[section] = size }
        }
        return sizes
    }

    /// The decoded size of a base64 body of `storedSize` bytes that starts with `head` and ends
    /// with `tail`, when all its lines but the last are as long as the first; nil otherwise.
    static func base64(storedSize: Int, head: [UInt8], tail: [UInt8]) -> Int? {
        let isBreak: (UInt8) -> Bool = { $0 == 0x0D || $0 == 0x0A }
        let isSpace: (UInt8) -> Bool = { isBreak($0) || $0 == 0x20 || $0 == 0x09 }
        // Trailing white space (the line break before the boundary, if the part has it).
        var end = tail.count
        while end > 0, isSpace(tail[end - 1]) { end -= 1 }
        let trailing = tail.count - end
        let body = storedSize - trailing
        guard body > 0, end > 0 else { return body == 0 ? 0 : nil }
        let padding = tail[..<end].reversed().prefix(while: { $0 == UInt8(ascii: "=") }).count
        guard padding <= 2 else { return nil }
        guard let firstBreak = head.firstIndex(where: isBreak) else {
            // One line: the whole body is in `head`.
            guard body == end, head.count >= body else { return nil }
            return body % 4 == 0 ? body / 4 * 3 - padding : nil
        }
        let lineLength = firstBreak
        let eol = head.count > firstBreak + 1 && head[firstBreak] == 0x0D && head[firstBreak + 1] == 0x0A ? 2 : 1
        // The last line: after the last break in `tail`; with none, the whole body when `tail` holds all of it.
        let lastBreak = tail[..<end].lastIndex(where: isBreak)
        guard lineLength > 0, lastBreak != nil || body == end else { return nil }
        let lastLine = lastBreak.map { end - $0 - 1 } ?? end
        guard lastLine > 0, lastLine <= lineLength, (body - lastLine) % (lineLength + eol) == 0 else { return nil }
        let characters = (body - lastLine) / (lineLength + eol) * lineLength + lastLine
        guard characters % 4 == 0 else { return nil }
        return characters / 4 * 3 - padding
    }
}
