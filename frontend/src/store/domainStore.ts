// The base of every domain store (session, mailbox, reader, compose, notices, …): one state object
// in an external store, actions as methods, and a hook for components to read a slice of it.
import { createStore, useStore, type Store } from "./createStore";

export abstract class DomainStore<T extends object> {
  readonly store: Store<T>;

  protected constructor(initial: T) {
    this.store = createStore<T>(initial);
  }

  get state(): T {
    return this.store.getState();
  }

  protected set(patch: Partial<T> | ((state: T) => Partial<T>)): void {
    this.store.setState(patch);
  }

  /** For components: re-renders when the selected slice changes (Object.is). */
  use<S>(selector: (state: T) => S): S {
    return useStore(this.store, selector);
  }
}
