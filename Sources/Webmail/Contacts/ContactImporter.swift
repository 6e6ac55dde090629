import Foundation
import Hummingbird

/// Brings an import file's contacts into a user's address book. A contact sharing an address
/// (case-insensitive) with one already there, or with one earlier in the file, is merged into
/// it: new addresses, phones and groups added, empty fields filled, nothing overwritten. Groups
/// are found by name (case-insensitive) or made.
struct ContactImporter: Sendable {
    let contacts: ContactStore

    /// Import files are read whole: at most this many bytes.
    static let maxFileBytes = 5 * 1024 * 1024

    struct Report: Sendable, Equatable, ResponseEncodable {
        struct Skipped: Sendable, Equatable, Codable {
            let line: Int
            let reason: String
        }
        var imported = 0
        var merged = 0
        var skipped: [Skipped] = []
    }

    enum Failure: Error, Equatable {
        /// Neither vCard nor a CSV with a header we know.
        case unrecognized
    }

    /// The file's contacts (vCard when it opens a card, else CSV), parsed off the event loop.
    static func parse(_ bytes: [UInt8]) async throws -> [ImportedContact] {
        let parsed: [ImportedContact]? = try await OffLoopWork.run {
            let text = ImportFileText.decode(bytes)
            return VCardReader.recognizes(text) ? VCardReader.read(text) : ContactCSVReader.read(text)
        }
        guard let parsed else { throw Failure.unrecognized }
        return parsed
    }

    /// Merges and checks every entry in memory, then writes the outcome in a few transactions
    /// (`ContactStore.save`, a thousand contacts each): 10,000 contacts are seconds, not minutes.
    func run(_ entries: [ImportedContact], owner: String, now: Date = Date()) async throws -> Report {
        var report = Report()
        var byID: [String: Contact] = [:], idByAddress: [String: String] = [:]
        for contact in try await contacts.candidates(owner: owner, query: "", group: nil) {
            byID[contact.id] = contact
            for email in contact.emails where idByAddress[email.lowercased()] == nil { idByAddress[email.lowercased()] = contact.id }
        }
        let existing = Set(byID.keys)
        var groupIDs = Dictionary(try await contacts.groupNames(owner: owner).map { ($0.name.lowercased(), $0.id) }) { first, _ in first }
        var changed: [Contact] = [], changedIndex: [String: Int] = [:]

        for raw in entries {
            var entry = raw.cleaned
            let invalid = entry.emails.filter { !ContactFields.isAddress($0) }
            for address in invalid {
                report.skipped.append(.init(line: entry.line, reason: "전자 메일 주소가 아닙니다: \(address.prefix(100))"))
            }
            entry.emails.removeAll { !ContactFields.isAddress($0) }
            guard !entry.name.isEmpty || !entry.emails.isEmpty else {
                if invalid.isEmpty { report.skipped.append(.init(line: entry.line, reason: "이름도 전자 메일 주소도 없습니다")) }
                continue
            }
            do {
                var groups: [String] = []
                for name in entry.groups {
                    if let id = groupIDs[name.lowercased()] { groups.append(id); continue }
                    let made = try await contacts.createGroup(named: name, owner: owner)
                    groupIDs[name.lowercased()] = made.id
                    groups.append(made.id)
                }
                var saved: Contact
                if let id = entry.emails.lazy.compactMap({ idByAddress[$0.lowercased()] }).first, let found = byID[id] {
                    saved = found
                    try Self.merged(entry, groups: groups, into: found).apply(to: &saved)
                    saved.updatedAt = ContactStore.timestamp(now)
                    report.merged += 1
                } else {
                    guard byID.count < ContactStore.maxContacts else {
                        throw ContactFields.invalid("the address book is full (\(ContactStore.maxContacts) contacts)")
                    }
                    saved = ContactStore.blank(now: now)
                    try Self.fields(entry, groups: groups).apply(to: &saved)
                    report.imported += 1
                }
                byID[saved.id] = saved
                if let index = changedIndex[saved.id] { changed[index] = saved } else {
                    changedIndex[saved.id] = changed.count
                    changed.append(saved)
                }
                for email in saved.emails where idByAddress[email.lowercased()] == nil { idByAddress[email.lowercased()] = saved.id }
            } catch let error as APIError where error.status == .badRequest || error.status == .conflict {
                report.skipped.append(.init(line: entry.line, reason: error.detail))
            }
        }
        try await contacts.save(changed, replacing: existing, owner: owner)
        return report
    }

    static func fields(_ entry: ImportedContact, groups: [String]) -> ContactFields {
        ContactFields(name: entry.name, emails: entry.emails, phones: entry.phones, company: entry.company, department: entry.department,
                      title: entry.title, memo: entry.memo, groups: groups)
    }

    /// The existing contact with what the entry adds: lists extended (case-insensitive), empty
    /// fields filled.
    static func merged(_ entry: ImportedContact, groups: [String], into existing: Contact) -> ContactFields {
        func union(_ old: [String], _ new: [String]) -> [String] {
            var seen = Set(old.map { $0.lowercased() })
            return old + new.filter { seen.insert($0.lowercased()).inserted }
        }
        func filled(_ old: String, _ new: String) -> String { old.isEmpty ? new : old }
        return ContactFields(name: filled(existing.name, entry.name), emails: union(existing.emails, entry.emails),
                             phones: union(existing.phones, entry.phones), company: filled(existing.company, entry.company),
                             department: filled(existing.department, entry.department), title: filled(existing.title, entry.title),
                             memo: filled(existing.memo, entry.memo), groups: union(existing.groups, groups))
    }
}
