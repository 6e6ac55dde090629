import IMAP

/// One table row of the parser fixtures: server bytes and the events they must decode to
/// (or `nil` when they must be rejected).
struct ParserCase: Sendable, CustomTestStringConvertible {
    let name: String
    let input: [UInt8]
    let expected: [ResponseEvent]?
    let limits: ResponseLimits

    init(_ name: String, _ input: String, _ expected: [ResponseEvent]?, limits: ResponseLimits = ResponseLimits()) {
        self.name = name
        self.input = Array(input.utf8)
        self.expected = expected
        self.limits = limits
    }

    init(_ name: String, bytes: [UInt8], _ expected: [ResponseEvent]?, limits: ResponseLimits = ResponseLimits()) {
        self.name = name
        self.input = bytes
        self.expected = expected
        self.limits = limits
    }

    var testDescription: String { name }

    func run() {
        if let expected {
            DecoderHarness.expect(input, expected, limits: limits)
        } else {
            DecoderHarness.expectFailure(input, limits: limits)
        }
    }
}

import Testing

// Shorthands for expected events.
func tagged(_ tag: String, _ status: ResponseStatus, _ text: String) -> ResponseEvent {
    tagged(tag, status, nil, text)
}

func tagged(_ tag: String, _ status: ResponseStatus, _ code: ResponseCode?, _ text: String) -> ResponseEvent {
    .response(.tagged(TaggedResponse(tag: tag, status: status, text: ResponseText(code: code, text: text))))
}

func untagged(_ response: UntaggedResponse) -> ResponseEvent { .response(.untagged(response)) }

func okUntagged(_ code: ResponseCode?, _ text: String) -> ResponseEvent {
    untagged(.status(.ok, ResponseText(code: code, text: text)))
}

func fetch(_ number: UInt32, _ attributes: [FetchAttribute]) -> ResponseEvent {
    untagged(.fetch(FetchResponse(sequenceNumber: number, attributes: attributes)))
}

func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

func address(_ name: String?, _ mailbox: String?, _ host: String?) -> Address {
    Address(name: name.map { ByteString($0) }, mailbox: mailbox.map { ByteString($0) }, host: host.map { ByteString($0) })
}

func text(_ subtype: String, _ size: UInt64, lines: UInt64, charset: String? = "US-ASCII", encoding: String = "7bit")
    -> BodyStructure.SinglePart
{
    BodyStructure.SinglePart(
        type: "text", subtype: subtype,
        parameters: charset.map { [BodyStructure.Parameter(name: "charset", value: ByteString($0))] } ?? [],
        encoding: encoding, size: size, kind: .text(lines: lines))
}
