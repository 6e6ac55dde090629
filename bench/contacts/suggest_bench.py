#!/usr/bin/env python3
"""GET /contacts/suggest with 10,000 contacts + 5,000 collected recipients + 1,000 company
directory entries (issue 27: target p95 <= 30 ms server time). Printed, never asserted.

Starts the backend binary (argv[1]) on a free port with a temporary state folder and a generated
ZM_DIRECTORY_FILE, fills one account's address book through the API (POST /contacts, POST
/contacts/collected), then times suggestion queries of the kinds people type (초성, mixed,
name prefix, address, department) over one keep-alive connection. The times are client round
trips on loopback: an upper bound of the server time; a bare GET /health round trip is printed
next to them as the part that is HTTP and Python alone.
"""
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
QUERIES = ["ㅎㅇㅌ", "홍ㅇ", "ㄱㅁ", "김민", "ㅈㅂㅎㅌ", "user12", "zioinfo", "영업", "ㅇㄱㅅ", "박"]


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


def main():
    binary = sys.argv[1]
    reps = int(sys.argv[2]) if len(sys.argv) > 2 else 30
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
    server = api_bench.Server(binary, state_dir, os.path.join(state_dir, "server.log"))
    try:
        server.wait_ready(120)
        token = api_bench.login(server.port, user, password)
        conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=60)
        started = time.monotonic()
        for index in range(10_000):
            status, body = request(conn, "POST", "/contacts", token, {
                "name": name(rng), "emails": [f"user{index}@example{index % 50}.co.kr"],
                "company": rng.choice(["지오정보기술", "한국전력", "삼성전자", "LG CNS"]), "department": rng.choice(DEPARTMENTS),
            })
            if status != 201:
                api_bench.die(f"POST /contacts answered {status}: {body[:200]!r}")
        print(f"  10,000 contacts added in {time.monotonic() - started:.1f} s")
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
        every = []
        for query in QUERIES:
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
            found = len(json.loads(body)["suggestions"])
            print(api_bench.summary(f"suggest {query} ({found})", times))
        print(api_bench.summary("suggest, every query", every))
    finally:
        server.stop()
    shutil.rmtree(state_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
