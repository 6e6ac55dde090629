import assert from "node:assert/strict";
import { test } from "node:test";
import type { AttachmentInfo } from "../src/api/types";
import { fileBadge, previewKind } from "../src/lib/attachments";

const file = (filename: string, content_type: string): AttachmentInfo => ({ part: "2", filename, content_type, size: 10, inline: false, content_id: null });

test("previewKind follows the server: declared type, a generic one by extension, never HTML or SVG", () => {
  assert.equal(previewKind(file("a.png", "image/png")), "image");
  assert.equal(previewKind(file("스캔.PDF", "application/octet-stream")), "pdf");
  assert.equal(previewKind(file("memo.txt", "text/plain; charset=euc-kr")), "text");
  assert.equal(previewKind(file("logo.svg", "image/svg+xml")), null);
  assert.equal(previewKind(file("page.png", "text/html")), null);
  assert.equal(previewKind(file("a.svg", "application/octet-stream")), null);
});

test("fileBadge names the kind by type or extension", () => {
  assert.equal(fileBadge(file("a.jpg", "image/jpeg")), "IMG");
  assert.equal(fileBadge(file("견적서.hwp", "application/x-hwp")), "HWP");
  assert.equal(fileBadge(file("표.XLSX", "application/octet-stream")), "XLS");
  assert.equal(fileBadge(file("noext", "application/x-unknown")), "FILE");
});
