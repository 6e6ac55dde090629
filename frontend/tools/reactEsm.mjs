// Debian's React production builds are CommonJS and unminified. esbuild keeps a CommonJS module
// whole: it cannot drop what only unused exports need (legacy render/hydrate, findDOMNode, portals,
// class-component helpers, …), nor fold the `const enableX = false` feature flags into dead code.
// This plugin hands esbuild the same files as ES modules — each `var X = require('y')` becomes
// `import * as X from 'y'` and the `exports.a = b` block one export list — so tree shaking and
// constant folding work (about 1.5 KB gzip less). `react-dom/client`, `react` and
// `react/jsx-runtime` resolve to these files directly (their index files only pick the production
// build). Anything unexpected is an error: the build must not silently bundle a different React.
import { readFile } from "node:fs/promises";
import path from "node:path";

export class ReactEsmError extends Error {}

/**
 * Fields of React's internal objects (fibers, roots, update queues, hooks) that only react-dom's own
 * code reads or writes, never by a quoted name. With esbuild's `mangleProps` they shrink to short
 * names (about 0.8 KB gzip). `reactEsmPlugin` fails the build when the app's own code uses
 * one of these names (they might be JSON or DOM fields) or React refers to one by a quoted string.
 */
export const REACT_INTERNAL_PROPS = new RegExp(
  "^(" +
    "memoizedState|memoizedProps|pendingProps|stateNode|sibling|alternate|updateQueue|childLanes|containerInfo|" +
    "subtreeFlags|elementType|cachePool|baseState|pendingLanes|dehydrated|deletions|suspendedLanes|blockedOn|" +
    "interleaved|pendingContext|lastBaseUpdate|firstBaseUpdate|callbackNode|callbackPriority|expirationTimes|" +
    "entangledLanes|entanglements|pingedLanes|expiredLanes|finishedWork|finishedLanes|mutableReadLanes|" +
    "hiddenCallbacks|memoizedValue|firstContext|lanes|baseQueue|lastRenderedReducer|lastRenderedState|" +
    "eagerState|hasEagerState|_wrapperState" +
    ")$",
);

/** Throws when a source text uses one of REACT_INTERNAL_PROPS as a quoted name (what mangling would miss). */
export function checkNoQuotedInternalNames(source, fileName) {
  const names = REACT_INTERNAL_PROPS.source.slice(2, -2);
  const quoted = new RegExp(`['"\`](${names})['"\`]`);
  const code = source.replace(/\/\/[^\n]*|\/\*[\s\S]*?\*\//g, ""); // comments may mention them
  const found = quoted.exec(code);
  if (found) throw new ReactEsmError(`${fileName}: refers to React's internal field ${found[1]} by a quoted name; mangling would break it`);
}

/** Throws when the app's own code uses one of REACT_INTERNAL_PROPS at all (e.g. a JSON field of that name). */
export function checkNoInternalNames(source, fileName) {
  const found = new RegExp(`\\b(${REACT_INTERNAL_PROPS.source.slice(2, -2)})\\b`).exec(source);
  if (found) throw new ReactEsmError(`${fileName}: uses "${found[1]}", a name the build mangles as React-internal; rename it`);
}

/** What each specifier loads, relative to the Debian module folder. */
const FILES = {
  react: "react/cjs/react.production.min.js",
  "react/jsx-runtime": "react/cjs/react-jsx-runtime.production.min.js",
  "react-dom": "react-dom/cjs/react-dom.production.min.js",
};
const REQUIRE_LINE = /^var ([A-Za-z_$][\w$]*) = require\('([\w/-]+)'\);$/gm;
const EXPORT_LINE = /^exports\.([A-Za-z_$][\w$]*) = ([A-Za-z_$][\w$]*);$/gm;

/** The ES module form of one of React's CommonJS production files. */
export function reactAsEsm(source, fileName) {
  const exported = [];
  const out = source
    .replace(REQUIRE_LINE, (_, local, specifier) => {
      if (!(specifier in FILES) && specifier !== "scheduler") throw new ReactEsmError(`${fileName}: unexpected require('${specifier}')`);
      return `import * as ${local} from '${specifier}';`;
    })
    .replace(EXPORT_LINE, (_, name, local) => {
      exported.push(local === name ? name : `${local} as ${name}`);
      return "";
    });
  if (exported.length === 0) throw new ReactEsmError(`${fileName}: no exports found`);
  checkNoQuotedInternalNames(out, fileName);
  if (/\brequire\(|\bmodule\.exports|\bexports\./.test(out)) throw new ReactEsmError(`${fileName}: CommonJS left after the rewrite`);
  return `${out}\nexport { ${exported.join(", ")} };\n`;
}

export function reactEsmPlugin(modulesDir = "/usr/share/nodejs") {
  const files = Object.fromEntries(Object.entries(FILES).map(([k, v]) => [k, path.join(modulesDir, v)]));
  return {
    name: "react-esm",
    setup(build) {
      build.onResolve({ filter: /^(react|react\/jsx-runtime|react-dom|react-dom\/client)$/ }, (args) =>
        args.path === "react-dom/client" ? { path: args.path, namespace: "react-esm" } : { path: files[args.path] },
      );
      // In production react-dom/client is exactly react-dom's two root constructors.
      build.onLoad({ filter: /.*/, namespace: "react-esm" }, () => ({
        contents: "export { createRoot, hydrateRoot } from 'react-dom';",
        loader: "js",
      }));
      build.onLoad({ filter: /[\\/]src[\\/].*\.tsx?$/ }, async (args) => {
        checkNoInternalNames(await readFile(args.path, "utf8"), args.path);
        return undefined; // esbuild loads it as usual
      });
      const own = new Set(Object.values(files));
      build.onLoad({ filter: /[\\/]cjs[\\/]react[\w-]*\.production\.min\.js$/ }, async (args) => {
        if (!own.has(args.path)) return undefined;
        return { contents: reactAsEsm(await readFile(args.path, "utf8"), args.path), loader: "js" };
      });
    },
  };
}
