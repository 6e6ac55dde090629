import Foundation
import NIOCore

/// A mailbox valid for the SMTP envelope (RFC 5321 §4.1.2 `Mailbox`, extended by RFC 6531), in
/// both forms sent in `MAIL FROM:<…>` / `RCPT TO:<…>`: `address` for any server (the domain in
/// ASCII), `internationalizedAddress` for a server that offers SMTPUTF8 (the domain as typed).
///
/// Validation happens before anything is sent:
/// - the local part is a dot-string of `atext` or a quoted string, at most 64 octets; non-ASCII
///   characters are allowed (RFC 6531 `UTF8-non-ascii`) but make the address need SMTPUTF8
///   (`requiresSMTPUTF8`): there is no ASCII form of such a local part;
/// - the domain is a host name of at least two labels (letters, digits, hyphens; each label 1–63
///   octets, 255 in all) or an address literal (`[192.0.2.1]`, `[IPv6:…]`); labels are normalised
///   (NFKC, lower case) and internationalised ones converted to Punycode (`xn--…`);
/// - CR, LF, NUL and any other control character anywhere are refused.
public struct SMTPAddress: Sendable, Hashable, CustomStringConvertible {
    /// The local part exactly as it goes on the wire (quotes included when quoted).
    public let localPart: String
    /// The domain in ASCII (Punycode for internationalised names, lower-cased).
    public let domain: String
    /// The domain in Unicode (normalised, lower-cased): the same as `domain` for an ASCII name.
    public let unicodeDomain: String

    /// `local@domain`, the envelope form for a server without SMTPUTF8.
    public var address: String { "\(localPart)@\(domain)" }
    /// `local@unicodeDomain`, the envelope and header form with SMTPUTF8 (RFC 6531/6532).
    public var internationalizedAddress: String { "\(localPart)@\(unicodeDomain)" }
    /// True when the local part is not ASCII: only a server with SMTPUTF8 can take it.
    public var requiresSMTPUTF8: Bool { !localPart.utf8.allSatisfy { $0 < 0x80 } }
    /// True when the address is not all ASCII as typed (an internationalised domain or local part).
    public var isInternationalized: Bool { requiresSMTPUTF8 || domain != unicodeDomain }
    public var description: String { address }

    /// Validates `text` (a bare address, no display name, no angle brackets).
    public init(_ text: String) throws(SMTPError) {
        func invalid(_ reason: String) -> SMTPError {
            SMTPError(.invalidInput, stage: .preparation, recipient: text, message: "invalid address: \(reason)")
        }
        if text.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
            throw invalid("contains a control character (CR, LF, NUL …)")
        }
        guard let at = text.lastIndex(of: "@") else { throw invalid("no @") }
        let local = String(text[..<at])
        let domainText = String(text[text.index(after: at)...])
        guard Self.isValidLocalPart(local) else { throw invalid("malformed part before @") }
        guard local.utf8.count <= 64 else { throw invalid("the part before @ is longer than 64 octets") }
        guard let (domain, unicodeDomain) = Self.normalizedDomain(domainText) else { throw invalid("malformed domain") }
        guard local.utf8.count + 1 + max(domain.utf8.count, unicodeDomain.utf8.count) <= 254 else {
            throw invalid("longer than 254 octets")
        }
        self.localPart = local
        self.domain = domain
        self.unicodeDomain = unicodeDomain
    }

    // MARK: - Local part (RFC 5321 §4.1.2)

    private static let atextSpecials = Set("!#$%&'*+-/=?^_`{|}~".utf8)

    static func isAtext(_ byte: UInt8) -> Bool {
        (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) || (0x30...0x39).contains(byte)
            || atextSpecials.contains(byte)
    }

    static func isValidLocalPart(_ local: String) -> Bool {
        // RFC 6531 §3.3 adds UTF8-non-ascii to atext and qtextSMTP; the ASCII rules below
        // then see only ASCII, so a non-ASCII character is checked here, once.
        guard local.unicodeScalars.allSatisfy({ $0.isASCII || isAllowedNonASCII($0) }) else { return false }
        let bytes = Array(local.utf8)
        guard !bytes.isEmpty else { return false }
        if bytes.first == UInt8(ascii: "\"") {
            return isValidQuotedString(bytes)
        }
        // Dot-string = Atom *("." Atom): no leading, trailing or doubled dots.
        let atoms = bytes.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        return atoms.allSatisfy { !$0.isEmpty && $0.allSatisfy { isAtext($0) || $0 >= 0x80 } }
    }

    /// A non-ASCII character a local part may hold: not a control (C1), separator or
    /// unassigned code point, none of which any mail system could show or route.
    private static func isAllowedNonASCII(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .control, .lineSeparator, .paragraphSeparator, .spaceSeparator, .unassigned, .privateUse, .surrogate: false
        default: true
        }
    }

    /// Quoted-string = DQUOTE *(qtextSMTP / quoted-pairSMTP) DQUOTE.
    private static func isValidQuotedString(_ bytes: [UInt8]) -> Bool {
        guard bytes.count >= 2, bytes.last == UInt8(ascii: "\"") else { return false }
        var index = 1
        while index < bytes.count - 1 {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\\") {
                // quoted-pairSMTP = "\" %d32-126
                guard index + 1 < bytes.count - 1, (32...126).contains(bytes[index + 1]) else { return false }
                index += 2
                continue
            }
            // qtextSMTP = %d32-33 / %d35-91 / %d93-126 / UTF8-non-ascii
            guard (32...126).contains(byte) || byte >= 0x80, byte != UInt8(ascii: "\"") else { return false }
            index += 1
        }
        return true
    }

    // MARK: - Domain

    /// Dots that IDNA (RFC 3490 §3.1) treats as label separators.
    private static let labelSeparators: Set<Character> = [".", "\u{3002}", "\u{FF0E}", "\u{FF61}"]

    /// The domain in ASCII and in Unicode, or nil when it is no valid domain.
    static func normalizedDomain(_ text: String) -> (ascii: String, unicode: String)? {
        if text.hasPrefix("[") {
            return isValidAddressLiteral(text) ? (text, text) : nil
        }
        let labels = text.split(omittingEmptySubsequences: false, whereSeparator: { labelSeparators.contains($0) })
        guard labels.count >= 2 else { return nil }
        var asciiLabels: [String] = []
        var unicodeLabels: [String] = []
        for label in labels {
            guard let ascii = asciiLabel(String(label)) else { return nil }
            asciiLabels.append(ascii)
            unicodeLabels.append(String(label).precomposedStringWithCompatibilityMapping.lowercased())
        }
        let domain = asciiLabels.joined(separator: ".")
        return domain.utf8.count <= 255 ? (domain, unicodeLabels.joined(separator: ".")) : nil
    }

    /// One label in ASCII: NFKC + lower case (close to the UTS #46 mapping, so full-width
    /// `ＥＸＡＭＰＬＥ` becomes `example`), then Punycode when anything non-ASCII is left.
    static func asciiLabel(_ label: String) -> String? {
        let ascii: String
        let normalized = label.precomposedStringWithCompatibilityMapping.lowercased()
        if normalized.allSatisfy(\.isASCII) {
            ascii = normalized
        } else {
            guard normalized.unicodeScalars.allSatisfy({ $0.properties.isAlphabetic || $0.properties.numericType != nil
                    || $0 == "-" || $0.properties.generalCategory == .nonspacingMark || $0.properties.generalCategory == .spacingMark }),
                  let encoded = try? Punycode.encode(normalized)
            else { return nil }
            ascii = "xn--" + encoded
        }
        let bytes = Array(ascii.utf8)
        // sub-domain = Let-dig [Ldh-str]: letters/digits/hyphens, no hyphen at either end.
        guard (1...63).contains(bytes.count),
              bytes.allSatisfy({ isLetterOrDigit($0) || $0 == UInt8(ascii: "-") }),
              bytes.first != UInt8(ascii: "-"), bytes.last != UInt8(ascii: "-")
        else { return nil }
        return ascii
    }

    private static func isLetterOrDigit(_ byte: UInt8) -> Bool {
        (0x61...0x7A).contains(byte) || (0x41...0x5A).contains(byte) || (0x30...0x39).contains(byte)
    }

    /// `[IPv4]` or `[IPv6:…]` (RFC 5321 §4.1.3); general address literals are not accepted.
    private static func isValidAddressLiteral(_ text: String) -> Bool {
        guard text.hasSuffix("]"), text.count > 2 else { return false }
        let inner = String(text.dropFirst().dropLast())
        if inner.lowercased().hasPrefix("ipv6:") {
            let address = String(inner.dropFirst(5))
            return address.contains(":") && (try? SocketAddress(ipAddress: address, port: 0)) != nil
        }
        let octets = inner.split(separator: ".", omittingEmptySubsequences: false)
        return octets.count == 4 && octets.allSatisfy { octet in
            !octet.isEmpty && octet.count <= 3 && octet.allSatisfy(\.isASCIIDigit) && (Int(octet) ?? 256) <= 255
        }
    }
}
