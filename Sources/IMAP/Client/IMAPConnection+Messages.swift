import Foundation

/// Message operations. Each takes the mailbox it works on and selects it when needed, so
/// callers (and the pool) never depend on what a previous call left selected. UIDs everywhere.
extension IMAPConnection {
    // MARK: Listing

    /// Summaries (UID FLAGS INTERNALDATE RFC822.SIZE ENVELOPE BODYSTRUCTURE) of the given UIDs,
    /// newest (highest UID) first.
    public func fetchSummaries(in mailbox: MailboxName, uids: SequenceSet) async throws -> [MessageSummary] {
        try await exclusive {
            _ = try await ensureSelected(mailbox, readOnly: true)
            let command = Command.uidFetch(uids, summaryItems(), changedSince: nil)
            let known = selectedMailbox?.exists
            let summaries = try await collectSummaries(command) { $0.summary }.newestFirst(by: .uid)
            if summaries.count < uids.numbers(limit: 1_000).count, reportedNewMail(since: known) {
                return try await collectSummaries(command) { $0.summary }.newestFirst(by: .uid)
            }
            return summaries
        }
    }

    /// Whether the last command reported more messages than `known`, the count before it.
    ///
    /// A server answers a UID command from this session's view of the mailbox, which takes in
    /// new mail only when the session syncs: Dovecot does that at the end of the command and
    /// reports the new count then. A message that arrived since this connection's last command
    /// (another connection of the same user listed it) is therefore missing from the answer,
    /// followed by a larger EXISTS; asked once more, it is there.
    func reportedNewMail(since known: UInt32?) -> Bool {
        guard let known, let now = selectedMailbox?.exists else { return false }
        return now > known
    }

    /// The summary items plus what the server offers at no extra round trip: MODSEQ with
    /// CONDSTORE, the text preview with PREVIEW (RFC 8970).
    func summaryItems() -> [FetchItem] {
        var items = FetchItem.summary
        if capabilities.contains(.condStore) { items.append(.modSeq) }
        if capabilities.contains(.preview) { items.append(.preview()) }
        return items
    }

    /// Runs a summary FETCH, each message turned into an `Item` as its response arrives.
    func collectSummaries<Item>(
        _ command: Command, _ transform: (ListedSummary) -> Item
    ) async throws -> SummaryCollector<Item> {
        var collector = SummaryCollector<Item>()
        try await execute(command) { collector.absorb($0, as: transform) }
        return collector
    }

    /// The summaries of a FETCH answer, each turned into the caller's `Item` as soon as its
    /// response is parsed: for the list page that is the API's list item, so the mapping runs
    /// while the server is still sending the later messages instead of after the last one.
    /// Unsolicited FETCHes (flag updates of other messages) carry no ENVELOPE and are skipped,
    /// as are repeats of a UID.
    struct SummaryCollector<Item> {
        /// Kept apart from the items: `Item` is the caller's type, so code that touches it runs
        /// unspecialized (through value witnesses) in this module; ordering works on the
        /// numbers alone and moves each item once.
        private var uids: [UInt32] = []
        private var sequenceNumbers: [UInt32] = []
        private var items: [Item] = []
        private var seen: Set<UInt32> = []

        var count: Int { items.count }

        mutating func absorb(_ untagged: UntaggedResponse, as transform: (ListedSummary) -> Item) {
            guard case .fetch(let fetch) = untagged else { return }
            let listed: ListedSummary
            let uid: UInt32
            if let scanned = fetch.scanned {
                guard let scannedUID = scanned.uid, scanned.envelope != nil else { return }
                uid = scannedUID
                listed = .scanned(scanned)
            } else {
                guard let summary = MessageSummary(fetch), summary.envelope != nil else { return }
                uid = summary.uid
                listed = .parsed(summary)
            }
            guard seen.insert(uid).inserted else { return }
            uids.append(uid)
            sequenceNumbers.append(fetch.sequenceNumber)
            items.append(transform(listed))
        }

        enum Order { case uid, sequenceNumber }

        /// The items by descending UID or sequence number.
        func newestFirst(by order: Order) -> [Item] {
            let keys = order == .uid ? uids : sequenceNumbers
            return keys.indices.orderedDescending(by: { keys[$0] }).map { items[$0] }
        }

        /// The items in the order of `uids`, leaving out any the server did not return.
        func ordered(as requested: [UInt32]) -> [Item] {
            let positions = Dictionary(zip(uids, uids.indices), uniquingKeysWith: { first, _ in first })
            return requested.compactMap { positions[$0].map { items[$0] } }
        }
    }

    /// The sequence numbers of one newest-first page, counted down from `total`; nil when the
    /// page lies beyond the end.
    static func pageRange(total: Int, skip: Int, pageSize: Int) -> ClosedRange<UInt32>? {
        guard skip < total else { return nil }
        return UInt32(max(1, total - skip - pageSize + 1))...UInt32(total - skip)
    }

    /// The FETCH of one newest-first page by sequence numbers; nil when the page lies beyond the end.
    func pageFetch(total: Int, skip: Int, pageSize: Int) -> Command? {
        guard let range = Self.pageRange(total: total, skip: skip, pageSize: pageSize) else { return nil }
        return .fetch(SequenceSet([SequenceRange(range)]), summaryItems(), changedSince: nil)
    }

    /// The newest-first page of a mailbox that is still selected, in one round trip when nothing
    /// changed: NOOP (which reports mail that arrived and expunges since the last command) and
    /// the FETCH of the range the remembered count gives are sent together. When NOOP or the
    /// FETCH reported any change, the answer may be for the wrong range, so it returns nil and
    /// the caller pages again from the now current count. Must be called with the gate held.
    func pipelinedPage<Item>(
        skip: Int, pageSize: Int, _ transform: (ListedSummary) -> Item
    ) async throws -> (total: Int, items: [Item])? {
        guard let remembered = selectedMailbox?.exists,
            let fetch = pageFetch(total: Int(remembered), skip: skip, pageSize: pageSize)
        else { return nil }
        var collector = SummaryCollector<Item>()
        var changed = false
        let track: (UntaggedResponse) throws -> Void = { untagged in
            switch untagged {
            case .exists(let count) where count != remembered: changed = true
            case .expunge, .vanished: changed = true
            default: collector.absorb(untagged, as: transform)
            }
        }
        let commands = [Command.noop, fetch]
        let tags = try await sendPipelined(commands, onUntagged: track)
        var pending = Dictionary(uniqueKeysWithValues: zip(tags, commands))
        var refused: (any Error)?
        while !pending.isEmpty {
            let tagged = try await readAnyCompletion(of: Set(pending.keys), onUntagged: track)
            guard let command = pending.removeValue(forKey: tagged.tag) else { continue }
            do { try Self.check(tagged, command: command) } catch { refused = refused ?? error }
        }
        guard !changed, selectedMailbox?.exists == remembered else {
            // Whatever the answer was (even a refusal of a range that an expunge made invalid),
            // it may be for the wrong range: the caller fetches the right one.
            return nil
        }
        if let refused { throw refused }
        return (Int(remembered), collector.newestFirst(by: .sequenceNumber))
    }

    /// The newest-first page of a mailbox that is still selected, in one command when this
    /// connection knows the UIDs at both ends of the page (it listed the page before and nothing
    /// was expunged since): `UID FETCH low:high`, the command a client holding those UIDs sends.
    ///
    /// The answer comes from the connection's view, which is only as new as its last command; at
    /// the end of a UID command the server brings the view up to date and reports what changed:
    /// new mail (EXISTS), expunges (which a plain FETCH may not report) and other sessions' flag
    /// changes (a FETCH without ENVELOPE). When it reports any, or the answer is not exactly the
    /// page's sequence numbers, this returns nil and the caller pages again from the new count.
    /// Must be called with the gate held.
    func anchoredPage<Item>(
        skip: Int, pageSize: Int, _ transform: (ListedSummary) -> Item
    ) async throws -> (total: Int, items: [Item])? {
        guard let remembered = selectedMailbox?.exists,
            let page = Self.pageRange(total: Int(remembered), skip: skip, pageSize: pageSize),
            let lowUID = knownUIDs.uid(at: page.lowerBound), let highUID = knownUIDs.uid(at: page.upperBound),
            lowUID <= highUID
        else { return nil }
        var collector = SummaryCollector<Item>()
        var changed = false
        let command = Command.uidFetch(SequenceSet([SequenceRange(lowUID...highUID)]), summaryItems(), changedSince: nil)
        do {
            try await execute(command) { untagged in
                switch untagged {
                case .exists(let count) where count != remembered: changed = true
                case .expunge, .vanished: changed = true
                case .fetch(let fetch) where !page.contains(fetch.sequenceNumber) || !fetch.hasEnvelope:
                    changed = true
                default: collector.absorb(untagged, as: transform)
                }
            }
        } catch IMAPError.commandFailed {
            return nil  // e.g. a server that refuses the range: the long way still answers
        }
        guard !changed, selectedMailbox?.exists == remembered, collector.count == page.count else {
            return nil
        }
        return (Int(remembered), collector.newestFirst(by: .sequenceNumber))
    }

    /// One page of the message list, newest first.
    ///
    /// - Without `search` or `sort`: the page is a range of sequence numbers counted down from
    ///   the end of the mailbox, so no UID list is ever requested, whatever the mailbox size.
    ///   Sequence order is arrival in this mailbox, not the received date: a message moved here
    ///   (restored from Trash) is last in it whatever its date; `sort` by ARRIVAL orders by date.
    /// - With `sort`: the server sorts (SORT extension), or, without it, an ARRIVAL order is made
    ///   here (``orderedUIDsLocked(_:criteria:)``); the page's UIDs are taken from the result.
    /// - With `search`: the matching UIDs are sorted descending (or by `sort`) and paged.
    /// - Parameter page: 1-based page number.
    public func fetchPage(
        in mailbox: MailboxName, page: Int, pageSize: Int, search: SearchKey? = nil, sort: [SortKey] = []
    ) async throws -> MessagePage {
        let (total, summaries) = try await fetchPage(in: mailbox, page: page, pageSize: pageSize, search: search, sort: sort) { $0.summary }
        return MessagePage(total: total, summaries: summaries)
    }

    /// One page of the message list, newest first, as in ``fetchPage(in:page:pageSize:search:sort:)``,
    /// with each message turned into an `Item` by `transform` as soon as its FETCH response has
    /// been read, while the later ones are still on their way.
    ///
    /// Specialized here for items rendered as bytes (a web API's JSON per message): called
    /// from another module the generic body would otherwise look up `Item`'s metadata and
    /// witnesses for every message it collects.
    @_specialize(where Item == [UInt8])
    public func fetchPage<Item: Sendable>(
        in mailbox: MailboxName, page: Int, pageSize: Int, search: SearchKey? = nil, sort: [SortKey] = [],
        transform: @Sendable (ListedSummary) -> Item
    ) async throws -> (total: Int, items: [Item]) {
        precondition(page >= 1 && pageSize >= 1, "page and pageSize start at 1")
        return try await exclusive {
            let wasSelected = selectedMailbox?.name == mailbox
            var state = try await ensureSelected(mailbox, readOnly: true)
            if search == nil && sort.isEmpty {
                if wasSelected {
                    // A server reports new mail (EXISTS) and expunges only in answer to a command,
                    // so the count remembered from an earlier command may be stale; paging by
                    // sequence numbers from it would miss the newest messages. A NOOP brings it up
                    // to date; pipelined with the FETCH it costs no extra round trip unless
                    // something changed. A page listed before needs neither: asked for by UID,
                    // the FETCH itself reports what changed.
                    if let page = try await anchoredPage(skip: (page - 1) * pageSize, pageSize: pageSize, transform) {
                        return page
                    }
                    if let page = try await pipelinedPage(skip: (page - 1) * pageSize, pageSize: pageSize, transform) {
                        return page
                    }
                    try await execute(.noop)
                    state = selectedMailbox ?? state
                }
                let total = Int(state.exists)
                guard let fetch = pageFetch(total: total, skip: (page - 1) * pageSize, pageSize: pageSize) else {
                    return (total, [])
                }
                return (total, try await collectSummaries(fetch, transform).newestFirst(by: .sequenceNumber))
            }
            let criteria = search ?? .all
            let skip = (page - 1) * pageSize
            var attempt = 0
            while true {
                attempt += 1
                let known = selectedMailbox?.exists
                let (total, pageUIDs) = try await orderedPageLocked(sort, criteria: criteria, skip: skip, pageSize: pageSize)
                guard !pageUIDs.isEmpty else {
                    // An empty answer from a view older than the mail that just arrived: once more.
                    if selectedMailbox?.exists != known && attempt == 1 { continue }
                    return (total, [])
                }
                let fetched = try await collectSummaries(
                    .uidFetch(SequenceSet(numbers: pageUIDs), summaryItems(), changedSince: nil), transform)
                // A SEARCH or SORT answers from this session's view, which takes in new mail and
                // expunges only at the end of the command: when the count moved meanwhile, or a
                // UID of the order is gone, the order was for an older view. Once more from the
                // current one (a second change in a row is left for the next refresh).
                let stale = selectedMailbox?.exists != known || fetched.count < pageUIDs.count
                if stale && attempt == 1 { continue }
                return (total, fetched.ordered(as: pageUIDs))
            }
        }
    }

    /// How many messages match, and the UIDs of one page of them in the order of `keys`.
    ///
    /// Where the server sorts and returns a part of the result (ESORT with PARTIAL, RFC 5267),
    /// only the page's UIDs travel: `UID SORT RETURN (COUNT PARTIAL a:b)`. A 100,000-message
    /// folder otherwise sends every UID for each page (see bench/imap/list-order.py). A server
    /// that refuses it is asked the plain way.
    func orderedPageLocked(_ keys: [SortKey], criteria: SearchKey, skip: Int, pageSize: Int) async throws -> (total: Int, uids: [UInt32]) {
        if !keys.isEmpty, capabilities.contains(.sort), capabilities.contains(.eSort),
            capabilities.contains(.contextSort) || capabilities.contains(.contextSearch),
            skip + pageSize <= Int(UInt32.max)
        {
            let display = capabilities.contains(.sortDisplay)
            let sent = keys.map { display ? $0 : $0.withoutDisplay }
            var answer: ExtendedSearchResponse?
            do {
                let range = "PARTIAL \(skip + 1):\(skip + pageSize)"
                try await execute(.uidSort(sent, charset: "UTF-8", criteria, returnOptions: ["COUNT", range])) { untagged in
                    if case .extendedSearch(let response) = untagged { answer = response }
                }
            } catch IMAPError.commandFailed {
                answer = nil
            }
            if let answer, let count = answer.count {
                return (Int(count), answer.partial.map { Self.inWrittenOrder($0, limit: pageSize) } ?? [])
            }
        }
        let ordered = try await orderedUIDsLocked(keys, criteria: criteria)
        guard skip < ordered.count else { return (ordered.count, []) }
        return (ordered.count, Array(ordered[skip..<min(ordered.count, skip + pageSize)]))
    }

    /// A sorted result's numbers as the server wrote them: ranges in turn, `a:b` counting down
    /// when a > b; at most `limit` (a page: a server's `1:4000000000` must not fill memory).
    static func inWrittenOrder(_ set: SequenceSet, limit: Int) -> [UInt32] {
        var numbers: [UInt32] = []
        for range in set.ranges {
            guard case .number(let a) = range.first, case .number(let b) = range.last else { continue }
            var value = a
            while numbers.count < limit {
                numbers.append(value)
                if value == b { break }
                value = a <= b ? value + 1 : value - 1
            }
            if numbers.count >= limit { break }
        }
        return numbers
    }

    /// The UIDs matching `criteria` in the order of `keys` (descending UID without keys).
    ///
    /// With SORT the server orders them; DISPLAYFROM/DISPLAYTO become FROM/TO where it lacks
    /// SORT=DISPLAY. Without SORT, an order by ARRIVAL (the received date, INTERNALDATE) is
    /// made here from the dates a FETCH gives; any other key is ``IMAPError/unsupported(_:)``.
    func orderedUIDsLocked(_ keys: [SortKey], criteria: SearchKey) async throws -> [UInt32] {
        guard !keys.isEmpty else { return try await searchLocked(criteria).sorted(by: >) }
        if capabilities.contains(.sort) {
            let display = capabilities.contains(.sortDisplay)
            return try await sortLocked(keys.map { display ? $0 : $0.withoutDisplay }, criteria: criteria)
        }
        guard let first = keys.first, first.field == .arrival else { throw IMAPError.unsupported("SORT") }
        return try await arrivalOrderLocked(criteria, newestFirst: first.reversed)
    }

    /// The matching UIDs by INTERNALDATE, for a server without SORT: one SEARCH, then a FETCH of
    /// `(UID INTERNALDATE)` for the hits (in batches, so no command line grows without bound).
    /// Equal dates keep UID order, as SORT keeps sequence order.
    func arrivalOrderLocked(_ criteria: SearchKey, newestFirst: Bool) async throws -> [UInt32] {
        let uids = try await searchLocked(criteria)
        var dates: [UInt32: Date] = [:]
        dates.reserveCapacity(uids.count)
        var start = 0
        while start < uids.count {
            let batch = Array(uids[start..<min(uids.count, start + 5_000)])
            start += batch.count
            try await execute(.uidFetch(SequenceSet(numbers: batch), [.uid, .internalDate], changedSince: nil)) { untagged in
                guard case .fetch(let fetch) = untagged, let uid = fetch.uid else { return }
                for case .internalDate(let date) in fetch.attributes { dates[uid] = date.date }
            }
        }
        let ascending = uids.sorted { a, b in
            let (da, db) = (dates[a] ?? .distantPast, dates[b] ?? .distantPast)
            return da == db ? a < b : da < db
        }
        return newestFirst ? ascending.reversed() : ascending
    }

    // MARK: Structure and content

    /// The BODYSTRUCTURE of one message; `nil` when the UID does not exist.
    public func fetchStructure(in mailbox: MailboxName, uid: UInt32) async throws -> BodyStructure? {
        try await exclusive {
            _ = try await ensureSelected(mailbox, readOnly: true)
            var structure: BodyStructure?
            try await execute(.uidFetch(SequenceSet(numbers: [uid]), [.uid, .bodyStructure], changedSince: nil)) {
                untagged in
                if case .fetch(let fetch) = untagged, fetch.uid == uid {
                    for case .bodyStructure(let body) in fetch.attributes { structure = body }
                }
            }
            return structure
        }
    }

    /// The bytes of one section (`BODY.PEEK[section]`), collected in memory — for headers and
    /// text parts. Use ``streamPart(in:uid:section:decoded:)`` for attachments.
    /// `nil` when the message or section does not exist.
    public func fetchSection(in mailbox: MailboxName, uid: UInt32, section: SectionSpecifier) async throws -> [UInt8]? {
        try await exclusive {
            _ = try await ensureSelected(mailbox, readOnly: true)
            let command = Command.uidFetch(SequenceSet(numbers: [uid]), [.uid, .bodySection(section)], changedSince: nil)
            let known = selectedMailbox?.exists
            var data: [UInt8]?
            let collect: (UntaggedResponse) -> Void = { untagged in
                guard case .fetch(let fetch) = untagged, fetch.uid == uid else { return }
                for case .bodySection(_, _, let bytes) in fetch.attributes { data = bytes }
            }
            try await execute(command, onUntagged: collect)
            if data == nil, reportedNewMail(since: known) {
                try await execute(command, onUntagged: collect)
            }
            return data
        }
    }

    /// The whole message as stored (RFC822 bytes), collected in memory up to
    /// ``IMAPConfiguration/maximumFetchedValueSize``.
    public func fetchRawMessage(in mailbox: MailboxName, uid: UInt32) async throws -> [UInt8]? {
        try await fetchSection(in: mailbox, uid: uid, section: .whole)
    }

    // MARK: Flags

    /// Adds, removes or replaces flags; returns each message's flags afterwards, by UID.
    @discardableResult
    public func storeFlags(
        in mailbox: MailboxName, uids: SequenceSet, _ operation: StoreOperation, _ flags: [Flag]
    ) async throws -> [UInt32: [Flag]] {
        try await exclusive {
            _ = try await ensureSelected(mailbox, readOnly: false)
            try await syncViewIfUnknown(uids)
            var result: [UInt32: [Flag]] = [:]
            try await execute(.uidStore(uids, operation, flags, silent: false, unchangedSince: nil)) { untagged in
                if case .fetch(let fetch) = untagged, let uid = fetch.uid, let flags = fetch.flags {
                    result[uid] = flags
                }
            }
            return result
        }
    }

    // MARK: Copy, move, delete

    /// COPY; returns the UID mapping when the server supports UIDPLUS.
    @discardableResult
    public func copyMessages(in mailbox: MailboxName, uids: SequenceSet, to destination: MailboxName) async throws
        -> CopyResult
    {
        try await exclusive {
            _ = try await ensureSelected(mailbox, readOnly: true)
            try await syncViewIfUnknown(uids)
            let tagged = try await execute(.uidCopy(uids, destination))
            return Self.copyResult(tagged.text.code)
        }
    }

    /// MOVE, or where the server lacks it COPY + STORE `\Deleted` + UID EXPUNGE (only the moved
    /// messages are expunged; without UIDPLUS the fallback refuses rather than expunge others).
    @discardableResult
    public func moveMessages(in mailbox: MailboxName, uids: SequenceSet, to destination: MailboxName) async throws
        -> CopyResult
    {
        try await exclusive {
            _ = try await ensureSelected(mailbox, readOnly: false)
            try await syncViewIfUnknown(uids)
            if capabilities.contains(.move) {
                var code: ResponseCode?
                let tagged = try await execute(.uidMove(uids, destination)) { untagged in
                    // Servers send COPYUID in an untagged OK before the expunges.
                    if case .status(.ok, let text) = untagged, case .copyUID = text.code { code = text.code }
                }
                return Self.copyResult(code ?? tagged.text.code)
            }
            guard capabilities.contains(.uidPlus) else { throw IMAPError.unsupported("MOVE or UIDPLUS") }
            let copied = try await execute(.uidCopy(uids, destination))
            try await execute(.uidStore(uids, .add, [.deleted], silent: true, unchangedSince: nil))
            try await execute(.uidExpunge(uids))
            return Self.copyResult(copied.text.code)
        }
    }

    /// Marks the messages `\Deleted` and expunges exactly them (UID EXPUNGE, UIDPLUS).
    public func expungeMessages(in mailbox: MailboxName, uids: SequenceSet) async throws {
        try await exclusive {
            _ = try await ensureSelected(mailbox, readOnly: false)
            guard capabilities.contains(.uidPlus) else { throw IMAPError.unsupported("UIDPLUS (UID EXPUNGE)") }
            try await syncViewIfUnknown(uids)
            try await execute(.uidStore(uids, .add, [.deleted], silent: true, unchangedSince: nil))
            try await execute(.uidExpunge(uids))
        }
    }

    static func copyResult(_ code: ResponseCode?) -> CopyResult {
        guard case .copyUID(let validity, let source, let destination) = code else {
            return CopyResult(uidValidity: nil, uidMapping: [:])
        }
        let sources = source.numbers(limit: 100_000)
        let destinations = destination.numbers(limit: 100_000)
        var mapping: [UInt32: UInt32] = [:]
        for (from, to) in zip(sources, destinations) { mapping[from] = to }
        return CopyResult(uidValidity: validity, uidMapping: mapping)
    }

    // MARK: Append

    /// APPEND a message (e.g. to Sent or Drafts); returns its UID when the server supports UIDPLUS.
    @discardableResult
    public func append(
        _ message: [UInt8], to mailbox: MailboxName, flags: [Flag] = [], internalDate: InternalDate? = nil
    ) async throws -> AppendResult {
        try await exclusive {
            let tagged = try await execute(.append(mailbox, flags: flags, date: internalDate, message: message))
            if case .appendUID(let validity, let uids) = tagged.text.code {
                return AppendResult(uidValidity: validity, uid: uids.numbers(limit: 1).first)
            }
            return AppendResult(uidValidity: nil, uid: nil)
        }
    }

    // MARK: Search and sort

    /// UID SEARCH; non-ASCII terms are sent with `CHARSET UTF-8`. Returns UIDs ascending.
    ///
    /// The answer covers the mailbox as it is when the command runs: a SEARCH answers from the
    /// session's view, which takes in new mail at the end of the command, so when that reports
    /// more messages it is asked once more (as ``fetchSummaries(in:uids:)`` does).
    public func search(in mailbox: MailboxName, _ criteria: SearchKey) async throws -> [UInt32] {
        try await exclusive {
            _ = try await ensureSelected(mailbox, readOnly: true)
            let known = selectedMailbox?.exists
            let uids = try await searchLocked(criteria)
            return reportedNewMail(since: known) ? try await searchLocked(criteria) : uids
        }
    }

    func searchLocked(_ criteria: SearchKey) async throws -> [UInt32] {
        let charset = criteria.needsUTF8 ? "UTF-8" : nil
        let useESearch = capabilities.contains(.eSearch)
        var uids: [UInt32] = []
        try await execute(.uidSearch(criteria, charset: charset, returnOptions: useESearch ? ["ALL"] : [])) {
            untagged in
            switch untagged {
            case .search(let numbers, _): uids.append(contentsOf: numbers)
            case .extendedSearch(let response):
                uids.append(contentsOf: response.all?.numbers(limit: 10_000_000) ?? [])
            default: break
            }
        }
        return uids.sorted()
    }

    /// UID SORT (RFC 5256) with `CHARSET UTF-8`; returns UIDs in the server's order.
    public func sort(in mailbox: MailboxName, _ keys: [SortKey], criteria: SearchKey = .all) async throws -> [UInt32] {
        try await exclusive {
            _ = try await ensureSelected(mailbox, readOnly: true)
            guard capabilities.contains(.sort) else { throw IMAPError.unsupported("SORT") }
            return try await sortLocked(keys, criteria: criteria)
        }
    }

    func sortLocked(_ keys: [SortKey], criteria: SearchKey) async throws -> [UInt32] {
        var uids: [UInt32] = []
        try await execute(.uidSort(keys, charset: "UTF-8", criteria)) { untagged in
            if case .sort(let numbers, _) = untagged { uids.append(contentsOf: numbers) }
        }
        return uids
    }
}
