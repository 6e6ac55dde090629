// 상세 검색 (issues 25, 34): the search words with the fields (from, to, subject, a date range,
// has attachment) and 본문 포함. A lazy chunk: loaded when first opened, so the start page does not
// carry it. Unread and starred are the list's own filters beside it.
import { useState, type FormEvent } from "react";
import type { SearchFields } from "../api/types";
import { useApp } from "../context";
import { addDays, cleanFields } from "../lib/searchQuery";

export default function SearchPanel({ onClose }: { onClose: () => void }) {
  const app = useApp();
  const shown = app.mailbox.state;
  const [words, setWords] = useState(shown.query);
  const [fields, setFields] = useState<SearchFields>(shown.fields);
  // The user picks the last day of the range; the API's `before` is the day after it.
  const until = fields.before ? addDays(fields.before, -1) : "";
  const set = (change: SearchFields) => setFields((f) => ({ ...f, ...change }));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    onClose();
    void app.mailbox.search(words.trim(), cleanFields(fields));
  };
  const reset = () => {
    setWords("");
    setFields({});
  };

  return (
    <form className="search-panel" aria-label={app.t("advancedSearch")} onSubmit={submit} data-testid="search-panel">
      <fieldset className="scope">
        <legend className="visually-hidden">{app.t("searchScope")}</legend>
        <label className="check">
          <input type="radio" name="scope" value="folder" checked={!fields.all} onChange={() => set({ all: false })} />
          {app.t("searchThisFolder")}
        </label>
        <label className="check">
          <input type="radio" name="scope" value="all" checked={fields.all ?? false} onChange={() => set({ all: true })} />
          {app.t("searchAllFolders")}
        </label>
      </fieldset>
      <label>
        {app.t("searchWords")}
        <input value={words} onChange={(e) => setWords(e.target.value)} name="q" />
      </label>
      <label className="check">
        <input type="checkbox" checked={fields.body ?? false} onChange={(e) => set({ body: e.target.checked })} name="body" />
        {app.t("searchIncludeBody")}
      </label>
      <label>
        {app.t("searchFrom")}
        <input value={fields.from ?? ""} onChange={(e) => set({ from: e.target.value })} name="from" />
      </label>
      <label>
        {app.t("searchTo")}
        <input value={fields.to ?? ""} onChange={(e) => set({ to: e.target.value })} name="to" />
      </label>
      <label>
        {app.t("searchSubject")}
        <input value={fields.subject ?? ""} onChange={(e) => set({ subject: e.target.value })} name="subject" />
      </label>
      <div className="dates">
        <label>
          {app.t("searchSince")}
          <input type="date" value={fields.since ?? ""} onChange={(e) => set({ since: e.target.value })} name="since" />
        </label>
        <label>
          {app.t("searchUntil")}
          <input type="date" value={until} onChange={(e) => set({ before: e.target.value ? addDays(e.target.value, 1) : "" })} name="until" />
        </label>
      </div>
      <label className="check">
        <input type="checkbox" checked={fields.attachment ?? false} onChange={(e) => set({ attachment: e.target.checked })} name="attachment" />
        {app.t("searchHasAttachment")}
      </label>
      <div className="actions">
        <button type="submit" className="primary">
          {app.t("search")}
        </button>
        <button type="button" className="link-button" onClick={reset}>
          {app.t("searchReset")}
        </button>
        <button type="button" className="link-button" onClick={onClose}>
          {app.t("close")}
        </button>
      </div>
    </form>
  );
}
