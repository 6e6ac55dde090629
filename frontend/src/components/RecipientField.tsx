// One recipient field of the compose form (To, Cc or Bcc): each address a chip (click or Backspace
// gives it back as text to edit, × removes it, what is not an address is kept and marked), the
// text being typed after them, and the server's suggestions under it (store/suggestStore). The
// form keeps the field as the text it always was ("a <a@b.kr>, c@d.kr"), so sending and drafts
// are unchanged; the chips are that text's pieces.
import { useEffect, useState, type ClipboardEvent, type KeyboardEvent } from "react";
import type { Suggestion } from "../api/contactsApi";
import { useApp } from "../context";
import { formatAddress, parseAddress, parseAddressList, splitList, splitTyped } from "../lib/address";
import type { AddressField } from "../store/composeForm";
import type { ComposeFormStore } from "../store/composeFormStore";

interface Props {
  store: ComposeFormStore;
  /** "compose" for the first window (e2e tests and labels find #compose-to), "compose2"… after it. */
  ids: string;
  field: AddressField;
  value: string;
  autoFocus?: boolean;
}

/** The field's text from its chips and what is being typed. */
function joined(chips: string[], draft: string): string {
  return [...chips, draft].filter((p) => p.trim()).join(", ");
}

/** A click on a chip leaves the text being typed where it is (no blur that would make it a chip). */
const keepFocus = (event: { preventDefault(): void }) => event.preventDefault();

/** What a suggestion adds: its address, or a group's members. */
function chipsOf(suggestion: Suggestion): string[] {
  if (suggestion.members?.length) return suggestion.members.map(formatAddress);
  return [formatAddress({ name: suggestion.name, email: suggestion.email })];
}

export function RecipientField({ store, ids, field, value, autoFocus }: Props) {
  const app = useApp();
  const inputId = `${ids}-${field}`;
  const [draft, setDraft] = useState("");
  const [focused, setFocused] = useState(false);
  // The draft is the end of the form's text; text set from outside (a reply, a reopened draft) is all chips.
  const typing = draft !== "" && value.endsWith(draft);
  const chips = splitList(typing ? value.slice(0, value.length - draft.length) : value);
  useEffect(() => {
    if (draft && !value.endsWith(draft)) setDraft("");
  }, [value, draft]);
  const list = app.suggest.use((s) => (s.owner === inputId ? s : null));
  const listId = `${ids}-suggest-${field}`;
  // Marked once the field is left, not while the last piece is being typed.
  const invalid = focused ? [] : parseAddressList(value).invalid;
  const errorId = `${ids}-${field}-error`;

  const write = (nextChips: string[], nextDraft: string) => {
    setDraft(nextDraft);
    store.update({ [field]: joined(nextChips, nextDraft) });
  };
  const commit = () => {
    if (draft.trim()) write([...chips, ...splitList(draft)], "");
  };
  const choose = (suggestion: Suggestion) => {
    write([...chips, ...chipsOf(suggestion)], "");
    app.suggest.close();
  };
  const edit = (index: number) => {
    const rest = chips.filter((_, i) => i !== index);
    write(draft.trim() ? [...rest, ...splitList(draft)] : rest, chips[index] ?? "");
    document.getElementById(inputId)?.focus();
  };
  const onChange = (text: string, composing: boolean) => {
    const { pieces, rest } = splitTyped(text);
    const next = rest.trimStart();
    write([...chips, ...pieces], next);
    app.suggest.typed(inputId, next, composing);
  };
  const onPaste = (event: ClipboardEvent<HTMLInputElement>) => {
    const text = event.clipboardData.getData("text");
    if (!/[,;]/.test(text)) return;
    event.preventDefault();
    write([...chips, ...splitList(draft + text)], "");
    app.suggest.close();
  };
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.nativeEvent.isComposing) return;
    const pick = app.suggest.current(inputId);
    if (list && (event.key === "ArrowDown" || event.key === "ArrowUp")) {
      app.suggest.move(event.key === "ArrowDown" ? 1 : -1);
    } else if (pick && (event.key === "Enter" || (event.key === "Tab" && !event.shiftKey))) {
      choose(pick);
    } else if (list && event.key === "Escape") {
      app.suggest.close();
      event.stopPropagation(); // the list closes, not the window
    } else if (event.key === "Enter" && draft.trim()) {
      commit();
    } else if (event.key === "Backspace" && draft === "" && chips.length > 0) {
      edit(chips.length - 1);
    } else return;
    event.preventDefault();
  };

  return (
    <div className="field">
      <label htmlFor={inputId}>{app.t(field)}</label>
      <div className="suggest-wrap">
        <div className="chips" data-testid={`recipients-${field}`} data-value={value} onClick={(e) => e.target === e.currentTarget && document.getElementById(inputId)?.focus()}>
          {chips.map((piece, i) => {
            const address = parseAddress(piece);
            return (
              <span key={`${i}-${piece}`} className={address ? "chip" : "chip invalid"} data-testid="recipient-chip" data-value={piece} title={address?.email ?? piece}>
                <button type="button" className="chip-text" onMouseDown={keepFocus} onClick={() => edit(i)} aria-invalid={!address || undefined}>
                  {address ? address.name || address.email : piece}
                </button>
                <button type="button" className="chip-remove" onMouseDown={keepFocus} aria-label={app.t("removeRecipient", { name: piece })} onClick={() => write(chips.filter((_, j) => j !== i), draft)}>
                  ×
                </button>
              </span>
            );
          })}
          <input
            id={inputId}
            name={field}
            type="text"
            autoComplete="off"
            autoFocus={autoFocus}
            role="combobox"
            aria-expanded={!!list}
            aria-controls={listId}
            aria-autocomplete="list"
            aria-activedescendant={list ? `${listId}-${list.active}` : undefined}
            aria-invalid={invalid.length > 0 || undefined}
            aria-describedby={invalid.length ? errorId : undefined}
            value={draft}
            onChange={(e) => onChange(e.target.value, (e.nativeEvent as InputEvent).isComposing === true)}
            onCompositionEnd={(e) => app.suggest.typed(inputId, e.currentTarget.value)}
            onPaste={onPaste}
            onFocus={() => setFocused(true)}
            onBlur={() => {
              commit();
              setFocused(false);
              app.suggest.close();
            }}
            onKeyDown={onKeyDown}
          />
        </div>
        {list && (
          <ul id={listId} role="listbox" className="suggestions" aria-label={app.t("suggestions")}>
            {list.items.map((s, i) => (
              <li
                key={`${s.source}-${s.email || s.name}`}
                id={`${listId}-${i}`}
                role="option"
                aria-selected={i === list.active}
                data-source={s.source}
                onMouseEnter={() => app.suggest.highlight(i)}
                onMouseDown={(e) => {
                  e.preventDefault(); // keeps the focus (and the draft) in the field
                  choose(s);
                }}
              >
                {s.members ? `${s.name} (${s.members.length})` : formatAddress(s)}
                {s.department && <span className="suggest-note"> · {s.department}</span>}
              </li>
            ))}
          </ul>
        )}
        {invalid.length > 0 && (
          <p id={errorId} className="field-error" data-testid={`invalid-${field}`}>
            {app.t("invalidAddresses", { list: invalid.join(", ") })}
          </p>
        )}
      </div>
    </div>
  );
}
