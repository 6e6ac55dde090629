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
      const own = new Set(Object.values(files));
      build.onLoad({ filter: /[\\/]cjs[\\/]react[\w-]*\.production\.min\.js$/ }, async (args) => {
        if (!own.has(args.path)) return undefined;
        return { contents: reactAsEsm(await readFile(args.path, "utf8"), args.path), loader: "js" };
      });
    },
  };
}
