"""Checks of our own for the schemathesis run (loaded through SCHEMATHESIS_HOOKS)."""
import re

import schemathesis

# tus PATCH bodies (issue 32) are plain bytes under tus's own media type.
schemathesis.serializer.alias("application/offset+octet-stream", "application/octet-stream")

# Dovecot's timing suffix, "(0.001 + 0.000 secs)", and the names of our libraries' and Swift's types.
INTERNAL_TEXT = re.compile(r"\(\d+\.\d+ \+ \d+\.\d+(?: \+ \d+\.\d+)? secs\)|Error in IMAP command|Swift\.|DecodingError|NIOCore|Hummingbird")


@schemathesis.check
def error_body_has_code_and_detail(ctx, response, case):
    """Every error is JSON `{"code": "...", "detail": "..."}` (DESIGN.md, docs/api.yaml): a
    stable code for programs, a sentence for people, never a stack trace or internal text."""
    if response.status_code < 400:
        return None
    # An answer to HEAD never has a body (RFC 9110 9.3.2), errors included: tus's HEAD (issue 32)
    # says what went wrong by its status alone.
    if case.method.upper() == "HEAD":
        return None
    try:
        body = response.json()
    except ValueError:
        raise AssertionError(f"{response.status_code} answer is not JSON: {response.text[:200]!r}")
    if not isinstance(body, dict) or not isinstance(body.get("detail"), str) or not body["detail"]:
        raise AssertionError(f"{response.status_code} answer has no detail: {body!r}")
    code = body.get("code")
    if not isinstance(code, str) or not code or not code.replace("_", "").isalnum() or code.lower() != code:
        raise AssertionError(f"{response.status_code} answer has no stable snake_case code: {body!r}")
    if INTERNAL_TEXT.search(body["detail"]):
        raise AssertionError(f"{response.status_code} detail leaks internals: {body['detail']!r}")
    return None
