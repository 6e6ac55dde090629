#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// libc-backed byte searches: a 50 MB message must be scanned at memory speed, not byte by byte
/// in Swift.
enum ByteSearch {
    /// Index of the first `byte` at or after `start`.
    static func firstIndex(of byte: UInt8, in bytes: ArraySlice<UInt8>, from start: Int) -> Int? {
        guard start >= bytes.startIndex, start < bytes.endIndex else { return nil }
        return bytes.withUnsafeBufferPointer { buffer -> Int? in
            guard let base = buffer.baseAddress else { return nil }
            let offset = start - bytes.startIndex
            guard let found = memchr(base + offset, Int32(byte), buffer.count - offset) else { return nil }
            return bytes.startIndex + (UnsafeRawPointer(found) - UnsafeRawPointer(base))
        }
    }

    /// Index of the first occurrence of `pattern` at or after `start` (memchr for the first
    /// byte, memcmp for the rest; glibc's memmem is not exported to Swift without _GNU_SOURCE).
    static func firstIndex(of pattern: [UInt8], in bytes: ArraySlice<UInt8>, from start: Int) -> Int? {
        guard let first = pattern.first, start >= bytes.startIndex, start < bytes.endIndex else { return nil }
        return bytes.withUnsafeBufferPointer { buffer -> Int? in
            guard let base = buffer.baseAddress else { return nil }
            return pattern.withUnsafeBufferPointer { needle -> Int? in
                guard let needleBase = needle.baseAddress else { return nil }
                var offset = start - bytes.startIndex
                let lastStart = buffer.count - needle.count
                while offset <= lastStart {
                    guard let found = memchr(base + offset, Int32(first), lastStart - offset + 1) else { return nil }
                    let position = UnsafeRawPointer(found) - UnsafeRawPointer(base)
                    if memcmp(base + position, needleBase, needle.count) == 0 { return bytes.startIndex + position }
                    offset = position + 1
                }
                return nil
            }
        }
    }

    /// Whether `bytes[start...]` begins with `prefix` (memcmp).
    static func hasPrefix(_ prefix: [UInt8], in bytes: ArraySlice<UInt8>, at start: Int) -> Bool {
        guard start >= bytes.startIndex, bytes.endIndex - start >= prefix.count else { return false }
        return bytes.withUnsafeBufferPointer { buffer in
            prefix.withUnsafeBufferPointer { needle in
                guard let base = buffer.baseAddress, let needleBase = needle.baseAddress else { return needle.isEmpty }
                return memcmp(base + (start - bytes.startIndex), needleBase, needle.count) == 0
            }
        }
    }
}
