import Foundation

/// The text/plain alternative of an HTML message, made from its HTML: what a reader without
/// HTML (or a search index, or a quoted reply in a text client) should see.
///
/// - blocks and paragraphs on lines of their own (a blank line between paragraphs), `<br>` a line break;
/// - lists as `- item` / `1. item`, nested lists indented;
/// - tables as aligned text columns separated by ` | ` (CJK characters count two columns); a
///   one-column (layout) table as its cells one after another; a table too wide to align
///   (over `maximumAlignedWidth` columns) as its cells joined by ` | ` per row;
/// - links as `text <url>`, just the URL when the text is the URL;
/// - blockquotes prefixed `> `, images as their alt text, entities decoded, scripts and styles dropped;
/// - the `-- ` signature delimiter kept with its space.
///
/// One pass over the tokens; nested tables deeper than `maximumTableDepth` are read as plain
/// blocks, so the work stays linear in the input whatever it holds.
public enum HTMLPlainText {
    public static let maximumTableDepth = 6
    public static let maximumAlignedWidth = 160
    static let maximumColumns = 64

    public static func render(_ html: String) -> String {
        var renderer = Renderer()
        for token in HTMLTokenizer.tokens(html) { renderer.consume(token) }
        return renderer.finish()
    }

    fileprivate struct Table {
        var rows: [[Cell]] = []
        var row: [Cell]?
        var cell: PlainTextWriter?
        var span = 1
    }

    fileprivate struct Cell {
        var lines: [String]
        var span: Int
    }

    private struct Renderer {
        let root = PlainTextWriter()
        var tables: [Table] = []
        /// Tables nested beyond the maximum depth, read as plain blocks.
        var ignoredTables = 0
        var skipping: String?
        var preformatted = 0
        var link: (href: String, text: String)?

        var writer: PlainTextWriter {
            mutating get {
                guard let last = tables.indices.last else { return root }
                if let cell = tables[last].cell { return cell }
                // Text in a table but outside any cell: browsers show it before the table; a cell of its own here.
                openCell(span: 1)
                return tables[last].cell!
            }
        }

        mutating func consume(_ token: HTMLToken) {
            if let waiting = skipping {
                if case .endTag(let name) = token, name == waiting { skipping = nil }
                // A <head> never closed ends where the body starts.
                if waiting == "head", case .startTag(let tag) = token, tag.name == "body" { skipping = nil }
                return
            }
            switch token {
            case .comment: break
            case .text(let text):
                if preformatted > 0 {
                    writer.preformatted(text)
                } else if !(tables.last.map { $0.cell == nil } ?? false) || text.contains(where: { !$0.isWhitespace }) {
                    writer.inline(text)
                }
                if link != nil { link?.text += text }
            case .startTag(let tag): start(tag)
            case .endTag(let name): end(name)
            }
        }

        mutating func start(_ tag: HTMLTag) {
            switch tag.name {
            case "script", "style", "head", "title", "template", "noscript", "iframe", "object", "select", "textarea", "svg", "math":
                if !tag.selfClosing { skipping = tag.name }
            case "br": writer.breakLine()
            case "p", "h1", "h2", "h3", "h4", "h5", "h6", "dl", "figure": writer.block(.paragraph)
            case "pre": writer.block(.paragraph); preformatted += 1
            case "div", "dt", "dd", "address", "center", "section", "article", "header", "footer", "nav", "aside",
                 "figcaption", "main", "fieldset", "details", "summary", "caption":
                writer.block(.line)
            case "hr":
                writer.block(.paragraph)
                writer.inline(String(repeating: "-", count: 30))
                writer.block(.paragraph)
            case "blockquote":
                let current = writer
                current.block(.paragraph)
                current.open(.quote)
            case "ul", "ol":
                let current = writer
                current.block(current.isInList ? .line : .paragraph)
                current.open(.list(ordered: tag.name == "ol", next: tag.attribute("start").flatMap { Int($0) } ?? 1))
            case "li": writer.listItem()
            case "img":
                let alt = tag.attribute("alt")?.trimmingCharacters(in: " \t\n\r") ?? ""
                if !alt.isEmpty {
                    writer.inline(alt)
                    if link != nil { link?.text += alt }
                }
            case "a":
                if let href = tag.attribute("href")?.trimmingCharacters(in: " \t\n\r"), Self.isShownURL(href) {
                    link = (href, "")
                }
            case "table":
                if tables.count >= maximumTableDepth { ignoredTables += 1; writer.block(.line); return }
                writer.block(.paragraph)
                tables.append(Table())
            case "tr":
                guard !tables.isEmpty, ignoredTables == 0 else { writer.block(.line); return }
                closeRow()
                tables[tables.count - 1].row = []
            case "td", "th":
                guard !tables.isEmpty, ignoredTables == 0 else { writer.inline(" "); return }
                openCell(span: min(max(tag.attribute("colspan").flatMap { Int($0) } ?? 1, 1), maximumColumns))
            default: break
            }
        }

        mutating func end(_ name: String) {
            switch name {
            case "p", "h1", "h2", "h3", "h4", "h5", "h6", "dl", "figure": writer.block(.paragraph)
            case "pre": writer.block(.paragraph); preformatted = max(preformatted - 1, 0)
            case "div", "dt", "dd", "address", "center", "section", "article", "header", "footer", "nav", "aside",
                 "figcaption", "main", "fieldset", "details", "summary", "caption", "li":
                writer.block(.line)
            case "blockquote":
                let current = writer
                current.block(.paragraph)
                current.close(list: false)
            case "ul", "ol":
                let current = writer
                current.close(list: true)
                current.block(current.isInList ? .line : .paragraph)
            case "a":
                guard let open = link else { return }
                link = nil
                let text = open.text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
                if text.isEmpty {
                    writer.inline(open.href)
                } else if !Self.sameAddress(text, open.href) {
                    writer.inline(" <\(open.href)>")
                }
            case "table":
                if ignoredTables > 0 { ignoredTables -= 1; writer.block(.line); return }
                guard let table = closeTable() else { return }
                writer.appendBlock(HTMLPlainText.layout(table))
            case "tr":
                guard !tables.isEmpty, ignoredTables == 0 else { writer.block(.line); return }
                closeRow()
            case "td", "th":
                guard !tables.isEmpty, ignoredTables == 0 else { return }
                closeCell()
            default: break
            }
        }

        mutating func openCell(span: Int) {
            closeCell()
            let last = tables.count - 1
            if tables[last].row == nil { tables[last].row = [] }
            tables[last].cell = PlainTextWriter()
            tables[last].span = span
        }

        mutating func closeCell() {
            guard let last = tables.indices.last, let cell = tables[last].cell else { return }
            if tables[last].row == nil { tables[last].row = [] }
            let finished = Cell(lines: cell.finish(), span: tables[last].span)
            tables[last].row?.append(finished)
            tables[last].cell = nil
        }

        mutating func closeRow() {
            closeCell()
            guard let last = tables.indices.last, let row = tables[last].row else { return }
            tables[last].rows.append(row)
            tables[last].row = nil
        }

        mutating func closeTable() -> Table? {
            closeRow()
            return tables.popLast()
        }

        mutating func finish() -> String {
            while let table = closeTable() { writer.appendBlock(HTMLPlainText.layout(table)) }
            return root.finish().joined(separator: "\n")
        }

        static func isShownURL(_ href: String) -> Bool {
            let lower = href.lowercased()
            return lower.hasPrefix("http://") || lower.hasPrefix("https://") || lower.hasPrefix("mailto:") || lower.hasPrefix("tel:")
                || lower.hasPrefix("ftp://")
        }

        /// `https://zioinfo.co.kr` shown as `https://zioinfo.co.kr/` or `zioinfo.co.kr`, `a@b.kr` for `mailto:a@b.kr`.
        static func sameAddress(_ text: String, _ href: String) -> Bool {
            func bare(_ value: String) -> String {
                var value = value.lowercased()
                for scheme in ["mailto:", "tel:", "https://", "http://"] where value.hasPrefix(scheme) {
                    value.removeFirst(scheme.count)
                }
                while value.hasSuffix("/") { value.removeLast() }
                return value
            }
            return bare(text) == bare(href)
        }
    }

    /// A table's rows as lines: columns padded to their widest cell, ` | ` between them; empty
    /// rows and columns dropped (spacer cells of newsletters).
    private static func layout(_ table: Table) -> [String] {
        var grid: [[[String]]] = []
        for row in table.rows {
            var cells: [[String]] = []
            for cell in row {
                cells.append(cell.lines)
                for _ in 1..<max(cell.span, 1) where cells.count < maximumColumns { cells.append([]) }
                if cells.count >= maximumColumns { break }
            }
            if cells.contains(where: { !$0.isEmpty }) { grid.append(cells) }
        }
        let columnCount = grid.map(\.count).max() ?? 0
        let used = (0..<columnCount).filter { column in grid.contains { column < $0.count && !$0[column].isEmpty } }
        guard used.count > 1 else {
            // A layout table: its cells' blocks one after another.
            var lines: [String] = []
            for row in grid {
                for cell in row where !cell.isEmpty {
                    if !lines.isEmpty { lines.append("") }
                    lines += cell
                }
            }
            return lines
        }
        let rows = grid.map { row in used.map { $0 < row.count ? row[$0] : [] } }
        let widths = used.indices.map { column in rows.map { $0[column].map(DisplayWidth.of).max() ?? 0 }.max() ?? 0 }
        if widths.reduce(0, +) + 3 * (widths.count - 1) > maximumAlignedWidth {
            return rows.map { row in row.map { $0.joined(separator: " ") }.joined(separator: " | ").trimmingSpacesAtEnd }
        }
        var lines: [String] = []
        for row in rows {
            let height = row.map(\.count).max() ?? 0
            for index in 0..<height {
                var text = ""
                for (column, cell) in row.enumerated() {
                    let piece = index < cell.count ? cell[index] : ""
                    if column > 0 { text += " | " }
                    text += piece
                    if column < row.count - 1 { text += String(repeating: " ", count: max(widths[column] - DisplayWidth.of(piece), 0)) }
                }
                lines.append(text.trimmingSpacesAtEnd)
            }
        }
        return lines
    }
}
