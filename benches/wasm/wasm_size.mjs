// benches/wasm/wasm_size.mjs PACKAGE_WASM [UNOPTIMIZED_WASM]
//
// The size of jpki-wasm's .wasm (issue 12: target <= 600 KB raw, <= 250 KB gzipped)
// and where it goes. Run by benches/wasm_compare.sh after scripts/wasm-build.sh.
//
// PACKAGE_WASM is the shipped module (target/wasm-pkg/web/jpki_wasm_bg.wasm): its
// size raw, gzip -9 (GNU gzip, as scripts/wasm-build.sh) and brotli (quality 11, node's zlib), per section.
//
// UNOPTIMIZED_WASM (target/wasm32-unknown-unknown/wasm-release/jpki_wasm.wasm, what
// cargo writes; it still has rustc's name section) is put through the same steps
// as scripts/wasm-build.sh — `wasm-opt -Oz` with the same feature flags, then
// `wasm-bindgen --target web` — but with the function names kept (`wasm-opt -g`,
// `wasm-bindgen --keep-debug`), so that every function body of a module built like
// the shipped one has its Rust name. The names are demangled (legacy mangling) and
// attributed to a crate: the crate of the function's path; for `<T as Trait>::f`
// the crate of T (else of Trait); for `drop_in_place<T>` the crate of T. Printed:
// code bytes per crate (raw, and zlib level 9 of that crate's bodies alone: only
// indicative, a whole file compresses better than its parts), the largest
// functions, and what the data section holds (panic locations' source paths,
// other text, binary). Needs wasm-opt and wasm-bindgen on PATH.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";

const WASM_OPT_FLAGS = [
  "--enable-bulk-memory", "--enable-nontrapping-float-to-int", "--enable-sign-ext",
  "--enable-mutable-globals", "--enable-reference-types", "--enable-multivalue",
];
const TARGET_RAW = 600 * 1024;
const TARGET_GZIP = 250 * 1024;

// Parts (sections, crates) with node's zlib at level 9; the whole file with GNU gzip
// -9 as scripts/wasm-build.sh does (a few KB smaller than zlib's), zlib when there is
// no gzip command.
const gzip = (b) => zlib.gzipSync(b, { level: 9 }).length;
function gzipFile(file) {
  try {
    return execFileSync("gzip", ["-9", "-c", file], { maxBuffer: 1 << 28 }).length;
  } catch {
    return null;
  }
}
const brotli = (b) =>
  zlib.brotliCompressSync(b, {
    params: {
      [zlib.constants.BROTLI_PARAM_QUALITY]: 11,
      [zlib.constants.BROTLI_PARAM_SIZE_HINT]: b.length,
    },
  }).length;
const kb = (n) => (n / 1024).toFixed(1).padStart(7) + " KiB";
const num = (n) => n.toLocaleString("en-US");
const pct = (n, of) => ((100 * n) / of).toFixed(1).padStart(5) + "%";

/** The sections of a module: {id, name, start, end} (payload bounds). */
export function sections(buf) {
  if (buf.readUInt32LE(0) !== 0x6d736100) throw new Error("not a WebAssembly module");
  const out = [];
  let p = 8;
  while (p < buf.length) {
    const id = buf[p++];
    const [size, q] = leb(buf, p);
    p = q;
    let name = ["custom", "type", "import", "function", "table", "memory", "global", "export",
      "start", "element", "code", "data", "datacount"][id] ?? `id ${id}`;
    if (id === 0) {
      const [n, r] = leb(buf, p);
      name = "custom " + buf.subarray(r, r + n).toString();
    }
    out.push({ id, name, start: p, end: p + size });
    p += size;
  }
  // Whole size of each section, header included.
  let prev = 8;
  for (const s of out) {
    s.bytes = s.end - prev;
    prev = s.end;
  }
  return out;
}

function leb(buf, p) {
  let r = 0;
  let shift = 0;
  let x;
  do {
    x = buf[p++];
    r += (x & 0x7f) * 2 ** shift;
    shift += 7;
  } while (x & 0x80);
  return [r, p];
}

function importedFunctions(buf, sec) {
  if (!sec) return 0;
  let [count, p] = leb(buf, sec.start);
  let funcs = 0;
  for (let i = 0; i < count; i++) {
    let n;
    [n, p] = leb(buf, p);
    p += n;
    [n, p] = leb(buf, p);
    p += n;
    const kind = buf[p++];
    if (kind === 0) {
      funcs++;
      [, p] = leb(buf, p);
    } else if (kind === 1) {
      p++; // reftype
      const flags = buf[p++];
      [, p] = leb(buf, p);
      if (flags & 1) [, p] = leb(buf, p);
    } else if (kind === 2) {
      const flags = buf[p++];
      [, p] = leb(buf, p);
      if (flags & 1) [, p] = leb(buf, p);
    } else if (kind === 3) {
      p += 2; // valtype, mutability
    } else if (kind === 4) {
      p++;
      [, p] = leb(buf, p);
    } else throw new Error(`import kind ${kind}`);
  }
  return funcs;
}

/** Function bodies of the code section: [{index, bytes (header included), body}]. */
function bodies(buf, code, firstIndex) {
  let [count, p] = leb(buf, code.start);
  const out = [];
  for (let i = 0; i < count; i++) {
    const at = p;
    let size;
    [size, p] = leb(buf, p);
    out.push({ index: firstIndex + i, bytes: p + size - at, body: buf.subarray(p, p + size) });
    p += size;
  }
  return out;
}

/** Function names from the name section (subsection 1). */
function functionNames(buf, nameSec) {
  const names = new Map();
  if (!nameSec) return names;
  let p = nameSec.start;
  let n;
  [n, p] = leb(buf, p);
  p += n; // "name"
  while (p < nameSec.end) {
    const sub = buf[p++];
    let size;
    [size, p] = leb(buf, p);
    const end = p + size;
    if (sub === 1) {
      let count;
      [count, p] = leb(buf, p);
      for (let i = 0; i < count; i++) {
        let idx, len;
        [idx, p] = leb(buf, p);
        [len, p] = leb(buf, p);
        names.set(idx, buf.subarray(p, p + len).toString());
        p += len;
      }
    }
    p = end;
  }
  return names;
}

/** Data segments' bytes, concatenated. */
function dataBytes(buf, data) {
  if (!data) return Buffer.alloc(0);
  let [count, p] = leb(buf, data.start);
  const parts = [];
  for (let i = 0; i < count; i++) {
    let flags;
    [flags, p] = leb(buf, p);
    if (flags === 2) [, p] = leb(buf, p);
    if (flags !== 1) {
      // constant offset expression, up to `end`
      while (buf[p] !== 0x0b) p++;
      p++;
    }
    let size;
    [size, p] = leb(buf, p);
    parts.push(buf.subarray(p, p + size));
    p += size;
  }
  return Buffer.concat(parts);
}

const ESCAPES = { SP: "@", BP: "*", RF: "&", LT: "<", GT: ">", LP: "(", RP: ")", C: "," };

/** A readable Rust name: legacy mangling (`_ZN…E`) demangled; the hash suffix
 * (`::h0123…`) and v0 crate disambiguators (`core[c593…]`) dropped. wasm-ld
 * usually writes names demangled already. */
export function demangle(sym) {
  const m = /^_ZN(.*)E$/.exec(sym);
  if (!m) return sym.replace(/::h[0-9a-f]{16}$/, "").replace(/\[[0-9a-f]{8,}\]/g, "");
  const s = m[1];
  const parts = [];
  let p = 0;
  while (p < s.length) {
    const d = /^\d+/.exec(s.slice(p));
    if (!d) break;
    p += d[0].length;
    const len = Number(d[0]);
    parts.push(s.slice(p, p + len));
    p += len;
  }
  if (parts.length > 1 && /^h[0-9a-f]{16}$/.test(parts.at(-1))) parts.pop();
  return parts
    .map((part) =>
      part
        .replace(/^_\$/, "$")
        .replace(/\$([A-Z]+|u[0-9a-f]+)\$/g, (all, e) =>
          ESCAPES[e] ?? (e[0] === "u" ? String.fromCodePoint(parseInt(e.slice(1), 16)) : all))
        .replaceAll("..", "::"),
    )
    .join("::");
}

/** A function's path without type parameters, closures and the self type of a
 * trait impl (`<_ as der::decode::Decode>::decode`): the copies of one generic
 * function (or the impls of one trait method). */
export function genericKey(name) {
  let s = name.replace(/^byn\$mgfn-shared\$/, "").replace(/\[\d+\]$/, "");
  if (s.startsWith("<")) {
    let depth = 0;
    let i = 1;
    let as = -1;
    for (; i < s.length; i++) {
      if (s[i] === "<") depth++;
      else if (s[i] === ">") {
        if (depth === 0) break;
        depth--;
      } else if (depth === 0 && as < 0 && s.startsWith(" as ", i)) as = i;
    }
    const head = as >= 0 ? `<_ as ${withoutGenerics(s.slice(as + 4, i))}>` : `<${withoutGenerics(s.slice(1, i))}>`;
    return head + withoutGenerics(s.slice(i + 1));
  }
  return withoutGenerics(s);
}

function withoutGenerics(path) {
  let s = path;
  let prev;
  do {
    prev = s;
    s = s.replace(/(::)?<[^<>]*>/g, "");
  } while (s !== prev);
  return s.replace(/::(\{\{closure\}\}|\{closure#\d+\}).*$/, "");
}

const PRIMITIVE = /^(&|\*|\[|\(|!|bool|char|str|u8|u16|u32|u64|u128|usize|i8|i16|i32|i64|i128|isize|f32|f64|dyn )/;

/** The crate a demangled name belongs to (see the header). */
export function crateOf(name) {
  if (name.startsWith("__wbindgen") || name.startsWith("__wbg") || name.startsWith("__externref") ||
      / shim$/.test(name)) {
    return "wasm-bindgen glue";
  }
  // Functions binaryen merged (`-Oz`): the name of one of them, mangled.
  const merged = /^byn\$mgfn-shared\$(.*)$/.exec(name);
  if (merged) {
    const v0 = /^_R.*?C(?:s[0-9A-Za-z]*_)?(\d+)/.exec(merged[1]);
    if (v0) {
      const from = v0.index + v0[0].length;
      return merged[1].slice(from, from + Number(v0[1]));
    }
    return crateOf(demangle(merged[1]));
  }
  // The exported functions #[wasm_bindgen] writes (`verifier_verify`, `parseCertificate`).
  if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(name) && !/^(mem|__|_Z|_R|rust_)/.test(name)) return "jpki_wasm";
  // Inherent methods of primitive types: `<u8>::…`, `<[u8]>::…`, `<char>::…`.
  if (/^<(&|\[|\(|!|bool|char|str|[ui](8|16|32|64|128|size)|f32|f64)[^ ]*>::/.test(name)) return "core";
  if (name.startsWith("<")) {
    // <A as B>::f, or <A>::f
    let depth = 0;
    let i = 1;
    for (; i < name.length; i++) {
      if (name[i] === "<") depth++;
      else if (name[i] === ">") {
        if (depth === 0) break;
        depth--;
      } else if (depth === 0 && name.startsWith(" as ", i)) break;
    }
    const self = name.slice(1, i).replace(/^(&mut |&|\*const |\*mut )/, "");
    if (!PRIMITIVE.test(self) && /^[a-z_][a-z0-9_]*::/.test(self)) return crateOf(self);
    const rest = name.slice(i + 4);
    if (name.startsWith(" as ", i) && /^[a-z_][a-z0-9_]*::/.test(rest)) return crateOf(rest);
    return "(other)";
  }
  const drop = /^core::ptr::drop_in_place<(.*)>$/.exec(name);
  if (drop) {
    const inner = drop[1].replace(/^(&mut |&)/, "");
    const c = /^[a-z_][a-z0-9_]*::/.test(inner) || inner.startsWith("<") ? crateOf(inner) : "core";
    return c === "(other)" ? "core" : c;
  }
  const m = /^([A-Za-z_][A-Za-z0-9_]*)::/.exec(name);
  if (m) return m[1];
  if (/^(memcpy|memmove|memset|memcmp|bcmp|__rust|rust_|__rdl|__rg|__multi3|__udivti3|__ashlti3|__lshrti3|__divti3|__umodti3|__modti3|__muloti4)/.test(name)) {
    return "compiler_builtins / alloc shims";
  }
  return "(other)";
}

// Crates grouped as the lead would act on them.
const GROUPS = [
  ["jpki (core)", /^jpki$/],
  ["jpki_wasm (binding)", /^jpki_wasm$/],
  ["RSA: rsa, crypto-bigint and its helpers", /^(rsa|num_bigint_dig|num_bigint|num_integer|num_traits|num_iter|crypto_bigint|crypto_primes|pkcs1|pkcs8|subtle|signature|ctutils|cmov)$/],
  ["hashes: sha2, sha1, digest", /^(sha2|sha1|digest|block_buffer|generic_array|hybrid_array|cpufeatures)$/],
  ["ASN.1/X.509: der, x509_cert, cms, spki, const_oid", /^(der|x509_cert|cms|spki|const_oid|base64ct|pem_rfc7468|flagset)$/],
  ["serde, serde_json", /^(serde|serde_json|serde_core|itoa|ryu|zmij|memchr)$/],
  ["wasm-bindgen, js-sys, futures", /^(wasm_bindgen|js_sys|wasm_bindgen_futures|futures_util|futures_core|futures_task|wasm-bindgen glue)$/],
  ["core, alloc, std, builtins", /^(core|alloc|std|compiler_builtins|dlmalloc|compiler_builtins \/ alloc shims|__rustc|hashbrown|rustc_demangle)$/],
];

function groupOf(crate) {
  for (const [label, re] of GROUPS) if (re.test(crate)) return label;
  return `other: ${crate}`;
}

function analyseData(data) {
  const text = data.toString("latin1");
  let paths = 0;
  let pathCount = 0;
  for (const m of text.matchAll(/(\/[\w.@+-]+)+\.rs|[\w-]+\/src\/[\w/.-]+\.rs/g)) {
    paths += m[0].length;
    pathCount++;
  }
  let printable = 0;
  for (const m of text.matchAll(/[\x20-\x7e\t\n]{6,}/g)) printable += m[0].length;
  return { paths, pathCount, printable };
}

function run(cmd, args) {
  execFileSync(cmd, args, { stdio: ["ignore", "ignore", "inherit"] });
}

export function report(packageWasm, unoptimized, { top = 25, list } = {}) {
  const pkg = fs.readFileSync(packageWasm);
  const raw = pkg.length;
  const gzCli = gzipFile(packageWasm);
  const gz = gzCli ?? gzip(pkg);
  const br = brotli(pkg);
  console.log("== size of the shipped .wasm (" + packageWasm + ")");
  console.log(`  raw     ${num(raw).padStart(9)} bytes ${kb(raw)}   target <= 600 KiB (${num(TARGET_RAW)} bytes): ${raw <= TARGET_RAW ? "PASS" : "MISS by " + num(raw - TARGET_RAW) + " bytes"}`);
  console.log(`  gzip -9 ${num(gz).padStart(9)} bytes ${kb(gz)}   target <= 250 KiB (${num(TARGET_GZIP)} bytes): ${gz <= TARGET_GZIP ? "PASS" : "MISS by " + num(gz - TARGET_GZIP) + " bytes"}` +
    (gzCli === null ? " (node's zlib: no gzip command)" : " (GNU gzip)"));
  console.log(`  brotli  ${num(br).padStart(9)} bytes ${kb(br)}   (quality 11, node's zlib; for information)`);
  console.log("  per section (bytes raw, zlib level 9 of the section alone):");
  for (const s of sections(pkg)) {
    const b = pkg.subarray(s.end - s.bytes, s.end);
    console.log(`    ${s.name.padEnd(28)} ${num(s.bytes).padStart(9)} ${pct(s.bytes, raw)} ${num(gzip(b)).padStart(9)}`);
  }
  const result = { raw, gzip: gz, brotli: br };
  if (!unoptimized) return result;

  // The same steps as scripts/wasm-build.sh, names kept.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "wasm-size-"));
  try {
    const opt = path.join(dir, "opt.wasm");
    run("wasm-opt", ["-Oz", "-g", ...WASM_OPT_FLAGS, "-o", opt, unoptimized]);
    run("wasm-bindgen", ["--target", "web", "--no-typescript", "--keep-debug", "--out-dir", dir, opt]);
    const named = fs.readFileSync(path.join(dir, "opt_bg.wasm"));
    const secs = sections(named);
    const code = secs.find((s) => s.id === 10);
    const fnames = functionNames(named, secs.find((s) => s.name === "custom name"));
    const first = importedFunctions(named, secs.find((s) => s.id === 2));
    const fns = bodies(named, code, first).map((f) => {
      const sym = fnames.get(f.index) ?? `function ${f.index}`;
      const name = demangle(sym);
      return { ...f, name, crate: crateOf(name) };
    });
    if (list) {
      fs.writeFileSync(list, fns.map((f) => `${f.bytes}\t${f.crate}\t${f.name}\n`).join(""));
    }
    const codeTotal = fns.reduce((s, f) => s + f.bytes, 0);
    const shippedCode = sections(pkg).find((s) => s.id === 10).bytes;
    const unnamed = fns.filter((f) => !fnames.has(f.index)).length;
    console.log();
    console.log(`== where the code goes: ${unoptimized} through wasm-opt -Oz -g and wasm-bindgen --keep-debug`);
    console.log(`  ${num(fns.length)} functions, ${num(codeTotal)} bytes of bodies (the shipped code section: ` +
      `${num(shippedCode)} bytes; ${unnamed} functions without a name)`);

    const by = (key) => {
      const m = new Map();
      for (const f of fns) {
        const k = key(f);
        const e = m.get(k) ?? { bytes: 0, count: 0, parts: [] };
        e.bytes += f.bytes;
        e.count++;
        e.parts.push(f.body);
        m.set(k, e);
      }
      return [...m.entries()].sort((a, b) => b[1].bytes - a[1].bytes);
    };
    const groups = by((f) => groupOf(f.crate));
    console.log("  by group (bytes of function bodies, % of the code, functions, zlib level 9 of the group alone):");
    for (const [k, e] of groups) {
      console.log(`    ${k.padEnd(52)} ${num(e.bytes).padStart(9)} ${pct(e.bytes, codeTotal)} ${String(e.count).padStart(5)} fns ${num(gzip(Buffer.concat(e.parts))).padStart(9)} gz`);
    }
    console.log("  by crate:");
    for (const [k, e] of by((f) => f.crate)) {
      if (e.bytes < 2000) continue;
      console.log(`    ${k.padEnd(52)} ${num(e.bytes).padStart(9)} ${pct(e.bytes, codeTotal)} ${String(e.count).padStart(5)} fns ${num(gzip(Buffer.concat(e.parts))).padStart(9)} gz`);
    }
    console.log(`  the ${top} largest functions:`);
    for (const f of [...fns].sort((a, b) => b.bytes - a.bytes).slice(0, top)) {
      const shown = f.name.length > 110 ? f.name.slice(0, 107) + "..." : f.name;
      console.log(`    ${num(f.bytes).padStart(8)}  ${f.crate.padEnd(14)} ${shown}`);
    }
    // Generic code instantiated many times: the same function path, different types.
    const generic = by((f) => genericKey(f.name))
      .filter(([, e]) => e.count >= 4)
      .slice(0, 12);
    console.log("  generic functions and trait methods with at least 4 copies (other type parameters, closures or impls):");
    for (const [k, e] of generic) {
      console.log(`    ${num(e.bytes).padStart(8)}  ${String(e.count).padStart(4)} copies  ${k.length > 100 ? k.slice(0, 97) + "..." : k}`);
    }

    const data = dataBytes(named, secs.find((s) => s.id === 11));
    const d = analyseData(data);
    console.log(`  data segments: ${num(data.length)} bytes; source paths of panic locations ${num(d.paths)} bytes ` +
      `(${d.pathCount} paths), printable text runs of 6+ characters ${num(d.printable)} bytes (paths included)`);
    result.codeTotal = codeTotal;
    result.groups = groups.map(([k, e]) => ({ group: k, bytes: e.bytes, count: e.count }));
    result.data = { bytes: data.length, ...d };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return result;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  const at = args.indexOf("--list");
  const list = at >= 0 ? args.splice(at, 2)[1] : undefined;
  const [pkgWasm, unoptimized] = args;
  if (!pkgWasm || (at >= 0 && !list)) {
    console.error("usage: node benches/wasm/wasm_size.mjs [--list FILE] PACKAGE_WASM [UNOPTIMIZED_WASM]");
    process.exit(2);
  }
  report(pkgWasm, unoptimized, { list });
}
