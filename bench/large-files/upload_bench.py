#!/usr/bin/env python3
"""대용량 첨부 (issue 32): a large file through the tus server, once as tuspy's chunked PATCHes and
once as a single streamed PATCH (what a client with a steady connection does), with the server's
RSS sampled every 20 ms. Prints throughput and the peak RSS growth (target ≤ 32 MB). Loopback,
no nginx (the nginx ratio of the issue is left for the deploy step).

    eval "$(scripts/mailstack env)"; .venv/bin/python bench/large-files/upload_bench.py path/to/zioinfo-mail [MB]
"""
import hashlib
import http.client
import json
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

from tusclient import client as tus_client

MB = 1024 * 1024
USER, PASSWORD = "ythong@zioinfo.co.kr", "1q2w3e!Q"


def rss_kib(pid):
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


class PeakRSS(threading.Thread):
    def __init__(self, pid):
        super().__init__(daemon=True)
        self.pid, self.peak, self.stop = pid, rss_kib(pid), threading.Event()

    def run(self):
        while not self.stop.wait(0.02):
            self.peak = max(self.peak, rss_kib(self.pid))


def start(binary, state):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {k: v for k, v in os.environ.items() if not k.startswith("ZM_")}
    process = subprocess.Popen([binary, "serve", "--imap-host", os.environ["MAILSTACK_HOST"], "--imap-port", os.environ["MAILSTACK_IMAPS_PORT"],
                                "--imap-tls", "implicit", "--smtp-host", os.environ["MAILSTACK_HOST"], "--smtp-port", os.environ["MAILSTACK_SUBMISSION_PORT"],
                                "--smtp-tls", "starttls", "--sieve-port", "0", "--ca-file", os.environ["MAILSTACK_CA_FILE"],
                                "--http-port", str(port), "--state-dir", state, "--static-dir", state + "/spa"],
                               env=env, stderr=subprocess.PIPE, text=True)
    for line in process.stderr:
        if "Server started and listening" in line:
            break
    threading.Thread(target=lambda: [None for _ in process.stderr], daemon=True).start()
    return process, port


def main():
    binary, size = sys.argv[1], int(sys.argv[2] if len(sys.argv) > 2 else 1024) * MB
    with tempfile.TemporaryDirectory() as scratch:
        source = Path(scratch) / "big.bin"
        block = os.urandom(MB)
        with open(source, "wb") as out:
            for i in range(size // MB):
                out.write(i.to_bytes(8, "big") + block[8:])
        process, port = start(binary, scratch + "/state")
        try:
            request = urllib.request.Request(f"http://127.0.0.1:{port}/auth/login", method="POST",
                                             data=json.dumps({"username": USER, "password": PASSWORD}).encode(),
                                             headers={"Content-Type": "application/json"})
            token = json.load(urllib.request.urlopen(request, timeout=30))["access_token"]
            auth = {"Authorization": f"Bearer {token}"}
            baseline = rss_kib(process.pid)

            sampler = PeakRSS(process.pid)
            sampler.start()
            began = time.monotonic()
            uploader = tus_client.TusClient(f"http://127.0.0.1:{port}/files/uploads", headers=auth).uploader(
                str(source), chunk_size=32 * MB, metadata={"filename": "대용량 시험.bin"})
            uploader.upload()
            tus_seconds = time.monotonic() - began
            sampler.stop.set()
            print(f"tuspy, 32 MB chunks: {size // MB} MB in {tus_seconds:.1f} s = {size / MB / tus_seconds:.0f} MB/s, "
                  f"server RSS peak growth {(sampler.peak - baseline) / 1024:.1f} MiB")

            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
            connection.request("POST", "/files/uploads", headers={**auth, "Tus-Resumable": "1.0.0", "Upload-Length": str(size),
                                                                  "Upload-Metadata": "filename YmlnLmJpbg=="})
            created = connection.getresponse()
            created.read()
            location = created.getheader("Location")
            baseline = rss_kib(process.pid)
            sampler = PeakRSS(process.pid)
            sampler.start()
            began = time.monotonic()
            with open(source, "rb") as body:
                connection.request("PATCH", location, body=body, headers={
                    **auth, "Tus-Resumable": "1.0.0", "Upload-Offset": "0", "Content-Type": "application/offset+octet-stream",
                    "Content-Length": str(size)})
                response = connection.getresponse()
                response.read()
            single_seconds = time.monotonic() - began
            sampler.stop.set()
            assert response.status == 204, response.status
            print(f"one streamed PATCH:  {size // MB} MB in {single_seconds:.1f} s = {size / MB / single_seconds:.0f} MB/s, "
                  f"server RSS peak growth {(sampler.peak - baseline) / 1024:.1f} MiB (includes the SHA-256 pass)")
        finally:
            process.terminate()
            process.wait(timeout=20)


if __name__ == "__main__":
    main()
