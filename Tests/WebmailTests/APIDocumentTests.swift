import Foundation
import Hummingbird
import Testing
@testable import Webmail

/// docs/api.yaml and the router must describe the same routes: a route the document lacks, or a
/// documented route that does not exist, fails this test.
@Suite struct APIDocumentTests {
    // Symlinks resolved: a dev package may link Tests/WebmailTests into the repository.
    static let document = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("docs/api.yaml")

    /// `METHOD /path` for every operation in the document (paths are the keys indented two
    /// spaces under `paths:`, methods the keys indented four spaces under a path).
    static func documentedRoutes() throws -> Set<String> {
        let text = try String(contentsOf: document, encoding: .utf8)
        var routes = Set<String>()
        var inPaths = false
        var currentPath: String?
        let methods: Set<String> = ["get", "post", "put", "patch", "delete", "head", "options"]
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if !line.hasPrefix(" "), !line.isEmpty { inPaths = line.hasPrefix("paths:"); currentPath = nil; continue }
            guard inPaths else { continue }
            if line.hasPrefix("  /"), line.hasSuffix(":") {
                currentPath = String(line.dropFirst(2).dropLast())
            } else if line.hasPrefix("    "), !line.hasPrefix("     "), let path = currentPath {
                let key = line.trimmingCharacters(in: .whitespaces).split(separator: ":").first.map(String.init) ?? ""
                if methods.contains(key) { routes.insert("\(key.uppercased()) \(path)") }
            }
        }
        return routes
    }

    /// Every route of the router as `METHOD /path`, including the `/api` twins.
    static func allRouterRoutes() async throws -> Set<String> {
        let state = try TemporaryDirectory()
        let services = try await makeServices(
            configuration: makeTestConfiguration(stateDir: state.path),
            dependencies: .init(loginVerifier: FakeLoginVerifier(), imapProbe: { true }, smtpProbe: { true }),
            logger: .init(label: "test"))
        var routes = Set<String>()
        for route in buildRouter(services).routes {
            // `:uid` → `{uid}`, the OpenAPI spelling.
            let path = route.path.description.split(separator: "/").map { $0.hasPrefix(":") ? "{\($0.dropFirst())}" : String($0) }
            routes.insert("\(route.method.rawValue) /" + path.joined(separator: "/"))
        }
        return routes
    }

    @Test func everyRouteIsDocumentedAndEveryDocumentedRouteExists() async throws {
        let documented = try Self.documentedRoutes()
        let served = try await Self.allRouterRoutes().filter { !$0.contains(" /api/") }
        #expect(!served.isEmpty)
        #expect(served.subtracting(documented).sorted() == [], "routes missing from docs/api.yaml")
        #expect(documented.subtracting(served).sorted() == [], "documented routes that do not exist")
    }

    @Test func everyRouteAlsoAnswersUnderAPI() async throws {
        let all = try await Self.allRouterRoutes()
        for route in all where !route.contains(" /api/") {
            let parts = route.split(separator: " ", maxSplits: 1)
            #expect(all.contains("\(parts[0]) /api\(parts[1])"), "\(route) has no /api twin")
        }
    }
}
