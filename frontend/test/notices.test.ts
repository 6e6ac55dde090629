import assert from "node:assert/strict";
import { test } from "node:test";
import { ApiError } from "../src/api/apiError";
import { NoticeStore } from "../src/store/noticeStore";

test("at most three notices show, newest last; one can be dismissed", () => {
  const notices = new NoticeStore(() => "ko");
  for (const text of ["a", "b", "c", "d"]) notices.notify(text);
  assert.deepEqual(notices.state.notices.map((n) => n.text), ["b", "c", "d"]);
  notices.dismiss(notices.state.notices[0]?.id ?? -1);
  assert.deepEqual(notices.state.notices.map((n) => n.text), ["c", "d"]);
});

test("a failed action becomes an error notice in the user's words", () => {
  let language: "ko" | "en" = "ko";
  const notices = new NoticeStore(() => language);
  notices.error(new ApiError("network", 0, null));
  language = "en";
  notices.error(new ApiError("network", 0, null));
  assert.deepEqual(notices.state.notices.map((n) => [n.text, n.tone]), [
    ["웹메일 서버에 연결할 수 없습니다.", "error"],
    ["The webmail server cannot be reached.", "error"],
  ]);
});
