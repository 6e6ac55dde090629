import assert from "node:assert/strict";
import { test } from "node:test";
import { ApiError } from "../src/api/apiError";
import { NoticeStore } from "../src/store/noticeStore";

test("at most three notices show, newest last; one can be dismissed", () => {
  const notices = new NoticeStore((key) => key);
  for (const text of ["a", "b", "c", "d"]) notices.notify(text);
  assert.deepEqual(notices.state.notices.map((n) => n.text), ["b", "c", "d"]);
  notices.dismiss(notices.state.notices[0]?.id ?? -1);
  assert.deepEqual(notices.state.notices.map((n) => n.text), ["c", "d"]);
});

test("a failed action becomes an error notice in the user's words", () => {
  const notices = new NoticeStore((key) => `[${key}]`);
  notices.error(new ApiError("network", 0, null));
  assert.deepEqual(notices.state.notices.map((n) => [n.text, n.tone]), [["[networkDown]", "error"]]);
});
