// What the node tests share: the nodejs build of jpki-wasm, fixtures in a temporary
// directory, the CLI, and a vpcd-protocol server that a virtual card
// (`jpki sim card-serve`) connects to, with an async transport over it.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { cliPath, makeFixtures, runCli, wasmPkgDir } from '../fixtures.mjs';

export { cliPath, runCli };

/** The nodejs build (CommonJS) of jpki-wasm, as scripts/wasm-build.sh writes it
 * (or $JPKI_WASM_NODE_PKG: the path of another build's jpki_wasm.js). */
export const nodePackagePath = process.env.JPKI_WASM_NODE_PKG || join(wasmPkgDir, 'nodejs', 'jpki_wasm.js');

/** Loads the nodejs build; fails loudly when it has not been built. */
export function loadJpki() {
  if (!existsSync(nodePackagePath)) {
    throw new Error(`${nodePackagePath} is missing: run scripts/wasm-build.sh first`);
  }
  return createRequire(import.meta.url)(nodePackagePath);
}

/** Fixtures in a fresh temporary directory; `cleanup()` removes it. */
export async function tempFixtures(label) {
  const dir = mkdtempSync(join(tmpdir(), `jpki-wasm-${label}-`));
  try {
    const fx = await makeFixtures(join(dir, 'fx'));
    return { ...fx, root: dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}

/** Asserts that `promiseOrFn` rejects/throws a JpkiError with `code`; returns the error. */
export async function rejectsWithCode(jpki, promiseOrFn, code, message) {
  let caught;
  try {
    await (typeof promiseOrFn === 'function' ? promiseOrFn() : promiseOrFn);
  } catch (error) {
    caught = error;
  }
  assert.ok(caught !== undefined, `${message ?? 'expected'}: no error (expected code ${code})`);
  assert.ok(jpki.isJpkiError(caught), `not a JpkiError: ${caught?.name}: ${caught?.message}`);
  assert.ok(caught instanceof Error);
  assert.equal(caught.name, 'JpkiError');
  assert.equal(caught.code, code, `${message ?? ''} ${caught.kind}: ${caught.message}`);
  assert.equal(caught.kind, jpki.errorKinds()[code]);
  return caught;
}

/** Rejects with `what timed out` after `ms` unless `promise` settles first. */
export function withTimeout(promise, ms, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

// ISO 7816-4 instruction bytes the tests count.
export const INS_VERIFY = 0x20;
export const INS_COMPUTE_SIGNATURE = 0x2a;

/**
 * A vpcd-protocol server on 127.0.0.1 (an ephemeral port) with one virtual card
 * connected to it: `jpki sim card-serve CARD --vpcd 127.0.0.1:PORT`. Each message
 * is a 2-byte big-endian length and the bytes; a 1-byte message is a control
 * (0 power off, 1 power on, 2 reset, 4 get ATR: answered with the ATR); a longer
 * one is a command APDU, answered with the response APDU.
 */
export class VirtualReader {
  /** Starts the server and the card process; resolves once the card has connected and is powered. */
  static async start(cardFile, { timeoutMs = 15_000 } = {}) {
    const reader = new VirtualReader();
    try {
      await reader.#start(cardFile, timeoutMs);
    } catch (error) {
      await reader.stop(); // the card process is not left behind
      throw error;
    }
    return reader;
  }

  /** Every command APDU sent (copies), in order. */
  commands = [];
  /** The ATR the card answered at power on. */
  atr;
  #server;
  #socket;
  #child;
  #exited;
  #buffer = Buffer.alloc(0);
  #waiting = [];
  #stderr = '';
  #closed = false;

  async #start(cardFile, timeoutMs) {
    this.#server = net.createServer();
    await new Promise((resolve, reject) => {
      this.#server.once('error', reject);
      this.#server.listen(0, '127.0.0.1', resolve);
    });
    const { port } = this.#server.address();
    const connected = new Promise((resolve) => this.#server.once('connection', resolve));
    this.#child = spawn(cliPath(), ['sim', 'card-serve', cardFile, '--vpcd', `127.0.0.1:${port}`], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    this.#child.stderr.setEncoding('utf8');
    this.#child.stderr.on('data', (text) => {
      this.#stderr += text;
    });
    this.#exited = new Promise((resolve) => {
      this.#child.once('exit', (code, signal) => resolve({ code, signal }));
      this.#child.once('error', (error) => resolve({ code: null, signal: null, error }));
    });
    const early = this.#exited.then((how) => {
      throw new Error(`jpki sim card-serve ended before connecting (${JSON.stringify(how)}): ${this.#stderr}`);
    });
    this.#socket = await withTimeout(Promise.race([connected, early]), timeoutMs, 'card-serve connecting');
    early.catch(() => {});
    this.#server.close(); // one card: no further connections
    this.#socket.setNoDelay(true);
    this.#socket.on('data', (data) => this.#receive(data));
    this.#socket.on('close', () => this.#fail(new Error(`the card closed the connection: ${this.#stderr}`)));
    this.#socket.on('error', (error) => this.#fail(error));
    this.#send(Uint8Array.of(0x01)); // power on (no answer)
    this.atr = await this.#exchange(Uint8Array.of(0x04), 5_000); // get ATR
  }

  #receive(data) {
    this.#buffer = Buffer.concat([this.#buffer, data]);
    while (this.#buffer.length >= 2) {
      const length = this.#buffer.readUInt16BE(0);
      if (this.#buffer.length < 2 + length) break;
      const message = new Uint8Array(this.#buffer.subarray(2, 2 + length)); // a copy
      this.#buffer = this.#buffer.subarray(2 + length);
      const waiter = this.#waiting.shift();
      if (waiter) waiter.resolve(message);
      else this.#fail(new Error('an answer nobody asked for'));
    }
  }

  #fail(error) {
    this.#closed = true;
    for (const waiter of this.#waiting.splice(0)) waiter.reject(error);
  }

  #send(message) {
    const header = Buffer.alloc(2);
    header.writeUInt16BE(message.length);
    this.#socket.write(Buffer.concat([header, Buffer.from(message)]));
  }

  #exchange(message, timeoutMs) {
    if (this.#closed) return Promise.reject(new Error('the card connection is closed'));
    const answer = new Promise((resolve, reject) => this.#waiting.push({ resolve, reject }));
    this.#send(message);
    return withTimeout(answer, timeoutMs, 'the virtual card');
  }

  /** Sends a reset (the card forgets its selection and verified secrets). */
  reset() {
    this.#send(Uint8Array.of(0x02));
  }

  /** Sends one command APDU and resolves to the response APDU (bounded in time). */
  transmit(command) {
    assert.ok(command instanceof Uint8Array, 'the library passes a Uint8Array');
    assert.ok(command.length > 1, 'a command APDU, not a control');
    this.commands.push(Uint8Array.from(command));
    return this.#exchange(command, 10_000);
  }

  /** A transport object for `new Card(transport)`; `transmit` returns a Promise. */
  transport() {
    return { transmit: (command) => this.transmit(command) };
  }

  /** Commands with INS `ins` (and data, when `withData`) sent since `from`. */
  count(ins, { from = 0, withData = false } = {}) {
    return this.commands.slice(from).filter((c) => c[1] === ins && (!withData || c.length > 5)).length;
  }

  /** Closes the connection; the card process then saves and exits (killed if it does not within 5 s). */
  async stop() {
    this.#closed = true;
    this.#socket?.end();
    this.#server?.close();
    if (!this.#child) return undefined;
    let how;
    try {
      how = await withTimeout(this.#exited, 5_000, 'card-serve exiting');
    } catch {
      this.#child.kill('SIGKILL');
      how = await this.#exited;
    }
    this.#socket?.destroy();
    return how;
  }
}

/**
 * `jpki sim ocsp-serve DIR` on 127.0.0.1 (an ephemeral port), stopping by itself
 * after `seconds`; `url` is where to POST requests. `stop()` kills it.
 */
export async function startOcspResponder(caDir, { seconds = 60, timeoutMs = 15_000 } = {}) {
  const child = spawn(
    cliPath(),
    ['sim', 'ocsp-serve', caDir, '--listen', '127.0.0.1:0', '--seconds', String(seconds)],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stdout = '';
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (text) => {
    stderr += text;
  });
  const exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  const listening = new Promise((resolve) => {
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (text) => {
      stdout += text;
      const match = /listening on (http:\/\/127\.0\.0\.1:\d+\/)/.exec(stdout);
      if (match) resolve(match[1]);
    });
  });
  const early = exited.then((code) => {
    throw new Error(`jpki sim ocsp-serve exited (${code}) before listening: ${stderr}`);
  });
  let url;
  try {
    url = await withTimeout(Promise.race([listening, early]), timeoutMs, 'ocsp-serve starting');
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  early.catch(() => {});
  return {
    url,
    /** POSTs a DER OCSPRequest; resolves to the DER response (bounded in time). */
    async post(request) {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/ocsp-request' },
        body: request,
        signal: AbortSignal.timeout(10_000),
      });
      assert.equal(response.status, 200, `OCSP responder answered HTTP ${response.status}`);
      assert.equal(response.headers.get('content-type'), 'application/ocsp-response');
      return new Uint8Array(await response.arrayBuffer());
    },
    async stop() {
      child.kill('SIGTERM');
      try {
        await withTimeout(exited, 5_000, 'ocsp-serve exiting');
      } catch {
        child.kill('SIGKILL');
      }
    },
  };
}
