/// The mail of issue 23, item 2: multipart/related with an HTML body that references every one
/// of `parts` inline images by `cid:`, filled to about `htmlBytes`. Sections: the HTML is `1`,
/// image `i` (from 0) is `i + 2` with Content-ID `<img{i}@poison.zioinfo>`.
enum PoisonMail {
    static func make(subject: String, parts: Int, htmlBytes: Int) -> [UInt8] {
        var html = "<html><body><p>독성 메일</p>\r\n"
        for index in 0..<parts { html += "<img src=\"cid:img\(index)@poison.zioinfo\" alt=\"\(index)\">\r\n" }
        let filler = "<p>지오정보기술 웹메일 부하 시험 문단입니다. The quick brown fox jumps over the lazy dog.</p>\r\n"
        while html.utf8.count < htmlBytes { html += filler }
        html += "</body></html>\r\n"
        var mail = "From: Poison <poison@example.net>\r\nTo: ythong@zioinfo.co.kr\r\nSubject: \(subject)\r\n"
            + "Date: Sun, 6 Dec 2026 12:00:00 +0900\r\nMessage-ID: <\(subject)@example.net>\r\nMIME-Version: 1.0\r\n"
            + "Content-Type: multipart/related; boundary=\"p\"\r\n\r\n"
            + "--p\r\nContent-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n" + html
        // A 1x1 PNG.
        let png = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGMAAQAABQABDQottAAAAABJRU5ErkJggg=="
        for index in 0..<parts {
            mail += "--p\r\nContent-Type: image/png\r\nContent-Transfer-Encoding: base64\r\nContent-ID: <img\(index)@poison.zioinfo>\r\n\r\n\(png)\r\n"
        }
        mail += "--p--\r\n"
        return Array(mail.utf8)
    }
}
