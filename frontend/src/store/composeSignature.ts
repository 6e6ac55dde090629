// Which signature each compose window carries: the default of the settings when it opens (new
// mail: signature_new; reply and forward: signature_reply), switched by the window's signature
// picker. Kept beside the form stores (not in the form) so the compose code stays the compose
// code; a window's entry goes with its form store.
import type { Settings } from "../api/settingsTypes";
import type { ComposeMode } from "../lib/quote";
import { defaultSignature, replaceSignature } from "../lib/signature";
import type { ComposeFormStore } from "./composeFormStore";

const chosen = new WeakMap<ComposeFormStore, string>();

export function signatureOf(form: ComposeFormStore): string | null {
  return chosen.get(form) ?? null;
}

/** A window just opened: its text starts with the default signature (not an edit of the user's). */
export function startWithSignature(form: ComposeFormStore, mode: ComposeMode, settings: Settings): void {
  const compose = form.state.compose;
  const signature = defaultSignature(settings.signatures, mode, { forNew: settings.signature_new, forReply: settings.signature_reply });
  if (!compose || !signature) return;
  chosen.set(form, signature.id);
  form.preset({ text: replaceSignature(compose.text, null, signature) });
}

/** The picker: another signature (null: none) in place of the one the text has. */
export function switchSignature(form: ComposeFormStore, id: string | null, settings: Settings): void {
  const compose = form.state.compose;
  if (!compose) return;
  const find = (wanted: string | null) => settings.signatures.find((s) => s.id === wanted) ?? null;
  const text = replaceSignature(compose.text, find(signatureOf(form)), find(id));
  if (id) chosen.set(form, id);
  else chosen.delete(form);
  form.update({ text });
}
