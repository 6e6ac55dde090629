import Hummingbird

extension APIError {
    /// A passing overload, so 503 with a hint to retry: every connection to the mail server the
    /// webmail may open stayed in use for `ZM_IMAP_POOL_WAIT_TIMEOUT`, or the work of opening a
    /// message waited too long for a worker thread.
    public static let serviceBusy = APIError(
        .serviceUnavailable, "요청이 몰려 지금은 처리할 수 없습니다. 잠시 후 다시 시도하세요",
        code: .serviceBusy, headers: [.retryAfter: "5"])
}
