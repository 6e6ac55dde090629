"""대용량 첨부's tus server (issue 32) with the real tus client `tuspy` against the built binary:
a file goes up in chunks, the connection is cut in the middle of a PATCH, and a new client
resumes from the server's offset; the stored bytes are exactly the file (SHA-256). The server's
memory stays flat while the file streams (growth measured from /proc, ≤ 32 MB)."""
import hashlib
import http.client
import os
import time
import urllib.parse
from pathlib import Path

from tusclient import client as tus_client

from test_serve import _request, _start, _stop

USER, PASSWORD = "ythong@zioinfo.co.kr", "1q2w3e!Q"
MB = 1024 * 1024


def _rss_kib(pid):
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise AssertionError("no VmRSS")


def _write_file(path, size):
    """A file of `size` pseudo-random bytes, written a megabyte at a time; returns its SHA-256."""
    digest = hashlib.sha256()
    block = os.urandom(MB)
    with open(path, "wb") as out:
        written = 0
        while written < size:
            part = block[: min(MB, size - written)]
            # Vary every block so a misplaced chunk changes the digest.
            part = written.to_bytes(8, "big") + part[8:] if len(part) >= 8 else part
            out.write(part)
            digest.update(part)
            written += len(part)
    return digest.hexdigest()


def _head_offset(base, location, token):
    parts = urllib.parse.urlsplit(base)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    connection.request("HEAD", location, headers={"Authorization": f"Bearer {token}", "Tus-Resumable": "1.0.0"})
    response = connection.getresponse()
    response.read()
    connection.close()
    assert response.status == 200, response.status
    return int(response.getheader("Upload-Offset"))


def _cut_patch(base, location, token, offset, data, sent):
    """A PATCH that announces all of `data` but sends only `sent` bytes, then drops the connection."""
    parts = urllib.parse.urlsplit(base)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    connection.putrequest("PATCH", location)
    for name, value in {"Authorization": f"Bearer {token}", "Tus-Resumable": "1.0.0", "Upload-Offset": str(offset),
                        "Content-Type": "application/offset+octet-stream", "Content-Length": str(len(data))}.items():
        connection.putheader(name, value)
    connection.endheaders()
    connection.send(data[:sent])
    connection.sock.shutdown(2)
    connection.close()


def _stored_path(state, location):
    owner = hashlib.sha256(USER.encode()).hexdigest()
    return state / "files" / "large" / owner / (location.rsplit("/", 1)[1] + ".data")


def test_tuspy_upload_resumes_after_a_cut_connection_with_flat_memory(binary, mailstack, tmp_path):
    size = int(os.environ.get("ZM_TEST_LARGE_FILE_MB", "96")) * MB
    source = tmp_path / "설계 도면 모음.bin"
    expected = _write_file(source, size)
    process, base, _ = _start(binary, mailstack, tmp_path)
    try:
        status, body, _ = _request(base + "/auth/login", "POST", {"username": USER, "password": PASSWORD})
        assert status == 200, body
        token = body["access_token"]
        rss_before = _rss_kib(process.pid)

        client = tus_client.TusClient(base + "/api/files/uploads", headers={"Authorization": f"Bearer {token}"})
        chunk = 8 * MB
        uploader = client.uploader(str(source), chunk_size=chunk, metadata={"filename": "2026년 설계 도면 모음.bin"})
        uploader.upload_chunk()  # tuspy creates the upload (POST) with its first chunk
        url = uploader.url.decode() if isinstance(uploader.url, bytes) else uploader.url
        location = urllib.parse.urlsplit(url).path
        assert location.startswith("/api/files/uploads/")
        # About 40 % in chunks, then a PATCH cut after 3 MB of its 8.
        while uploader.offset < 0.4 * size:
            uploader.upload_chunk()
        offset = uploader.offset
        with open(source, "rb") as file:
            file.seek(offset)
            _cut_patch(base, location, token, offset, file.read(chunk), 3 * MB)
        # The server records what it stored of the cut PATCH once it sees the connection end.
        deadline = time.monotonic() + 30
        while (stored := _head_offset(base, location, token)) == offset and time.monotonic() < deadline:
            time.sleep(0.05)
        assert offset < stored <= offset + 3 * MB

        # A new client (another browser tab, a restart) resumes from the server's offset.
        resumed = tus_client.TusClient(base + "/api/files/uploads", headers={"Authorization": f"Bearer {token}"})
        again = resumed.uploader(str(source), chunk_size=chunk, url=url)
        assert again.offset == stored
        again.upload()
        assert _head_offset(base, location, token) == size
        rss_growth_mib = (_rss_kib(process.pid) - rss_before) / 1024
        print(f"large upload: {size // MB} MB, server RSS growth {rss_growth_mib:.1f} MiB")
        assert rss_growth_mib <= 32, f"server RSS grew {rss_growth_mib:.1f} MiB"

        digest = hashlib.sha256()
        with open(_stored_path(tmp_path / "state", location), "rb") as stored_file:
            while block := stored_file.read(MB):
                digest.update(block)
        assert digest.hexdigest() == expected
    finally:
        _stop(process)
