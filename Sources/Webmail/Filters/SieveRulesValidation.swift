import Foundation

/// The checks behind ``SieveScriptBuilder``: what the UI offers and nothing else, every value
/// within bounds, before any Sieve is written.
extension SieveScriptBuilder {
    static func validate(_ rules: SieveRules) throws(SieveRulesError) {
        guard rules.filters.count <= maximumFilters else {
            throw SieveRulesError(path: "filters", reason: "필터는 \(maximumFilters)개까지 만들 수 있습니다")
        }
        for (index, filter) in rules.filters.enumerated() {
            try validate(filter, path: "filters[\(index)]")
        }
        if let vacation = rules.vacation { try validate(vacation) }
    }

    private static func validate(_ filter: MailFilter, path: String) throws(SieveRulesError) {
        let name = filter.name.trimmingCharacters(in: .whitespaces)
        guard !name.isEmpty else { throw SieveRulesError(path: "\(path).name", reason: "이름을 적어 주세요") }
        _ = try SieveString.quoted(filter.name, path: "\(path).name", maximumLength: 100)
        guard filter.conditions.count <= maximumConditions else {
            throw SieveRulesError(path: "\(path).conditions", reason: "조건은 \(maximumConditions)개까지입니다")
        }
        guard !filter.actions.isEmpty, filter.actions.count <= maximumActions else {
            throw SieveRulesError(path: "\(path).actions", reason: "동작을 1개에서 \(maximumActions)개까지 정해 주세요")
        }
        for (index, condition) in filter.conditions.enumerated() {
            try validate(condition, path: "\(path).conditions[\(index)]")
        }
        for (index, action) in filter.actions.enumerated() {
            try validate(action, path: "\(path).actions[\(index)]")
        }
    }

    private static func validate(_ condition: FilterCondition, path: String) throws(SieveRulesError) {
        switch condition.field {
        case "size":
            guard condition.op == .over || condition.op == .under else {
                throw SieveRulesError(path: "\(path).op", reason: "크기는 over 또는 under로 비교합니다")
            }
            guard condition.value.range(of: "^[0-9]{1,9}[KkMmGg]?$", options: .regularExpression) != nil else {
                throw SieveRulesError(path: "\(path).value", reason: "크기는 숫자와 단위(K, M, G)로 적어 주세요: 500K")
            }
            return
        case "from", "to", "cc", "subject":
            break
        default:
            guard condition.field.hasPrefix("header:"), isHeaderName(condition.field.dropFirst("header:".count)) else {
                throw SieveRulesError(path: "\(path).field", reason: "from, to, cc, subject, size 또는 header:이름 이어야 합니다")
            }
        }
        guard condition.op != .over && condition.op != .under else {
            throw SieveRulesError(path: "\(path).op", reason: "over와 under는 크기에만 씁니다")
        }
        guard !condition.value.isEmpty else { throw SieveRulesError(path: "\(path).value", reason: "값을 적어 주세요") }
        _ = try SieveString.quoted(condition.value, path: "\(path).value")
    }

    private static func validate(_ action: FilterAction, path: String) throws(SieveRulesError) {
        switch action.type {
        case .move, .copy:
            guard let folder = action.folder, !folder.isEmpty else {
                throw SieveRulesError(path: "\(path).folder", reason: "편지함을 골라 주세요")
            }
            _ = try SieveString.quoted(folder, path: "\(path).folder", maximumLength: 255)
        case .forward:
            guard let to = action.to, isAddress(to) else {
                throw SieveRulesError(path: "\(path).to", reason: "전달할 주소가 올바르지 않습니다")
            }
        case .markRead, .flag, .discard, .stop:
            break
        }
    }

    private static func validate(_ vacation: VacationSettings) throws(SieveRulesError) {
        guard (1...365).contains(vacation.days) else {
            throw SieveRulesError(path: "vacation.days", reason: "1일에서 365일 사이로 정해 주세요")
        }
        let start = try day(vacation.start, path: "vacation.start")
        let end = try day(vacation.end, path: "vacation.end")
        if let start, let end, start > end {
            throw SieveRulesError(path: "vacation.end", reason: "끝나는 날이 시작하는 날보다 앞섭니다")
        }
        if vacation.enabled && vacation.body.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            throw SieveRulesError(path: "vacation.body", reason: "자동응답 내용을 적어 주세요")
        }
        _ = try SieveString.quoted(vacation.subject, path: "vacation.subject", maximumLength: 200)
        _ = try SieveString.quoted(vacation.body, path: "vacation.body", maximumLength: 10_000, multiline: true)
        if let html = vacation.html, html.count > maximumReplyHTML {
            throw SieveRulesError(path: "vacation.html", reason: "HTML 내용은 \(maximumReplyHTML)자 이하로 적어 주세요")
        }
        let addresses = vacation.addresses ?? []
        guard addresses.count <= 20 else { throw SieveRulesError(path: "vacation.addresses", reason: "주소는 20개까지입니다") }
        for (index, address) in addresses.enumerated() where !isAddress(address) {
            throw SieveRulesError(path: "vacation.addresses[\(index)]", reason: "주소가 올바르지 않습니다")
        }
    }

    /// `YYYY-MM-DD` of a real day, as its sortable string.
    private static func day(_ text: String?, path: String) throws(SieveRulesError) -> String? {
        guard let text else { return nil }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "Asia/Seoul")
        formatter.dateFormat = "yyyy-MM-dd"
        guard text.range(of: "^[0-9]{4}-[0-9]{2}-[0-9]{2}$", options: .regularExpression) != nil,
              let date = formatter.date(from: text), formatter.string(from: date) == text else {
            throw SieveRulesError(path: path, reason: "날짜는 YYYY-MM-DD로 적어 주세요")
        }
        return text
    }

    /// A header field name (RFC 5322: printable ASCII except the colon).
    private static func isHeaderName(_ name: Substring) -> Bool {
        !name.isEmpty && name.count <= 76 && name.unicodeScalars.allSatisfy { (33...126).contains($0.value) && $0 != ":" }
    }

    /// One plain address, local@domain, nothing a Sieve string or an SMTP command could choke on.
    static func isAddress(_ text: String) -> Bool {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard text.count <= 254, parts.count == 2, !parts[0].isEmpty, parts[1].contains("."), !parts[1].hasPrefix("."),
              !parts[1].hasSuffix(".") else { return false }
        return text.unicodeScalars.allSatisfy { $0.value > 32 && $0.value != 127 && !"\"\\<>()[],;:".unicodeScalars.contains($0) }
    }
}
