/// The MIME module: parsing and building Internet mail (RFC 5322, 2045-2049, 2047, 2231).
public enum MIMEModule {
    public static let name = "MIME"
}
