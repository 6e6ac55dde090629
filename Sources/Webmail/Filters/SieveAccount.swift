import ManageSieve

/// The user's scripts as the settings pages see them: the active script, whether it is ours,
/// and our rules (from our script, active or not).
struct SieveAccount: Sendable {
    /// The active script's name and text, if any.
    var active: (name: String, script: String)?
    /// Our stored script's rules (from its model line, also when edited by hand since); empty when we have written none.
    var rules: SieveRules
    /// Whether another program's script is active (ours then waits, stored but inactive).
    var foreignIsActive: Bool { active.map { $0.name != SieveScriptBuilder.scriptName || SieveScriptReader.rules(in: $0.script) == nil } ?? false }

    static func load(_ connection: ManageSieveConnection) async throws -> SieveAccount {
        let listings = try await connection.listScripts()
        var account = SieveAccount(active: nil, rules: SieveRules())
        if let name = listings.first(where: \.isActive)?.name {
            account.active = (name, try await connection.getScript(name))
        }
        if let active = account.active, active.name == SieveScriptBuilder.scriptName {
            account.rules = SieveScriptReader.modelRules(in: active.script) ?? SieveRules()
        } else if listings.contains(where: { $0.name == SieveScriptBuilder.scriptName }) {
            account.rules = SieveScriptReader.modelRules(in: try await connection.getScript(SieveScriptBuilder.scriptName)) ?? SieveRules()
        }
        return account
    }

    /// Writes our script with `rules` and makes it active, unless another program's script is
    /// active and `replaceForeign` is false (then nothing is written). A foreign script is never
    /// deleted: it stays stored, inactive.
    static func save(_ rules: SieveRules, over account: SieveAccount, replaceForeign: Bool,
                     connection: ManageSieveConnection) async throws {
        if account.foreignIsActive && !replaceForeign {
            throw APIError(.conflict, "다른 프로그램이 만든 Sieve 스크립트가 사용 중입니다. 바꾸려면 replace_foreign을 true로 보내세요",
                           code: .sieveScriptForeign)
        }
        let script: String
        do throws(SieveRulesError) {
            script = try SieveScriptBuilder.script(for: rules)
        } catch {
            throw APIError.badRequest(error.detail, code: .invalidSieveRules)
        }
        try await connection.putScript(SieveScriptBuilder.scriptName, content: script)
        if account.active?.name != SieveScriptBuilder.scriptName {
            try await connection.setActive(SieveScriptBuilder.scriptName)
        }
    }
}
