/// Pieces of a message's sections in one command: what a reader needs to describe parts it does
/// not download (e.g. the first and last bytes of a base64 attachment give its decoded size).
extension IMAPConnection {
    /// One piece asked for: `BODY.PEEK[section]<origin.length>`.
    public struct SectionPiece: Hashable, Sendable {
        public var section: SectionSpecifier
        public var origin: UInt32
        public var length: UInt32

        public init(section: SectionSpecifier, origin: UInt32, length: UInt32) {
            self.section = section
            self.origin = origin
            self.length = max(1, length)
        }
    }

    /// The bytes of each piece (shorter at a section's end), in one `UID FETCH`; a piece the
    /// server did not return is absent. Never sets `\Seen`.
    public func fetchSectionPieces(in mailbox: MailboxName, uid: UInt32, _ pieces: [SectionPiece]) async throws -> [SectionPiece: [UInt8]] {
        guard !pieces.isEmpty else { return [:] }
        return try await exclusive {
            _ = try await ensureSelected(mailbox, readOnly: true)
            let items: [FetchItem] = [.uid] + pieces.map { .bodySection($0.section, partial: $0.origin...UInt32(clamping: UInt64($0.origin) + UInt64($0.length) - 1)) }
            let command = Command.uidFetch(SequenceSet(numbers: [uid]), items, changedSince: nil)
            var found: [SectionPiece: [UInt8]] = [:]
            try await execute(command) { untagged in
                guard case .fetch(let fetch) = untagged, fetch.uid == uid else { return }
                for case .bodySection(let section, let origin, let data) in fetch.attributes {
                    guard let data, let piece = pieces.first(where: { $0.section == section && $0.origin == (origin ?? 0) }) else { continue }
                    found[piece] = data
                }
            }
            return found
        }
    }
}
