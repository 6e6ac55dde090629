// The app's stores (store/appStores.ts), handed to components through context (tests can pass others).
import { createContext, useContext } from "react";
import type { AppStores } from "./store/appStores";

export const AppContext = createContext<AppStores | null>(null);

export function useApp(): AppStores {
  const app = useContext(AppContext);
  if (!app) throw new Error("AppContext missing");
  return app;
}
