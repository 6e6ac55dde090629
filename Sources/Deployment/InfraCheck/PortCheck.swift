import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Whether a TCP port can be bound, found by binding it (and letting go at once).
enum PortCheck {
    static func free(host: String, port: Int, remedy: String) -> (ok: Bool, detail: String) {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return (false, "cannot create a socket: \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        let resolved = host == "localhost" ? "127.0.0.1" : host
        guard inet_pton(AF_INET, resolved, &address.sin_addr) == 1 else {
            return (false, "\(host) is not an IPv4 address to bind")
        }
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        if result == 0 { return (true, "\(host):\(port) is free") }
        let reason = errno == EADDRINUSE ? "already in use" : String(cString: strerror(errno))
        return (false, "\(host):\(port) \(reason): \(remedy)")
    }
}
