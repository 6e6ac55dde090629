import MIME

/// One fuzz input for the address-book import readers (POST /contacts/import): the bytes of an
/// uploaded file, decoded (UTF-8 or CP949) and read as vCard or CSV as the route does. The
/// readers are symlinked here from Sources/Webmail/Contacts (they need only Foundation and MIME).
/// Besides crashes, traps and sanitizer reports, a finding is a contact whose line is outside
/// the file or that `cleaned` leaves with a control character.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzContactFile(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    let text = ImportFileText.decode(bytes)
    let contacts = VCardReader.recognizes(text) ? VCardReader.read(text) : ContactCSVReader.read(text) ?? []
    let lines = bytes.count(where: { $0 == 0x0A }) + 1
    for contact in contacts {
        precondition(contact.line >= 1 && contact.line <= lines, "line \(contact.line) of \(lines)")
        let cleaned = contact.cleaned
        for field in [cleaned.name, cleaned.company, cleaned.department, cleaned.title] + cleaned.emails + cleaned.phones + cleaned.groups {
            precondition(!field.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F }, "control character left in \(field.debugDescription)")
        }
    }
    return 0
}
