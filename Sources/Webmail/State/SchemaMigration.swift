/// One step of the state database's schema. Steps are applied in `version` order, each once, and
/// only ever add (tables, columns, indexes): a step never drops or rewrites what an older
/// release wrote, so a rollback to the previous binary is refused (`schemaTooNew`) rather than
/// met with missing data, and no step can lose users' state. `SchemaMigrationTests` holds the
/// list to that.
struct SchemaMigration: Sendable {
    let version: Int
    let name: String
    /// Statements in the dialect both engines speak.
    let statements: [String]
    /// Fills what a step added from what older releases wrote (derived columns computed in
    /// Swift), in the migration's transaction, after `statements`: under the migration lock, so
    /// two instances starting together never both fill, and a failure leaves the step unapplied.
    var backfill: (@Sendable (any StateTransaction) async throws -> Void)? = nil

    /// Every step, oldest first. Append only: never edit or remove a released step.
    static let all: [SchemaMigration] = [
        SchemaMigration(version: 1, name: "revocations, login events, uploads", statements: [
            // Token ids revoked by logout, until the token would have expired anyway.
            """
            CREATE TABLE IF NOT EXISTS revoked_tokens (
                token_id TEXT PRIMARY KEY,
                expires_at BIGINT NOT NULL)
            """,
            "CREATE INDEX IF NOT EXISTS revoked_tokens_expires_at ON revoked_tokens (expires_at)",
            // Failed logins, for the limits of every instance (LoginLimits).
            """
            CREATE TABLE IF NOT EXISTS login_failures (
                account TEXT NOT NULL,
                address TEXT NOT NULL,
                failed_at BIGINT NOT NULL)
            """,
            "CREATE INDEX IF NOT EXISTS login_failures_failed_at ON login_failures (failed_at)",
            // The last successful login of an account from an address: the pair's failures before
            // it no longer count, and the address is familiar to the account.
            """
            CREATE TABLE IF NOT EXISTS login_successes (
                account TEXT NOT NULL,
                address TEXT NOT NULL,
                succeeded_at BIGINT NOT NULL,
                PRIMARY KEY (account, address))
            """,
            // Files uploaded ahead of a send; the bytes are files under ZM_FILES_DIR.
            """
            CREATE TABLE IF NOT EXISTS uploads (
                id TEXT PRIMARY KEY,
                owner TEXT NOT NULL,
                filename TEXT NOT NULL,
                content_type TEXT NOT NULL,
                size BIGINT NOT NULL,
                created_at BIGINT NOT NULL)
            """,
            "CREATE INDEX IF NOT EXISTS uploads_owner ON uploads (owner)",
            "CREATE INDEX IF NOT EXISTS uploads_created_at ON uploads (created_at)",
        ]),
        SchemaMigration(version: 2, name: "user settings, trusted senders", statements: [
            // 환경설정: one row per user and key, the value as JSON text (UserSetting checks it).
            """
            CREATE TABLE IF NOT EXISTS user_settings (
                owner TEXT NOT NULL,
                name TEXT NOT NULL,
                value TEXT NOT NULL,
                updated_at BIGINT NOT NULL,
                PRIMARY KEY (owner, name))
            """,
            // Senders whose remote images the user always shows (이 발신자는 항상 표시).
            """
            CREATE TABLE IF NOT EXISTS trusted_senders (
                owner TEXT NOT NULL,
                sender TEXT NOT NULL,
                added_at BIGINT NOT NULL,
                PRIMARY KEY (owner, sender))
            """,
        ]),
        SchemaMigration(version: 3, name: "address book, contact groups, collected recipients", statements: [
            // One user's contact: its JSON (`Contact`), the lowercased name to sort by, the
            // searched text with syllables reduced to initial consonants (`KoreanInitials`), and
            // its group ids as ",id1,id2," for a LIKE.
            """
            CREATE TABLE IF NOT EXISTS contacts (
                id TEXT PRIMARY KEY,
                owner TEXT NOT NULL,
                name TEXT NOT NULL,
                body TEXT NOT NULL,
                folded TEXT NOT NULL,
                member_of TEXT NOT NULL,
                updated_at BIGINT NOT NULL)
            """,
            "CREATE INDEX IF NOT EXISTS contacts_owner_name ON contacts (owner, name)",
            """
            CREATE TABLE IF NOT EXISTS contact_groups (
                id TEXT PRIMARY KEY,
                owner TEXT NOT NULL,
                name TEXT NOT NULL,
                name_key TEXT NOT NULL,
                created_at BIGINT NOT NULL)
            """,
            "CREATE UNIQUE INDEX IF NOT EXISTS contact_groups_owner_name ON contact_groups (owner, name_key)",
            // Everyone a user sent to: how often, when last (the suggestions' ranking).
            """
            CREATE TABLE IF NOT EXISTS collected_recipients (
                owner TEXT NOT NULL,
                email TEXT NOT NULL,
                name TEXT NOT NULL,
                folded TEXT NOT NULL,
                count BIGINT NOT NULL,
                last_at BIGINT NOT NULL,
                PRIMARY KEY (owner, email))
            """,
        ]),
        SchemaMigration(version: 4, name: "outbox (undo send, scheduled send)", statements: [
            // A mail waiting to be sent (OutboxStore): its three built forms as base64 (sent,
            // SMTPUTF8, draft with Bcc), the envelope and the bookkeeping after the send as JSON,
            // the password sealed for this entry only (NULL once sent or cancelled), and the claim
            // of the instance sending it. The Message-ID is the dedupe key of an owner's entries.
            """
            CREATE TABLE IF NOT EXISTS outbox (
                id TEXT PRIMARY KEY,
                owner TEXT NOT NULL,
                message_id TEXT NOT NULL,
                subject TEXT NOT NULL,
                recipients TEXT NOT NULL,
                envelope TEXT NOT NULL,
                message TEXT NOT NULL,
                message_utf8 TEXT,
                draft TEXT,
                bookkeeping TEXT NOT NULL,
                credential TEXT,
                send_at BIGINT NOT NULL,
                state TEXT NOT NULL,
                claimed_by TEXT,
                lease_until BIGINT,
                attempts BIGINT NOT NULL,
                last_error TEXT,
                draft_uid BIGINT,
                created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL)
            """,
            "CREATE UNIQUE INDEX IF NOT EXISTS outbox_owner_message_id ON outbox (owner, message_id)",
            "CREATE INDEX IF NOT EXISTS outbox_state_send_at ON outbox (state, send_at)",
            "CREATE INDEX IF NOT EXISTS outbox_owner_send_at ON outbox (owner, send_at)",
        ]),
        SchemaMigration(version: 5, name: "contact addresses and search keys (suggestions in SQL)", statements: [
            // The searched text of a contact as `KoreanSearchKey` stores it: one LIKE decides a
            // match, 초성 included (NULL only until the step's backfill ran).
            "ALTER TABLE contacts ADD COLUMN search TEXT",
            // One row per address of a contact (a contact's JSON stays the truth; ContactStore
            // rewrites these rows with it): what a suggestion shows and ranks on, so a query
            // is one scan of this table, matched and ordered in SQL. `search` is the contact's,
            // `name_search` and `email_search` rank a match at the start of either first.
            """
            CREATE TABLE IF NOT EXISTS contact_emails (
                owner TEXT NOT NULL,
                contact_id TEXT NOT NULL,
                position BIGINT NOT NULL,
                email TEXT NOT NULL,
                email_key TEXT NOT NULL,
                name TEXT NOT NULL,
                department TEXT NOT NULL,
                search TEXT NOT NULL,
                name_search TEXT NOT NULL,
                email_search TEXT NOT NULL,
                PRIMARY KEY (contact_id, position))
            """,
            "CREATE INDEX IF NOT EXISTS contact_emails_owner_email ON contact_emails (owner, email_key)",
        ], backfill: ContactStore.backfillSearchKeys),
        SchemaMigration(version: 6, name: "receipts: when a recipient's copy was first seen read", statements: [
            // 수신확인 (issue 33): IMAP keeps no time for \Seen, so 읽음's time is the first lookup
            // that found the copy read (ReceiptReadTimes); the first time stays.
            """
            CREATE TABLE IF NOT EXISTS receipt_reads (
                sender TEXT NOT NULL,
                message_id TEXT NOT NULL,
                recipient TEXT NOT NULL,
                read_at BIGINT NOT NULL,
                PRIMARY KEY (sender, message_id, recipient))
            """,
        ]),
        SchemaMigration(version: 7, name: "large files (대용량 첨부): tus uploads and download links", statements: [
            // One file of 대용량 첨부 (issue 32), from its tus upload to its expiry: the bytes are
            // `ZM_FILES_DIR/large/<owner hash>/<id>.data`. `upload_offset` is the bytes stored so far
            // (tus Upload-Offset), `sha256` is set once the upload is complete. Until a send makes it
            // a link, `expires_at` is the unfinished upload's expiry (Upload-Expires) and
            // `token_hash` is NULL; then it holds the SHA-256 of the link's token (never the token)
            // and `expires_at` the link's. `claimed_by`/`lease_until`: the instance cleaning it up.
            """
            CREATE TABLE IF NOT EXISTS large_files (
                id TEXT PRIMARY KEY,
                owner TEXT NOT NULL,
                filename TEXT NOT NULL,
                size BIGINT NOT NULL,
                upload_offset BIGINT NOT NULL,
                sha256 TEXT,
                created_at BIGINT NOT NULL,
                expires_at BIGINT NOT NULL,
                max_downloads BIGINT,
                downloads BIGINT NOT NULL,
                revoked_at BIGINT,
                token_hash TEXT,
                claimed_by TEXT,
                lease_until BIGINT)
            """,
            "CREATE INDEX IF NOT EXISTS large_files_owner ON large_files (owner)",
            "CREATE INDEX IF NOT EXISTS large_files_expires_at ON large_files (expires_at)",
            "CREATE UNIQUE INDEX IF NOT EXISTS large_files_token_hash ON large_files (token_hash)",
        ]),
    ]

    static var latestVersion: Int { all.last?.version ?? 0 }
}
