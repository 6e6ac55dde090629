/// A command argument that cannot be sent safely. Thrown before a single byte goes out,
/// so user input can never split a command or inject another one.
public enum IMAPCommandError: Error, Hashable, Sendable, CustomStringConvertible {
    /// CR, LF or NUL in a value (mailbox name, search term, credential, flag...).
    case forbiddenCharacter(field: String)
    /// A value that must be an atom (flag, keyword, charset, header name) is not one.
    case invalidAtom(field: String)
    /// A value that must not be empty is empty.
    case emptyValue(field: String)
    /// The command needs a capability the server does not advertise.
    case unsupported(String)

    public var description: String {
        switch self {
        case .forbiddenCharacter(let field): return "CR, LF or NUL is not allowed in \(field)"
        case .invalidAtom(let field): return "\(field) contains characters not allowed in an IMAP atom"
        case .emptyValue(let field): return "\(field) must not be empty"
        case .unsupported(let what): return "the server does not support \(what)"
        }
    }
}
