#!/usr/bin/env python3
"""POST /contacts/import and GET /contacts/export with a big address book (issue 27). Printed,
never asserted.   bench/contacts/import_bench.py BINARY [contacts] [--engine sqlite|postgres]

Starts the backend binary on a free port with a temporary state folder (SQLite, or a database of
its own in scripts/pgstack's PostgreSQL), imports an Outlook-style Korean CSV in CP949 of N
contacts (default 10,000: issue 27's office scale), imports it again (every row a
merge), and exports it as vCard and CSV; prints the wall time of each request.
"""
import http.client
import os
import random
import sys
import tempfile
import time
import argparse

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "api"))
import api_bench  # noqa: E402  (its server start and login)
from suggest_bench import DEPARTMENTS, import_csv, name, use_engine  # noqa: E402


def upload(port, token, data: bytes):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
    begin = time.monotonic()
    status, answer = import_csv(conn, token, data)
    return status, answer, time.monotonic() - begin


def download(port, token, path):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
    begin = time.monotonic()
    conn.request("GET", path, headers={"Authorization": f"Bearer {token}"})
    response = conn.getresponse()
    body = response.read()
    return response.status, len(body), time.monotonic() - begin


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("binary")
    parser.add_argument("count", type=int, nargs="?", default=10_000)
    parser.add_argument("--engine", choices=["sqlite", "postgres"], default="sqlite")
    args = parser.parse_args()
    binary, count = args.binary, args.count
    drop = use_engine(args.engine)
    rng = random.Random(27)
    user = "bench-import@" + api_bench.env("MAILSTACK_DOMAIN")
    password = api_bench.set_password(user)
    state_dir = tempfile.mkdtemp(prefix="zm-import-bench-")
    rows = ["이름,성,회사,부서,직함,휴대폰,전자 메일 주소,범주"]
    for index in range(count):
        full = name(rng)
        rows.append(f"{full[1:]},{full[0]},지오정보기술,{rng.choice(DEPARTMENTS)},사원,010-{index:04d}-0000,person{index}@example.co.kr,{rng.choice(DEPARTMENTS)}")
    data = ("\r\n".join(rows) + "\r\n").encode("cp949")
    server = api_bench.Server(binary, state_dir, os.path.join(state_dir, "server.log"))
    try:
        server.wait_ready(120)
        token = api_bench.login(server.port, user, password)
        print(f"  file: {count} contacts, {len(data) / 1024:.0f} KB CP949")
        for label in ("first import (all new)", "second import (all merged)"):
            status, answer, seconds = upload(server.port, token, data)
            print(f"  {label}: {status} in {seconds:.2f} s ({seconds / count * 1000:.2f} ms a contact): {answer[:80]!r}")
        for fmt in ("vcf", "csv"):
            status, size, seconds = download(server.port, token, f"/contacts/export?format={fmt}")
            print(f"  export {fmt}: {status}, {size / 1024:.0f} KB in {seconds:.2f} s")
    finally:
        server.stop()
        if drop:
            drop()


if __name__ == "__main__":
    main()
