// Debian's node-dompurify 2.4.1+dfsg+~2.4.0-2+deb12u1 is broken: a hunk of the security patch
// (the nesting-depth guard) landed in sanitize() instead of _sanitizeShadowDOM(), so every
// sanitize() call with markup throws "ReferenceError: shadowNode is not defined". We repair the
// file at bundle time:
//   1. in sanitize(), the misplaced guard becomes upstream's `if (body && FORCE_BODY)` branch again;
//   2. in _sanitizeShadowDOM(), the depth check regains its NaN test (tampered __depth), as upstream has it.
// Anything we do not recognise is an error: a silently unrepaired sanitizer is worse than no build.

const MISPLACED_GUARD =
  /if \(shadowNode\.__depth >= MAX_NESTING_DEPTH \|\| numberIsNaN\(shadowNode\.__depth\)\) \{\s*_forceRemove\(body\.firstChild\);\s*\}/;
const SHADOW_DEPTH_CHECK = /if \(shadowNode\.__depth >= MAX_NESTING_DEPTH\) \{/;
const FORCE_BODY_BRANCH = /if \(body && FORCE_BODY\) \{\s*_forceRemove\(body\.firstChild\);\s*\}/;

export class DomPurifyRepairError extends Error {}

/** Returns the repaired source of a DOMPurify dist file; throws when the file is neither broken-as-known nor sound. */
export function repairDomPurify(source, fileName = "purify.js") {
  const broken = MISPLACED_GUARD.test(source);
  if (!broken) {
    if (FORCE_BODY_BRANCH.test(source) && !/shadowNode/.test(sanitizeBody(source))) {
      return source; // a sound DOMPurify (fixed package): nothing to do
    }
    throw new DomPurifyRepairError(
      `${fileName}: unknown DOMPurify layout; neither the known Debian breakage nor upstream's code. Refusing to bundle.`,
    );
  }
  let repaired = source.replace(MISPLACED_GUARD, "if (body && FORCE_BODY) {\n        _forceRemove(body.firstChild);\n      }");
  if (!SHADOW_DEPTH_CHECK.test(repaired)) {
    throw new DomPurifyRepairError(`${fileName}: the shadow DOM depth check was not found.`);
  }
  repaired = repaired.replace(
    SHADOW_DEPTH_CHECK,
    "if (shadowNode.__depth >= MAX_NESTING_DEPTH || numberIsNaN(shadowNode.__depth)) {",
  );
  if (/shadowNode/.test(sanitizeBody(repaired))) {
    throw new DomPurifyRepairError(`${fileName}: sanitize() still refers to shadowNode after the repair.`);
  }
  return repaired;
}

/** The text of the public sanitize() function, up to the next public method. */
function sanitizeBody(source) {
  const start = source.indexOf("DOMPurify.sanitize = function");
  if (start < 0) throw new DomPurifyRepairError("DOMPurify.sanitize not found");
  const end = source.indexOf("DOMPurify.setConfig", start);
  return source.slice(start, end < 0 ? undefined : end);
}

/** An esbuild plugin that applies the repair to whichever DOMPurify dist file gets bundled. */
export function dompurifyRepairPlugin() {
  return {
    name: "dompurify-repair",
    setup(build) {
      build.onLoad({ filter: /[\\/]dompurify[\\/]dist[\\/]purify(\.es|\.cjs)?(\.min)?\.js$/ }, async (args) => {
        const { readFile } = await import("node:fs/promises");
        const source = await readFile(args.path, "utf8");
        if (/\.min\.js$/.test(args.path)) {
          throw new DomPurifyRepairError(`${args.path}: the minified build cannot be checked; import the unminified one`);
        }
        return { contents: repairDomPurify(source, args.path), loader: "js" };
      });
    },
  };
}
