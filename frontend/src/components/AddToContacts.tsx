// "주소록에 추가" next to an address of the open message: one click (or Enter) adds the person to
// the address book, or finds them there already (store/addressBookStore.ts). The sign (+ or ✓) is
// CSS content, so the header's text stays the addresses alone.
import type { Address } from "../api/types";
import { useApp } from "../context";

export function AddToContacts({ address }: { address: Address }) {
  const app = useApp();
  const state = app.addressBook.use((s) => s.added[address.email.toLowerCase()]);
  const label = app.t(state === "there" ? "inContacts" : "addToContacts", { name: address.name || address.email });
  return (
    <button type="button" className="add-contact" title={label} aria-label={label} aria-disabled={!!state} data-state={state}
      data-testid="add-to-contacts" onClick={() => void app.addressBook.add(address)} />
  );
}
