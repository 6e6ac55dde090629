import Foundation
import Hummingbird
import NIOConcurrencyHelpers
import NIOFoundationCompat

/// Serves the built SPA from `ZM_STATIC_DIR` for every request no route answered:
/// - an existing file → its bytes with the right type, gzip when the client accepts it and the
///   type is text, `Cache-Control: immutable` for content-hashed names (esbuild's `name-HASH.ext`);
/// - `index.html` is never cached, so a deploy is picked up at once;
/// - unknown paths under `/auth`, `/mail`, `/api` (and `/health`, `/metrics`) stay a 404 JSON error;
/// - any other unknown path gets `index.html`, so client-side routes survive a reload.
public struct SinglePageAppMiddleware<Context: RequestContext>: RouterMiddleware {
    static var apiPrefixes: [String] { ["/auth", "/mail", "/api", "/health", "/metrics"] }
    /// Files above this are streamed as they are rather than compressed in memory.
    static var largestCompressedFile: Int { 8 * 1024 * 1024 }

    let root: URL
    let fileIO: FileIO
    let gzipCache = GzipCache()

    public init(staticDir: String) {
        self.root = URL(fileURLWithPath: staticDir, isDirectory: true).standardizedFileURL
        self.fileIO = FileIO()
    }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as HTTPError where error.status == .notFound {
            guard request.method == .get || request.method == .head else { throw error }
            let path = request.uri.path
            if Self.isAPIPath(path) { throw error }
            if let file = resolve(path) {
                return try await serve(file, request: request, context: context)
            }
            let index = root.appendingPathComponent("index.html")
            guard FileManager.default.isReadableFile(atPath: index.path) else { throw error }
            return try await serve(index, request: request, context: context)
        }
    }

    static func isAPIPath(_ path: String) -> Bool {
        apiPrefixes.contains { path == $0 || path.hasPrefix($0 + "/") }
    }

    /// The file under `root` for a URL path, or nil. Percent-decoded, and `..` can never leave root.
    func resolve(_ urlPath: String) -> URL? {
        guard let decoded = urlPath.removingPercentEncoding, !decoded.contains("\0") else { return nil }
        let relative = decoded == "/" ? "index.html" : String(decoded.drop { $0 == "/" })
        let candidate = root.appendingPathComponent(relative).standardizedFileURL
        guard candidate.path.hasPrefix(root.path + "/") else { return nil }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: candidate.path, isDirectory: &isDirectory) else { return nil }
        if isDirectory.boolValue {
            let index = candidate.appendingPathComponent("index.html")
            return FileManager.default.isReadableFile(atPath: index.path) ? index : nil
        }
        return candidate
    }

    func serve(_ file: URL, request: Request, context: Context) async throws -> Response {
        let attributes = try FileManager.default.attributesOfItem(atPath: file.path)
        let size = (attributes[.size] as? NSNumber)?.intValue ?? 0
        let modified = (attributes[.modificationDate] as? Date) ?? Date(timeIntervalSince1970: 0)
        let ext = file.pathExtension.lowercased()
        let mediaType = MediaType.getMediaType(forExtension: ext) ?? MediaType(type: .application, subType: "octet-stream")
        var headers: HTTPFields = [:]
        headers[.contentType] = Self.isText(ext) ? "\(mediaType); charset=utf-8" : mediaType.description
        headers[.cacheControl] = Self.cacheControl(for: file.lastPathComponent)
        headers[.vary] = "Accept-Encoding"

        let acceptsGzip = request.headers[.acceptEncoding]?.lowercased().contains("gzip") ?? false
        if acceptsGzip, Self.isText(ext), size > 256, size <= Self.largestCompressedFile,
           let compressed = try gzipCache.compressed(file: file, size: size, modified: modified) {
            headers[.contentEncoding] = "gzip"
            headers[.contentLength] = String(compressed.readableBytes)
            let body: ResponseBody = request.method == .head ? .init() : .init(byteBuffer: compressed)
            return Response(status: .ok, headers: headers, body: body)
        }
        headers[.contentLength] = String(size)
        if request.method == .head { return Response(status: .ok, headers: headers, body: .init()) }
        let body = try await fileIO.loadFile(path: file.path, context: context)
        return Response(status: .ok, headers: headers, body: body)
    }

    static func isText(_ ext: String) -> Bool {
        ["html", "htm", "js", "mjs", "css", "json", "svg", "txt", "map", "xml", "webmanifest"].contains(ext)
    }

    static func cacheControl(for fileName: String) -> String {
        if fileName == "index.html" { return "no-store" }
        return isContentHashed(fileName) ? "public, max-age=31536000, immutable" : "no-cache"
    }

    /// esbuild and most bundlers name outputs `name-HASH.ext` or `name.HASH.ext` with a hash of
    /// at least 8 letters/digits; such a file never changes, so it may be cached forever.
    static func isContentHashed(_ fileName: String) -> Bool {
        let stem = fileName.split(separator: ".", omittingEmptySubsequences: false).dropLast().joined(separator: ".")
        guard let separator = stem.lastIndex(where: { $0 == "-" || $0 == "." }) else { return false }
        let hash = stem[stem.index(after: separator)...]
        return hash.count >= 8 && hash.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) }
            && hash.contains { $0.isNumber || $0.isUppercase }
    }
}

/// Compressed SPA files, kept until the file's size or modification time changes.
final class GzipCache: Sendable {
    private struct Entry { let size: Int; let modified: Date; let bytes: ByteBuffer }
    private let entries = NIOLockedValueBox<[String: Entry]>([:])

    func compressed(file: URL, size: Int, modified: Date) throws -> ByteBuffer? {
        if let entry = entries.withLockedValue({ $0[file.path] }), entry.size == size, entry.modified == modified {
            return entry.bytes
        }
        // Bounded by `largestCompressedFile` and done once per file version.
        let original = ByteBuffer(bytes: try Data(contentsOf: file))
        guard let compressed = Gzip.compress(original), compressed.readableBytes < original.readableBytes else { return nil }
        entries.withLockedValue { $0[file.path] = Entry(size: size, modified: modified, bytes: compressed) }
        return compressed
    }
}
