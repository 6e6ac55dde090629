/// Logging in and out.
extension IMAPConnection {
    /// Authenticates with AUTHENTICATE PLAIN (SASL-IR when offered) or LOGIN.
    ///
    /// - Throws: ``IMAPError/authenticationFailed(_:)`` when the server rejects the credentials;
    ///   ``IMAPError/insecureConnection(_:)`` (before sending anything) when the connection is
    ///   not encrypted and plain loopback was not explicitly allowed; ``IMAPCommandError`` when
    ///   a credential contains CR, LF or NUL.
    public func login(_ credentials: IMAPCredentials) async throws {
        try await exclusive {
            guard mayShowCredentials else {
                throw IMAPError.insecureConnection("the connection is not encrypted")
            }
            let command: Command
            if capabilities.contains(.authPlain) {
                command = .authenticatePlain(
                    username: credentials.username, password: credentials.password,
                    initialResponse: capabilities.contains(.saslIR))
            } else if !capabilities.contains(.loginDisabled) {
                command = .login(username: credentials.username, password: credentials.password)
            } else {
                throw IMAPError.unsupported("a usable authentication mechanism (PLAIN or LOGIN)")
            }
            let tagged = try await execute(command)
            isAuthenticated = true
            // Capabilities change after login; use the ones in the OK if the server sent them.
            if case .capability = tagged.text.code {} else {
                try await execute(.capability)
            }
        }
        logger.debug("IMAP logged in", metadata: ["user": "\(credentials.username)"])
    }

    /// Sends LOGOUT and closes the connection. Never throws: a connection that is already gone
    /// is simply closed.
    public func logout() async {
        _ = try? await exclusive {
            let tag = try await send(.logout) { _ in }
            _ = try? await readCompletion(tag: tag, command: .logout) { _ in }
        }
        close()
    }

    /// LOGOUT, but cut (the socket closed) when the server has not answered within `limit`:
    /// for the pool, which must not hang on a server that stopped answering.
    public func logout(within limit: Duration) async {
        let cutter = Task { [weak self] in
            try? await Task.sleep(for: limit)
            guard !Task.isCancelled else { return }
            await self?.close()
        }
        await logout()
        cutter.cancel()
    }

    /// NOOP: checks the connection is alive and collects pending updates.
    public func noop() async throws {
        try await exclusive { try await execute(.noop) }
    }

    /// Asks for the current capabilities.
    @discardableResult
    public func refreshCapabilities() async throws -> Set<Capability> {
        try await exclusive {
            try await execute(.capability)
            return capabilities
        }
    }

    /// ENABLE (RFC 5161), e.g. CONDSTORE. Returns what the server enabled.
    @discardableResult
    public func enable(_ extensions: [Capability]) async throws -> [Capability] {
        try await exclusive {
            guard capabilities.contains(.enable) else { throw IMAPError.unsupported("ENABLE") }
            var enabled: [Capability] = []
            try await execute(.enable(extensions)) { untagged in
                if case .enabled(let list) = untagged { enabled.append(contentsOf: list) }
            }
            return enabled
        }
    }

    /// ID (RFC 2971): tells the server who we are and returns what it says about itself.
    public func identify(_ parameters: [(String, String)]) async throws -> [String: String] {
        let sendable = parameters.map { IDPair(key: $0.0, value: $0.1) }
        return try await exclusive {
            guard capabilities.contains(.id) else { throw IMAPError.unsupported("ID") }
            var server: [String: String] = [:]
            try await execute(.id(sendable.map { ($0.key, $0.value) })) { untagged in
                if case .id(let values) = untagged { server = values }
            }
            return server
        }
    }

    /// NAMESPACE (RFC 2342).
    public func namespaces() async throws -> NamespaceResponse {
        try await exclusive {
            guard capabilities.contains(.namespace) else { throw IMAPError.unsupported("NAMESPACE") }
            var result = NamespaceResponse()
            try await execute(.namespace) { untagged in
                if case .namespace(let response) = untagged { result = response }
            }
            return result
        }
    }
}

private struct IDPair: Sendable {
    var key: String
    var value: String
}
