import HTTPTypes
import Hummingbird

/// Header names the HTTPTypes package does not predefine.
extension HTTPField.Name {
    static let xFrameOptions = Self("X-Frame-Options")!
    static let referrerPolicy = Self("Referrer-Policy")!
    static let crossOriginOpenerPolicy = Self("Cross-Origin-Opener-Policy")!
    static let permissionsPolicy = Self("Permissions-Policy")!
    /// Set by nginx in front of us to the client's address (deploy/ nginx site).
    static let xRealIP = Self("X-Real-IP")!
    static let xForwardedProto = Self("X-Forwarded-Proto")!
    /// The double-submit CSRF header that must match the CSRF cookie.
    static let xCSRFToken = Self("X-CSRF-Token")!
    /// Fetch metadata (sent by browsers): where a request comes from relative to our origin.
    static let secFetchSite = Self("Sec-Fetch-Site")!
    /// A text preview that shows only the start of the text (the download has it all).
    static let xPreviewTruncated = Self("X-Preview-Truncated")!
}
