import { useApp } from "../context";
import { isJunkFolder } from "../store/mailboxStore";

/** 스팸 신고 (to 스팸함), or in 스팸함 스팸 아님 (back to 받은편지함), for the given messages or the selection. */
export function SpamButton({ uids }: { uids?: number[] }) {
  const app = useApp();
  const inJunk = app.mailbox.use(isJunkFolder);
  return (
    <button type="button" data-testid="spam" onClick={() => void app.mailbox.reportSpam(!inJunk, uids)}>
      {app.t(inJunk ? "notSpam" : "reportSpam")}
    </button>
  );
}
