import Foundation
import IMAP
import Testing
@testable import Webmail

/// The rules of 수신확인 that need no mail server (issue 33): the per-user allowance of lookups,
/// how copies become a status, which folders a lookup searches, which messages are the sender's own.
@Suite struct ReceiptRulesTests {
    @Test func theAllowanceRefusesWithTheSecondsToWaitAndRefillsAfterTheWindow() {
        let limiter = ReceiptRateLimiter(limit: 5, window: 60)
        let start = Date(timeIntervalSince1970: 1_000_000)
        #expect(limiter.take(3, for: "a", now: start) == nil)
        #expect(limiter.take(2, for: "a", now: start.addingTimeInterval(10)) == nil)
        let wait = limiter.take(1, for: "a", now: start.addingTimeInterval(20))
        #expect(wait == 40)
        #expect(limiter.take(5, for: "b", now: start.addingTimeInterval(20)) == nil, "per user")
        #expect(limiter.take(3, for: "a", now: start.addingTimeInterval(61)) == nil, "the first three left the window")
        #expect(limiter.take(6, for: "c", now: start) != nil, "more than the whole allowance at once")
    }

    @Test func copiesBecomeAStatus() {
        let inbox = RecipientCopy(mailbox: .inbox, uid: 1, seen: false, inTrash: false)
        let read = RecipientCopy(mailbox: MailboxName("Projects"), uid: 2, seen: true, inTrash: false)
        let trashed = RecipientCopy(mailbox: MailboxName("Trash"), uid: 3, seen: true, inTrash: true)
        #expect(ReceiptService.status([inbox], seenBefore: false) == .unread)
        #expect(ReceiptService.status([inbox, read], seenBefore: false) == .read)
        #expect(ReceiptService.status([trashed], seenBefore: false) == .deleted)
        #expect(ReceiptService.status([trashed, inbox], seenBefore: true) == .unread)
        #expect(ReceiptService.status([], seenBefore: true) == .deleted)
        #expect(ReceiptService.status([], seenBefore: false) == .notFound)
    }

    @Test func aLookupSearchesInboxJunkTrashFirstNeverSentOrDraftsAtMostTwenty() {
        var infos = [
            MailboxInfo(name: MailboxName("Sent"), delimiter: "/", attributes: [.sent]),
            MailboxInfo(name: MailboxName("Projects"), delimiter: "/", attributes: []),
            MailboxInfo(name: MailboxName("Trash"), delimiter: "/", attributes: [.trash]),
            MailboxInfo(name: MailboxName("Drafts"), delimiter: "/", attributes: [.drafts]),
            MailboxInfo(name: MailboxName("Parent"), delimiter: "/", attributes: [.noSelect]),
            MailboxInfo(name: MailboxName("Junk"), delimiter: "/", attributes: [.junk]),
            MailboxInfo(name: .inbox, delimiter: "/", attributes: []),
        ]
        let order = RecipientMailboxes.searchOrder(infos).map(\.0.displayName)
        #expect(order == ["INBOX", "Junk", "Trash", "Projects"])
        infos += (1...30).map { MailboxInfo(name: MailboxName("F\($0)"), delimiter: "/", attributes: []) }
        #expect(RecipientMailboxes.searchOrder(infos).count == RecipientMailboxes.folderLimit)
    }

    @Test func onlyPlainAddressesOfTheOwnDomainsAreLookedUp() {
        let domains: Set<String> = ["zioinfo.co.kr"]
        #expect(ReceiptService.isInternal("info@zioinfo.co.kr", domains: domains))
        #expect(!ReceiptService.isInternal("partner@example.com", domains: domains))
        #expect(!ReceiptService.isInternal("a*webmail-master@zioinfo.co.kr", domains: domains))
        #expect(!ReceiptService.isInternal("a b@zioinfo.co.kr", domains: domains))
    }

    @Test func aMessageIDMustLookLikeOne() {
        #expect(SentMessage.isUsableMessageID("<a.b@zioinfo.co.kr>"))
        #expect(!SentMessage.isUsableMessageID("no-brackets@x"))
        #expect(!SentMessage.isUsableMessageID("<a b@x>"))
        #expect(!SentMessage.isUsableMessageID("<a\r\n@x>"))
    }
}
