#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// Decodes bytes with glibc iconv into UTF-8, replacing undecodable bytes with U+FFFD.
///
/// iconv has no replacement mode, so an invalid sequence is handled here: one byte is skipped and
/// U+FFFD written. Opening a converter is costly (it loads a gconv module), so converters are
/// pooled per charset and reset between uses; an `iconv_t` is not thread-safe, hence the pool
/// hands each one to a single caller at a time.
final class IconvConverterPool: @unchecked Sendable {
    static let shared = IconvConverterPool()

    private let lock = NSLock()
    private var idle: [String: [iconv_t]] = [:]
    private var unsupported: Set<String> = []

    /// Whether iconv can convert from this charset name.
    func supports(_ name: String) -> Bool {
        guard let converter = take(name) else { return false }
        give(converter, name)
        return true
    }

    /// Decodes `bytes`; returns nil if iconv does not know `name`. `errors` counts replaced sequences.
    func decode(_ bytes: UnsafeBufferPointer<UInt8>, from name: String) -> (text: String, errors: Int)? {
        guard let converter = take(name) else { return nil }
        defer { give(converter, name) }
        return Self.convert(bytes, with: converter)
    }

    private func take(_ name: String) -> iconv_t? {
        lock.lock()
        if var list = idle[name], let converter = list.popLast() {
            idle[name] = list
            lock.unlock()
            return converter
        }
        let known = !unsupported.contains(name)
        lock.unlock()
        guard known else { return nil }
        let converter = iconv_open("UTF-8", name)
        if converter == iconv_t(bitPattern: -1) {
            lock.lock(); unsupported.insert(name); lock.unlock()
            return nil
        }
        return converter
    }

    private func give(_ converter: iconv_t, _ name: String) {
        // Return to the initial shift state so the next caller starts clean.
        _ = iconv(converter, nil, nil, nil, nil)
        lock.lock()
        var list = idle[name, default: []]
        if list.count < 8 {
            list.append(converter)
            idle[name] = list
            lock.unlock()
        } else {
            lock.unlock()
            iconv_close(converter)
        }
    }

    private static func convert(_ input: UnsafeBufferPointer<UInt8>, with converter: iconv_t) -> (text: String, errors: Int) {
        guard let base = input.baseAddress, input.count > 0 else { return ("", 0) }
        var result = [UInt8]()
        result.reserveCapacity(input.count * 2)
        var errors = 0
        let chunkSize = max(4096, input.count * 3)
        var output = [UInt8](repeating: 0, count: chunkSize)
        var inPointer = UnsafeMutablePointer<CChar>(mutating: UnsafeRawPointer(base).assumingMemoryBound(to: CChar.self))
        var inLeft = input.count
        let replacement: [UInt8] = [0xEF, 0xBF, 0xBD]
        output.withUnsafeMutableBufferPointer { outBuffer in
            guard let outBase = outBuffer.baseAddress else { return }
            let outStart = UnsafeMutableRawPointer(outBase).assumingMemoryBound(to: CChar.self)
            var flushing = false
            conversion: while true {
                var outPointer: UnsafeMutablePointer<CChar>? = outStart
                var outLeft = outBuffer.count
                let status: Int
                if flushing {
                    status = iconv(converter, nil, nil, &outPointer, &outLeft)
                } else {
                    var inOptional: UnsafeMutablePointer<CChar>? = inPointer
                    status = iconv(converter, &inOptional, &inLeft, &outPointer, &outLeft)
                    if let advanced = inOptional { inPointer = advanced }
                }
                let produced = outBuffer.count - outLeft
                result.append(contentsOf: UnsafeBufferPointer(start: outBase, count: produced))
                if status != -1 {
                    if flushing { break }
                    flushing = true
                    continue
                }
                let failure = errno
                if flushing && failure != E2BIG { break conversion }
                switch failure {
                case E2BIG:
                    continue
                case EILSEQ:
                    errors += 1
                    result.append(contentsOf: replacement)
                    inPointer += 1
                    inLeft -= 1
                case EINVAL:
                    // Incomplete sequence at the end of the input.
                    errors += 1
                    result.append(contentsOf: replacement)
                    inLeft = 0
                    flushing = true
                default:
                    errors += 1
                    inLeft = 0
                    flushing = true
                }
            }
        }
        return (String(decoding: result, as: UTF8.self), errors)
    }
}
