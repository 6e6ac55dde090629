import Foundation
import Hummingbird
import MIME
import NIOCore
import NIOFoundationCompat

/// Reads `POST /mail/uploads` (multipart/form-data with one file field `file`) straight into a
/// file as the body arrives, so memory stays flat whatever the size, and stops reading as soon
/// as the file passes its limit.
struct UploadFormReader {
    /// What was written, described by the form part's own headers.
    struct File {
        var filename: String
        var contentType: String
        var size: Int
    }

    enum Failure: Error {
        /// The file passed `limit` (nothing is kept).
        case tooLarge
        case invalid(String)
    }

    /// The field that carries the file.
    static let fieldName = "file"
    /// Room for the framing and any small text fields around the file.
    static let framingAllowance = 64 * 1024

    /// Writes the file part of `body` to `handle`; throws `.tooLarge` past `limit` bytes.
    static func read(_ body: RequestBody, boundary: String, into handle: FileHandle, limit: Int) async throws -> File {
        let sink = Sink(handle: handle, limit: limit)
        var parser: FormDataParser
        do { parser = try FormDataParser(boundary: boundary) } catch { throw Failure.invalid("multipart 경계(boundary)가 올바르지 않습니다") }
        var received = 0
        for try await chunk in body {
            received += chunk.readableBytes
            guard received <= limit + framingAllowance else { throw Failure.tooLarge }
            do {
                try parser.feed(chunk.readableBytesView) { event in
                    switch event {
                    case .partBegin(let headers): sink.begin(headers)
                    case .body(let bytes): sink.body(bytes)
                    case .partEnd: sink.partComplete()
                    }
                }
            } catch {
                throw Failure.invalid("multipart 본문이 올바르지 않습니다")
            }
            if let failure = sink.failure { throw failure }
        }
        do { try parser.finish() } catch { throw Failure.invalid("multipart 본문이 올바르지 않습니다") }
        if let failure = sink.failure { throw failure }
        guard let file = sink.file else { throw Failure.invalid("\(fieldName) 필드(파일)가 없습니다") }
        return file
    }

    /// The parser's callbacks write here; one request's parse runs on one task, in order.
    private final class Sink {
        let handle: FileHandle
        let limit: Int
        var headers: [String: String] = [:]
        /// The part being read: nil until its headers are known.
        var current: Disposition?
        var written = 0
        var otherBytes = 0
        var file: File?
        var failure: Failure?

        enum Disposition { case file(filename: String, contentType: String), other }

        init(handle: FileHandle, limit: Int) {
            self.handle = handle
            self.limit = limit
        }

        func begin(_ fields: [FormDataParser.Header]) {
            headers = Dictionary(fields.map { ($0.name, $0.value) }) { _, last in last }
            current = nil
        }

        /// Decides what the part is from its headers (a file part may have no body at all).
        func classify() -> Disposition {
            if let current { return current }
            let disposition = HeaderParameters(parsing: headers["content-disposition"] ?? "")
            let kind: Disposition
            if disposition["name"] == UploadFormReader.fieldName, let filename = disposition["filename"] {
                if file != nil { failure = .invalid("파일은 요청마다 하나만 올릴 수 있습니다") }
                let type = headers["content-type"].flatMap { ContentType(parsing: $0)?.mimeType } ?? "application/octet-stream"
                kind = .file(filename: filename, contentType: type)
            } else {
                kind = .other
            }
            current = kind
            return kind
        }

        func body(_ chunk: ArraySlice<UInt8>) {
            guard failure == nil else { return }
            switch classify() {
            case .file:
                written += chunk.count
                guard written <= limit else { failure = .tooLarge; return }
                do { try handle.write(contentsOf: chunk) } catch { failure = .invalid("파일을 저장하지 못했습니다") }
            case .other:
                otherBytes += chunk.count
                if otherBytes > UploadFormReader.framingAllowance { failure = .invalid("텍스트 필드가 너무 큽니다") }
            }
        }

        func partComplete() {
            if failure == nil, case .file(let filename, let contentType) = classify() {
                file = File(filename: filename, contentType: contentType, size: written)
            }
            headers = [:]
            current = nil
        }
    }
}
