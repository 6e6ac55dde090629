import Foundation

/// Writes the one Sieve script the webmail owns from ``SieveRules``: a marker line, the rules
/// as JSON in a comment (how we read our own script back: see ``SieveScriptReader``), then the
/// auto-reply and the enabled filters in order. Every user string goes through ``SieveString``.
enum SieveScriptBuilder {
    /// The script's name on the server.
    static let scriptName = "zioinfo-mail"
    static let marker = "# zioinfo-mail rules v1: written by the webmail (설정 > 필터, 부재중); edited elsewhere it becomes read-only there."
    static let modelPrefix = "# model: "
    static let maximumFilters = 100
    static let maximumConditions = 20
    static let maximumActions = 10
    /// An HTML reply's HTML, in characters; its MIME entity (base64 of it and its text) below the second bound.
    static let maximumReplyHTML = 50_000
    static let maximumMIMEReply = 200_000

    static func script(for rules: SieveRules) throws(SieveRulesError) -> String {
        try validate(rules)
        var extensions: Set<String> = []
        var blocks: [String] = []
        if let vacation = rules.vacation, vacation.enabled {
            blocks.append(try vacationBlock(vacation, extensions: &extensions))
        }
        for (index, filter) in rules.filters.enumerated() where filter.enabled {
            blocks.append(try filterBlock(filter, path: "filters[\(index)]", number: index + 1, extensions: &extensions))
        }
        var lines = [marker, modelPrefix + modelJSON(rules)]
        if !extensions.isEmpty {
            lines.append("require [" + extensions.sorted().map { "\"\($0)\"" }.joined(separator: ", ") + "];")
        }
        return (lines + blocks).joined(separator: "\r\n") + "\r\n"
    }

    /// Sorted keys: the same rules always give the same bytes (the reader compares them).
    static func modelJSON(_ rules: SieveRules) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // JSON escapes every control character, so the model stays on its one comment line.
        return String(decoding: (try? encoder.encode(rules)) ?? Data("{}".utf8), as: UTF8.self)
    }

    // MARK: - Blocks

    private static func vacationBlock(_ vacation: VacationSettings, extensions: inout Set<String>) throws(SieveRulesError) -> String {
        extensions.insert("vacation")
        var command = "vacation" + (vacation.html == nil ? "" : " :mime") + " :days \(vacation.days)"
        if !vacation.subject.isEmpty {
            command += " :subject " + (try SieveString.quoted(vacation.subject, path: "vacation.subject", maximumLength: 200))
        }
        if let addresses = vacation.addresses, !addresses.isEmpty {
            command += " :addresses " + (try SieveString.list(addresses, path: "vacation.addresses"))
        }
        if let html = vacation.html {
            let entity = VacationMIMEBody.entity(text: vacation.body, html: html)
            command += " " + (try SieveString.quoted(entity, path: "vacation.html", maximumLength: maximumMIMEReply, multiline: true)) + ";"
        } else {
            command += " " + (try SieveString.quoted(vacation.body, path: "vacation.body", maximumLength: 10_000, multiline: true)) + ";"
        }
        // The dates are Korean days whatever the server's zone (the company's staff are in KST).
        var tests: [String] = []
        if let start = vacation.start { tests.append("currentdate :zone \"+0900\" :value \"ge\" \"date\" \"\(start)\"") }
        if let end = vacation.end { tests.append("currentdate :zone \"+0900\" :value \"le\" \"date\" \"\(end)\"") }
        guard !tests.isEmpty else { return "# 부재중 자동응답\r\n" + command }
        extensions.formUnion(["date", "relational"])
        return "# 부재중 자동응답\r\nif allof (\(tests.joined(separator: ", "))) {\r\n    \(command)\r\n}"
    }

    private static func filterBlock(_ filter: MailFilter, path: String, number: Int, extensions: inout Set<String>) throws(SieveRulesError) -> String {
        var tests: [String] = []
        for (index, condition) in filter.conditions.enumerated() {
            tests.append(try test(condition, path: "\(path).conditions[\(index)]"))
        }
        let test: String
        switch tests.count {
        case 0: test = "true"
        case 1: test = tests[0]
        default: test = (filter.match == .all ? "allof" : "anyof") + " (" + tests.joined(separator: ", ") + ")"
        }
        // Flags first: fileinto and keep file the message with the flags set so far (RFC 5232).
        let ordered = filter.actions.enumerated().sorted { rank($0.element.type) < rank($1.element.type) || (rank($0.element.type) == rank($1.element.type) && $0.offset < $1.offset) }
        var commands: [String] = []
        for (index, action) in ordered {
            commands.append(try command(action, path: "\(path).actions[\(index)]", extensions: &extensions))
        }
        // The rule's name stays out of the script body (it is in the model line): only its number.
        return "# 필터 \(number)\r\nif \(test) {\r\n" + commands.map { "    " + $0 }.joined(separator: "\r\n") + "\r\n}"
    }

    private static func rank(_ kind: FilterAction.Kind) -> Int {
        switch kind {
        case .markRead, .flag: 0
        case .stop: 2
        default: 1
        }
    }

    private static func test(_ condition: FilterCondition, path: String) throws(SieveRulesError) -> String {
        if condition.field == "size" {
            return "size :\(condition.op.rawValue) \(condition.value.uppercased())"
        }
        let value = try SieveString.quoted(condition.value, path: "\(path).value")
        let match = ":" + condition.op.rawValue
        switch condition.field {
        case "from", "to", "cc":
            // `is` and `matches` compare the address itself (a@b, *@example.com); `contains` the
            // whole header, display names included (홍길동).
            if condition.op == .contains { return "header \(match) \"\(condition.field)\" \(value)" }
            return "address :all \(match) \"\(condition.field)\" \(value)"
        case "subject":
            return "header \(match) \"subject\" \(value)"
        default:
            let name = String(condition.field.dropFirst("header:".count))
            return "header \(match) " + (try SieveString.quoted(name, path: "\(path).field")) + " \(value)"
        }
    }

    private static func command(_ action: FilterAction, path: String, extensions: inout Set<String>) throws(SieveRulesError) -> String {
        switch action.type {
        case .move, .copy:
            extensions.formUnion(["fileinto", "mailbox"])
            let folder = try SieveString.quoted(action.folder ?? "", path: "\(path).folder", maximumLength: 255)
            if action.type == .copy {
                extensions.insert("copy")
                return "fileinto :copy :create \(folder);"
            }
            return "fileinto :create \(folder);"
        case .markRead:
            extensions.insert("imap4flags")
            return "addflag \"\\\\Seen\";"
        case .flag:
            extensions.insert("imap4flags")
            return "addflag \"\\\\Flagged\";"
        case .forward:
            // A copy stays in the mailbox: forwarding alone never loses mail (add discard to drop it).
            extensions.insert("copy")
            return "redirect :copy " + (try SieveString.quoted(action.to ?? "", path: "\(path).to", maximumLength: 254)) + ";"
        case .discard:
            return "discard;"
        case .stop:
            return "stop;"
        }
    }
}
