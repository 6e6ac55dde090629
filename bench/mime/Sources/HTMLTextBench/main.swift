import Foundation
import MIME

// Usage: HTMLTextBench [MEGABYTES] [ROUNDS]
// Builds a newsletter-like HTML of about MEGABYTES (default 1): nested layout tables, styled
// cells, Korean text, links, images, lists, Office comments; then prints the time of
// OutgoingHTMLSanitizer.sanitize and HTMLPlainText.render on it (median of ROUNDS, default 5).

let arguments = CommandLine.arguments
let megabytes = arguments.count > 1 ? Double(arguments[1]) ?? 1 : 1
let rounds = arguments.count > 2 ? Int(arguments[2]) ?? 5 : 5

func newsletter(bytes target: Int) -> String {
    var html = "<html><head><style>td{font-family:'맑은 고딕'}</style></head><body><!--[if mso]><xml>x</xml><![endif]-->"
    var item = 0
    while html.utf8.count < target {
        item += 1
        html += """
            <table width="600" cellpadding="0" cellspacing="0" border="0" style="border-collapse: collapse; background-color: #ffffff">\
            <tr><td style="padding: 12px; font-size: 14px; color: #333333"><h2 style="margin: 0">\(item). 이번 주 소식 — 지오정보기술 뉴스레터</h2>\
            <p>안녕하세요, 임직원 여러분. <b>사내 공지</b>와 <a href="https://news.zioinfo.co.kr/\(item)?utm_source=mail&amp;id=\(item)">자세히 보기</a>를 확인해 주세요.</p>\
            <table border="1" style="border: 1px solid #999"><tr><th>부서</th><th>담당자</th><th>금액</th></tr>\
            <tr><td>영업팀</td><td>김철수</td><td align="right">1,200,000</td></tr><tr><td>개발팀</td><td>Lee Younghee</td><td align="right">350,000</td></tr></table>\
            <ul><li>회의: 매주 월요일 10시</li><li>장소: 본사 3층 &amp; 화상</li></ul>\
            <img src="https://news.zioinfo.co.kr/img/\(item).png" alt="배너 \(item)" width="600"></td></tr></table>\n
            """
    }
    return html + "</body></html>"
}

let html = newsletter(bytes: Int(megabytes * 1_048_576))
print("newsletter HTML: \(String(format: "%.2f", Double(html.utf8.count) / 1_048_576)) MB")

func median(_ label: String, _ work: () -> Int) {
    var times: [Duration] = []
    var size = 0
    let clock = ContinuousClock()
    for _ in 0..<rounds {
        let start = clock.now
        size = work()
        times.append(clock.now - start)
    }
    times.sort()
    let ms = Double(times[times.count / 2].components.attoseconds) / 1e15 + Double(times[times.count / 2].components.seconds) * 1000
    print("\(label): median \(String(format: "%.1f", ms)) ms over \(rounds) rounds (output \(size) bytes)")
}

median("sanitize") { OutgoingHTMLSanitizer.sanitize(html, contentIDDomain: "zioinfo.co.kr").html.utf8.count }
let sanitized = OutgoingHTMLSanitizer.sanitize(html, contentIDDomain: "zioinfo.co.kr").html
median("text/plain from HTML") { HTMLPlainText.render(sanitized).utf8.count }
