import NIOCore
import NIOSSL

/// Why the transport below the SMTP dialogue failed. The connection turns it into an
/// `SMTPError` carrying the stage it happened in.
enum SMTPTransportFailure: Error, Sendable {
    case timeout
    case closed
    case tls(String)
    case protocolViolation(String)
    case io(String)

    /// Classifies an error seen in the channel pipeline.
    init(pipelineError error: any Error) {
        switch error {
        case let failure as SMTPTransportFailure:
            self = failure
        case is NIOSSLError, is NIOSSLExtraError, is BoringSSLError:
            self = .tls(String(describing: error))
        case let channelError as ChannelError where channelError == .ioOnClosedChannel || channelError == .alreadyClosed:
            self = .closed
        default:
            self = .io(String(describing: error))
        }
    }

    func error(at stage: SMTPStage) -> SMTPError {
        switch self {
        case .timeout:
            return SMTPError(.timeout, stage: stage, message: "the server did not answer in time")
        case .closed:
            return SMTPError(.connectionClosed, stage: stage, message: "the server closed the connection")
        case .tls(let detail):
            return SMTPError(.tlsFailed, stage: stage, message: "TLS failed: \(detail)")
        case .protocolViolation(let detail):
            return SMTPError(.protocolViolation, stage: stage, message: "the server's reply is not valid SMTP: \(detail)")
        case .io(let detail):
            return SMTPError(.connectionClosed, stage: stage, message: "connection error: \(detail)")
        }
    }
}
