// benches/wasm/wasm_bench.mjs [options]: jpki-wasm against PKIjs, in one node run
// (issue 12), run by benches/wasm_compare.sh (which builds the package first).
//
// Inputs: the shared fixtures of the jpki-wasm tests (jpki-wasm/tests/fixtures.mjs,
// `makeFixtures`: the CLI's simulator), made at each run into a temporary directory:
// the simulated J-LIS's trust anchors (4 self-signed roots), a detached SignedData
// by 髙橋 太郎 made by his virtual card (RSA-2048, SHA-256, signed attributes
// contentType, signingTime, messageDigest, ESS signingCertificateV2; carrying his
// signing certificate and the root that issued it) over a 44-byte form, and the
// municipality's CRL after another resident (佐藤 花子) moved (one entry; the
// signer is not on it). Validation time `atAfter`. Both libraries get the same bytes.
//
// What is timed, per verification (parse of the SignedData included everywhere;
// the trust anchors and the CRL are parsed once, outside the loop, on both sides):
//
//   jpki, revocation off   new Verifier({trustAnchors, revocation: "off"}) once;
//                          verify(signed, {content, at}): valid. jpki parses the
//                          SignedData and the signer's certificate (every extension,
//                          the 4 basic info), checks exactly one signer, contentType
//                          and messageDigest, the ESS signingCertificateV2, the RSA
//                          signature over the signed attributes, then the path to a
//                          trust anchor (by key identifier; the certificate's RSA
//                          signature, validity at `at`, basicConstraints, keyUsage,
//                          the JPKI signing policy, unknown critical extensions) and
//                          returns the verdict as a JS object (the CLI's JSON).
//   jpki, with the CRL     the same with revocation "hard", crlFirst, the CRL added
//                          once (addCrl: parsed, its signature checked and indexed
//                          there); each verify also checks the CRL is current at `at`
//                          and covers the signer, and looks the serial up.
//   PKIjs, signature only  ContentInfo.fromBER + new SignedData, then
//                          SignedData.verify({signer: 0, data: content, checkChain:
//                          false, extendedMode: true}): the signer found by issuer and
//                          serial among the certificates, messageDigest attribute =
//                          SHA-256 of the content (contentType attribute present), the
//                          RSA signature over the signed attributes (WebCrypto).
//   PKIjs, + chain         the same, then CertificateChainValidationEngine({
//                          trustedCerts: the 4 roots, certs: [signer's certificate],
//                          checkDate: at}).verify(): path by key identifier / names,
//                          each certificate's RSA signature, validity at `at`, name
//                          chaining, issuers being CAs (basicConstraints / keyUsage).
//                          No policy, no end-entity keyUsage, no signingTime or ESS
//                          check, no 4 basic info.
//   PKIjs, + chain + CRL   the same engine with crls: [the CRL]: for the signer, a CRL
//                          of its issuer's name whose nextUpdate is not before `at`,
//                          the CRL's RSA signature (checked again on every call:
//                          PKIjs keeps nothing between calls), the serial looked up,
//                          the CRL issuer a CA with cRLSign.
//   (information)          PKIjs parse alone (ContentInfo + SignedData); one CRL
//                          signature check on each side (jpki Crl.load(crl, root):
//                          parse + RSA verification in WebAssembly + index; PKIjs
//                          CertificateRevocationList.verify({issuerCertificate}): key
//                          import + RSA verification in WebCrypto).
//
// The certificate chain is given to PKIjs without the root that the SignedData
// carries (it is a trust anchor already): with it, PKIjs checks the signer's
// certificate against both copies (one RSA verification more). The script counts
// PKIjs's WebCrypto calls per verification and prints them.
//
// PKIjs runs on node's WebCrypto (globalThis.crypto: OpenSSL, native; each
// subtle.verify / digest / importKey is a job on libuv's thread pool, awaited),
// jpki-wasm does all of it (RSA too: the core's pure-Rust provider) synchronously
// in WebAssembly. Time is wall time of one verification after another (PKIjs
// awaited each time, as a server handling one request would); the CPU time of the
// process (every thread) is printed beside it.
//
// Method (as benches/python/py_bench.py, for the same reason: this VM's speed drifts
// by up to 2x from one 10 ms chunk to the next): each repetition (--reps, 15) is
// --rounds rounds (25); in each round every variant runs one chunk (--chunk, 4
// verifications), the order reversed every other round, so the sides of a
// comparison run milliseconds apart. Per operation: the median over the repetitions
// with min–max; ratios: the median of the per-round ratios with quartiles. Garbage
// is collected (global.gc, node --expose-gc) before each repetition. Before timing,
// both sides must accept the application and refuse an altered content and the
// revoked resident's signature (with the CRL). Exits 0 whatever it measures,
// non-zero when something fails to run or a result is wrong.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { webcrypto } from "node:crypto";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "..", "..");

// --- options -------------------------------------------------------------------

const opts = { reps: 15, rounds: 25, chunk: 4, quietWait: 120, pkg: path.join(root, "target", "wasm-pkg", "nodejs"), fixtures: null };
{
  const args = process.argv.slice(2);
  const usage = () => {
    console.error("usage: node --expose-gc benches/wasm/wasm_bench.mjs [--reps N] [--rounds N] [--chunk N]\n" +
      "       [--quiet-wait SECONDS] [--pkg DIR (target/wasm-pkg/nodejs)] [--fixtures DIR (kept)]");
    process.exit(2);
  };
  for (let i = 0; i < args.length; i++) {
    const key = { "--reps": "reps", "--rounds": "rounds", "--chunk": "chunk", "--quiet-wait": "quietWait", "--pkg": "pkg", "--fixtures": "fixtures" }[args[i]];
    if (!key || i + 1 >= args.length) usage();
    const v = args[++i];
    if (key === "pkg" || key === "fixtures") opts[key] = path.resolve(v);
    else {
      opts[key] = Number(v);
      if (!(opts[key] >= (key === "quietWait" ? 0 : 1)) || !Number.isInteger(opts[key])) usage();
    }
  }
}
if (typeof global.gc !== "function") {
  console.error("wasm_bench.mjs: run node with --expose-gc");
  process.exit(2);
}

function fail(message) {
  console.error(`wasm_bench.mjs: ${message}`);
  process.exit(1);
}

// --- the two libraries -----------------------------------------------------------

const jpkiEntry = path.join(opts.pkg, "jpki_wasm.js");
if (!fs.existsSync(jpkiEntry)) fail(`${jpkiEntry} missing: build the package first (scripts/wasm-build.sh)`);
const jpki = createRequire(import.meta.url)(jpkiEntry);
const npm = createRequire(path.join(root, "jpki-wasm", "package.json"));
let pkijs;
try {
  pkijs = npm("pkijs");
} catch (e) {
  fail(`pkijs not installed (cd jpki-wasm && npm ci): ${e.message}`);
}
const pkijsVersion = JSON.parse(fs.readFileSync(npm.resolve("pkijs/package.json"), "utf8")).version;
const asn1jsVersion = JSON.parse(fs.readFileSync(npm.resolve("asn1js/package.json"), "utf8")).version;

const plainEngine = new pkijs.CryptoEngine({ name: "node webcrypto", crypto: webcrypto });
pkijs.setEngine("node webcrypto", plainEngine);

// WebCrypto calls, counted, and the wall time until each settles (not for the timed
// runs, which use plainEngine).
const calls = {};
let awaitingNs = 0n;
const countingSubtle = new Proxy(webcrypto.subtle, {
  get(target, prop) {
    const v = Reflect.get(target, prop, target);
    if (typeof v !== "function") return v;
    return async (...a) => {
      calls[prop] = (calls[prop] ?? 0) + 1;
      const t0 = process.hrtime.bigint();
      try {
        return await v.apply(target, a);
      } finally {
        awaitingNs += process.hrtime.bigint() - t0;
      }
    };
  },
});
const countingEngine = new pkijs.CryptoEngine({
  name: "node webcrypto (counted)",
  crypto: { subtle: countingSubtle, getRandomValues: (v) => webcrypto.getRandomValues(v) },
});

// --- the machine ---------------------------------------------------------------

function cpuCounters() {
  const f = fs.readFileSync("/proc/stat", "utf8").split("\n")[0].split(/\s+/).slice(1, 8).map(Number);
  const [user, nice, system, idle, iowait, irq, softirq] = f;
  const busy = user + nice + system + irq + softirq;
  return [busy, busy + idle + iowait];
}
const busyPercent = (a, b) => (b[1] === a[1] ? 0 : (100 * (b[0] - a[0])) / (b[1] - a[1]));
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
async function busyOver(seconds) {
  const a = cpuCounters();
  await sleep(seconds * 1000);
  return busyPercent(a, cpuCounters());
}
function output(cmd, args) {
  try {
    return execFileSync(cmd, args, { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
  } catch (e) {
    return `unavailable (${e.message.split("\n")[0]})`;
  }
}
const cpuModel = () => os.cpus()[0]?.model ?? "unknown";
const utc = () => new Date().toISOString().replace(/:\d\d\.\d+Z$/, "Z").replace("T", " ");

// --- fixtures ----------------------------------------------------------------------

const fixturesModule = path.join(root, "jpki-wasm", "tests", "fixtures.mjs");
if (!fs.existsSync(fixturesModule)) fail(`${fixturesModule} missing (the shared fixtures of the jpki-wasm tests)`);
const { makeFixtures } = await import(pathToFileURL(fixturesModule).href);

const started = performance.now();
console.log("== machine");
console.log(`  CPU        ${cpuModel()}, ${os.cpus().length} cores (nproc ${output("nproc", [])})`);
console.log(`  date       ${utc()}`);
console.log(`  kernel     ${os.type()} ${os.release()}`);
console.log(`  node       ${process.version} (V8 ${process.versions.v8}, OpenSSL ${process.versions.openssl}, libuv thread pool ${process.env.UV_THREADPOOL_SIZE ?? 4})`);
console.log(`  Rust       ${output("rustc", ["--version"])}`);
console.log(`  jpki-wasm  ${jpki.version()} (${jpkiEntry})`);
console.log(`  PKIjs      ${pkijsVersion} (asn1js ${asn1jsVersion}), engine: node's webcrypto`);

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "wasm-bench-"));
process.on("exit", () => fs.rmSync(tmp, { recursive: true, force: true }));
const fxDir = opts.fixtures ?? path.join(tmp, "fx");
if (opts.fixtures && fs.existsSync(fxDir) && fs.readdirSync(fxDir).length) fail(`--fixtures ${fxDir}: not empty`);
const fxStart = performance.now();
const fx = await makeFixtures(fxDir);
console.log(`== fixtures (jpki CLI simulator, ${((performance.now() - fxStart) / 1000).toFixed(1)} s) in ${fxDir}`);

const toArrayBuffer = (u8) => u8.buffer.slice(u8.byteOffset, u8.byteOffset + u8.byteLength);
const pemBlocks = (text) =>
  [...text.matchAll(/-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/g)].map(
    (m) => new Uint8Array(Buffer.from(m[1].replace(/\s+/g, ""), "base64")));

const signed = fx.signed;
const signedRevoked = fx.signedOther;
const content = fx.content;
const altered = Uint8Array.from(content, (b, i) => (i === 0 ? b ^ 1 : b));
const crlDer = fx.crlAfter;
const at = fx.atAfter;
const atDate = new Date(at);
const anchorsDer = pemBlocks(fx.trustPem);
console.log(`  SignedData ${signed.length} bytes (detached, over ${content.length} bytes), CRL ${crlDer.length} bytes, ` +
  `${anchorsDer.length} trust anchors, at ${at}`);

// --- jpki-wasm -------------------------------------------------------------------

const jOff = new jpki.Verifier({ trustAnchors: fx.trustPem, revocation: "off" });
const jCrl = new jpki.Verifier({ trustAnchors: fx.trustPem, revocation: "hard", crlFirst: true });
if (jCrl.addCrl(crlDer) !== "added") fail("jpki: addCrl did not add the CRL");
const crlIssuer = jpki.parseCertificates(fx.trustPem).find((c) => {
  try {
    jpki.Crl.load(crlDer, c).free();
    return true;
  } catch {
    return false;
  }
});
if (!crlIssuer) fail("jpki: no trust anchor verifies the CRL");
const crlIssuerDer = crlIssuer.der;

const jpkiOk = (v) => v.valid === true && v.checks.signature.result === "passed" && v.checks.certificate.result === "passed";
const jpkiGood = (v) =>
  jpkiOk(v) && v.checks.revocation.result === "passed" && v.checks.revocation.certificates?.[0]?.status === "good";

function jpkiOffLoop(n) {
  for (let i = 0; i < n; i++) {
    const v = jOff.verify(signed, { content, at });
    if (!jpkiOk(v) || v.checks.revocation.result !== "off") throw new Error("jpki (off): not valid");
  }
}
function jpkiCrlLoop(n) {
  for (let i = 0; i < n; i++) {
    if (!jpkiGood(jCrl.verify(signed, { content, at }))) throw new Error("jpki (CRL): not valid and good");
  }
}
function jpkiCrlLoad(n) {
  for (let i = 0; i < n; i++) {
    const crl = jpki.Crl.load(crlDer, crlIssuerDer);
    if (crl.length !== 1) throw new Error("jpki: Crl.load: not one entry");
    crl.free();
  }
}

// --- PKIjs -----------------------------------------------------------------------

const pAnchors = anchorsDer.map((d) => pkijs.Certificate.fromBER(d));
const pCrl = pkijs.CertificateRevocationList.fromBER(crlDer);
const contentBuf = toArrayBuffer(content);
const alteredBuf = toArrayBuffer(altered);
const pCrlIssuer = pAnchors.find((c) => Buffer.from(c.toSchema().toBER()).equals(Buffer.from(crlIssuerDer)));
if (!pCrlIssuer) fail("PKIjs: the CRL's issuer is not among the parsed anchors");

function pkijsParse(bytes) {
  const info = pkijs.ContentInfo.fromBER(bytes);
  if (info.contentType !== pkijs.ContentInfo.SIGNED_DATA) throw new Error("PKIjs: not a SignedData");
  return new pkijs.SignedData({ schema: info.content });
}
const isTrusted = (cert) => pAnchors.some((a) => Buffer.from(a.tbsView).equals(Buffer.from(cert.tbsView)));

/** PKIjs: the signature; then, with `chain`, the path (and the CRL with `crl`). */
async function pkijsVerify(bytes, data, { chain = false, crl = false } = {}) {
  const sd = pkijsParse(bytes);
  const r = await sd.verify({ signer: 0, data, checkChain: false, extendedMode: true });
  if (!r.signatureVerified) return { ok: false, why: r.message ?? "signature" };
  if (!chain) return { ok: true };
  const engine = new pkijs.CertificateChainValidationEngine({
    trustedCerts: pAnchors,
    certs: [r.signerCertificate, ...sd.certificates.filter((c) => c !== r.signerCertificate && !isTrusted(c))],
    crls: crl ? [pCrl] : [],
    checkDate: atDate,
  });
  const c = await engine.verify();
  return c.result ? { ok: true } : { ok: false, why: c.resultMessage, code: c.resultCode };
}
async function pkijsLoop(n, mode) {
  for (let i = 0; i < n; i++) {
    const r = await pkijsVerify(signed, contentBuf, mode);
    if (!r.ok) throw new Error(`PKIjs: not valid (${r.why})`);
  }
}
function pkijsParseLoop(n) {
  for (let i = 0; i < n; i++) {
    if (pkijsParse(signed).signerInfos.length !== 1) throw new Error("PKIjs: not one signer");
  }
}
async function pkijsCrlVerify(n) {
  for (let i = 0; i < n; i++) {
    if (!(await pCrl.verify({ issuerCertificate: pCrlIssuer }))) throw new Error("PKIjs: CRL signature");
  }
}

// --- checks before timing ----------------------------------------------------------

async function expectPkijsFailure(label, bytes, data, mode) {
  let r;
  try {
    r = await pkijsVerify(bytes, data, mode);
  } catch (e) {
    r = { ok: false, why: e.message ?? String(e) };
  }
  if (r.ok) fail(`PKIjs accepted ${label}`);
  return r.why;
}
{
  if (!jpkiOk(jOff.verify(signed, { content, at }))) fail("jpki (off) does not accept the application");
  const good = jCrl.verify(signed, { content, at });
  if (!jpkiGood(good)) fail(`jpki (CRL) does not accept the application: ${JSON.stringify(good.checks)}`);
  if (jOff.verify(signed, { content: altered, at }).valid) fail("jpki accepted an altered content");
  const revoked = jCrl.verify(signedRevoked, { content, at });
  if (revoked.valid || revoked.checks.revocation.certificates?.[0]?.status !== "revoked") {
    fail(`jpki did not find the moved resident revoked: ${JSON.stringify(revoked.checks.revocation)}`);
  }
  if (!jOff.verify(signedRevoked, { content, at }).valid) fail("jpki (off) refused the moved resident's signature");
  for (const mode of [{}, { chain: true }, { chain: true, crl: true }]) {
    const r = await pkijsVerify(signed, contentBuf, mode);
    if (!r.ok) fail(`PKIjs (${JSON.stringify(mode)}) does not accept the application: ${r.why}`);
  }
  const whyAltered = await expectPkijsFailure("an altered content", signed, alteredBuf, {});
  const whyRevoked = await expectPkijsFailure("the revoked resident (with the CRL)", signedRevoked, contentBuf, { chain: true, crl: true });
  if (!(await pkijsVerify(signedRevoked, contentBuf, { chain: true })).ok) fail("PKIjs (chain) refused the moved resident's signature");
  // PKIjs at a time after the signer's certificate expired: the chain must fail.
  {
    const late = new pkijs.CertificateChainValidationEngine({
      trustedCerts: pAnchors, certs: [pkijsParse(signed).certificates.find((c) => !isTrusted(c))], checkDate: new Date("2040-01-01T00:00:00Z"),
    });
    if ((await late.verify()).result) fail("PKIjs accepted the chain in 2040");
  }
  console.log("  checks: both accept the application (jpki: valid, signer good on the CRL; PKIjs: signature, chain, CRL)");
  console.log(`  and refuse an altered content (PKIjs: ${whyAltered}) and the moved resident (PKIjs: ${whyRevoked})`);

  // WebCrypto calls per PKIjs verification.
  pkijs.setEngine("node webcrypto (counted)", countingEngine);
  const per = [];
  for (const [label, mode] of [["signature only", {}], ["+ chain", { chain: true }], ["+ chain + CRL", { chain: true, crl: true }]]) {
    for (const k of Object.keys(calls)) delete calls[k];
    if (!(await pkijsVerify(signed, contentBuf, mode)).ok) fail("PKIjs (counted) failed");
    per.push(`${label}: ${Object.entries(calls).map(([k, v]) => `${k} ${v}`).join(", ")}`);
  }
  pkijs.setEngine("node webcrypto", plainEngine);
  console.log(`  PKIjs's WebCrypto calls per verification: ${per.join("; ")}`);
}

// --- measuring ---------------------------------------------------------------------

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const quartiles = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p) => {
    const i = (s.length - 1) * p;
    const lo = Math.floor(i);
    return s[lo] + (s[Math.min(lo + 1, s.length - 1)] - s[lo]) * (i - lo);
  };
  return [q(0.25), q(0.75)];
};

const variants = [
  { key: "jOff", label: "jpki-wasm: verify, revocation off", run: jpkiOffLoop },
  { key: "jCrl", label: "jpki-wasm: verify, with the CRL", run: jpkiCrlLoop },
  { key: "pSig", label: "PKIjs: parse + SignedData.verify (signature only)", run: (n) => pkijsLoop(n, {}) },
  { key: "pChain", label: "PKIjs: signature + chain", run: (n) => pkijsLoop(n, { chain: true }) },
  { key: "pCrl", label: "PKIjs: signature + chain + CRL", run: (n) => pkijsLoop(n, { chain: true, crl: true }) },
  { key: "pParse", label: "PKIjs: parse alone (ContentInfo + SignedData)", run: pkijsParseLoop, info: true },
  { key: "jCrlLoad", label: "jpki-wasm: Crl.load (CRL signature, WebAssembly)", run: jpkiCrlLoad, info: true },
  { key: "pCrlSig", label: "PKIjs: CRL.verify (CRL signature, WebCrypto)", run: pkijsCrlVerify, info: true },
];
const comparisons = [
  { label: "with the CRL: PKIjs (signature + chain + CRL) / jpki (CRL)", num: "pCrl", den: "jCrl" },
  { label: "no revocation: PKIjs (signature + chain) / jpki (off)", num: "pChain", den: "jOff" },
  { label: "PKIjs signature only / jpki (off), for information", num: "pSig", den: "jOff" },
  { label: "one CRL signature: PKIjs / jpki, for information", num: "pCrlSig", den: "jCrlLoad" },
];

async function chunk(v, n) {
  const cpu0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  await v.run(n);
  const wall = Number(process.hrtime.bigint() - t0);
  const cpu = process.cpuUsage(cpu0);
  return { wall, cpu: (cpu.user + cpu.system) * 1000 };
}

// Warm-up (JIT, WebCrypto thread pool, wasm tier-up).
for (let i = 0; i < 3; i++) for (const v of variants) await v.run(opts.chunk * 4);

const quietUntil = performance.now() + opts.quietWait * 1000;
let busy = await busyOver(1);
while (busy > 10 && performance.now() < quietUntil) {
  console.log(`  (CPUs ${busy.toFixed(0)}% busy with other work; waiting for them to be idle)`);
  busy = await busyOver(2);
}
if (busy > 10) console.log(`WARNING: the CPUs were ${busy.toFixed(0)}% busy with other work just before measuring; figures will be noisy`);

const n = opts.chunk;
const series = Object.fromEntries(variants.map((v) => [v.key, { wall: [], cpu: [] }]));
const ratios = comparisons.map(() => []);
const repBusy = [];
console.log(`== measuring: ${opts.reps} repetitions of ${opts.rounds} rounds; per round and variant ${n} verifications, ` +
  "the order reversed every other round");
const before = cpuCounters();
for (let rep = 0; rep < opts.reps; rep++) {
  global.gc();
  const b = cpuCounters();
  const total = Object.fromEntries(variants.map((v) => [v.key, { wall: 0, cpu: 0 }]));
  for (let r = 0; r < opts.rounds; r++) {
    const order = (rep * opts.rounds + r) % 2 === 0 ? variants : [...variants].reverse();
    const took = {};
    for (const v of order) {
      took[v.key] = await chunk(v, n);
      total[v.key].wall += took[v.key].wall;
      total[v.key].cpu += took[v.key].cpu;
    }
    comparisons.forEach((c, i) => ratios[i].push(took[c.num].wall / took[c.den].wall));
  }
  for (const v of variants) {
    series[v.key].wall.push(total[v.key].wall / (n * opts.rounds));
    series[v.key].cpu.push(total[v.key].cpu / (n * opts.rounds));
  }
  repBusy.push(busyPercent(b, cpuCounters()));
  const us = (k) => (series[k].wall.at(-1) / 1e3).toFixed(0).padStart(5);
  console.log(`  rep ${String(rep + 1).padStart(2)}: jpki off ${us("jOff")} µs, CRL ${us("jCrl")} µs; PKIjs sig ${us("pSig")} µs, ` +
    `chain ${us("pChain")} µs, chain+CRL ${us("pCrl")} µs; CPUs ${repBusy.at(-1).toFixed(0)}% busy`);
}
const during = busyPercent(before, cpuCounters());

// Where PKIjs's time goes: the same verifications with the counted engine, the time
// spent awaiting WebCrypto (the native part: key import, RSA, SHA-256, and the
// thread-pool round trips) against the whole (3 loops of 10 chunks, medians).
const webcryptoShare = [];
pkijs.setEngine("node webcrypto (counted)", countingEngine);
for (const [label, mode] of [["signature only", {}], ["signature + chain + CRL", { chain: true, crl: true }]]) {
  const whole = [];
  const awaiting = [];
  for (let k = 0; k < 3; k++) {
    global.gc();
    awaitingNs = 0n;
    const t0 = process.hrtime.bigint();
    await pkijsLoop(10 * n, mode);
    whole.push(Number(process.hrtime.bigint() - t0) / (10 * n));
    awaiting.push(Number(awaitingNs) / (10 * n));
  }
  webcryptoShare.push({ label, whole: median(whole), awaiting: median(awaiting) });
}
pkijs.setEngine("node webcrypto", plainEngine);
const parseShare = median(series.pParse.wall);

// --- report ----------------------------------------------------------------------------

const fmt = (ns) => (ns / 1e3).toFixed(1).padStart(8);
console.log();
console.log(`${cpuModel()}, ${os.cpus().length} cores, ${utc()}, node ${process.version}, ${output("rustc", ["--version"])}, ` +
  `jpki-wasm ${jpki.version()}, PKIjs ${pkijsVersion}`);
console.log(`CPUs ${busy.toFixed(0)}% busy just before measuring, ${during.toFixed(0)}% on average while measuring ` +
  `(one core = ${(100 / os.cpus().length).toFixed(0)}%; per repetition ${Math.min(...repBusy).toFixed(0)}–${Math.max(...repBusy).toFixed(0)}%)`);
console.log();
console.log(`  ${("per verification, µs; median of " + opts.reps + " repetitions").padEnd(54)}     wall  (min – max)          CPU, all threads`);
for (const v of variants) {
  const s = series[v.key];
  console.log(`  ${v.label.padEnd(54)} ${fmt(median(s.wall))}  (${fmt(Math.min(...s.wall)).trim()} – ${fmt(Math.max(...s.wall)).trim()})`.padEnd(95) +
    `${fmt(median(s.cpu))}`);
}
console.log();
console.log(`ratios of wall times: median of the ${ratios[0].length} per-round ratios (quartiles), and of the medians`);
comparisons.forEach((c, i) => {
  const [lo, hi] = quartiles(ratios[i]);
  const of = median(series[c.num].wall) / median(series[c.den].wall);
  console.log(`  ${c.label.padEnd(62)} ${median(ratios[i]).toFixed(2).padStart(6)}x (${lo.toFixed(2)}–${hi.toFixed(2)}x); ` +
    `of the medians ${of.toFixed(2)}x`);
});
console.log("  (above 1: jpki-wasm is faster)");
console.log();
console.log("where PKIjs's time goes (separate loops after the measurement, medians of 3):");
for (const w of webcryptoShare) {
  console.log(`  ${w.label.padEnd(26)} ${fmt(w.whole).trim()} µs per verification, of which awaiting WebCrypto ` +
    `${fmt(w.awaiting).trim()} µs (${((100 * w.awaiting) / w.whole).toFixed(0)}%); the rest is JavaScript ` +
    `(parsing the SignedData alone: ${fmt(parseShare).trim()} µs above)`);
}
jOff.free();
jCrl.free();
console.log(`wasm_bench.mjs took ${((performance.now() - started) / 1000).toFixed(0)} s`);
