#!/usr/bin/env python3
"""GET /contacts/suggest with 10,000 contacts + 5,000 collected recipients + 1,000 company
directory entries (issue 27: target p95 <= 30 ms server time). Printed, never asserted.

    suggest_bench.py BINARY [reps] [--engine sqlite|postgres]

Starts the backend binary on a free port with a temporary state folder and a generated
ZM_DIRECTORY_FILE, on SQLite or on a database of its own in the PostgreSQL of scripts/pgstack
(dropped afterwards), fills one account's address book through the API (POST /contacts/import
of a 10,000-row CSV, POST /contacts/collected), then times suggestion queries of the kinds
people type (broad Korean, 초성, mixed, name prefix, address prefix, no match) over one
keep-alive connection. The times are client round trips on loopback: an upper bound of the
server time; a bare GET /health round trip is printed next to them as the part that is HTTP
and Python alone.
"""
import argparse
import subprocess
import uuid
import http.client
import json
import os
import random
import shutil
import sys
import tempfile
import urllib.parse
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "api"))
import api_bench  # noqa: E402  (its server start, login and statistics)

FAMILY = "김이박최정강조윤장임한오서신권황안송류홍"
GIVEN = "민서지현준영태수진우성훈은혜경호석재희연"
DEPARTMENTS = ["정보화팀", "경영지원팀", "영업1팀", "영업2팀", "연구소", "기술지원팀", "품질관리팀", "기획팀"]
# (kind, query): what the numbers are reported by.
QUERIES = [("broad Korean", "영업"), ("초성", "ㅎㅇㅌ"), ("초성", "ㅈㅂㅎㅌ"), ("초성", "ㄱㅁ"), ("초성", "ㅇㄱㅅ"),
           ("mixed", "홍ㅇ"), ("name prefix", "김민"), ("name prefix", "박"), ("email prefix", "user12"),
           ("email prefix", "zioinfo"), ("no match", "없는사람"), ("no match", "qqqzz")]
PSQL = "/usr/lib/postgresql/15/bin/psql"
REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.realpath(__file__))))


def name(rng):
    return rng.choice(FAMILY) + rng.choice(GIVEN) + rng.choice(GIVEN)


def request(conn, method, path, token, body=None):
    headers = {"Authorization": f"Bearer {token}"}
    data = None
    if body is not None:
        headers["Content-Type"] = "application/json"
        data = json.dumps(body)
    conn.request(method, path, body=data, headers=headers)
    response = conn.getresponse()
    return response.status, response.read()


def import_csv(conn, token, data: bytes):
    boundary = uuid.uuid4().hex
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"contacts.csv\"\r\n"
            f"Content-Type: text/csv\r\n\r\n").encode() + data + f"\r\n--{boundary}--\r\n".encode()
    conn.request("POST", "/contacts/import", body=body, headers={
        "Authorization": f"Bearer {token}", "Content-Type": f"multipart/form-data; boundary={boundary}"})
    response = conn.getresponse()
    return response.status, response.read()


def postgres_database():
    """A database of its own in scripts/pgstack's PostgreSQL: (its URL, its drop)."""
    base = subprocess.run([os.path.join(REPO, "scripts", "pgstack"), "url"], check=True, capture_output=True, text=True).stdout.strip()
    name = f"zm_contacts_bench_{os.getpid()}"
    subprocess.run([PSQL, "-X", "-q", "-d", base, "-c", f"CREATE DATABASE {name}"], check=True, capture_output=True)
    return base.replace("/zm?", f"/{name}?"), lambda: subprocess.run(
        [PSQL, "-X", "-q", "-d", base, "-c", f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"], capture_output=True)


def use_engine(engine):
    """Points the server to start at `engine` (ZM_DATABASE_URL); returns what drops its database, if any."""
    print(f"  engine: {engine}")
    if engine != "postgres":
        os.environ["ZM_DATABASE_URL"] = "sqlite:"
        return None
    url, drop = postgres_database()
    os.environ["ZM_DATABASE_URL"] = url
    return drop


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("binary")
    parser.add_argument("reps", type=int, nargs="?", default=30)
    parser.add_argument("--engine", choices=["sqlite", "postgres"], default="sqlite")
    args = parser.parse_args()
    binary, reps = args.binary, args.reps
    rng = random.Random(27)
    user = "bench-contacts@" + api_bench.env("MAILSTACK_DOMAIN")
    password = api_bench.set_password(user)
    state_dir = tempfile.mkdtemp(prefix="zm-contacts-bench-")
    directory = os.path.join(state_dir, "directory.csv")
    with open(directory, "w", encoding="utf-8") as out:
        out.write("\ufeffname,email,department,title,phone\n")
        for index in range(1000):
            out.write(f"{name(rng)},staff{index}@zioinfo.co.kr,{rng.choice(DEPARTMENTS)},사원,02-000-{index:04d}\n")
    os.environ["ZM_DIRECTORY_FILE"] = directory
    drop = use_engine(args.engine)
    server = api_bench.Server(binary, state_dir, os.path.join(state_dir, "server.log"))
    try:
        server.wait_ready(120)
        token = api_bench.login(server.port, user, password)
        conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=600)
        rows = ["이름,성,회사,부서,직함,휴대폰,전자 메일 주소,범주"]
        for index in range(10_000):
            full = name(rng)
            company = rng.choice(["지오정보기술", "한국전력", "삼성전자", "LG CNS"])
            rows.append(f"{full[1:]},{full[0]},{company},{rng.choice(DEPARTMENTS)},,,user{index}@example{index % 50}.co.kr,")
        started = time.monotonic()
        status, body = import_csv(conn, token, ("\r\n".join(rows) + "\r\n").encode("utf-8"))
        if status != 200:
            api_bench.die(f"POST /contacts/import answered {status}: {body[:200]!r}")
        print(f"  10,000 contacts imported in {time.monotonic() - started:.1f} s: {body[:80]!r}")
        collected = [{"name": name(rng), "email": f"sent{index}@partner{index % 80}.com"} for index in range(5000)]
        for start in range(0, len(collected), 2000):
            status, body = request(conn, "POST", "/contacts/collected", token, {"recipients": collected[start:start + 2000]})
            if status != 200:
                api_bench.die(f"POST /contacts/collected answered {status}: {body[:200]!r}")
        health = []
        for _ in range(reps * 3):
            begin = time.perf_counter()
            request(conn, "GET", "/health", token)
            health.append(time.perf_counter() - begin)
        print(api_bench.summary("GET /health (HTTP alone)", health))
        every, by_kind = [], {}
        for kind, query in QUERIES:
            path = "/contacts/suggest?q=" + urllib.parse.quote(query)
            request(conn, "GET", path, token)  # warm
            times = []
            for _ in range(reps):
                begin = time.perf_counter()
                status, body = request(conn, "GET", path, token)
                times.append(time.perf_counter() - begin)
                if status != 200:
                    api_bench.die(f"{path} answered {status}: {body[:200]!r}")
            every += times
            by_kind.setdefault(kind, []).extend(times)
            found = len(json.loads(body)["suggestions"])
            print(api_bench.summary(f"suggest {query} ({found})", times))
        for kind, times in by_kind.items():
            print(api_bench.summary(f"kind: {kind}", times))
        print(api_bench.summary("suggest, every query", every))
    finally:
        server.stop()
        if drop:
            drop()
    shutil.rmtree(state_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
