// The user's settings (환경설정) as `GET|PATCH /settings` carry them (docs/api.yaml, Settings).
import type { SortField } from "./types";

export interface Signature {
  id: string;
  name: string;
  html: string;
  text: string;
}

/** Another address the user sends as (보낸 사람), allowed by the mail server when it was added. */
export interface Identity {
  id: string;
  email: string;
  name: string;
  /** The signature compose switches to when this identity is picked. */
  signature?: string | null;
  reply_to?: string | null;
}

export interface Settings {
  display_name: string;
  language: "ko" | "en";
  theme: "system" | "light" | "dark";
  page_size: number;
  reading_pane: "right" | "bottom" | "off";
  default_sort: SortField;
  default_reply: "reply" | "reply_all";
  compose_format: "html" | "plain";
  undo_send_seconds: 0 | 5 | 10 | 20 | 30;
  conversation_view: boolean;
  desktop_notifications: boolean;
  remote_images: "ask" | "trusted";
  trusted_senders: string[];
  signatures: Signature[];
  identities: Identity[];
  signature_new: string | null;
  signature_reply: string | null;
}

/** What the server answers before anything is stored (and the SPA shows until the first load). */
export const DEFAULT_SETTINGS: Settings = {
  display_name: "",
  language: "ko",
  theme: "system",
  page_size: 50,
  reading_pane: "right",
  default_sort: "received",
  default_reply: "reply",
  compose_format: "html",
  undo_send_seconds: 10,
  conversation_view: true,
  desktop_notifications: false,
  remote_images: "trusted",
  trusted_senders: [],
  signatures: [],
  identities: [],
  signature_new: null,
  signature_reply: null,
};
