import Foundation
import Hummingbird
import ManageSieve
import MIME

/// `GET|PUT /settings/filters` (필터), `GET|PUT /settings/vacation` (부재중 자동응답) and
/// `GET|PUT /settings/sieve/raw` (the active script as text, for advanced users), all over
/// ManageSieve with the user's own credentials, one session per request.
struct SieveSettingsController {
    let access: SieveAccess

    func addRoutes(to group: RouterGroup<WebmailRequestContext>) {
        group.get("filters", use: filters)
        group.put("filters", use: saveFilters)
        group.get("vacation", use: vacation)
        group.put("vacation", use: saveVacation)
        group.get("sieve/raw", use: raw)
        group.put("sieve/raw", use: saveRaw)
    }

    /// What the pages show: our rules, and when another program's script is active, that script
    /// (read-only: the rules here are then not in effect).
    struct FiltersResponse: ResponseEncodable {
        let filters: [MailFilter]
        let editable: Bool
        let foreign: ForeignScript?
    }

    struct VacationResponse: ResponseEncodable {
        let vacation: VacationSettings
        let editable: Bool
        let foreign: ForeignScript?

        func encode(to encoder: any Encoder) throws {
            try vacation.encode(to: encoder)
            var container = encoder.container(keyedBy: Keys.self)
            try container.encode(editable, forKey: .editable)
            try container.encodeIfPresent(foreign, forKey: .foreign)
        }

        enum Keys: String, CodingKey { case editable, foreign }
    }

    struct ForeignScript: Codable, Sendable {
        let name: String
        let script: String
    }

    struct FiltersRequest: Decodable {
        let filters: [MailFilter]
        let replaceForeign: Bool?

        enum CodingKeys: String, CodingKey {
            case filters
            case replaceForeign = "replace_foreign"
        }
    }

    struct VacationRequest: Decodable {
        let vacation: VacationSettings
        let replaceForeign: Bool?

        init(from decoder: any Decoder) throws {
            vacation = try VacationSettings(from: decoder)
            let container = try decoder.container(keyedBy: FiltersRequest.CodingKeys.self)
            replaceForeign = try container.decodeIfPresent(Bool.self, forKey: .replaceForeign)
        }
    }

    struct RawScript: ResponseCodable {
        /// The active script's name; nil when none is active.
        var name: String?
        var script: String
        /// Whether it is the webmail's own script (then the filter pages edit it).
        var ours: Bool?
    }

    func filters(_ request: Request, context: WebmailRequestContext) async throws -> FiltersResponse {
        let session = try context.requireSession()
        return try await access.withConnection(session) { connection in
            Self.filtersResponse(try await SieveAccount.load(connection))
        }
    }

    func saveFilters(_ request: Request, context: WebmailRequestContext) async throws -> FiltersResponse {
        let session = try context.requireSession()
        let body = try await Self.decode(FiltersRequest.self, request, context)
        return Self.filtersResponse(try await update(session, replaceForeign: body.replaceForeign) { $0.filters = body.filters })
    }

    func vacation(_ request: Request, context: WebmailRequestContext) async throws -> VacationResponse {
        let session = try context.requireSession()
        return try await access.withConnection(session) { connection in
            Self.vacationResponse(try await SieveAccount.load(connection))
        }
    }

    func saveVacation(_ request: Request, context: WebmailRequestContext) async throws -> VacationResponse {
        let session = try context.requireSession()
        let body = try await Self.decode(VacationRequest.self, request, context)
        var vacation = body.vacation
        if let html = vacation.html {
            guard html.count <= SieveScriptBuilder.maximumReplyHTML else {
                throw APIError.badRequest("vacation.html: HTML 내용은 \(SieveScriptBuilder.maximumReplyHTML)자 이하로 적어 주세요", code: .invalidSieveRules)
            }
            // The HTML sent is the server's own allow-list's, and its text alternative is made from that.
            let reply = try await OffLoopWork.run { () -> (html: String, text: String) in
                let document = OutgoingHTMLSanitizer.sanitize(html, contentIDDomain: "vacation.invalid").html
                return (VacationMIMEBody.bodyFragment(ofDocument: document), HTMLPlainText.render(document))
            }
            vacation.html = reply.html
            vacation.body = reply.text
        }
        return Self.vacationResponse(try await update(session, replaceForeign: body.replaceForeign) { [vacation] in $0.vacation = vacation })
    }

    /// Reads our rules, changes them, writes the script and reads the account back.
    private func update(_ session: Session, replaceForeign: Bool?, _ change: (inout SieveRules) -> Void) async throws -> SieveAccount {
        try await access.withConnection(session) { connection in
            let account = try await SieveAccount.load(connection)
            var rules = account.rules
            change(&rules)
            try await SieveAccount.save(rules, over: account, replaceForeign: replaceForeign ?? false, connection: connection)
            return try await SieveAccount.load(connection)
        }
    }

    func raw(_ request: Request, context: WebmailRequestContext) async throws -> RawScript {
        let session = try context.requireSession()
        return try await access.withConnection(session) { connection in
            let account = try await SieveAccount.load(connection)
            guard let active = account.active else { return RawScript(name: nil, script: "", ours: false) }
            return RawScript(name: active.name, script: active.script, ours: !account.foreignIsActive)
        }
    }

    /// Compiled by the server first (CHECKSCRIPT): a script with errors is refused with the
    /// compiler's messages and nothing changes. Saved under the active script's name (or ours).
    func saveRaw(_ request: Request, context: WebmailRequestContext) async throws -> RawScript {
        let session = try context.requireSession()
        let body = try await Self.decode(RawScript.self, request, context)
        guard body.script.utf8.count <= 512 * 1024 else {
            throw APIError(.contentTooLarge, "스크립트는 512KB까지입니다", code: .payloadTooLarge)
        }
        return try await access.withConnection(session) { connection in
            do {
                try await connection.checkScript(body.script)
            } catch ManageSieveError.refused(_, _, let reason) {
                throw APIError.badRequest("스크립트 오류: " + Self.compilerMessages(reason), code: .sieveScriptInvalid)
            }
            let account = try await SieveAccount.load(connection)
            let name = account.active?.name ?? SieveScriptBuilder.scriptName
            try await connection.putScript(name, content: body.script)
            if account.active == nil { try await connection.setActive(name) }
            let saved = try await SieveAccount.load(connection)
            return RawScript(name: name, script: saved.active?.script ?? body.script, ours: !saved.foreignIsActive)
        }
    }

    // MARK: - Helpers

    static func filtersResponse(_ account: SieveAccount) -> FiltersResponse {
        let foreign = account.foreignIsActive ? account.active.map { ForeignScript(name: $0.name, script: $0.script) } : nil
        return FiltersResponse(filters: account.rules.filters, editable: foreign == nil, foreign: foreign)
    }

    static func vacationResponse(_ account: SieveAccount) -> VacationResponse {
        let foreign = account.foreignIsActive ? account.active.map { ForeignScript(name: $0.name, script: $0.script) } : nil
        return VacationResponse(vacation: account.rules.vacation ?? .off, editable: foreign == nil, foreign: foreign)
    }

    /// The user's own script's compiler errors are what they need to fix it; kept to printable
    /// text and a bounded length.
    static func compilerMessages(_ reason: String) -> String {
        let lines = reason.split(whereSeparator: \.isNewline).map { line in
            String(String.UnicodeScalarView(line.unicodeScalars.filter { !SieveString.isControl($0) || $0 == "\t" }))
        }
        return String(lines.joined(separator: "\n").prefix(2000))
    }

    static func decode<T: Decodable>(_ type: T.Type, _ request: Request, _ context: WebmailRequestContext) async throws -> T {
        do {
            return try await request.decode(as: type, context: context)
        } catch let error as DecodingError {
            throw APIError.badRequest("본문이 올바르지 않습니다: \(Self.describe(error))", code: .invalidBody)
        } catch let error as APIError {
            throw error
        } catch {
            throw APIError.badRequest("본문이 올바른 JSON이 아닙니다", code: .invalidBody)
        }
    }

    /// The JSON path and what was wrong, never the decoder's own prose.
    private static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined().trimmingCharacters(in: CharacterSet(charactersIn: "."))
        }
        switch error {
        case .keyNotFound(let key, let context): return "\(path(context)).\(key.stringValue) 항목이 없습니다".trimmingCharacters(in: CharacterSet(charactersIn: "."))
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            return "\(path(context)) 값이 올바르지 않습니다"
        @unknown default: return "형식이 올바르지 않습니다"
        }
    }
}
