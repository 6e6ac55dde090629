// The UI language (Korean unless the user chose English, remembered in localStorage) and the
// translation every other store and component uses.
import { initialLanguage, translate, type Language, type MessageKey } from "../lib/i18n";
import type { KeyValueStorage } from "../lib/recentAddresses";
import { DomainStore } from "./domainStore";

const LANGUAGE_KEY = "zm.language";

export interface LanguageState {
  language: Language;
}

export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

export class LanguageStore extends DomainStore<LanguageState> {
  constructor(private readonly storage: KeyValueStorage | null) {
    super({ language: initialLanguage(storage?.getItem(LANGUAGE_KEY) ?? null) });
  }

  readonly t: Translate = (key, params) => translate(this.state.language, key, params);

  setLanguage(language: Language): void {
    this.storage?.setItem(LANGUAGE_KEY, language);
    this.set({ language });
  }
}
