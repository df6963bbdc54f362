/**
 * A Rolldown plugin for the CLI bundle (scripts/build-cli.ts): Node's heavier built-in modules
 * (crypto, zlib, child_process, worker_threads, http) are loaded when first used instead of when the
 * bundle starts. Loading them costs 30-45 ms, and a listing command (`pvlab runs`) uses none of
 * them: runs, recordings, hashes, serve and bundles do. The sources keep their ordinary imports;
 * only the bundle's copy is rewritten:
 *   import zlib from 'node:zlib' / import * as zlib from 'node:zlib'  →  a proxy that loads on first access
 *   import { createHash } from 'node:crypto'                          →  a function that loads on first call
 * Named imports are rewritten only when every one is a function or class listed in FUNCTIONS
 * (others, such as `parentPort`, keep the import as it is).
 *
 * The other built-ins (fs, path, util, events, os…) are taken with `process.getBuiltinModule` in
 * the bundle's output (`builtinsWithoutFacades`): an ES import of a built-in builds a facade that
 * reads every export once, and reading `fs.promises` or `util.parseArgs` loads their modules —
 * about 15 ms of a listing command spent on streams, fs/promises and util's lazy parts it never uses.
 */
import type { Plugin } from 'rolldown';

const MODULES = 'crypto|zlib|child_process|worker_threads|http';
/** Named imports known to be functions or classes (called, or constructed with `new`). */
const FUNCTIONS = new Set(['createHash', 'randomBytes', 'timingSafeEqual', 'crc32', 'spawn', 'Worker', 'createServer']);

const HELPER = `const __pvlabLazy = (name) => { let m; return new Proxy({}, { get: (_, k) => (m ??= process.getBuiltinModule(name))[k] }); };\n`;

const wrapper = (mod: string, name: string, local: string) =>
  `function ${local}(...args) { const f = process.getBuiltinModule('node:${mod}').${name}; return new.target ? new f(...args) : f(...args); }`;

/** Rewrite one module's imports of the heavy built-ins; null when it has none. */
export function lazyImports(code: string): string | null {
  let changed = false;
  const out = code
    .replace(new RegExp(`^import (?:\\* as )?(\\w+) from ['"]node:(${MODULES})['"];?$`, 'gm'), (_, local: string, mod: string) => {
      changed = true;
      return `const ${local} = __pvlabLazy('node:${mod}');`;
    })
    .replace(new RegExp(`^import \\{([^}]*)\\} from ['"]node:(${MODULES})['"];?$`, 'gm'), (whole: string, list: string, mod: string) => {
      const specs = list.split(',').map((s) => s.trim()).filter((s) => s && !s.startsWith('type '));
      const pairs = specs.map((s) => s.split(/\s+as\s+/) as [string, string?]);
      if (pairs.length === 0 || !pairs.every(([name]) => FUNCTIONS.has(name))) return whole;
      changed = true;
      return pairs.map(([name, local]) => wrapper(mod, name, local ?? name)).join('\n');
    });
  return changed ? HELPER + out : null;
}

export function lazyBuiltins(): Plugin {
  return {
    name: 'pvlab-lazy-builtins',
    transform(code, id) {
      if (!/\.[cm]?[jt]s$/.test(id)) return null;
      const out = lazyImports(code);
      return out === null ? null : { code: out, map: null };
    },
  };
}

/** One import of a built-in in Rolldown's output, as a `const` taken from `process.getBuiltinModule`; null when it is not one. */
export function builtinAsConst(line: string): string | null {
  const m = /^import (?:(\* as ([\w$]+))|([\w$]+)(?:, \{([^}]*)\})?|\{([^}]*)\}) from "(node:[\w/]+)";$/.exec(line);
  if (!m) return null;
  const [, , ns, def, namedAfterDefault, namedOnly, mod] = m;
  const local = ns ?? def;
  const named = namedAfterDefault ?? namedOnly;
  const take = `process.getBuiltinModule(${JSON.stringify(mod)})`;
  const out: string[] = [];
  if (local) out.push(`const ${local} = ${take};`);
  if (named !== undefined) {
    const fields = named.split(',').map((s) => s.trim()).filter(Boolean).map((s) => s.replace(/^([\w$]+)\s+as\s+([\w$]+)$/, '$1: $2'));
    out.push(`const { ${fields.join(', ')} } = ${local ?? take};`);
  }
  return out.join(' ');
}

export function builtinsWithoutFacades(): Plugin {
  return {
    name: 'pvlab-builtins-without-facades',
    renderChunk(code) {
      let changed = false;
      const out = code.replace(/^import [^\n]* from "node:[\w/]+";$/gm, (line) => {
        const r = builtinAsConst(line);
        if (r !== null) changed = true;
        return r ?? line;
      });
      return changed ? { code: out, map: null } : null;
    },
  };
}
