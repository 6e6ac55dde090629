/// The IMAP module: an IMAP4rev1 client on SwiftNIO.
public enum IMAPModule {
    public static let name = "IMAP"
}
