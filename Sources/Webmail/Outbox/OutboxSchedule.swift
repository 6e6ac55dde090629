import Foundation

/// When a `POST /mail/send` wants its mail sent: `send_at` (ISO 8601, up to a year ahead, at most
/// a minute past: a clock a little behind is no error) or `delay_seconds` (0–30: the undo
/// window); neither, or a delay of 0, sends at once as before.
enum OutboxSchedule {
    static let maximumDelay = 30

    static func sendAt(_ sendAt: String?, delaySeconds: Int?, now: Date = Date()) throws -> Date? {
        switch (sendAt, delaySeconds) {
        case (nil, nil): return nil
        case (.some, .some): throw invalid("send_at와 delay_seconds는 함께 쓸 수 없습니다")
        case (nil, .some(let delay)):
            guard (0...maximumDelay).contains(delay) else { throw invalid("delay_seconds는 0에서 \(maximumDelay) 사이여야 합니다") }
            return delay == 0 ? nil : now.addingTimeInterval(Double(delay))
        case (.some(let text), nil):
            return try time(text, now: now)
        }
    }

    /// A new time for a waiting entry (`PATCH /mail/outbox/{id}`).
    static func time(_ text: String, now: Date = Date()) throws -> Date {
        guard let date = parse(text) else { throw invalid("send_at는 ISO 8601 시각이어야 합니다 (예: 2026-12-08T09:00:00+09:00)") }
        guard date >= now.addingTimeInterval(-Outbox.pastTolerance) else { throw invalid("send_at가 이미 지난 시각입니다") }
        guard date <= now.addingTimeInterval(Outbox.latestSchedule) else { throw invalid("예약 발송은 1년 이내로만 할 수 있습니다") }
        return date
    }

    static func parse(_ text: String) -> Date? {
        guard text.utf8.count <= 64 else { return nil }
        let plain = ISO8601DateFormatter()
        if let date = plain.date(from: text) { return date }
        let fractional = ISO8601DateFormatter()
        fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return fractional.date(from: text)
    }

    static func format(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: date)
    }

    static func invalid(_ detail: String) -> APIError { APIError.badRequest(detail, code: .invalidSendTime) }
}
