/// The SMTP module: a submission client on SwiftNIO.
public enum SMTPModule {
    public static let name = "SMTP"
}
