import Testing
@testable import Webmail

/// Which attachments the preview route shows (issue 25): declared type first, the filename only
/// for a generic declaration, and the magic bytes must agree for images and PDF.
@Suite struct PreviewTypeTests {
    @Test func theDeclaredTypeDecidesAndOnlyInertTypesQualify() {
        #expect(PreviewType(declaredType: "image/PNG; name=a.png", filename: "a.png") == .png)
        #expect(PreviewType(declaredType: "image/jpg", filename: "a") == .jpeg)
        #expect(PreviewType(declaredType: "text/plain; charset=euc-kr", filename: "a.html") == .text)
        #expect(PreviewType(declaredType: "application/octet-stream", filename: "스캔.PDF") == .pdf)
        for refused in ["text/html", "image/svg+xml", "application/xml", "text/xml", "application/xhtml+xml", "image/bmp", "application/zip"] {
            #expect(PreviewType(declaredType: refused, filename: "a.png") == nil, "\(refused)")
        }
        #expect(PreviewType(declaredType: "application/octet-stream", filename: "a.svg") == nil)
        #expect(PreviewType(declaredType: "application/octet-stream", filename: "png") == nil)
    }

    @Test func imagesAndPDFMustStartWithTheirMagicBytes() {
        #expect(PreviewType.png.matches([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13]))
        #expect(!PreviewType.png.matches(Array("<html>".utf8)))
        #expect(PreviewType.jpeg.matches([0xFF, 0xD8, 0xFF, 0xE0]))
        #expect(PreviewType.gif.matches(Array("GIF89a....".utf8)))
        #expect(PreviewType.webp.matches(Array("RIFF\u{0}\u{0}\u{0}\u{0}WEBP".utf8)))
        #expect(!PreviewType.webp.matches(Array("RIFF\u{0}\u{0}\u{0}\u{0}WAVE".utf8)))
        #expect(PreviewType.pdf.matches(Array("%PDF-1.7".utf8)))
        #expect(!PreviewType.pdf.matches(Array(" %PDF-1.7".utf8)))
        #expect(!PreviewType.png.matches([]))
    }
}
