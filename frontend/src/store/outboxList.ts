// What the 예약 메일 view does to the waiting mails (수정, 시간 변경, 취소, 지금 보내기), in the view's
// chunk: the list lives in OutboxStore's state (so this chunk shares no store code with the start).
import { OutboxApi } from "../api/outboxApi";
import { outboxText } from "../pages/outboxText";
import type { OutboxStore } from "./outboxStore";

export class OutboxList {
  private readonly api: OutboxApi;

  constructor(private readonly outbox: OutboxStore) {
    this.api = new OutboxApi(outbox.api);
  }

  async load(): Promise<void> {
    try {
      this.outbox.setList({ entries: await this.api.list("queued"), loaded: true });
    } catch (error) {
      this.outbox.notices.error(error);
    }
  }

  private drop(id: string): void {
    this.outbox.setList((s) => ({ entries: s.entries.filter((e) => e.id !== id) }));
  }

  /** 수정: back to Drafts and open in compose. */
  async edit(id: string): Promise<void> {
    if (await this.outbox.edit(id)) this.drop(id);
    else void this.load();
  }

  /** 취소: back to Drafts only. */
  async cancel(id: string): Promise<void> {
    try {
      await this.api.cancel(id);
      this.drop(id);
    } catch (error) {
      this.outbox.notices.error(error);
      void this.load();
    }
  }

  async reschedule(id: string, sendAt: number): Promise<void> {
    try {
      const entry = await this.api.reschedule(id, new Date(sendAt).toISOString());
      this.outbox.setList((s) => ({ entries: s.entries.map((e) => (e.id === id ? entry : e)).sort((a, b) => a.send_at.localeCompare(b.send_at)) }));
    } catch (error) {
      this.outbox.notices.error(error);
    }
  }

  async sendNow(id: string): Promise<void> {
    try {
      await this.api.sendNow(id);
      this.drop(id);
      this.outbox.notices.notify(outboxText(this.outbox.language.state.language, "sentNow"));
    } catch (error) {
      this.outbox.notices.error(error);
    }
  }
}
