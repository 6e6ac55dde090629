// The few parts of node:test and node:assert the unit tests use. Debian's @types/node would drag in
// the distribution's nodejs package, which must not replace the installed node 20.
declare module "node:test" {
  type TestFn = (name: string, fn: () => void | Promise<void>) => void;
  export const test: TestFn;
  export const describe: (name: string, fn: () => void) => void;
  export const it: TestFn;
  export default test;
}

declare module "node:assert/strict" {
  interface Assert {
    (value: unknown, message?: string): asserts value;
    ok(value: unknown, message?: string): asserts value;
    equal<T>(actual: unknown, expected: T, message?: string): asserts actual is T;
    notEqual(actual: unknown, expected: unknown, message?: string): void;
    deepEqual<T>(actual: unknown, expected: T, message?: string): asserts actual is T;
    match(value: string, pattern: RegExp, message?: string): void;
    doesNotMatch(value: string, pattern: RegExp, message?: string): void;
    throws(fn: () => unknown, expected?: RegExp | ((e: unknown) => boolean), message?: string): void;
    rejects(p: Promise<unknown> | (() => Promise<unknown>), expected?: RegExp | ((e: unknown) => boolean), message?: string): Promise<void>;
  }
  const assert: Assert;
  export default assert;
}

// Reading a repository file (docs/api.yaml) from a test.
declare module "node:fs" {
  export function readFileSync(path: string, encoding: "utf8"): string;
}
