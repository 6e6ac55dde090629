import CZlib
import Foundation
import NIOCore

/// Writes a ZIP archive (PKWARE APPNOTE 6.3) as it goes, for answers streamed to the browser:
/// each entry's local header first, its bytes as they arrive, then a data descriptor with the
/// CRC-32 and size (general purpose bit 3), and the central directory at the end. Nothing of an
/// entry is held in memory.
///
/// Entries are stored, not deflated: attachments are mostly compressed already (JPEG, PDF,
/// Office, HWPX, ZIP), and storing keeps compression work off the event loop; CRC-32 (zlib's) is
/// all the per-byte work. Names are UTF-8 with the language-encoding flag (bit 11), which
/// Windows Explorer, macOS Archive Utility, 7-Zip and Info-ZIP honour, so Korean names show right.
///
/// No ZIP64: sizes and offsets are 32-bit, so an archive can reach 4 GiB - 1 and hold 65,535
/// entries. Past that, `ZipStreamWriter.Overflow` is thrown before anything wrong is written.
struct ZipStreamWriter {
    struct Overflow: Error, Equatable {}

    /// The largest size or offset a (non-ZIP64) header field holds.
    static let maximumOffset = UInt64(UInt32.max)
    static let maximumEntries = Int(UInt16.max)

    private struct Entry {
        var name: [UInt8]
        var offset: UInt32
        var crc: UInt32 = 0
        var size: UInt32 = 0
    }

    private var entries: [Entry] = []
    private var current: Entry?
    private var currentSize: UInt64 = 0
    private var currentCRC: uLong = crc32(0, nil, 0)
    /// Bytes written so far: where the next header starts.
    private(set) var offset: UInt64 = 0
    private let time: UInt16
    private let date: UInt16

    /// `modified` is stamped on every entry (MS-DOS time has no zone: it is read as local time).
    init(modified: Date = Date(), timeZone: TimeZone = .current) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: modified)
        let year = min(max((parts.year ?? 1980) - 1980, 0), 127)
        date = UInt16(year << 9 | (parts.month ?? 1) << 5 | (parts.day ?? 1))
        time = UInt16((parts.hour ?? 0) << 11 | (parts.minute ?? 0) << 5 | (parts.second ?? 0) / 2)
    }

    /// Version 2.0 (needed for data descriptors); flags: bit 3 (sizes follow the data), bit 11 (UTF-8 names).
    private static let version: UInt16 = 20
    private static let flags: UInt16 = 1 << 3 | 1 << 11

    /// The local header of a new entry named `name` (already sanitised: see `ZipEntryNames`).
    mutating func startEntry(named name: String) throws -> ByteBuffer {
        precondition(current == nil, "finish the previous entry first")
        let nameBytes = Array(name.utf8.prefix(Int(UInt16.max)))
        guard entries.count < Self.maximumEntries, offset + 30 + UInt64(nameBytes.count) <= Self.maximumOffset else { throw Overflow() }
        var header = ByteBuffer()
        header.writeInteger(UInt32(0x0403_4B50), endianness: .little)
        header.writeInteger(Self.version, endianness: .little)
        header.writeInteger(Self.flags, endianness: .little)
        header.writeInteger(UInt16(0), endianness: .little)  // stored
        header.writeInteger(time, endianness: .little)
        header.writeInteger(date, endianness: .little)
        header.writeInteger(UInt32(0), endianness: .little)  // CRC-32, size, size: in the data descriptor
        header.writeInteger(UInt32(0), endianness: .little)
        header.writeInteger(UInt32(0), endianness: .little)
        header.writeInteger(UInt16(nameBytes.count), endianness: .little)
        header.writeInteger(UInt16(0), endianness: .little)  // no extra field
        header.writeBytes(nameBytes)
        current = Entry(name: nameBytes, offset: UInt32(offset))
        currentSize = 0
        currentCRC = crc32(0, nil, 0)
        offset += UInt64(header.readableBytes)
        return header
    }

    /// Accounts for `chunk` of the current entry's bytes (the caller sends it as it is).
    mutating func add(_ chunk: ByteBuffer) throws {
        precondition(current != nil, "start an entry first")
        // The descriptor (16 bytes) must still fit after the data.
        guard offset + UInt64(chunk.readableBytes) + 16 <= Self.maximumOffset else { throw Overflow() }
        chunk.withUnsafeReadableBytes { bytes in
            currentCRC = crc32(currentCRC, bytes.baseAddress?.assumingMemoryBound(to: Bytef.self), uInt(bytes.count))
        }
        currentSize += UInt64(chunk.readableBytes)
        offset += UInt64(chunk.readableBytes)
    }

    /// The current entry's data descriptor (signature, CRC-32, compressed and real size).
    mutating func finishEntry() -> ByteBuffer {
        guard var entry = current else { preconditionFailure("no entry started") }
        entry.crc = UInt32(truncatingIfNeeded: currentCRC)
        entry.size = UInt32(currentSize)  // `add` kept it below 4 GiB
        var descriptor = ByteBuffer()
        descriptor.writeInteger(UInt32(0x0807_4B50), endianness: .little)
        descriptor.writeInteger(entry.crc, endianness: .little)
        descriptor.writeInteger(entry.size, endianness: .little)
        descriptor.writeInteger(entry.size, endianness: .little)
        entries.append(entry)
        current = nil
        offset += UInt64(descriptor.readableBytes)
        return descriptor
    }

    /// The central directory and its end record: the archive's last bytes.
    func finish() throws -> ByteBuffer {
        precondition(current == nil, "finish the last entry first")
        var directory = ByteBuffer()
        for entry in entries {
            directory.writeInteger(UInt32(0x0201_4B50), endianness: .little)
            directory.writeInteger(Self.version, endianness: .little)  // made by: MS-DOS, 2.0
            directory.writeInteger(Self.version, endianness: .little)
            directory.writeInteger(Self.flags, endianness: .little)
            directory.writeInteger(UInt16(0), endianness: .little)
            directory.writeInteger(time, endianness: .little)
            directory.writeInteger(date, endianness: .little)
            directory.writeInteger(entry.crc, endianness: .little)
            directory.writeInteger(entry.size, endianness: .little)
            directory.writeInteger(entry.size, endianness: .little)
            directory.writeInteger(UInt16(entry.name.count), endianness: .little)
            directory.writeInteger(UInt16(0), endianness: .little)  // extra
            directory.writeInteger(UInt16(0), endianness: .little)  // comment
            directory.writeInteger(UInt16(0), endianness: .little)  // disk
            directory.writeInteger(UInt16(0), endianness: .little)  // internal attributes
            directory.writeInteger(UInt32(0), endianness: .little)  // external attributes
            directory.writeInteger(entry.offset, endianness: .little)
            directory.writeBytes(entry.name)
        }
        let directorySize = directory.readableBytes
        guard offset + UInt64(directorySize) + 22 <= Self.maximumOffset else { throw Overflow() }
        directory.writeInteger(UInt32(0x0605_4B50), endianness: .little)
        directory.writeInteger(UInt16(0), endianness: .little)
        directory.writeInteger(UInt16(0), endianness: .little)
        directory.writeInteger(UInt16(entries.count), endianness: .little)
        directory.writeInteger(UInt16(entries.count), endianness: .little)
        directory.writeInteger(UInt32(directorySize), endianness: .little)
        directory.writeInteger(UInt32(offset), endianness: .little)
        directory.writeInteger(UInt16(0), endianness: .little)
        return directory
    }
}
