import Hummingbird

/// The Webmail module: the HTTP application.
public enum WebmailModule {
    public static let version = "0.1.0"
}
