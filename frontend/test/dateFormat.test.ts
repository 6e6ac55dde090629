import assert from "node:assert/strict";
import { test } from "node:test";
import { formatFullDate, formatListDate, formatSize, formatTime } from "../src/lib/dateFormat";

// Dates are built in local time, so the expectations hold in any TZ the tests run in.
const now = new Date(2026, 10, 25, 18, 30); // 2026-11-25 (Wed) 18:30
const iso = (...parts: [number, number, number, number, number]) => new Date(...parts).toISOString();

test("today shows the time with 오전/오후", () => {
  assert.equal(formatListDate(iso(2026, 10, 25, 15, 4), now), "오후 3:04");
  assert.equal(formatListDate(iso(2026, 10, 25, 9, 0), now), "오전 9:00");
  assert.equal(formatListDate(iso(2026, 10, 25, 0, 5), now), "오전 12:05");
  assert.equal(formatListDate(iso(2026, 10, 25, 12, 0), now), "오후 12:00");
});

test("this year shows month and day, older the full date", () => {
  assert.equal(formatListDate(iso(2026, 10, 24, 23, 59), now), "11월 24일");
  assert.equal(formatListDate(iso(2026, 0, 3, 8, 0), now), "1월 3일");
  assert.equal(formatListDate(iso(2024, 0, 3, 8, 0), now), "2024. 1. 3.");
});

test("English forms", () => {
  assert.equal(formatListDate(iso(2026, 10, 25, 15, 4), now, "en"), "3:04 PM");
  assert.equal(formatListDate(iso(2026, 10, 2, 15, 4), now, "en"), "Nov 2");
  assert.equal(formatListDate(iso(2024, 0, 3, 8, 0), now, "en"), "2024-01-03");
  assert.equal(formatTime(new Date(2026, 0, 1, 0, 7), "en"), "12:07 AM");
});

test("the header form has the weekday", () => {
  assert.equal(formatFullDate(iso(2026, 10, 25, 15, 4)), "2026년 11월 25일 (수) 오후 3:04");
  assert.equal(formatFullDate(iso(2026, 10, 22, 9, 30)), "2026년 11월 22일 (일) 오전 9:30");
  assert.equal(formatFullDate(iso(2026, 10, 25, 15, 4), "en"), "Wed, Nov 25, 2026 3:04 PM");
});

test("garbage dates show nothing instead of Invalid Date", () => {
  assert.equal(formatListDate("not a date", now), "");
  assert.equal(formatFullDate(""), "");
});

test("sizes", () => {
  assert.equal(formatSize(512), "512 B");
  assert.equal(formatSize(12 * 1024), "12 KB");
  assert.equal(formatSize(25 * 1024 * 1024), "25.0 MB");
});
