import Foundation
import Hummingbird
import MIME
import NIOCore

/// The address book's files and the company directory: `POST /contacts/import` (a vCard or CSV
/// file in the form field `file`, at most 5 MB), `GET /contacts/export?format=vcf|csv` (the whole
/// address book as a download) and `GET /contacts/directory` (회사 주소록, read-only, searchable).
struct ContactFilesController {
    let contacts: ContactStore
    let directory: CompanyDirectory

    func addRoutes(to group: RouterGroup<WebmailRequestContext>) {
        group.post("import", use: importFile)
        group.get("export", use: export)
        group.get("directory", use: listDirectory)
    }

    static var fileTooLarge: APIError {
        APIError(.contentTooLarge, "파일이 너무 큽니다 (최대 \(UploadController.sizeText(ContactImporter.maxFileBytes)))", code: .fileTooLarge)
    }

    func importFile(_ request: Request, context: WebmailRequestContext) async throws -> ContactImporter.Report {
        let session = try context.requireSession()
        guard let media = MediaType(from: request.headers[.contentType] ?? ""), media.isType(.multipartForm),
              let boundary = media.parameter?.value, media.parameter?.name.lowercased() == "boundary", !boundary.isEmpty else {
            throw APIError.invalidForm("multipart/form-data 형식으로 file 필드에 주소록 파일을 보내세요")
        }
        let limit = ContactImporter.maxFileBytes + UploadFormReader.framingAllowance
        if let length = request.headers[.contentLength].flatMap(Int.init), length > limit { throw Self.fileTooLarge }
        let body: ByteBuffer
        do { body = try await request.body.collect(upTo: limit) } catch is NIOTooManyBytesError { throw Self.fileTooLarge }
        let file = try Self.filePart(Array(body.readableBytesView), boundary: boundary)
        guard file.count <= ContactImporter.maxFileBytes else { throw Self.fileTooLarge }
        let entries: [ImportedContact]
        do { entries = try await ContactImporter.parse(file) } catch ContactImporter.Failure.unrecognized {
            throw APIError.badRequest("vCard(.vcf) 또는 CSV(Outlook, Gmail, 네이버) 주소록 파일이 아닙니다", code: .importUnrecognized)
        }
        return try await ContactImporter(contacts: contacts).run(entries, owner: session.email)
    }

    /// The bytes of the form's `file` part.
    static func filePart(_ body: [UInt8], boundary: String) throws -> [UInt8] {
        var parser: FormDataParser
        do { parser = try FormDataParser(boundary: boundary) } catch { throw APIError.invalidForm("multipart 경계(boundary)가 올바르지 않습니다") }
        var file: [UInt8]?, inFile = false
        do {
            try parser.feed(body) { event in
                switch event {
                case .partBegin(let headers):
                    let disposition = HeaderParameters(parsing: headers.first { $0.name == "content-disposition" }?.value ?? "")
                    inFile = disposition["name"] == UploadFormReader.fieldName && file == nil
                    if inFile { file = [] }
                case .body(let bytes): if inFile { file?.append(contentsOf: bytes) }
                case .partEnd: inFile = false
                }
            }
            try parser.finish()
        } catch {
            throw APIError.invalidForm()
        }
        guard let file else { throw APIError.invalidForm("\(UploadFormReader.fieldName) 필드(파일)가 없습니다") }
        return file
    }

    func export(_ request: Request, context: WebmailRequestContext) async throws -> Response {
        let session = try context.requireSession()
        let format = request.uri.formQuery.get("format") ?? "vcf"
        guard format == "vcf" || format == "csv" else { throw APIError.badRequest("format must be vcf or csv", code: .invalidParameter) }
        let all = try await contacts.candidates(owner: session.email, query: "", group: nil)
        let groupNames = Dictionary(try await contacts.groups(owner: session.email).map { ($0.id, $0.name) }) { first, _ in first }
        let text = try await OffLoopWork.run {
            format == "csv" ? ContactCSVWriter.write(all, groupNames: groupNames) : VCardWriter.write(all, groupNames: groupNames)
        }
        var headers: HTTPFields = [:]
        headers[.contentType] = format == "csv" ? "text/csv; charset=utf-8" : "text/vcard; charset=utf-8"
        headers[.contentDisposition] = DownloadHeaders.contentDisposition(filename: "주소록.\(format)")
        headers[.cacheControl] = "private, no-store"
        headers[.xContentTypeOptions] = "nosniff"
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }

    struct DirectoryEntry: Encodable, Sendable {
        let name, email, department, title, phone: String
    }

    struct DirectoryPage: ResponseEncodable, Sendable {
        let entries: [DirectoryEntry]
        let total, page: Int
        let pageSize: Int
        enum CodingKeys: String, CodingKey { case entries, total, page, pageSize = "page_size" }
    }

    func listDirectory(_ request: Request, context: WebmailRequestContext) async throws -> DirectoryPage {
        _ = try context.requireSession()
        let query = request.uri.formQuery
        let page = try ContactsController.page(query.get("page"))
        let text = try ContactsController.searchText(query.get("q")).trimmingCharacters(in: .whitespaces)
        let directory = self.directory
        let found = text.isEmpty ? directory.entries : try await OffLoopWork.run { directory.matching(text) }
        let start = (page - 1) * ContactStore.pageSize
        let slice = start < found.count ? found[start..<min(found.count, start + ContactStore.pageSize)] : []
        return DirectoryPage(entries: slice.map { DirectoryEntry(name: $0.name, email: $0.email, department: $0.department, title: $0.title, phone: $0.phone) },
                             total: found.count, page: page, pageSize: ContactStore.pageSize)
    }
}
