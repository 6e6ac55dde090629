import Testing
@testable import Webmail

@Test func moduleLinks() {
    #expect(!"Webmail".isEmpty)
}
