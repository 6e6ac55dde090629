/// `envelope` and `address` (RFC 3501 section 9).
extension ResponseParser {
    /// `envelope = "(" env-date SP env-subject SP env-from SP env-sender SP env-reply-to SP env-to
    ///             SP env-cc SP env-bcc SP env-in-reply-to SP env-message-id ")"`
    mutating func parseEnvelope() throws -> Envelope {
        try nested { parser in
            try parser.expect("(")
            var envelope = Envelope()
            envelope.date = try parser.parseNByteString()
            try parser.expectSpace()
            envelope.subject = try parser.parseNByteString()
            try parser.expectSpace()
            envelope.from = try parser.parseAddressList()
            try parser.expectSpace()
            envelope.sender = try parser.parseAddressList()
            try parser.expectSpace()
            envelope.replyTo = try parser.parseAddressList()
            try parser.expectSpace()
            envelope.to = try parser.parseAddressList()
            try parser.expectSpace()
            envelope.cc = try parser.parseAddressList()
            try parser.expectSpace()
            envelope.bcc = try parser.parseAddressList()
            try parser.expectSpace()
            envelope.inReplyTo = try parser.parseNByteString()
            try parser.expectSpace()
            envelope.messageID = try parser.parseNByteString()
            parser.skipSpace()
            try parser.expect(")")
            return envelope
        }
    }

    /// `"(" 1*address ")" / nil` — addresses are not separated by spaces, but some servers add them.
    mutating func parseAddressList() throws -> [Address] {
        if consumeNIL() { return [] }
        try expect("(")
        var addresses: [Address] = []
        skipSpace()
        while peek() == UInt8(ascii: "(") {
            addresses.append(try parseAddress())
            skipSpace()
        }
        try expect(")")
        return addresses
    }

    /// `address = "(" addr-name SP addr-adl SP addr-mailbox SP addr-host ")"`
    mutating func parseAddress() throws -> Address {
        try expect("(")
        let name = try parseNByteString()
        try expectSpace()
        let adl = try parseNByteString()
        try expectSpace()
        let mailbox = try parseNByteString()
        try expectSpace()
        let host = try parseNByteString()
        try expect(")")
        return Address(name: name, adl: adl, mailbox: mailbox, host: host)
    }
}
