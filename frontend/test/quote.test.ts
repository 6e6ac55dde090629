import assert from "node:assert/strict";
import { test } from "node:test";
import type { Message } from "../src/api/types";
import { forwardSubject, quoteText, references, replyRecipients, replySubject } from "../src/lib/quote";

const message: Message = {
  uid: 4,
  subject: "견적서 송부의 건",
  from: { name: "김철수", email: "kim@example.net" },
  to: [{ name: "", email: "ythong@zioinfo.co.kr" }, { name: "정보", email: "info@zioinfo.co.kr" }],
  cc: [{ name: "", email: "KIM@example.net" }, { name: "", email: "admin@zioinfo.co.kr" }],
  reply_to: [],
  date: "2026-11-25T06:00:00Z",
  flags: { seen: true, flagged: false, answered: false, draft: false },
  size: 1,
  has_attachments: false,
  preview: "",
  message_id: "<m2@example.net>",
  in_reply_to: null,
  references: ["<m1@example.net>"],
  text: "안녕하세요.\n\n",
  html: null,
  attachments: [],
};

test("subjects get one Re:/Fwd: prefix", () => {
  assert.equal(replySubject("견적"), "Re: 견적");
  assert.equal(replySubject("RE: 견적"), "RE: 견적");
  assert.equal(replySubject("답장: 견적"), "답장: 견적");
  assert.equal(forwardSubject("견적"), "Fwd: 견적");
  assert.equal(forwardSubject("FW: 견적"), "FW: 견적");
});

test("reply goes to the sender; reply all adds the others, never me, never twice", () => {
  assert.deepEqual(replyRecipients(message, "ythong@zioinfo.co.kr", false), { to: [message.from], cc: [] });
  const all = replyRecipients(message, "YTHONG@zioinfo.co.kr", true);
  assert.deepEqual(all.to, [message.from]);
  assert.deepEqual(all.cc.map((a) => a.email), ["info@zioinfo.co.kr", "admin@zioinfo.co.kr"]);
  const withReplyTo = { ...message, reply_to: [{ name: "", email: "sales@example.net" }] };
  assert.deepEqual(replyRecipients(withReplyTo, "ythong@zioinfo.co.kr", false).to, [{ name: "", email: "sales@example.net" }]);
});

test("a reply to mail I sent (from Sent) goes to its recipients, not to me (Gmail's way)", () => {
  const sent: Message = {
    ...message,
    from: { name: "통영", email: "ythong@zioinfo.co.kr" },
    to: [{ name: "김철수", email: "kim@example.net" }, { name: "", email: "YTHONG@zioinfo.co.kr" }],
    cc: [{ name: "정보", email: "info@zioinfo.co.kr" }, { name: "", email: "kim@example.net" }],
  };
  assert.deepEqual(replyRecipients(sent, "ythong@zioinfo.co.kr", false), { to: [{ name: "김철수", email: "kim@example.net" }], cc: [] });
  assert.deepEqual(replyRecipients(sent, "ythong@zioinfo.co.kr", true), {
    to: [{ name: "김철수", email: "kim@example.net" }],
    cc: [{ name: "정보", email: "info@zioinfo.co.kr" }],
  });
  // A note to myself stays a note to myself.
  const note = { ...sent, to: [{ name: "", email: "ythong@zioinfo.co.kr" }], cc: [] };
  assert.deepEqual(replyRecipients(note, "ythong@zioinfo.co.kr", false).to.map((a) => a.email), ["ythong@zioinfo.co.kr"]);
});

test("quoting prefixes every line, without trailing empty quote lines", () => {
  assert.equal(quoteText("안녕\r\n> 예전\n\n"), "> 안녕\n>> 예전");
});

test("references chain ends with the answered message", () => {
  assert.deepEqual(references(message), ["<m1@example.net>", "<m2@example.net>"]);
});
