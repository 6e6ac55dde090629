"""A small stand-in for the zioinfo-mail API (DESIGN.md / issue 6), for developing and testing the
SPA while the Swift backend is being written. In memory, loopback only, same paths, JSON shapes,
cookies (zm_token HttpOnly + zm_csrf), CSRF rule and SPA CSP as the real server.

    python e2e/mock/server.py --port 8099 --static frontend/dist

Mail arrives by POST /__mock/deliver?to=user@domain with a raw RFC 5322 message as the body
(the e2e tests use SMTP against the real stack instead). Not a test of the backend: the e2e suite
runs against the real one unless E2E_MOCK=1.
"""
from __future__ import annotations

import argparse
import datetime
import email
import email.policy
import json
import mimetypes
import os
import secrets
import threading
import urllib.parse
from email.message import EmailMessage
from email.utils import getaddresses, parsedate_to_datetime, format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

# The real server's SPA policy (Sources/Webmail/Middleware/SecurityHeadersMiddleware.swift). A srcdoc
# frame inherits it, so it must allow remote images and styles; the frame's own CSP keeps them off
# until the reader presses "외부 이미지 표시".
CSP = "; ".join([
    "default-src 'self'", "script-src 'self'", "style-src 'self' 'unsafe-inline' https: http:",
    "img-src 'self' data: blob: https: http:", "font-src 'self' data: https: http:", "connect-src 'self'",
    "frame-src 'self' blob: about:", "object-src 'none'", "base-uri 'none'", "form-action 'self'", "frame-ancestors 'none'",
])
ROLES = [("INBOX", "inbox"), ("Sent", "sent"), ("Drafts", "drafts"), ("Trash", "trash"), ("Junk", "junk")]


def default_users() -> dict[str, str]:
    users = {"ythong@zioinfo.co.kr": "1q2w3e!Q", "info@zioinfo.co.kr": "1q2w3e!Q", "admin@zioinfo.co.kr": "1q2w3e!Q"}
    for pair in os.environ.get("MAILSTACK_USERS", "").split():
        user, _, password = pair.partition(":")
        if user and password:
            users[user] = password
    return users


class Mailbox:
    def __init__(self) -> None:
        self.folders: dict[str, list[dict]] = {name: [] for name, _ in ROLES}
        self.folders["프로젝트"] = []
        self.next_uid = 1

    def add(self, folder: str, raw: bytes, seen: bool = False) -> dict:
        msg = email.message_from_bytes(raw, policy=email.policy.default)
        item = {"uid": self.next_uid, "raw": raw, "msg": msg, "flags": {"seen": seen, "flagged": False, "answered": False, "draft": folder == "Drafts"}}
        self.next_uid += 1
        self.folders.setdefault(folder, []).append(item)
        return item


def addr_list(value) -> list[dict]:
    return [{"name": name, "email": address} for name, address in getaddresses([str(value)] if value else []) if address]


def parts(msg) -> tuple[str | None, str | None, list[dict]]:
    text = html = None
    attachments = []
    for index, part in enumerate(msg.walk()):
        if part.is_multipart():
            continue
        ctype = part.get_content_type()
        disposition = part.get_content_disposition()
        filename = part.get_filename()
        if ctype == "text/plain" and not filename and text is None and disposition != "attachment":
            text = part.get_content()
        elif ctype == "text/html" and not filename and html is None and disposition != "attachment":
            html = part.get_content()
        else:
            payload = part.get_payload(decode=True) or b""
            cid = (part.get("Content-ID") or "").strip("<> ") or None
            attachments.append({"part": str(index), "filename": filename or "", "content_type": ctype, "size": len(payload),
                                "inline": disposition == "inline" or (cid is not None and disposition != "attachment"),
                                "content_id": cid, "_bytes": payload})
    return text, html, attachments


def summary(item: dict) -> dict:
    msg = item["msg"]
    text, _, attachments = parts(msg)
    try:
        date = parsedate_to_datetime(msg["Date"]).isoformat()
    except Exception:
        date = "1970-01-01T00:00:00Z"
    sender = addr_list(msg["From"])
    return {"uid": item["uid"], "subject": str(msg["Subject"] or ""), "from": sender[0] if sender else {"name": "", "email": ""},
            "to": addr_list(msg["To"]), "date": date, "flags": item["flags"], "size": len(item["raw"]),
            "has_attachments": any(not a["inline"] for a in attachments), "preview": (text or "")[:80].replace("\n", " ")}


class State:
    def __init__(self) -> None:
        self.users = default_users()
        self.boxes = {user: Mailbox() for user in self.users}
        self.sessions: dict[str, str] = {}
        self.uploads: dict[str, tuple[str, str, str, bytes]] = {}  # id → (user, filename, content type, bytes)
        self.failures: dict[str, int] = {}  # failed logins per account (the real server also limits per address)
        self.lock = threading.Lock()
        self.changed = threading.Condition(self.lock)
        self.version = 0

    def notify(self) -> None:
        with self.changed:
            self.version += 1
            self.changed.notify_all()


STATE = State()


class Handler(BaseHTTPRequestHandler):
    static_dir = "frontend/dist"
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args) -> None:  # quiet
        pass

    # ---- helpers ----
    def send_json(self, status: int, body, headers: dict | None = None) -> None:
        data = json.dumps(body, ensure_ascii=False).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Content-Security-Policy", CSP)
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(data)

    def body(self) -> bytes:
        return self._body

    def cookies(self) -> dict[str, str]:
        out = {}
        for pair in (self.headers.get("Cookie") or "").split(";"):
            k, _, v = pair.strip().partition("=")
            if k:
                out[k] = v
        return out

    def user(self) -> str | None:
        cookies = self.cookies()
        user = STATE.sessions.get(cookies.get("zm_token", ""))
        if user and self.command not in ("GET", "HEAD") and self.headers.get("X-CSRF-Token") != cookies.get("zm_csrf"):
            return None
        return user

    def route(self) -> tuple[str, dict[str, str]]:
        url = urllib.parse.urlsplit(self.path)
        path = url.path[4:] if url.path.startswith("/api/") else url.path
        return path, dict(urllib.parse.parse_qsl(url.query))

    # ---- dispatch ----
    def do_GET(self) -> None:
        self.dispatch()

    def do_POST(self) -> None:
        self.dispatch()

    def do_PATCH(self) -> None:
        self.dispatch()

    def do_DELETE(self) -> None:
        self.dispatch()

    def dispatch(self) -> None:
        # Read the whole body first: on a kept-alive connection, an unread body would be taken
        # for the start of the next request.
        length = int(self.headers.get("Content-Length") or 0)
        self._body = self.rfile.read(length) if length else b""
        path, query = self.route()
        if path == "/__mock/deliver":
            with STATE.lock:
                STATE.boxes[query["to"]].add("INBOX", self.body())
            STATE.notify()
            return self.send_json(200, {"ok": True})
        if path == "/health":
            return self.send_json(200, {"status": "ok", "imap": "ok", "smtp": "ok", "version": "mock"})
        if path == "/auth/login" and self.command == "POST":
            body = json.loads(self.body() or b"{}")
            if os.environ.get("MOCK_IMAP_DOWN") == "1":
                return self.send_json(502, {"code": "mail_server_unavailable", "detail": "메일 서버(IMAP)에 연결할 수 없습니다"})
            failures = STATE.failures.get(body.get("username"), 0)
            if failures >= 5:
                return self.send_json(429, {"code": "too_many_requests", "detail": "로그인 시도가 너무 많습니다"}, {"Retry-After": "300"})
            if STATE.users.get(body.get("username")) != body.get("password"):
                STATE.failures[body.get("username")] = failures + 1
                return self.send_json(401, {"code": "authentication_failed", "detail": "인증 실패", "attempts_left": 4 - failures})
            token, csrf = secrets.token_urlsafe(16), secrets.token_urlsafe(16)
            STATE.sessions[token] = body["username"]
            self.send_response(200)
            data = json.dumps({"access_token": token, "token_type": "bearer", "expires_at": "", "user": {"email": body["username"]}}).encode()
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.send_header("Set-Cookie", f"zm_token={token}; Path=/; HttpOnly; SameSite=Strict")
            self.send_header("Set-Cookie", f"zm_csrf={csrf}; Path=/; SameSite=Strict")
            self.end_headers()
            self.wfile.write(data)
            return
        if path == "/auth/logout":
            STATE.sessions.pop(self.cookies().get("zm_token", ""), None)
            return self.send_json(200, {"ok": True})
        if path.startswith("/mail/"):
            user = self.user()
            if not user:
                return self.send_json(401, {"code": "unauthorized", "detail": "로그인이 필요합니다"})
            return self.mail(user, path[len("/mail/"):], query)
        return self.static(path)

    def mail(self, user: str, path: str, query: dict[str, str]) -> None:
        box = STATE.boxes[user]
        folder = query.get("folder", "INBOX")
        segments = path.split("/")
        if path == "events":
            return self.events()
        with STATE.lock:
            if path == "folders":
                roles = dict(ROLES)
                folders = [{"name": name, "display_name": name, "delimiter": "/", "role": roles.get(name),
                            "unseen": sum(1 for m in items if not m["flags"]["seen"]), "total": len(items), "children": []}
                           for name, items in box.folders.items()]
                return self.send_json(200, {"folders": folders})
            if path == "messages" and self.command == "GET":
                items = list(reversed(box.folders.get(folder, [])))
                q = query.get("q", "").lower()
                if q:
                    items = [m for m in items if q in str(m["msg"]["Subject"] or "").lower() or q in str(m["msg"]["From"] or "").lower()]
                page, size = int(query.get("page", 1)), int(query.get("size", 50))
                chunk = items[(page - 1) * size: page * size]
                return self.send_json(200, {"total": len(items), "page": page, "size": size, "messages": [summary(m) for m in chunk]})
            if path == "uploads" and self.command == "POST":
                _, files = self.outgoing()
                if len(files) != 1:
                    return self.send_json(400, {"code": "invalid_form", "detail": "파일 하나가 필요합니다"})
                filename, ctype, data = files[0]
                upload_id = secrets.token_hex(8)
                STATE.uploads[upload_id] = (user, filename, ctype, data)
                return self.send_json(201, {"id": upload_id, "filename": filename, "content_type": ctype, "size": len(data)})
            if segments[0] == "uploads" and len(segments) == 2 and self.command == "DELETE":
                STATE.uploads.pop(segments[1], None)
                self.send_response(204)
                self.end_headers()
                return
            if path in ("send", "drafts"):
                body, files = self.outgoing()
                for upload_id in body.get("attachments", []):
                    if upload_id not in STATE.uploads or STATE.uploads[upload_id][0] != user:
                        return self.send_json(400, {"code": "bad_request", "detail": "없는 업로드"})
                    files.append(STATE.uploads[upload_id][1:])
                include = body.get("include_parts")
                if include:
                    source = next((m for m in box.folders.get(include["folder"], []) if m["uid"] == include["uid"]), None)
                    if not source:
                        return self.send_json(404, {"code": "not_found", "detail": "메일이 없습니다"})
                    by_part = {a["part"]: a for a in parts(source["msg"])[2]}
                    files[:0] = [(by_part[p]["filename"], by_part[p]["content_type"], by_part[p]["_bytes"]) for p in include["parts"]]
                msg = EmailMessage()
                msg["From"] = user
                for header in ("to", "cc", "bcc"):
                    if body.get(header):
                        msg[header.capitalize()] = ", ".join(a["email"] for a in body[header])
                msg["Subject"] = body.get("subject", "")
                msg["Date"] = format_datetime(datetime.datetime.now().astimezone())
                msg.set_content(body.get("text", ""))
                for filename, ctype, data in files:
                    maintype, _, subtype = ctype.partition("/")
                    msg.add_attachment(data, maintype=maintype, subtype=subtype or "octet-stream", filename=filename)
                raw = msg.as_bytes()
                if body.get("draft_uid"):
                    box.folders["Drafts"] = [m for m in box.folders["Drafts"] if m["uid"] != body["draft_uid"]]
                if path == "drafts":
                    item = box.add("Drafts", raw, seen=True)
                    return self.send_json(200, {"uid": item["uid"]})
                del msg["Bcc"]
                raw = msg.as_bytes()
                box.add("Sent", raw, seen=True)
                for a in body.get("to", []) + body.get("cc", []) + body.get("bcc", []):
                    if a["email"] in STATE.boxes:
                        STATE.boxes[a["email"]].add("INBOX", raw)
            elif path == "messages/move":
                body = json.loads(self.body())
                moving = [m for m in box.folders[body["folder"]] if m["uid"] in body["uids"]]
                box.folders[body["folder"]] = [m for m in box.folders[body["folder"]] if m not in moving]
                box.folders[body["to"]].extend(moving)
            elif path in ("messages/delete", "messages/flags"):
                body = json.loads(self.body())
                self.apply(box, body.get("folder", "INBOX"), body["uids"], body, delete=path.endswith("delete"))
            elif len(segments) >= 2 and segments[0] == "messages":
                uid = int(segments[1])
                item = next((m for m in box.folders.get(folder, []) if m["uid"] == uid), None)
                if not item:
                    return self.send_json(404, {"code": "not_found", "detail": "메일이 없습니다"})
                if len(segments) == 2 and self.command == "GET":  # reading never changes flags (issue 23)
                    text, html, attachments = parts(item["msg"])
                    msg = item["msg"]
                    out = summary(item) | {"cc": addr_list(msg["Cc"]), "bcc": addr_list(msg["Bcc"]), "reply_to": addr_list(msg["Reply-To"]), "message_id": msg["Message-ID"],
                                           "in_reply_to": None, "references": [], "text": text, "html": html,
                                           "attachments": [{k: v for k, v in a.items() if k != "_bytes"} for a in attachments]}
                    return self.send_json(200, out)
                if len(segments) == 2 and self.command == "PATCH":
                    self.apply(box, folder, [uid], json.loads(self.body()), delete=False)
                elif len(segments) == 2 and self.command == "DELETE":
                    self.apply(box, folder, [uid], {}, delete=True)
                elif segments[2:3] == ["raw"]:
                    return self.download(item["raw"], "message/rfc822", f"{uid}.eml")
                elif segments[2:3] == ["attachments"]:
                    _, _, attachments = parts(item["msg"])
                    a = next((a for a in attachments if a["part"] == segments[3]), None)
                    if not a:
                        return self.send_json(404, {"code": "not_found", "detail": "첨부파일이 없습니다"})
                    return self.download(a["_bytes"], a["content_type"], a["filename"] or "attachment")
            else:
                return self.send_json(404, {"code": "not_found", "detail": "없는 경로"})
        STATE.notify()
        return self.send_json(200, {"ok": True, "status": "sent"} if path == "send" else {"ok": True})

    def outgoing(self) -> tuple[dict, list[tuple[str, str, bytes]]]:
        """The send/draft body: JSON, or multipart/form-data with address fields as text and files."""
        ctype = self.headers.get("Content-Type", "")
        if not ctype.startswith("multipart/form-data"):
            return json.loads(self.body() or b"{}"), []
        form = email.message_from_bytes(b"Content-Type: " + ctype.encode() + b"\r\n\r\n" + self.body(), policy=email.policy.default)
        fields: dict = {}
        files = []
        for part in form.iter_parts():
            name = part.get_param("name", header="content-disposition")
            if part.get_filename():
                files.append((part.get_filename(), part.get_content_type(), part.get_payload(decode=True) or b""))
            elif name:
                fields[name] = part.get_payload(decode=True).decode()
        for key in ("to", "cc", "bcc"):
            fields[key] = addr_list(fields.get(key, ""))
        return fields, files

    def apply(self, box: Mailbox, folder: str, uids: list[int], change: dict, delete: bool) -> None:
        items = [m for m in box.folders.get(folder, []) if m["uid"] in uids]
        if delete:
            box.folders[folder] = [m for m in box.folders[folder] if m not in items]
            if folder != "Trash":
                box.folders["Trash"].extend(items)
            return
        for m in items:
            for key in ("seen", "flagged"):
                if change.get(key) is not None:
                    m["flags"][key] = bool(change[key])

    def download(self, data: bytes, ctype: str, filename: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "application/octet-stream" if ctype in ("text/html", "image/svg+xml") else ctype)
        self.send_header("Content-Disposition", "attachment; filename*=UTF-8''" + urllib.parse.quote(filename))
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def events(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        with STATE.changed:
            seen = STATE.version
        try:
            # As the real server: the IDLE feed runs from the first event on.
            self.wfile.write(b'retry: 5000\n\nevent: ready\ndata: {"folder":"INBOX"}\n\n')
            self.wfile.flush()
            while True:
                with STATE.changed:
                    STATE.changed.wait(timeout=15)
                    version = STATE.version
                if version != seen:
                    seen = version
                    self.wfile.write(b"event: new_message\ndata: {}\n\n")
                else:
                    self.wfile.write(b": heartbeat\n\n")
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            return

    def static(self, path: str) -> None:
        root = os.path.realpath(self.static_dir)
        candidate = os.path.realpath(os.path.join(root, path.lstrip("/")))
        if not candidate.startswith(root) or not os.path.isfile(candidate):
            candidate = os.path.join(root, "index.html")
        with open(candidate, "rb") as f:
            data = f.read()
        self.send_response(200)
        self.send_header("Content-Type", (mimetypes.guess_type(candidate)[0] or "application/octet-stream") + ("; charset=utf-8" if candidate.endswith((".html", ".js", ".css")) else ""))
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Content-Security-Policy", CSP)
        self.send_header("Cache-Control", "no-cache")
        self.end_headers()
        self.wfile.write(data)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=8099)
    parser.add_argument("--static", default="frontend/dist")
    args = parser.parse_args()
    Handler.static_dir = args.static
    server = ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
    server.daemon_threads = True
    print(f"mock API on http://127.0.0.1:{args.port}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
