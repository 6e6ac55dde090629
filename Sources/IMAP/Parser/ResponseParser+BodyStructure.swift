/// `body` (BODYSTRUCTURE and BODY), tolerant of the odd forms real servers send:
/// NIL or atoms where strings belong, missing extension data, message/rfc822 without an
/// encapsulated envelope, text parts without a line count.
extension ResponseParser {
    /// `body = "(" (body-type-1part / body-type-mpart) ")"`
    mutating func parseBody() throws -> BodyStructure {
        try nested { parser in
            try parser.expect("(")
            parser.skipSpace()
            let body: BodyStructure
            if parser.peek() == UInt8(ascii: "(") {
                body = .multipart(try parser.parseMultipart())
            } else {
                body = .singlepart(try parser.parseSinglePart())
            }
            parser.skipSpace()
            try parser.expect(")")
            return body
        }
    }

    /// `body-type-mpart = 1*body SP media-subtype [SP body-ext-mpart]`
    private mutating func parseMultipart() throws -> BodyStructure.Multipart {
        var parts: [BodyStructure] = []
        while peek() == UInt8(ascii: "(") {
            parts.append(try parseBody())
            skipSpace()
        }
        let subtype = try parseLenientLowercasedString()
        var multipart = BodyStructure.Multipart(parts: parts, subtype: subtype)
        // body-ext-mpart = body-fld-param [SP body-fld-dsp [SP body-fld-lang [SP body-fld-loc *(SP body-extension)]]]
        guard skipSpace(), peek() != UInt8(ascii: ")") else { return multipart }
        multipart.parameters = try parseBodyParameters()
        guard skipSpace(), peek() != UInt8(ascii: ")") else { return multipart }
        multipart.disposition = try parseDisposition()
        guard skipSpace(), peek() != UInt8(ascii: ")") else { return multipart }
        multipart.language = try parseLanguage()
        guard skipSpace(), peek() != UInt8(ascii: ")") else { return multipart }
        multipart.location = try parseNByteString()
        try skipExtensions()
        return multipart
    }

    /// `body-type-1part = (body-type-basic / body-type-msg / body-type-text) [SP body-ext-1part]`
    private mutating func parseSinglePart() throws -> BodyStructure.SinglePart {
        let type = try parseLenientLowercasedString()
        try expectSpace()
        let subtype = try parseLenientLowercasedString()
        try expectSpace()
        var part = BodyStructure.SinglePart(type: type, subtype: subtype)
        // body-fields = body-fld-param SP body-fld-id SP body-fld-desc SP body-fld-enc SP body-fld-octets
        part.parameters = try parseBodyParameters()
        try expectSpace()
        part.id = try parseNByteString()
        try expectSpace()
        part.contentDescription = try parseNByteString()
        try expectSpace()
        part.encoding = try parseLenientLowercasedString()
        try expectSpace()
        part.size = consumeNIL() ? 0 : try parseNumber64()

        if type == "message" && (subtype == "rfc822" || subtype == "global"), skipSpace() {
            if peek() == UInt8(ascii: "(") {
                let envelope = try parseEnvelope()
                try expectSpace()
                let body = try parseBody()
                try expectSpace()
                let lines = try parseNumber64()
                part.kind = .message(envelope: envelope, body: body, lines: lines)
            } else {
                // A message part without its envelope: treat as basic; fall through to extensions.
                position -= 1
            }
        } else if type == "text", peek() == UInt8(ascii: " "), let next = peek(1), ASCII.isDigit(next) {
            try expectSpace()
            part.kind = .text(lines: try parseNumber64())
        }

        // body-ext-1part = body-fld-md5 [SP body-fld-dsp [SP body-fld-lang [SP body-fld-loc *(SP body-extension)]]]
        guard skipSpace(), peek() != UInt8(ascii: ")") else { return part }
        part.md5 = try parseNByteString()
        guard skipSpace(), peek() != UInt8(ascii: ")") else { return part }
        part.disposition = try parseDisposition()
        guard skipSpace(), peek() != UInt8(ascii: ")") else { return part }
        part.language = try parseLanguage()
        guard skipSpace(), peek() != UInt8(ascii: ")") else { return part }
        part.location = try parseNByteString()
        try skipExtensions()
        return part
    }

    /// `body-fld-param = "(" string SP string *(SP string SP string) ")" / nil`
    private mutating func parseBodyParameters() throws -> [BodyStructure.Parameter] {
        if consumeNIL() { return [] }
        try expect("(")
        var parameters: [BodyStructure.Parameter] = []
        skipSpace()
        while peek() != UInt8(ascii: ")") {
            let name = try parseAStringText()
            try expectSpace()
            let value = try parseNByteString() ?? ByteString([UInt8]())
            parameters.append(BodyStructure.Parameter(name: name, value: value))
            if !skipSpace() { break }
        }
        try expect(")")
        return parameters
    }

    /// `body-fld-dsp = "(" string SP body-fld-param ")" / nil`
    private mutating func parseDisposition() throws -> BodyStructure.Disposition? {
        if consumeNIL() { return nil }
        // Some servers send a bare string here instead of a list.
        if peek() != UInt8(ascii: "(") {
            return BodyStructure.Disposition(type: try parseAStringText())
        }
        try expect("(")
        let type = try parseAStringText()
        var parameters: [BodyStructure.Parameter] = []
        if skipSpace(), peek() != UInt8(ascii: ")") {
            parameters = try parseBodyParameters()
        }
        skipSpace()
        try expect(")")
        return BodyStructure.Disposition(type: type, parameters: parameters)
    }

    /// `body-fld-lang = nstring / "(" string *(SP string) ")"`
    private mutating func parseLanguage() throws -> [ByteString] {
        if peek() == UInt8(ascii: "(") {
            try expect("(")
            var languages: [ByteString] = []
            skipSpace()
            while peek() != UInt8(ascii: ")") {
                languages.append(ByteString(try parseAStringSlice()))
                if !skipSpace() { break }
            }
            try expect(")")
            return languages
        }
        return try parseNByteString().map { [$0] } ?? []
    }

    /// `*(SP body-extension)` up to the closing parenthesis.
    private mutating func skipExtensions() throws {
        while skipSpace() {
            if peek() == UInt8(ascii: ")") { return }
            try skipValue()
        }
    }
}
