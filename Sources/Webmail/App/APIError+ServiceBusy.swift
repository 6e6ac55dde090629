import Hummingbird

extension APIError {
    /// Every connection to the mail server the webmail may open is in use and none became free
    /// within `ZM_IMAP_POOL_WAIT_TIMEOUT`: a passing overload, so 503 with a hint to retry.
    public static let serviceBusy = APIError(
        .serviceUnavailable, "사용자가 많아 메일 서버 연결이 모두 사용 중입니다. 잠시 후 다시 시도하세요",
        headers: [.retryAfter: "5"])
}
