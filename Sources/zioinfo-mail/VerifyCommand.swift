import ArgumentParser

/// `zioinfo-mail verify` — the seed's Phase 4 (deploy-result JSON).
/// Placeholder owned by the deployment engineer, who replaces this file.
struct VerifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Verify a deployment (seed Phase 4) and write deploy-result.json."
    )

    func run() async throws {
        print("verify: not implemented yet")
        throw ExitCode(1)
    }
}
