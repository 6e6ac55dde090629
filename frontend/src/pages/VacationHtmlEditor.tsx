// The 부재중 reply's HTML body in the compose window's editor (components/HtmlEditor, its own lazy
// chunk, loaded only when the reply is switched to HTML, as compose loads it). The editor talks to
// a compose form store; here a small host stands in for the part of it the editor uses (the form's
// HTML, its changes, the switch to plain text), and images are refused (an auto-reply carries none).
import { lazy, useMemo } from "react";
import type { EditorServices } from "../components/Compose";
import type { ComposeFormStore } from "../store/composeFormStore";

const HtmlEditor = lazy(() => import("../components/HtmlEditor"));

/** The editor's 일반 텍스트로 switch: the text as the browser lays it out. */
function htmlToPlainText(html: string): string {
  const box = document.createElement("div");
  box.innerHTML = html;
  return box.innerText;
}

interface Props {
  html: string;
  onChange: (html: string) => void;
  /** The editor's own switch to plain text, with the text it made. */
  onPlain: (text: string) => void;
}

export default function VacationHtmlEditor({ html, onChange, onPlain }: Props) {
  // Made once: the editor fills itself from the host at mount and only reports changes afterwards.
  const host = useMemo(() => {
    const update = (patch: { format?: string; text?: string; html?: string | null }) => {
      if (patch.format === "plain") onPlain(patch.text ?? "");
      else if (typeof patch.html === "string") onChange(patch.html);
    };
    return { state: { compose: { html } }, preset: update, update, addInlineImage: () => false, addFiles: () => undefined } as unknown as ComposeFormStore;
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  const services = useMemo(() => ({ htmlToPlainText, signatureOf: () => null }) as unknown as EditorServices, []);
  return <HtmlEditor store={host} ids="vacation" autoFocus={false} services={services} />;
}
