// The server's push feed (GET /mail/events, server-sent events): connected while signed in, and
// reporting "the mailbox changed" at most once per REFRESH_DELAY_MS however many events arrive.

/** The part of EventSource the store uses. */
export interface EventSourceLike {
  addEventListener(type: string, listener: () => void): void;
  close(): void;
}

/**
 * The events of /mail/events after which the mail views reload counts and the first page, so they
 * need no payload: the mailbox changed ("message" is an unnamed event), or the server's IDLE feed
 * is (again) running — "ready". Mail that arrived after the first list but before the feed watched
 * the mailbox, or while the stream was reconnecting, produces no event of its own: only this
 * reload shows it.
 */
// `outbox`: a mail of the outbox was sent (Sent changed) or failed (Drafts changed).
export const MAIL_EVENTS = ["message", "new_message", "expunged", "flags", "ready", "outbox"];

const REFRESH_DELAY_MS = 250;

export class EventStore {
  private source: EventSourceLike | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  /** Set by the composition: what a change of the mailbox triggers. */
  onChange: (() => void) | undefined;

  constructor(
    private readonly url: () => string,
    private readonly open: ((url: string) => EventSourceLike) | undefined,
  ) {}

  connect(): void {
    if (this.source || !this.open) return;
    const source = this.open(this.url());
    const onEvent = () => this.schedule();
    for (const name of MAIL_EVENTS) source.addEventListener(name, onEvent);
    this.source = source;
  }

  close(): void {
    this.source?.close();
    this.source = null;
  }

  private schedule(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.onChange?.();
    }, REFRESH_DELAY_MS);
  }
}
