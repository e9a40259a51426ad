// The verifier page (jpki-wasm/www/) in Debian's headless Chromium, driven by
// playwright-core: a valid, a revoked, a substituted-name and a mismatching
// application, with fixtures from the simulator (../fixtures.mjs).
//
//   cd jpki-wasm && npm ci && cd .. && scripts/wasm-build.sh
//   node --test jpki-wasm/tests/browser/
//
// Needs /usr/bin/chromium (Debian `chromium`; override with JPKI_CHROMIUM) and the web
// build in target/wasm-pkg/web/; a missing one fails the run, it is never skipped.
// The page is served by a static server in this process on 127.0.0.1 only:
//   /       -> jpki-wasm/www/
//   /pkg/   -> target/wasm-pkg/web/
// Every request the browser makes is recorded: each must go to that server, all of them
// while the page loads, none while it verifies (the context is offline by then too).
// Screenshots: target/wasm-tests/screenshots/*.png.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { mkdtemp, readFile } from 'node:fs/promises';
import http from 'node:http';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { chromium } from 'playwright-core';

import { makeFixtures } from '../fixtures.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '../../..');
const wwwDir = path.join(repo, 'jpki-wasm/www');
const pkgDir = path.join(repo, 'target/wasm-pkg/web');
const nodePkg = path.join(repo, 'target/wasm-pkg/nodejs/jpki_wasm.js');
const shotsDir = path.join(repo, 'target/wasm-tests/screenshots');
const chromiumPath = process.env.JPKI_CHROMIUM || '/usr/bin/chromium';

const WAIT = 15_000; // every wait on the page is bounded by this
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.ts': 'text/plain; charset=utf-8',
  '.json': 'application/json',
};

/** The file a URL path names under `/` (www) or `/pkg/` (the web build), or null. */
function resolvePath(urlPath) {
  let rel;
  try {
    rel = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  let root = wwwDir;
  if (rel.startsWith('/pkg/')) {
    root = pkgDir;
    rel = rel.slice('/pkg'.length);
  }
  if (rel.endsWith('/')) rel += 'index.html';
  const file = path.resolve(root, `.${rel}`);
  if (!file.startsWith(root + path.sep)) return null;
  return file;
}

/** A static server on 127.0.0.1 (port chosen by the system) that logs each request. */
function startServer(log) {
  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url, 'http://127.0.0.1');
    log.push(`${req.method} ${url.pathname}`);
    const file = resolvePath(url.pathname);
    if ((req.method !== 'GET' && req.method !== 'HEAD') || !file) {
      res.writeHead(file ? 405 : 400).end();
      return;
    }
    try {
      const body = await readFile(file);
      res.writeHead(200, {
        'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream',
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
      });
      res.end(req.method === 'HEAD' ? undefined : body);
    } catch {
      res.writeHead(404).end();
    }
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}

const fileArg = (name, mimeType, bytes) => ({ name, mimeType, buffer: Buffer.from(bytes) });
/** PEM text of DER bytes. */
const pem = (label, der) => `-----BEGIN ${label}-----\n${Buffer.from(der).toString('base64').replace(/.{64}/g, '$&\n')}\n-----END ${label}-----\n`;
const isoPlusOneDay = (iso) => new Date(Date.parse(`${iso}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

describe('verifier page in headless Chromium', () => {
  let fx;
  let fixturesDir;
  let server;
  let base;
  let browser;
  let jpki; // the nodejs build: what the page must agree with
  const serverLog = [];
  const outsiders = []; // requests to anything but the local server (must stay empty)

  before(async () => {
    // Loud failures for what is missing: nothing here is skipped.
    assert.ok(existsSync(chromiumPath), `${chromiumPath} is missing: apt-get install chromium (or set JPKI_CHROMIUM)`);
    for (const f of ['jpki_wasm.js', 'jpki_wasm_bg.wasm']) {
      assert.ok(existsSync(path.join(pkgDir, f)), `target/wasm-pkg/web/${f} is missing: run scripts/wasm-build.sh`);
    }
    for (const f of ['index.html', 'app.js', 'style.css']) {
      assert.ok(existsSync(path.join(wwwDir, f)), `jpki-wasm/www/${f} is missing`);
    }
    assert.ok(existsSync(nodePkg), 'target/wasm-pkg/nodejs/jpki_wasm.js is missing: run scripts/wasm-build.sh');
    jpki = createRequire(import.meta.url)(nodePkg);

    fixturesDir = await mkdtemp(path.join(os.tmpdir(), 'jpki-wasm-browser-'));
    fx = await makeFixtures(fixturesDir);
    rmSync(shotsDir, { recursive: true, force: true });
    mkdirSync(shotsDir, { recursive: true });

    server = await startServer(serverLog);
    base = `http://127.0.0.1:${server.address().port}`;
    browser = await chromium.launch({
      executablePath: chromiumPath,
      args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run', '--disable-background-networking'],
      timeout: 30_000,
    });
  }, { timeout: 240_000 }); // the fixtures may build the CLI first

  after(async () => {
    await browser?.close();
    if (server) {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
    if (fixturesDir) rmSync(fixturesDir, { recursive: true, force: true });
  });

  /** What the library itself says for these inputs (node build). */
  function expectedVerdict({ signed, crls, applicant, at }) {
    const verifier = new jpki.Verifier({ trustAnchors: fx.trustPem });
    try {
      for (const crl of crls) verifier.addCrl(crl);
      return verifier.verify(signed, { content: fx.content, applicant, at });
    } finally {
      verifier.free();
    }
  }

  /**
   * Opens the page in a fresh context, checks that loading only touched the local
   * server, goes offline, loads the inputs, fills the form, verifies, and hands the
   * page to `check`; then takes the screenshot and checks no request was made since
   * the load.
   */
  async function runCase(shot, inputs, check) {
    const context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
    const requests = [];
    const problems = [];
    context.on('request', (r) => requests.push(r.url()));
    // Anything not for the local server is recorded and never reaches the network.
    await context.route((url) => url.origin !== base, (route) => {
      outsiders.push(route.request().url());
      return route.abort('blockedbyclient');
    });
    try {
      const page = await context.newPage();
      page.setDefaultTimeout(WAIT);
      page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
      page.on('console', (m) => {
        if (m.type() === 'error' || m.type() === 'warning') problems.push(`console.${m.type()}: ${m.text()}`);
      });

      await page.goto(`${base}/`, { waitUntil: 'load', timeout: WAIT });
      await page.locator('[data-testid="status"][data-state="ready"]').waitFor({ timeout: WAIT });
      await page.waitForLoadState('networkidle', { timeout: WAIT });
      const loaded = [...requests];
      assert.ok(loaded.length > 0);
      for (const url of loaded) assert.ok(url.startsWith(`${base}/`), `request outside the local server: ${url}`);
      for (const p of ['/', '/app.js', '/style.css', '/pkg/jpki_wasm.js', '/pkg/jpki_wasm_bg.wasm']) {
        assert.ok(loaded.includes(`${base}${p}`), `the page did not load ${p}: ${loaded.join(', ')}`);
      }

      // From here on the page must be self-sufficient.
      await context.setOffline(true);
      const serverBefore = serverLog.length;

      await page.getByTestId('input-signed').setInputFiles(inputs.signedPem
        ? fileArg('application.p7s.pem', 'application/x-pem-file', Buffer.from(pem('CMS', inputs.signed)))
        : fileArg('application.p7s', 'application/pkcs7-signature', inputs.signed));
      assert.match(await page.getByTestId('chosen-signed').textContent(),
        inputs.signedPem ? /^application\.p7s\.pem \(\d+ bytes\)$/ : /^application\.p7s \(\d+ bytes\)$/);
      if (inputs.dropContent) {
        // Dropped on its box rather than chosen.
        const dataTransfer = await page.evaluateHandle(({ bytes, name }) => {
          const dt = new DataTransfer();
          dt.items.add(new File([new Uint8Array(bytes)], name, { type: 'text/plain' }));
          return dt;
        }, { bytes: [...fx.content], name: 'application.txt' });
        await page.dispatchEvent('[data-drop="content"]', 'drop', { dataTransfer });
        await dataTransfer.dispose();
        assert.match(await page.getByTestId('chosen-content').textContent(), /application\.txt \(\d+ bytes\)/);
      } else {
        await page.getByTestId('input-content').setInputFiles(fileArg('application.txt', 'text/plain', fx.content));
      }
      await page.getByTestId('input-anchors').setInputFiles(fileArg('trust.pem', 'application/x-pem-file', Buffer.from(fx.trustPem)));
      await page.getByTestId('input-crls').setInputFiles(inputs.crls.map((crl, i) => fileArg(`ca-${i}.crl`, 'application/pkix-crl', crl)));
      const a = inputs.applicant ?? {};
      if (a.name !== undefined) await page.getByTestId('input-name').fill(a.name);
      if (a.birthDate !== undefined) await page.getByTestId('input-birth').fill(String(a.birthDate));
      if (a.sex !== undefined) await page.getByTestId('input-sex').selectOption(a.sex);
      if (a.address !== undefined) await page.getByTestId('input-address').fill(a.address);
      await page.getByTestId('input-at').fill(inputs.at);

      await page.getByTestId('verify').click();
      await page.locator('[data-testid="result"][data-state="done"]').waitFor({ timeout: WAIT });
      assert.equal(await page.getByTestId('problem').isHidden(), true, 'the page reported a problem');

      const expected = expectedVerdict(inputs);
      await check(page, expected);

      const file = path.join(shotsDir, `${shot}.png`);
      await page.screenshot({ path: file, fullPage: true, timeout: WAIT });
      const png = readFileSync(file);
      assert.ok(statSync(file).size > 1000, `${file} is (nearly) empty`);
      assert.deepEqual(png.subarray(0, 8), PNG_SIGNATURE, `${file} is not a PNG`);

      assert.deepEqual(requests.slice(loaded.length), [], 'the page made requests after it had loaded');
      assert.equal(serverLog.length, serverBefore, 'the server got requests during verification');
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  }

  const text = async (page, testid) => (await page.getByTestId(testid).textContent()).trim();
  const attr = (page, testid, name) => page.getByTestId(testid).getAttribute(name);

  async function assertChecks(page, results) {
    for (const [key, result] of Object.entries(results)) {
      assert.equal(await attr(page, `check-${key}`, 'data-result'), result, `check ${key}`);
    }
  }

  /** The holder's name, with exactly the substitutes the verdict lists marked. */
  async function assertHolderName(page, holder) {
    const name = page.getByTestId('holder-name');
    assert.equal((await name.textContent()).trim(), holder.name);
    assert.ok(await name.locator('[lang="ja"]').count() >= 1, 'the name is not marked lang="ja"');
    const marks = name.locator('mark.substitute');
    assert.equal(await marks.count(), holder.name_substituted.length);
    return marks;
  }

  test('(a) a valid application: valid, every check passed, substitute marked, name equivalent by substitution', { timeout: 60_000 }, async () => {
    await runCase('a-valid', { signed: fx.signed, crls: [fx.crlBefore], applicant: fx.applicant, at: fx.at }, async (page, expected) => {
      assert.equal(expected.valid, true, 'fixture: the library itself must find it valid');
      assert.equal(await attr(page, 'verdict', 'data-valid'), 'true');
      assert.equal(await text(page, 'verdict-text'), 'Valid');
      await assertChecks(page, { signature: 'passed', certificate: 'passed', revocation: 'passed', personal_info: 'passed' });
      for (const key of ['signature', 'certificate', 'revocation', 'personal_info']) {
        assert.equal(await page.getByTestId(`check-${key}-error`).count(), 0);
      }

      const marks = await assertHolderName(page, expected.holder);
      assert.equal(await marks.count(), 1);
      assert.equal(await marks.first().textContent(), '高');
      assert.equal(await marks.first().getAttribute('data-index'), '0');
      assert.equal(await marks.first().getAttribute('title'), 'substitute character');
      assert.ok((await text(page, 'holder-name')).startsWith('高橋'));
      assert.equal(await page.getByTestId('substitute-legend').count(), 1);
      assert.ok((await text(page, 'holder-birth')).includes(expected.holder.birth_date.japanese));
      assert.ok((await text(page, 'holder-birth')).includes(expected.holder.birth_date.iso));
      assert.ok((await text(page, 'holder-sex')).startsWith(expected.holder.sex));
      assert.equal(await text(page, 'holder-address'), expected.holder.address);
      assert.equal(await page.getByTestId('holder-address').locator('mark.substitute').count(),
        expected.holder.address_substituted.length);

      assert.equal(await attr(page, 'cmp-name', 'data-result'), 'equivalent_by_substitution');
      assert.equal(await text(page, 'cmp-name-result'), 'equivalent by substitution');
      const certName = page.getByTestId('cmp-name-certificate').locator('mark.substitute');
      assert.equal(await certName.count(), 1);
      assert.equal(await certName.textContent(), '高');
      assert.equal(await attr(page, 'comparison-summary', 'data-match'), 'true');
      const fields = expected.comparison.fields; // the CLI's JSON: {match, all_four_match, fields}
      for (const key of ['name', 'birth_date', 'sex', 'address']) {
        assert.equal(await attr(page, `cmp-${key}`, 'data-result'), fields[key].result, `comparison ${key}`);
        assert.notEqual(fields[key].result, 'mismatch');
      }
      assert.equal(await text(page, 'signer-serial'), expected.signer.serial);
    });
  });

  test('(b) a revoked application: invalid, revocation failed with code 600', { timeout: 60_000 }, async () => {
    // The second resident's application, checked after her move with the CRL that revokes her certificate.
    await runCase('b-revoked', { signed: fx.signedOther, crls: [fx.crlAfter], applicant: fx.applicantOther, at: fx.atAfter }, async (page, expected) => {
      assert.equal(expected.valid, false, 'fixture: the library itself must find it invalid');
      assert.equal(await attr(page, 'verdict', 'data-valid'), 'false');
      assert.equal(await text(page, 'verdict-text'), 'Invalid');
      assert.match(await page.getByTestId('verdict').textContent(), /failed: Revocation/);
      await assertChecks(page, { signature: 'passed', certificate: 'passed', revocation: 'failed' });
      assert.equal(await text(page, 'check-revocation-error-code'), '600');
      assert.equal(await text(page, 'check-revocation-error-kind'), 'CERTIFICATE_REVOKED');
      assert.equal(await text(page, 'check-revocation-error-message'), expected.checks.revocation.error);
      assert.ok((await text(page, 'check-revocation-error-message')).length > 0);
      const revoked = page.getByTestId('revocation-certificates').locator('li[data-status="revoked"]');
      assert.equal(await revoked.count(), 1);
      assert.ok((await revoked.textContent()).includes(expected.signer.serial));
      // The holder is still shown (who signed); the form itself matches.
      assert.equal(await text(page, 'holder-name'), expected.holder.name);
      assert.equal(await attr(page, 'check-personal_info', 'data-result'), 'passed');
      assert.equal(await attr(page, 'comparison-summary', 'data-match'), 'true');
      assert.equal(await page.locator('[data-testid^="cmp-"][data-result="mismatch"]').count(), 0);
    });
  });

  test('(c) the form has the register\'s 髙橋 太郎: valid, substitution shown', { timeout: 60_000 }, async () => {
    // Only the name (with the register's 髙) and the birth date (ISO this time; (a) types
    // Japanese era text); the signed file is PEM this time, and the content file is
    // dropped on its box rather than chosen.
    const applicant = { name: '髙橋 太郎', birthDate: fx.holder.birth_date.iso };
    await runCase('c-substituted-name', { signed: fx.signed, signedPem: true, crls: [fx.crlBefore], applicant, at: fx.at, dropContent: true }, async (page, expected) => {
      assert.equal(expected.valid, true);
      assert.equal(await attr(page, 'verdict', 'data-valid'), 'true');
      await assertChecks(page, { signature: 'passed', certificate: 'passed', revocation: 'passed', personal_info: 'passed' });
      const marks = await assertHolderName(page, expected.holder);
      assert.equal(await marks.first().textContent(), '高');
      assert.equal(await attr(page, 'cmp-name', 'data-result'), 'equivalent_by_substitution');
      assert.equal(await attr(page, 'cmp-birth_date', 'data-result'), 'exact');
      assert.equal(await attr(page, 'cmp-sex', 'data-result'), 'not_provided');
      assert.equal(await text(page, 'cmp-sex-result'), 'not provided');
      assert.equal(await attr(page, 'cmp-address', 'data-result'), 'not_provided');
    });
  });

  test('(c) a mismatching form field: invalid, shown as a mismatch with expected and found', { timeout: 60_000 }, async () => {
    const holder = fx.holder;
    const applicant = { ...fx.applicant, name: '髙橋 太郎', birthDate: isoPlusOneDay(holder.birth_date.iso) };
    await runCase('c-mismatch', { signed: fx.signed, crls: [fx.crlBefore], applicant, at: fx.at }, async (page, expected) => {
      const fields = expected.comparison.fields; // the CLI's JSON: {match, all_four_match, fields}
      assert.equal(fields.birth_date.result, 'mismatch', 'fixture: the library itself must see a mismatch');
      assert.equal(await attr(page, 'verdict', 'data-valid'), 'false');
      await assertChecks(page, { signature: 'passed', certificate: 'passed', revocation: 'passed', personal_info: 'failed' });
      assert.equal(await text(page, 'check-personal_info-error-code'), String(expected.checks.personal_info.code));
      assert.equal(await attr(page, 'cmp-birth_date', 'data-result'), 'mismatch');
      assert.equal(await text(page, 'cmp-birth_date-result'), 'mismatch');
      assert.equal(await text(page, 'cmp-birth_date-expected'), holder.birth_date.japanese);
      assert.equal(await text(page, 'cmp-birth_date-expected'), fields.birth_date.expected);
      assert.equal(await text(page, 'cmp-birth_date-found'), fields.birth_date.found);
      assert.notEqual(fields.birth_date.found, fields.birth_date.expected);
      assert.equal(await text(page, 'cmp-birth_date-message'), fields.birth_date.message);
      assert.equal(await attr(page, 'comparison-summary', 'data-match'), 'false');
      // The other fields still match, the name by substitution.
      assert.equal(await attr(page, 'cmp-name', 'data-result'), 'equivalent_by_substitution');
      for (const key of ['sex', 'address']) {
        assert.equal(await attr(page, `cmp-${key}`, 'data-result'), fields[key].result);
        assert.notEqual(fields[key].result, 'mismatch');
      }
    });
  });

  test('no request left 127.0.0.1, and the screenshots are PNGs', { timeout: 10_000 }, () => {
    assert.deepEqual(outsiders, []);
    assert.ok(serverLog.length > 0);
    for (const shot of ['a-valid', 'b-revoked', 'c-substituted-name', 'c-mismatch']) {
      const file = path.join(shotsDir, `${shot}.png`);
      assert.ok(existsSync(file), `${file} is missing`);
      const png = readFileSync(file);
      assert.ok(png.length > 1000);
      assert.deepEqual(png.subarray(0, 8), PNG_SIGNATURE);
    }
  });
});
