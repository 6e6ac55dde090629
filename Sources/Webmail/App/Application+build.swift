import Foundation
import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import SMTP

/// The collaborators the application is built from: the composition root, the one place (with
/// IMAPBackend/) that knows the mail servers are IMAP and SMTP. Tests replace the mail-facing
/// ones (e.g. with the in-memory stores of InMemory/); `zioinfo-mail serve` uses the defaults,
/// which talk to the configured IMAP and SMTP servers.
public struct WebmailDependencies: Sendable {
    public var loginVerifier: (any MailLoginVerifying)?
    public var imapProbe: MailServerStatus.Probe?
    public var smtpProbe: MailServerStatus.Probe?
    public var mailStore: (any MailStore)?
    var outgoingStore: (any OutgoingStore)?
    var mailFeed: (any MailFeedSource)?
    /// Who may send as which address (the identities of the settings).
    var senderCheck: (any SenderChecking)?
    /// The state store, instead of the one `ZM_DATABASE_URL` names (tests: a PostgreSQL store with
    /// a deadline of their own).
    var stateStore: (any StateStore)?
    /// How the outbox reaches the mail servers (tests: a transport of their own).
    var outboxTransport: (any OutboxTransport)?

    public init(loginVerifier: (any MailLoginVerifying)? = nil,
                imapProbe: MailServerStatus.Probe? = nil,
                smtpProbe: MailServerStatus.Probe? = nil,
                mailStore: (any MailStore)? = nil) {
        self.loginVerifier = loginVerifier
        self.mailStore = mailStore
        self.imapProbe = imapProbe
        self.smtpProbe = smtpProbe
    }

    /// Every mail-facing part in memory (`InMemoryMailStore` and friends): no mail server at all.
    init(inMemory store: InMemoryMailStore, outgoing: InMemoryOutgoingStore? = nil, feed: InMemoryMailFeed = InMemoryMailFeed()) {
        self.init(loginVerifier: store, imapProbe: { true }, smtpProbe: { true }, mailStore: store)
        outgoingStore = outgoing ?? InMemoryOutgoingStore(mailbox: store)
        mailFeed = feed
        senderCheck = InMemorySenderCheck()
    }
}

/// Builds the whole application from a validated configuration: services (mail server status,
/// sessions, IMAP pools …), controllers and middleware. `zioinfo-mail serve` runs the result;
/// the tests drive it with HummingbirdTesting.
public func buildApplication(
    configuration: WebmailConfiguration,
    dependencies: WebmailDependencies = .init(),
    logger: Logger? = nil
) async throws -> some ApplicationProtocol {
    var logger = logger ?? Logger(label: "zioinfo-mail")
    logger.logLevel = configuration.logLevel
    let services = try await makeServices(configuration: configuration, dependencies: dependencies, logger: logger)
    var app = Application(
        router: buildRouter(services),
        server: .http1(configuration: httpChannelConfiguration(configuration)),
        configuration: .init(address: .hostname(configuration.httpHost, port: configuration.httpPort), serverName: "zioinfo-mail"),
        logger: logger
    )
    app.addServices(services.status)
    app.addServices(StateStoreService(store: services.stateStore, followers: [
        { await services.tokens.revocations.follow() }, { await services.limiter.follow() },
        { await services.outbox.eventRelay.follow() },
    ]))
    // Migrations and the caches' first read, after the store's service started (PostgreSQL's
    // pool needs it) and before the first request; a schema newer than this binary stops it here.
    app.beforeServerStarts { try await services.startUp() }
    app.addServices(OutboxScanner(outbox: services.outbox, logger: logger))
    if configuration.metricsPort > 0 {
        app.addServices(MetricsListener.application(services.metrics, configuration: configuration))
    }
    return app
}

/// HTTP/1.1 with both connection deadlines: `ZM_HTTP_IDLE_TIMEOUT` (Hummingbird's: no request in
/// progress, or a request body that stopped arriving; a response being written is never cut,
/// so event streams live on) and `ZM_HTTP_HEADER_TIMEOUT` for the request head.
func httpChannelConfiguration(_ configuration: WebmailConfiguration) -> HTTP1Channel.Configuration {
    let headerTimeout = TimeAmount.nanoseconds(Int64(configuration.httpHeaderTimeout * 1_000_000_000))
    return HTTP1Channel.Configuration(
        additionalChannelHandlers: [RequestHeadDeadline(timeout: headerTimeout)],
        idleTimeout: .nanoseconds(Int64(configuration.httpIdleTimeout * 1_000_000_000)))
}

/// The long-lived parts (services) the controllers are built over.
func makeServices(configuration: WebmailConfiguration, dependencies: WebmailDependencies, logger: Logger) async throws -> WebmailServices {

    let status = MailServerStatus(
        logger: logger,
        imapProbe: dependencies.imapProbe ?? MailServerProbes.imap(configuration),
        smtpProbe: dependencies.smtpProbe ?? MailServerProbes.smtp(configuration)
    )
    // Private before any secret is read or written there (a loose existing folder is tightened, logged).
    try StateDirectory.prepare(configuration.stateDir, logger: logger)
    let keys = try ServerKeys.load(configuration: configuration)
    let stateStore = try dependencies.stateStore ?? makeStateStore(configuration, logger: logger)
    if case .postgres = configuration.databaseURL, configuration.jwtKey == nil || configuration.sealKey == nil {
        logger.warning("""
            the state store is shared (PostgreSQL) but this instance uses keys generated under ZM_STATE_DIR: \
            tokens of the other instances will not verify here; give every instance the same ZM_JWT_KEY(_FILE) \
            and ZM_SEAL_KEY(_FILE) (docs/deploy.md)
            """)
    }
    let revocations = RevocationList(store: stateStore, logger: logger)
    let tokens = await TokenService(keys: keys, lifetime: configuration.tokenLifetime, revocations: revocations)
    let metrics = WebmailMetrics()
    let imapStore = IMAPMailStore(configuration: configuration, logger: logger)
    let eventHub = MailEventHub(source: dependencies.mailFeed ?? IMAPMailFeed(pool: imapStore.pool), logger: logger)
    let mailStore = dependencies.mailStore ?? imapStore
    let smtp = SMTPClient(configuration: MailServerProbes.smtpConfiguration(configuration), logger: logger)
    metrics.sample(name: "zm_imap_pool_connections", help: "Open IMAP connections (idle and in use)") {
        Double(imapStore.pool.openConnections)
    }
    metrics.sample(name: "zm_imap_pool_idle_connections", help: "Idle pooled IMAP connections") {
        Double(imapStore.pool.idleConnections)
    }
    metrics.sample(name: "zm_imap_idle_feeds", help: "Users with a live IMAP IDLE feed for /mail/events") {
        Double(await eventHub.activeFeeds)
    }
    let collected = CollectedRecipients(store: stateStore)
    let outbox = Outbox(
        store: OutboxStore(store: stateStore),
        transport: dependencies.outboxTransport
            ?? IMAPOutboxTransport(mailbox: imapStore, smtp: smtp, maxMessageBytes: configuration.maxMessageBytes),
        sealer: PasswordSealer(key: keys.sealingKey), events: eventHub,
        instance: UUID().uuidString.lowercased(), lease: .seconds(configuration.outboxLease), logger: logger)
    return WebmailServices(
        configuration: configuration,
        metrics: metrics,
        status: status,
        tokens: tokens,
        stateStore: stateStore,
        limiter: SharedLoginLimiter(limits: LoginLimits(configuration: configuration), store: stateStore, logger: logger),
        loginVerifier: dependencies.loginVerifier ?? imapStore,
        mailStore: mailStore,
        outgoing: dependencies.outgoingStore
            ?? IMAPOutgoingStore(mailbox: imapStore, smtp: smtp, maxMessageBytes: configuration.maxMessageBytes),
        commandCounting: IMAPCommandCounting(),
        senderCheck: dependencies.senderCheck ?? SMTPSenderCheck(smtp: smtp),
        imapStore: imapStore,
        eventHub: eventHub,
        uploads: try UploadStore(filesDir: configuration.resolvedFilesDir, store: stateStore,
                                 maxFileBytes: configuration.maxMessageBytes, lifetime: configuration.tokenLifetime, logger: logger),
        largeFiles: try LargeFileStore(filesDir: configuration.resolvedFilesDir, store: stateStore,
                                       maxFileBytes: configuration.largeFileMaxBytes, quotaBytes: configuration.largeFileQuota, logger: logger),
        contacts: ContactStore(store: stateStore),
        collected: collected,
        outbox: outbox,
        directory: try CompanyDirectory(file: configuration.directoryFile, logger: logger),
        sieve: SieveAccess(configuration: configuration, logger: logger),
        receipts: configuration.imapMaster.map { master in
            ReceiptService(
                senderMailbox: imapStore,
                recipients: RecipientMailboxes(configuration: configuration, master: master, logger: logger),
                readTimes: ReceiptReadTimes(store: stateStore), limiter: ReceiptRateLimiter(),
                internalDomains: Set(configuration.resolvedInternalDomains), logger: logger)
        }
    )
}

/// The long-lived parts the controllers are built over.
struct WebmailServices: Sendable {
    let configuration: WebmailConfiguration
    let metrics: WebmailMetrics
    let status: MailServerStatus
    let tokens: TokenService
    /// Revocations, login history, upload records (`ZM_DATABASE_URL`).
    let stateStore: any StateStore
    let limiter: SharedLoginLimiter
    let loginVerifier: any MailLoginVerifying
    let mailStore: any MailStore
    let outgoing: any OutgoingStore
    let commandCounting: any MailCommandCounting
    let senderCheck: any SenderChecking
    /// The IMAP side as such, for the pool's metrics (and tests of the pool); controllers get
    /// the protocols above.
    let imapStore: IMAPMailStore
    let eventHub: MailEventHub
    /// Files uploaded ahead of a send (records in the store, bytes under `ZM_FILES_DIR`).
    let uploads: UploadStore
    /// 대용량 첨부 (issue 32): tus uploads and download-link files (records in the store, bytes
    /// under `ZM_FILES_DIR/large`).
    let largeFiles: LargeFileStore
    /// The users' settings (환경설정) and trusted senders, in the state store.
    var settings: SettingsStore { SettingsStore(store: stateStore) }
    /// The address book, the collected recipients and the company directory (issue 27).
    let contacts: ContactStore
    let collected: CollectedRecipients
    /// Mails waiting to be sent (undo send, scheduled send; issue 29).
    let outbox: Outbox
    let directory: CompanyDirectory
    /// Filters and 부재중 over ManageSieve (issue 31); a session per request, none kept.
    let sieve: SieveAccess
    /// 수신확인 and 발송취소 (issue 33); nil without a master user.
    let receipts: ReceiptService?

    /// Applies migrations (refusing a schema newer than this binary) and reads what the caches hold.
    func startUp() async throws {
        try await stateStore.prepare()
        try await tokens.revocations.importLegacyFile(
            (configuration.stateDir as NSString).appendingPathComponent(RevocationList.legacyFileName))
        try await tokens.revocations.reload()
        try await limiter.reload()
        try await uploads.sweepExpired()
    }
}

/// Every route answers at `/X` and at `/api/X` (nginx forwards `/api/X` as `/X`; the dev server
/// and tests may call either), so controllers register on both groups.
func buildRouter(_ services: WebmailServices) -> Router<WebmailRequestContext> {
    let router = Router(context: WebmailRequestContext.self)
    router.add(middleware: SecurityHeadersMiddleware())
    router.add(middleware: MetricsMiddleware(metrics: services.metrics, commands: services.commandCounting))
    router.add(middleware: JSONErrorMiddleware())
    router.add(middleware: RequestLogMiddleware())
    router.add(middleware: SinglePageAppMiddleware(staticDir: services.configuration.staticDir))
    let authenticator = SessionAuthenticator(tokens: services.tokens)
    for prefix in ["", "api"] {
        let group = prefix.isEmpty ? router.group() : router.group(RouterPath(prefix))
        HealthController(status: services.status).addRoutes(to: group)
        AuthController(
            tokens: services.tokens, verifier: services.loginVerifier,
            limiter: services.limiter, mailDomain: services.configuration.mailDomain,
            maxMessageBytes: services.configuration.maxMessageBytes,
            receiptsAvailable: services.receipts != nil, eventHub: services.eventHub
        ).addRoutes(to: group, authenticator: authenticator)
        let mail = group.group("mail").add(middleware: authenticator)
        MailController(store: services.mailStore).addRoutes(to: mail)
        ConversationController(store: services.mailStore).addRoutes(to: mail)
        AttachmentController(store: services.mailStore).addRoutes(to: mail)
        FolderController(store: services.mailStore).addRoutes(to: mail)
        SendController(mailbox: services.mailStore, outgoing: services.outgoing, uploads: services.uploads, settings: services.settings,
                       maxMessageBytes: services.configuration.maxMessageBytes,
                       messageIDDomain: services.configuration.mailDomain, collected: services.collected,
                       outbox: services.outbox).addRoutes(to: mail)
        OutboxController(outbox: services.outbox).addRoutes(to: mail)
        ReceiptsController(service: services.receipts).addRoutes(to: mail)
        UploadController(uploads: services.uploads).addRoutes(to: mail)
        TusUploadController(files: services.largeFiles).addRoutes(to: group, authenticator: authenticator)
        SettingsController(settings: services.settings, senderCheck: services.senderCheck).addRoutes(to: group.group("settings").add(middleware: authenticator))
        SieveSettingsController(access: services.sieve).addRoutes(to: group.group("settings").add(middleware: authenticator))
        EventsController(hub: services.eventHub, heartbeat: .seconds(services.configuration.eventsHeartbeat),
                         revocations: services.tokens.revocations).addRoutes(to: mail)
        ContactsController(contacts: services.contacts, collected: services.collected,
                           suggestions: RecipientSuggestions(contacts: services.contacts, collected: services.collected, directory: services.directory)
        ).addRoutes(to: group.group("contacts").add(middleware: authenticator))
        ContactFilesController(contacts: services.contacts, directory: services.directory)
            .addRoutes(to: group.group("contacts").add(middleware: authenticator))
    }
    return router
}

/// Runs the application until SIGTERM or SIGINT. Hummingbird runs the server and the services in
/// one ServiceGroup: on a signal in-flight requests finish, listeners close, services stop.
public func runApplication(configuration: WebmailConfiguration, logger: Logger) async throws {
    let app = try await buildApplication(configuration: configuration, logger: logger)
    // Every connection's task, a child of the server's, runs on the event loops (see
    // EventLoopTaskExecutor): a list page then wakes two threads instead of six.
    try await withTaskExecutorPreference(EventLoopTaskExecutor()) {
        try await app.runService(gracefulShutdownSignals: [.sigterm, .sigint])
    }
}
