// The detailed search (상세 검색) in the URL, beside the search words `q` (issues 25, 34):
//
//   /m/<folder>?q=<words>[&body=1][&from=…][&to=…][&subject=…][&since=YYYY-MM-DD][&before=YYYY-MM-DD][&attachment=1][&scope=all]
//
// The same names and meanings as GET /mail/messages, so a URL reads as the request it makes;
// `before` is excluded, as the API's (the panel shows the day before it as its end date). Only
// fields that are set appear, so a plain search's URL stays `?q=…`. Anything unreadable by hand
// (a date that is not YYYY-MM-DD, `body=yes`) is left out, never guessed at.
import type { SearchFields } from "../api/types";

const TEXT_FIELDS = ["from", "to", "subject"] as const;
const DATE_FIELDS = ["since", "before"] as const;

export function isIsoDay(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(text);
}

/** The day `days` after an ISO day (negative: before). */
export function addDays(day: string, days: number): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/** The fields as they are worth sending: trimmed, empty ones and `false` left out. */
export function cleanFields(fields: SearchFields): SearchFields {
  const clean: SearchFields = {};
  if (fields.body) clean.body = true;
  for (const key of TEXT_FIELDS) {
    const value = fields[key]?.trim();
    if (value) clean[key] = value;
  }
  for (const key of DATE_FIELDS) {
    const value = fields[key];
    if (value && isIsoDay(value)) clean[key] = value;
  }
  if (fields.attachment) clean.attachment = true;
  if (fields.all) clean.all = true;
  return clean;
}

export function hasFields(fields: SearchFields | undefined): boolean {
  return fields !== undefined && Object.keys(cleanFields(fields)).length > 0;
}

export function sameFields(a: SearchFields | undefined, b: SearchFields | undefined): boolean {
  return JSON.stringify(cleanFields(a ?? {})) === JSON.stringify(cleanFields(b ?? {}));
}

/** Adds the fields to a URL's parameters, in a fixed order. */
export function writeFields(params: URLSearchParams, fields: SearchFields | undefined): void {
  const clean = cleanFields(fields ?? {});
  if (clean.body) params.set("body", "1");
  for (const key of [...TEXT_FIELDS, ...DATE_FIELDS]) {
    const value = clean[key];
    if (value) params.set(key, value);
  }
  if (clean.attachment) params.set("attachment", "1");
  if (clean.all) params.set("scope", "all");
}

/** The fields a URL's parameters name (only valid ones). */
export function readFields(params: URLSearchParams): SearchFields {
  const fields: SearchFields = {};
  if (params.get("body") === "1") fields.body = true;
  for (const key of [...TEXT_FIELDS, ...DATE_FIELDS]) {
    const value = params.get(key);
    if (value) fields[key] = value;
  }
  if (params.get("attachment") === "1") fields.attachment = true;
  if (params.get("scope") === "all") fields.all = true;
  return cleanFields(fields);
}
