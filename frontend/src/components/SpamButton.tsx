import { useApp } from "../context";
import { isJunkFolder } from "../store/mailboxStore";
import { Icon } from "./Icon";

/**
 * 스팸 신고 (to 스팸함), or in 스팸함 스팸 아님 (back to 받은편지함), for the given messages or the
 * selection. `icons`: with its icon, which the phone's selection bar shows instead of the words.
 */
export function SpamButton({ uids, icons = false }: { uids?: number[]; icons?: boolean }) {
  const app = useApp();
  const inJunk = app.mailbox.use(isJunkFolder);
  const label = app.t(inJunk ? "notSpam" : "reportSpam");
  return (
    <button type="button" data-testid="spam" aria-label={icons ? label : undefined} title={icons ? label : undefined} onClick={() => void app.mailbox.reportSpam(!inJunk, uids)}>
      {icons && <Icon name={inJunk ? "notSpam" : "reportSpam"} />}
      {icons ? <span className="bulk-label">{label}</span> : label}
    </button>
  );
}
