/// Why the configuration could not be loaded. Every case names the setting so that an operator
/// sees at once which flag, `ZM_*` variable or config-file line to fix.
public enum ConfigurationError: Error, Equatable, CustomStringConvertible, Sendable {
    /// A setting has a value that cannot be used.
    case invalidValue(setting: String, value: String, expected: String)
    /// The config file could not be read.
    case unreadableFile(path: String, reason: String)
    /// A config-file line is not `KEY=value`.
    case malformedLine(path: String, line: Int)
    /// A key in the config file that no setting has (most likely a typo).
    case unknownSetting(setting: String, path: String, line: Int)

    public var description: String {
        switch self {
        case let .invalidValue(setting, value, expected):
            let flag = SettingKey(rawValue: setting).map { " (--\($0.flagName))" } ?? ""
            return "invalid \(setting)\(flag): \"\(value)\" is not \(expected)"
        case let .unreadableFile(path, reason):
            return "cannot read config file \(path): \(reason)"
        case let .malformedLine(path, line):
            return "config file \(path), line \(line): expected KEY=value"
        case let .unknownSetting(setting, path, line):
            return "config file \(path), line \(line): unknown setting \(setting)"
        }
    }
}
