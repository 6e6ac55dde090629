/// Names for the entries of a "모두 받기" archive: each attachment's own name made safe to
/// unpack, and unique as Windows and macOS see names (case-insensitively), as browsers name a
/// second download: `보고서.pdf`, `보고서 (2).pdf`.
struct ZipEntryNames {
    private var taken: Set<String> = []

    /// `filename` without path separators (`/`, `\` become `_`: no entry lands outside the
    /// folder it is unpacked into), control characters, or leading dots and spaces (no hidden
    /// `..` or dotfile); at most 200 characters, the extension kept; `fallback` when nothing is left.
    static func sanitised(_ filename: String, fallback: String) -> String {
        var name = String(filename.unicodeScalars.compactMap { scalar -> Character? in
            if scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) { return nil }
            return scalar == "/" || scalar == "\\" ? "_" : Character(scalar)
        })
        name = String(name.drop(while: { $0 == "." || $0 == " " }))
        while name.last == " " || name.last == "." { name.removeLast() }
        if name.count > 200 {
            let (stem, ext) = split(name)
            name = String(stem.prefix(200 - ext.count)) + ext
        }
        return name.isEmpty ? fallback : name
    }

    /// The name the next entry gets: `filename` sanitised, numbered when already taken.
    mutating func next(for filename: String, fallback: String) -> String {
        let name = Self.sanitised(filename, fallback: fallback)
        var candidate = name
        var number = 2
        let (stem, ext) = Self.split(name)
        while taken.contains(candidate.lowercased()) {
            candidate = "\(stem) (\(number))\(ext)"
            number += 1
        }
        taken.insert(candidate.lowercased())
        return candidate
    }

    /// `report.final.pdf` → (`report.final`, `.pdf`); a name without a dot has no extension.
    private static func split(_ name: String) -> (stem: Substring, ext: String) {
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return (Substring(name), "") }
        return (name[..<dot], String(name[dot...]))
    }
}
