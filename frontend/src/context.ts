// The one MailStore of the app, handed to components through context (tests can pass another).
import { createContext, useContext } from "react";
import type { MailStore } from "./store/mailStore";

export const MailContext = createContext<MailStore | null>(null);

export function useMailStore(): MailStore {
  const mail = useContext(MailContext);
  if (!mail) throw new Error("MailContext missing");
  return mail;
}
