import Testing
@testable import IMAP

@Test func moduleLinks() {
    #expect(!"IMAP".isEmpty)
}
