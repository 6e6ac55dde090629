// The compose window's sender (보낸 사람): the login address or one of the identities of the
// settings. Picking an identity with a signature of its own swaps that signature in; going back
// to the login address puts the default signature for the window's kind back.
import type { Identity, Settings } from "../api/settingsTypes";
import { signatureOf, switchSignature } from "./composeSignature";
import type { ComposeFormStore } from "./composeFormStore";

/** The identity the window sends as (null: the login address, or one no longer in the settings). */
export function senderOf(form: ComposeFormStore, settings: Settings): Identity | null {
  const from = form.state.compose?.from ?? null;
  return (from && settings.identities.find((i) => i.email === from)) || null;
}

export function switchSender(form: ComposeFormStore, email: string | null, settings: Settings): void {
  const compose = form.state.compose;
  if (!compose) return;
  const identity = (email && settings.identities.find((i) => i.email === email)) || null;
  form.update({ from: identity ? identity.email : null });
  const wanted = identity?.signature ?? (compose.mode === "new" ? settings.signature_new : settings.signature_reply);
  if (wanted !== undefined && settings.signatures.some((s) => s.id === wanted) && wanted !== signatureOf(form)) {
    switchSignature(form, wanted, settings);
  }
}
