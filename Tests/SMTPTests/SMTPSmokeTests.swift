import Testing
@testable import SMTP

@Test func moduleLinks() {
    #expect(!"SMTP".isEmpty)
}
