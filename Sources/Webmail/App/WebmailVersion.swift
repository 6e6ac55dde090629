/// The release of the webmail, reported by `/health` and `--version`.
public enum WebmailVersion {
    public static let current = "0.1.0"
}
