// Every failure of an API call becomes one ApiError whose `kind` the UI can act on without
// looking at status codes: 401 → back to login, 429 → wait, 502/503 → the mail server is down, …

export type ApiErrorKind =
  | "unauthorized" // 401: wrong password at login, or the session ended
  | "rate_limited" // 429: too many login attempts
  | "server_unavailable" // 502/503: the mail server (IMAP/SMTP) cannot be reached
  | "too_large" // 413: message or attachments over the server's limit
  | "bad_request" // 400
  | "not_found" // 404
  | "network" // no HTTP answer at all (offline, server process down)
  | "aborted" // the client cancelled the request (an upload the user removed)
  | "unknown";

export class ApiError extends Error {
  constructor(
    readonly kind: ApiErrorKind,
    readonly status: number,
    /** The server's `detail`, when it sent one. */
    readonly detail: string | null,
    /** Seconds from Retry-After on a 429. */
    readonly retryAfter: number | null = null,
    /** The body's "status" field, e.g. "kept_in_drafts" when a send failed but the draft was kept. */
    readonly outcome: string | null = null,
    /** On a refused login: tries left for this account from this address before it must wait. */
    readonly attemptsLeft: number | null = null,
    /** The body's stable `code` (docs/api.yaml), which the UI words itself (lib/errorCodes.ts). */
    readonly code: string | null = null,
  ) {
    super(detail ?? `${kind} (${status})`);
    this.name = "ApiError";
  }
}

export function errorKindForStatus(status: number): ApiErrorKind {
  switch (status) {
    case 400:
      return "bad_request";
    case 401:
      return "unauthorized";
    case 404:
      return "not_found";
    case 413:
      return "too_large";
    case 429:
      return "rate_limited";
    case 502:
    case 503:
    case 504:
      return "server_unavailable";
    default:
      return "unknown";
  }
}

/** A string field of a JSON error body; null for bodies that are not JSON (a proxy's HTML page). */
export function fieldFromBody(body: string, field: "code" | "detail" | "status"): string | null {
  try {
    const parsed: unknown = JSON.parse(body);
    if (parsed && typeof parsed === "object" && field in parsed) {
      const value = (parsed as Record<string, unknown>)[field];
      if (typeof value === "string") return value;
    }
  } catch {
    // not JSON
  }
  return null;
}

/** A whole-number field of a JSON error body (e.g. `attempts_left`); null when absent or not JSON. */
export function countFromBody(body: string, field: "attempts_left"): number | null {
  try {
    const parsed: unknown = JSON.parse(body);
    if (parsed && typeof parsed === "object" && field in parsed) {
      const value = (parsed as Record<string, unknown>)[field];
      if (typeof value === "number" && Number.isInteger(value) && value >= 0) return value;
    }
  } catch {
    // not JSON
  }
  return null;
}

/** Retry-After as seconds (the delta form; an HTTP date is turned into seconds from now). */
export function parseRetryAfter(value: string | null, now: number = Date.now()): number | null {
  if (!value) return null;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? null : Math.max(0, Math.ceil((at - now) / 1000));
}

export function apiErrorFromResponse(status: number, body: string, retryAfterHeader: string | null): ApiError {
  const kind = errorKindForStatus(status);
  const retryAfter = kind === "rate_limited" ? parseRetryAfter(retryAfterHeader) : null;
  return new ApiError(kind, status, fieldFromBody(body, "detail"), retryAfter, fieldFromBody(body, "status"),
    kind === "unauthorized" ? countFromBody(body, "attempts_left") : null, fieldFromBody(body, "code"));
}
