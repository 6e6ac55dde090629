import Logging

extension StandardErrorLogHandler {
    /// Makes every logger of the process write here at `level` (once per process: the commands
    /// that log call it first), and returns the program's own logger.
    static func bootstrap(level: Logger.Level) -> Logger {
        LoggingSystem.bootstrap { label in
            var handler = StandardErrorLogHandler(label: label)
            handler.logLevel = level
            return handler
        }
        return Logger(label: "zioinfo-mail")
    }
}
