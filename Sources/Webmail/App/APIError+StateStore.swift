import Hummingbird

extension APIError {
    /// The state store failed (`StateStoreError`, mapped by `JSONErrorMiddleware`).
    static let stateStoreUnavailable = APIError(
        .serviceUnavailable, "설정과 세션을 저장하는 데이터베이스를 지금 쓸 수 없습니다. 잠시 후 다시 시도하세요",
        code: .stateStoreUnavailable, headers: [.retryAfter: "5"])
}
