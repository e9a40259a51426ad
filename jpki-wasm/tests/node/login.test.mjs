// Logging in with the card (issue 13) on the nodejs build: the relying party's
// challenge and nonce store, the resident's virtual card answering it through the
// async transport (`jpki sim card-serve` speaking vpcd's protocol), verifyLogin
// naming the account key, each refusal with its own code, verifyLoginRedeemed with
// a store of the host's own (a Map), registration across the signing and
// authentication certificates, and a death revoking the login.

import assert from 'node:assert/strict';
import { X509Certificate, createHash, verify as rsaVerify } from 'node:crypto';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';

import { readBytes } from '../fixtures.mjs';

import {
  INS_COMPUTE_SIGNATURE,
  INS_VERIFY,
  VirtualReader,
  loadJpki,
  rejectsWithCode,
  runCli,
  tempFixtures,
} from './support.mjs';

const jpki = loadJpki();

const RP = 'bank.example';
/** Challenges are issued half an hour after the fixtures (the CRLs are current). */
const ISSUED = '2026-11-21T10:30:00+09:00';
/** …and answered ten seconds later. */
const ANSWERED = '2026-11-21T10:30:10+09:00';
/** The SHA-256 DigestInfo prefix (RFC 8017). */
const SHA256_PREFIX = Uint8Array.of(
  0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00, 0x04, 0x20,
);
const INS_READ_BINARY = 0xb0;

let fx;
/** The first resident's card, served for the whole file. */
let reader;
let card;
/** Trusts the simulated authority; the signing and the authentication CRLs at AT. */
let verifier;
/** The first resident's authentication certificate (CertificateInfo). */
let authCert;

before(async () => {
  fx = await tempFixtures('login');
  reader = await VirtualReader.start(fx.cardFile);
  card = new jpki.Card(reader.transport());
  verifier = new jpki.Verifier({ trustAnchors: fx.trustPem });
  verifier.addCrl(fx.crlBefore);
  verifier.addCrl(fx.authCrl);
  authCert = await card.readCertificate('auth');
});
after(async () => {
  verifier?.free();
  card?.free();
  await reader?.stop();
  fx?.cleanup();
});

function sha256(bytes) {
  return new Uint8Array(createHash('sha256').update(bytes).digest());
}

function hex(bytes) {
  return Buffer.from(bytes).toString('hex');
}

function plus(at, seconds) {
  return new Date(Date.parse(at) + seconds * 1000);
}

/** A challenge with the nonce `n` repeated, issued at `at`, valid 300 s. */
function challenge(n, at = ISSUED) {
  return new jpki.LoginChallenge(RP, new Uint8Array(32).fill(n), at, plus(at, 300));
}

/** A challenge recorded in `store`. */
function issued(store, n, at = ISSUED) {
  const c = challenge(n, at);
  store.insert(c);
  return c;
}

/** The code of an error kind, by name (from the package's own table). */
function codeOf(name) {
  const entry = Object.entries(jpki.errorKinds()).find(([, kind]) => kind === name);
  assert.ok(entry, name);
  return Number(entry[0]);
}

describe('LoginChallenge', () => {
  it('is made from its parts; its DER reads back the same; the card signs its SHA-256 DigestInfo', () => {
    const nonce = new Uint8Array(40).map((_, i) => i);
    const c = new jpki.LoginChallenge(RP, nonce, new Date(ISSUED), '2026-11-21T10:35:00.999+09:00');
    assert.equal(c.relyingParty, RP);
    assert.deepStrictEqual(c.nonce, nonce);
    assert.equal(c.issuedAt, '2026-11-21T01:30:00Z');
    assert.equal(c.expiresAt, '2026-11-21T01:35:00Z', 'the fraction is dropped');
    const der = c.toDer();
    assert.ok(der instanceof Uint8Array);
    assert.equal(der[0], 0x30);
    assert.ok(Buffer.from(der).includes(Buffer.from('jpki-login-challenge-v1')), 'the context string');
    assert.ok(Buffer.from(der).includes(Buffer.from(nonce)));

    const read = jpki.LoginChallenge.fromDer(der);
    assert.deepStrictEqual(read.toDer(), der);
    assert.equal(read.relyingParty, RP);
    assert.equal(read.issuedAt, c.issuedAt);
    assert.deepStrictEqual(read.nonce, nonce);

    assert.deepStrictEqual(c.digest(), sha256(der));
    const tbs = c.toBeSigned();
    assert.equal(tbs.length, 51);
    assert.deepStrictEqual(tbs.subarray(0, 19), SHA256_PREFIX);
    assert.deepStrictEqual(tbs.subarray(19), sha256(der));

    assert.equal(c.isExpiredAt('2026-11-21T10:34:59+09:00'), false);
    assert.equal(c.isExpiredAt(c.expiresAt), true, 'at the expiry itself');

    const content = c.registrationContent(new TextEncoder().encode('口座開設申込書'));
    assert.ok(Buffer.from(content).includes(Buffer.from(der)), 'the registration content holds the challenge');
    assert.ok(Buffer.from(content).includes(Buffer.from('口座開設申込書')));
    assert.ok(Buffer.from(content).includes(Buffer.from('jpki-registration-v1')));
    c.free();
    read.free();
  });

  it('generate: a 32-byte nonce from globalThis.crypto.getRandomValues, 300 s by default', () => {
    const a = jpki.LoginChallenge.generate(RP, { issuedAt: ISSUED });
    const b = jpki.LoginChallenge.generate(RP, { issuedAt: ISSUED });
    assert.equal(a.nonce.length, 32);
    assert.notDeepStrictEqual(a.nonce, b.nonce);
    assert.equal(a.issuedAt, '2026-11-21T01:30:00Z');
    assert.equal(a.expiresAt, '2026-11-21T01:35:00Z');
    assert.equal(jpki.LoginChallenge.generate(RP, { issuedAt: ISSUED, lifetimeSeconds: 60 }).expiresAt,
      '2026-11-21T01:31:00Z');
    // Issued now by default.
    const before = Math.floor(Date.now() / 1000);
    const now = jpki.LoginChallenge.generate(RP);
    const issuedAt = Date.parse(now.issuedAt) / 1000;
    assert.ok(issuedAt >= before && issuedAt <= Date.now() / 1000 + 1, now.issuedAt);
    assert.equal(Date.parse(now.expiresAt) / 1000 - issuedAt, 300);
    assert.equal(now.isExpiredAt(), false);

    // The nonce is what the host's getRandomValues wrote.
    const original = globalThis.crypto.getRandomValues;
    let calls = 0;
    globalThis.crypto.getRandomValues = (array) => {
      calls += 1;
      array.fill(0x5a);
      return array;
    };
    let stubbed;
    try {
      stubbed = jpki.LoginChallenge.generate(RP, { issuedAt: ISSUED });
    } finally {
      globalThis.crypto.getRandomValues = original;
    }
    assert.equal(calls, 1);
    assert.deepStrictEqual(stubbed.nonce, new Uint8Array(32).fill(0x5a));
  });

  it('generate without a random source is refused (1100), not a weak nonce', async () => {
    const descriptor = Object.getOwnPropertyDescriptor(globalThis, 'crypto');
    assert.ok(descriptor?.configurable, 'globalThis.crypto can be replaced for the test');
    for (const replacement of [undefined, {}, { getRandomValues: 'no' }, { getRandomValues() { throw new Error('no entropy'); } }]) {
      Object.defineProperty(globalThis, 'crypto', { value: replacement, configurable: true, writable: true });
      try {
        await rejectsWithCode(jpki, () => jpki.LoginChallenge.generate(RP, { issuedAt: ISSUED }), 1100);
      } finally {
        Object.defineProperty(globalThis, 'crypto', descriptor);
      }
    }
    assert.equal(jpki.LoginChallenge.generate(RP).nonce.length, 32, 'restored');
  });

  it('unusable values: 1100 INVALID_CHALLENGE; a broken DER: 100 or 1100', async () => {
    const later = plus(ISSUED, 60);
    for (const [rp, nonce, expires, what] of [
      [RP, new Uint8Array(31), later, 'a short nonce'],
      [RP, new Uint8Array(65), later, 'a long nonce'],
      ['', new Uint8Array(32), later, 'no relying party'],
      ['x'.repeat(256), new Uint8Array(32), later, 'a relying party over 255 bytes'],
      ['bank\n.example', new Uint8Array(32), later, 'a control character'],
      [RP, new Uint8Array(32), ISSUED, 'expiring when issued'],
    ]) {
      const error = await rejectsWithCode(jpki, () => new jpki.LoginChallenge(rp, nonce, ISSUED, expires), 1100, what);
      assert.equal(error.kind, 'INVALID_CHALLENGE');
    }
    await rejectsWithCode(jpki, () => jpki.LoginChallenge.generate(RP, { issuedAt: ISSUED, lifetimeSeconds: 0 }), 1100);
    await rejectsWithCode(jpki, () => jpki.LoginChallenge.generate('', { issuedAt: ISSUED }), 1100);
    assert.equal(new jpki.LoginChallenge('x'.repeat(255), new Uint8Array(64), ISSUED, later).nonce.length, 64);

    const der = challenge(1).toDer();
    const long = Uint8Array.of(...der, 0);
    await rejectsWithCode(jpki, () => jpki.LoginChallenge.fromDer(long), 100, 'trailing bytes');
    await rejectsWithCode(jpki, () => jpki.LoginChallenge.fromDer(der.subarray(0, der.length - 1)), 100, 'truncated');
    const response = new jpki.LoginResponse(new Uint8Array(32), Uint8Array.of(1), Uint8Array.of(2)).toDer();
    assert.throws(() => jpki.LoginChallenge.fromDer(response), (e) => jpki.isJpkiError(e), 'a response is no challenge');
  });

  it('arguments of the wrong type and unknown options: TypeError', () => {
    const nonce = new Uint8Array(32);
    for (const [call, what] of [
      [() => new jpki.LoginChallenge(RP, Array.from(nonce), ISSUED, plus(ISSUED, 60)), 'a nonce as an array'],
      [() => new jpki.LoginChallenge(RP, 'nonce', ISSUED, plus(ISSUED, 60)), 'a nonce as text'],
      [() => new jpki.LoginChallenge(42, nonce, ISSUED, plus(ISSUED, 60)), 'a relying party as a number'],
      [() => new jpki.LoginChallenge(RP, nonce, undefined, plus(ISSUED, 60)), 'no issue time'],
      [() => new jpki.LoginChallenge(RP, nonce, ISSUED), 'no expiry'],
      [() => new jpki.LoginChallenge(RP, nonce, ISSUED, Date.parse(ISSUED) + 60_000), 'milliseconds'],
      [() => new jpki.LoginChallenge(RP, nonce, ISSUED, new Date(NaN)), 'an invalid Date'],
      [() => jpki.LoginChallenge.generate(RP, { lifetime: 60 }), 'an unknown option'],
      [() => jpki.LoginChallenge.generate(RP, { lifetimeSeconds: -1 }), 'a negative lifetime'],
      [() => jpki.LoginChallenge.generate(RP, { lifetimeSeconds: 1.5 }), 'a fractional lifetime'],
      [() => jpki.LoginChallenge.generate(RP, { lifetimeSeconds: '300' }), 'a lifetime as text'],
      [() => jpki.LoginChallenge.generate(RP, 300), 'options that are not an object'],
      [() => jpki.LoginChallenge.fromDer('MIIB'), 'DER as text'],
      [() => challenge(1).registrationContent('text'), 'an application as text'],
    ]) {
      assert.throws(call, TypeError, what);
    }
  });
});

describe('MemoryNonceStore', () => {
  it('is bounded (1105), refuses a nonce twice (1100), redeems once (1102), names strangers (1101)', async () => {
    const store = new jpki.MemoryNonceStore(2);
    assert.equal(store.size, 0);
    const a = issued(store, 1);
    issued(store, 2);
    assert.equal(store.size, 2);
    await rejectsWithCode(jpki, () => store.insert(challenge(3)), 1105);

    const dup = new jpki.MemoryNonceStore(4);
    issued(dup, 4);
    await rejectsWithCode(jpki, () => dup.insert(challenge(4)), 1100);

    const redeemed = store.redeem(a.nonce);
    assert.ok(redeemed instanceof jpki.LoginChallenge);
    assert.deepStrictEqual(redeemed.toDer(), a.toDer());
    await rejectsWithCode(jpki, () => store.redeem(a.nonce), 1102);
    assert.equal(store.size, 2, 'a redeemed nonce is kept until it expires, to name replays');
    await rejectsWithCode(jpki, () => store.redeem(new Uint8Array(32).fill(9)), 1101);

    // Expired entries go on prune, or when a later challenge is inserted.
    store.prune(ISSUED);
    assert.equal(store.size, 2);
    store.prune(a.expiresAt);
    assert.equal(store.size, 0);
    await rejectsWithCode(jpki, () => store.redeem(a.nonce), 1101, 'forgotten after its expiry');
    issued(store, 5);
    issued(store, 6, a.expiresAt);
    assert.equal(store.size, 1, 'the insert at a later time dropped the expired one');
    store.free();
    dup.free();
  });

  it('capacity and arguments of the wrong type: TypeError', () => {
    for (const capacity of [-1, 1.5, '8', undefined, 2 ** 53, NaN]) {
      assert.throws(() => new jpki.MemoryNonceStore(capacity), TypeError, String(capacity));
    }
    const store = new jpki.MemoryNonceStore(0);
    assert.throws(() => store.redeem('nonce'), TypeError);
    assert.throws(() => store.prune(12), TypeError);
    // Another object where a challenge is expected: wasm-bindgen's class check.
    assert.throws(() => store.insert({ nonce: new Uint8Array(32) }), /expected instance of LoginChallenge/);
  });
});

describe('LoginResponse', () => {
  it('is made from parts (unchecked) and goes over the wire as DER', async () => {
    const nonce = new Uint8Array(32).fill(7);
    const r = new jpki.LoginResponse(nonce, Uint8Array.of(1, 2, 3), Uint8Array.of(4, 5));
    assert.deepStrictEqual(r.nonce, nonce);
    assert.deepStrictEqual(r.certificateDer, Uint8Array.of(1, 2, 3));
    assert.deepStrictEqual(r.signature, Uint8Array.of(4, 5));
    const der = r.toDer();
    assert.ok(Buffer.from(der).includes(Buffer.from('jpki-login-response-v1')));
    const read = jpki.LoginResponse.fromDer(der);
    assert.deepStrictEqual(read.certificateDer, Uint8Array.of(1, 2, 3));
    assert.deepStrictEqual(read.toDer(), der);
    // A parsed certificate is taken by its DER.
    const fromInfo = new jpki.LoginResponse(nonce, authCert, Uint8Array.of(0));
    assert.deepStrictEqual(fromInfo.certificateDer, authCert.der);
    // A challenge is no response; trailing bytes and oversized ones are refused.
    await rejectsWithCode(jpki, () => jpki.LoginResponse.fromDer(challenge(1).toDer()), 100);
    await rejectsWithCode(jpki, () => jpki.LoginResponse.fromDer(Uint8Array.of(...der, 0)), 100);
    const huge = new jpki.LoginResponse(nonce, new Uint8Array(20_000), Uint8Array.of(0)).toDer();
    await rejectsWithCode(jpki, () => jpki.LoginResponse.fromDer(huge), 100);
    assert.throws(() => new jpki.LoginResponse(nonce, 'PEM text', Uint8Array.of(0)), TypeError);
    assert.throws(() => new jpki.LoginResponse([1, 2], Uint8Array.of(1), Uint8Array.of(0)), TypeError);
    assert.throws(() => jpki.LoginResponse.fromDer(null), TypeError);
  });
});

describe('Card.login over the async transport, and verifyLogin', () => {
  it('end to end: the PIN first, the card signs the challenge\'s DigestInfo, the login names the account', async () => {
    const store = new jpki.MemoryNonceStore(16);
    const c = jpki.LoginChallenge.generate(RP, { issuedAt: ISSUED });
    store.insert(c);
    // What goes over the wire, both ways, is DER.
    const received = jpki.LoginChallenge.fromDer(c.toDer());
    const from = reader.commands.length;
    const answered = await card.login(received, fx.authPin);
    assert.ok(answered instanceof jpki.LoginResponse);

    const sent = reader.commands.slice(from);
    const verifyAt = sent.findIndex((cmd) => cmd[1] === INS_VERIFY && cmd.length > 5);
    const readAt = sent.findIndex((cmd) => cmd[1] === INS_READ_BINARY);
    const signs = sent.filter((cmd) => cmd[1] === INS_COMPUTE_SIGNATURE);
    assert.equal(reader.count(INS_VERIFY, { from, withData: true }), 1, 'one VERIFY with the PIN');
    assert.ok(verifyAt >= 0 && readAt > verifyAt, 'the PIN before the certificate (phone tokens need it)');
    assert.equal(signs.length, 1, 'one signature');
    assert.deepStrictEqual(signs[0].subarray(5, 5 + signs[0][4]), c.toBeSigned(), 'the card signed the DigestInfo');
    assert.deepStrictEqual(answered.nonce, c.nonce);
    assert.deepStrictEqual(answered.certificateDer, authCert.der);
    // The signature checks with node's own RSA over the challenge's DER.
    const key = new X509Certificate(Buffer.from(authCert.der)).publicKey;
    assert.equal(rsaVerify('sha256', c.toDer(), key, answered.signature), true);

    const response = jpki.LoginResponse.fromDer(answered.toDer());
    const login = verifier.verifyLogin(response, store, { at: ANSWERED });
    assert.deepStrictEqual(Object.keys(login), ['valid', 'schema_version', 'at', 'relying_party', 'account', 'certificate']);
    assert.equal(login.valid, true);
    assert.equal(login.schema_version, jpki.jsonSchemaVersion());
    assert.equal(login.at, '2026-11-21T01:30:10Z');
    assert.equal(login.relying_party, RP);
    // The account key: the issuing CA's key id, the serial, the key's SHA-256; never the subject.
    const spki = key.export({ type: 'spki', format: 'der' });
    const { account } = login;
    assert.deepStrictEqual(Object.keys(account), ['id', 'issuer_key_id', 'serial', 'public_key_sha256']);
    assert.equal(account.serial, fx.authSerial);
    assert.equal(account.serial, authCert.serial);
    assert.equal(account.public_key_sha256, hex(sha256(spki)));
    assert.match(account.issuer_key_id, /^[0-9a-f]{40,64}$/);
    assert.equal(account.id, `${account.issuer_key_id}:${account.serial.replace(/^0x/, '')}:${account.public_key_sha256}`);
    assert.equal(account.id.includes(authCert.subject), false);
    // The certificate's verdict is verifyCertificate's for an authentication certificate.
    const certVerdict = verifier.verifyCertificate(authCert, { usage: 'authentication', at: ANSWERED });
    assert.deepStrictEqual(login.certificate, certVerdict);
    assert.equal(login.certificate.valid, true);
    assert.equal(login.certificate.usage, 'authentication');
    const statuses = login.certificate.checks.revocation.certificates;
    assert.ok(statuses.length >= 1);
    assert.deepStrictEqual(statuses[0], { serial: fx.authSerial, status: 'good', source: 'crl' });

    // A second login with the same card (the PIN already verified in this session:
    // not sent again) is the same account.
    const c2 = jpki.LoginChallenge.generate(RP, { issuedAt: ISSUED });
    store.insert(c2);
    const from2 = reader.commands.length;
    const again = await card.login(c2);
    assert.equal(reader.count(INS_VERIFY, { from: from2, withData: true }), 0);
    const second = verifier.verifyLogin(again, store, { at: ANSWERED });
    assert.equal(second.account.id, account.id);
    assert.deepStrictEqual(second.account, account);
    store.free();
  });

  it('refusals, each with its own code; each spends the nonce', async () => {
    const store = new jpki.MemoryNonceStore(32);
    const at = { at: ANSWERED };

    // Replayed (1102).
    let c = issued(store, 10);
    const r = await card.login(c, fx.authPin);
    verifier.verifyLogin(r, store, at);
    const replay = await rejectsWithCode(jpki, () => verifier.verifyLogin(r, store, at), 1102);
    assert.equal(replay.kind, 'CHALLENGE_REPLAYED');

    // Never issued here (1101).
    const stranger = await card.login(challenge(11), fx.authPin);
    assert.equal((await rejectsWithCode(jpki, () => verifier.verifyLogin(stranger, store, at), 1101)).kind,
      'CHALLENGE_UNKNOWN');

    // Expired (1103), at the expiry itself; then the nonce is spent.
    c = issued(store, 12);
    const late = await card.login(c, fx.authPin);
    const expired = await rejectsWithCode(jpki, () => verifier.verifyLogin(late, store, { at: c.expiresAt }), 1103);
    assert.equal(expired.kind, 'CHALLENGE_EXPIRED');
    await rejectsWithCode(jpki, () => verifier.verifyLogin(late, store, at), 1102);

    // A signature over another nonce (1104): the response names the nonce asked,
    // with the card's certificate and signature over another challenge.
    const asked = issued(store, 13);
    const signedOther = await card.login(challenge(14), fx.authPin);
    const forged = new jpki.LoginResponse(asked.nonce, signedOther.certificateDer, signedOther.signature);
    const invalid = await rejectsWithCode(jpki, () => verifier.verifyLogin(forged, store, at), 1104);
    assert.equal(invalid.kind, 'LOGIN_SIGNATURE_INVALID');
    // A damaged signature too.
    c = issued(store, 15);
    const good = await card.login(c, fx.authPin);
    const damaged = Uint8Array.from(good.signature);
    damaged[7] ^= 0x01;
    await rejectsWithCode(jpki, () => verifier.verifyLogin(new jpki.LoginResponse(c.nonce, good.certificateDer, damaged),
      store, at), 1104);
    await rejectsWithCode(jpki, () => verifier.verifyLogin(good, store, at), 1102, 'the refusal spent the nonce');

    // The signing key and certificate offered for a login (314): the signature
    // over the right DigestInfo verifies, the certificate's kind does not.
    c = issued(store, 16);
    const bySigningKey = await card.signDigest('sign', c.digest(), { hash: 'sha256', pin: fx.signPassword });
    const signingCert = jpki.parseCertificate(fx.certPem);
    const wrongKind = await rejectsWithCode(
      jpki,
      () => verifier.verifyLogin(new jpki.LoginResponse(c.nonce, signingCert, bySigningKey), store, at),
      314,
    );
    assert.equal(wrongKind.kind, 'WRONG_CERTIFICATE_KIND');

    // Garbage where the certificate should be (100).
    c = issued(store, 17);
    await rejectsWithCode(
      jpki,
      () => verifier.verifyLogin(new jpki.LoginResponse(c.nonce, Uint8Array.of(0x30, 0x00), new Uint8Array(256)), store, at),
      100,
    );

    // A verifier trusting only the signing hierarchy finds no issuer (302).
    const signingAnchors = jpki.parseCertificates(fx.trustPem).filter((a) => !/user authentication/.test(a.subject));
    assert.ok(signingAnchors.length > 0);
    const signingOnly = new jpki.Verifier({ trustAnchors: signingAnchors, revocation: 'off' });
    c = issued(store, 18);
    const answer = await card.login(c, fx.authPin);
    await rejectsWithCode(jpki, () => signingOnly.verifyLogin(answer, store, at), 302);
    signingOnly.free();
    store.free();
  });

  it('no revocation data for the authentication hierarchy under hard fail: 601; soft fail is visible', async () => {
    const store = new jpki.MemoryNonceStore(8);
    // The signing CRL only: nothing answers for the authentication certificate.
    const bare = new jpki.Verifier({ trustAnchors: fx.trustPem });
    bare.addCrl(fx.crlBefore);
    let c = issued(store, 20);
    let r = await card.login(c, fx.authPin);
    const unavailable = await rejectsWithCode(jpki, () => bare.verifyLogin(r, store, { at: ANSWERED }), 601);
    assert.equal(unavailable.kind, 'REVOCATION_UNAVAILABLE');
    // A stale authentication CRL is no data either (it is current for 24 hours).
    const stale = new jpki.Verifier({ trustAnchors: fx.trustPem });
    stale.addCrl(fx.authCrl);
    const twoDaysLater = plus(ISSUED, 2 * 86_400);
    c = issued(store, 21, twoDaysLater);
    r = await card.login(c, fx.authPin);
    await rejectsWithCode(jpki, () => stale.verifyLogin(r, store, { at: plus(ISSUED, 2 * 86_400 + 10) }), 601);
    // Soft fail is the verifier's explicit choice: accepted, and the verdict says so.
    const soft = new jpki.Verifier({ trustAnchors: fx.trustPem, revocation: 'soft' });
    c = issued(store, 22);
    r = await card.login(c, fx.authPin);
    const login = soft.verifyLogin(r, store, { at: ANSWERED });
    assert.equal(login.valid, true);
    assert.equal(login.certificate.checks.revocation.certificates[0].status, 'soft_failed');
    for (const v of [bare, stale, soft]) v.free();
    store.free();
  });

  it('bad arguments: TypeError before the nonce is spent or anything is sent', async () => {
    const store = new jpki.MemoryNonceStore(8);
    const c = issued(store, 30);
    const r = await card.login(c, fx.authPin);
    assert.throws(() => verifier.verifyLogin(r, store, { when: ANSWERED }), (e) => e instanceof TypeError && /unknown option/.test(e.message));
    assert.throws(() => verifier.verifyLogin(r, store, { at: 1_795_000_000_000 }), TypeError);
    assert.throws(() => verifier.verifyLogin(r, store, 'options'), TypeError);
    assert.throws(() => verifier.verifyLogin(r.toDer(), store), /expected instance of LoginResponse/);
    assert.throws(() => verifier.verifyLogin(r, {}), /expected instance of MemoryNonceStore/);
    // None of these spent the nonce.
    assert.equal(verifier.verifyLogin(r, store, { at: ANSWERED }).valid, true);

    const from = reader.commands.length;
    await assert.rejects(card.login(c, fx.authPin, { lastTry: true }), (e) => e instanceof TypeError && /unknown option/.test(e.message));
    await assert.rejects(card.login(c, 1234), TypeError);
    await assert.rejects(card.login(c, fx.authPin, { allowLastTry: 'yes' }), TypeError);
    assert.throws(() => card.login(c.toDer(), fx.authPin), /expected instance of LoginChallenge/);
    // A PIN of the wrong form (901): nothing sent.
    await rejectsWithCode(jpki, card.login(c, '12345'), 901);
    await rejectsWithCode(jpki, card.login(c, 'abcd'), 901);
    assert.equal(reader.commands.length, from, 'nothing was sent');
    store.free();
  });

  it('one operation at a time: a login while another runs rejects with 807', async () => {
    const c = challenge(31);
    const first = card.info();
    await rejectsWithCode(jpki, card.login(c, fx.authPin), 807);
    assert.equal((await first).kind, 'my-number-card');
    const login = card.login(c, fx.authPin);
    await rejectsWithCode(jpki, card.readCertificate('auth'), 807);
    assert.ok((await login) instanceof jpki.LoginResponse);
  });

  it('a wrong PIN (the second card): 902 with the tries left, nothing signed; without one: 900', async () => {
    const readerB = await VirtualReader.start(fx.cardOtherFile);
    const cardB = new jpki.Card(readerB.transport());
    try {
      const c = challenge(32);
      let from = readerB.commands.length;
      const refused = await rejectsWithCode(jpki, cardB.login(c), 900);
      assert.equal(refused.kind, 'SECURITY_STATUS_NOT_SATISFIED');
      assert.equal(readerB.count(INS_COMPUTE_SIGNATURE, { from }), 0);

      from = readerB.commands.length;
      const wrong = await rejectsWithCode(jpki, cardB.login(c, '0000'), 902);
      assert.equal(wrong.remaining, 2);
      assert.equal(readerB.count(INS_VERIFY, { from, withData: true }), 1, 'VERIFY sent once, not retried');
      assert.equal(readerB.count(INS_COMPUTE_SIGNATURE, { from }), 0, 'nothing signed');
      await rejectsWithCode(jpki, cardB.login(c, '0001'), 902);
      // The last try is refused unless allowed.
      from = readerB.commands.length;
      await rejectsWithCode(jpki, cardB.login(c, fx.otherAuthPin), 904);
      assert.equal(readerB.count(INS_VERIFY, { from, withData: true }), 0, 'not even the right PIN is sent');
      const response = await cardB.login(c, fx.otherAuthPin, { allowLastTry: true });
      assert.deepStrictEqual(response.nonce, c.nonce);
      assert.equal((await cardB.pinStatus('auth-pin')).verified, true);
    } finally {
      cardB.free();
      await readerB.stop();
    }
  });
});

describe('verifyLoginRedeemed: a nonce store of the host\'s own', () => {
  /** The host's store: a Map of the challenges it issued, by hex nonce; taking one out deletes it. */
  function hostStore() {
    const map = new Map();
    return {
      map,
      issue(c) {
        map.set(hex(c.nonce), c);
        return c;
      },
      take(nonce) {
        const key = hex(nonce);
        const c = map.get(key);
        map.delete(key);
        return c;
      },
    };
  }

  it('the host takes the challenge out of its Map, then verifies: the same JSON as verifyLogin', async () => {
    const host = hostStore();
    const c = host.issue(jpki.LoginChallenge.generate(RP, { issuedAt: ISSUED }));
    // The challenge and the response go over the wire as DER.
    const response = jpki.LoginResponse.fromDer((await card.login(jpki.LoginChallenge.fromDer(c.toDer()), fx.authPin)).toDer());
    const taken = host.take(response.nonce);
    assert.ok(taken instanceof jpki.LoginChallenge);
    assert.equal(host.map.size, 0, 'taken out');
    assert.equal(host.take(response.nonce), undefined, 'a second take finds nothing: the host names the replay');

    const login = verifier.verifyLoginRedeemed(response, taken, { at: ANSWERED });
    assert.deepStrictEqual(Object.keys(login), ['valid', 'schema_version', 'at', 'relying_party', 'account', 'certificate']);
    assert.equal(login.valid, true);
    assert.equal(login.schema_version, jpki.jsonSchemaVersion());
    assert.equal(login.at, '2026-11-21T01:30:10Z');
    assert.equal(login.relying_party, RP);
    assert.equal(login.account.serial, fx.authSerial);
    assert.deepStrictEqual(login.certificate, verifier.verifyCertificate(authCert, { usage: 'authentication', at: ANSWERED }));

    // The same document verifyLogin gives for the same challenge and response.
    const store = new jpki.MemoryNonceStore(4);
    store.insert(c);
    assert.deepStrictEqual(verifier.verifyLogin(response, store, { at: ANSWERED }), login);
    store.free();
  });

  it('another challenge: 1101; the challenge expired: 1103; a signature over another nonce: 1104', async () => {
    const host = hostStore();
    const at = { at: ANSWERED };
    const c = host.issue(challenge(70));
    const r = await card.login(c, fx.authPin);
    const taken = host.take(r.nonce);

    // A challenge of another nonce than the response answers.
    const other = host.issue(challenge(71));
    const unknown = await rejectsWithCode(jpki, () => verifier.verifyLoginRedeemed(r, other, at), 1101);
    assert.equal(unknown.kind, 'CHALLENGE_UNKNOWN');
    // Expired, at the expiry itself.
    const expired = await rejectsWithCode(jpki, () => verifier.verifyLoginRedeemed(r, taken, { at: taken.expiresAt }), 1103);
    assert.equal(expired.kind, 'CHALLENGE_EXPIRED');
    // The response names the nonce asked, with a signature over another challenge.
    const signedOther = await card.login(other, fx.authPin);
    const forged = new jpki.LoginResponse(taken.nonce, signedOther.certificateDer, signedOther.signature);
    await rejectsWithCode(jpki, () => verifier.verifyLoginRedeemed(forged, taken, at), 1104);
    // The challenge still verifies within its lifetime (redeeming is the host's).
    assert.equal(verifier.verifyLoginRedeemed(r, taken, at).valid, true);
  });

  it('bad arguments: TypeError', async () => {
    const c = challenge(72);
    const r = await card.login(c, fx.authPin);
    assert.throws(() => verifier.verifyLoginRedeemed(r, c, { when: ANSWERED }), (e) => e instanceof TypeError && /unknown option/.test(e.message));
    assert.throws(() => verifier.verifyLoginRedeemed(r, c, { at: 1_795_000_000_000 }), TypeError);
    assert.throws(() => verifier.verifyLoginRedeemed(r, c, 'options'), TypeError);
    assert.throws(() => verifier.verifyLoginRedeemed(r, c.toDer()), /expected instance of LoginChallenge/);
    assert.throws(() => verifier.verifyLoginRedeemed(r.toDer(), c), /expected instance of LoginResponse/);
    assert.equal(verifier.verifyLoginRedeemed(r, c, { at: ANSWERED }).valid, true);
  });
});

describe('registration: the signed application and the login, bound to one account', () => {
  it('Card.register and Verifier.register: the binding names the login account and the signing certificate', async () => {
    const store = new jpki.MemoryNonceStore(16);
    const application = new TextEncoder().encode('口座開設申込書');
    const c = issued(store, 40);
    const from = reader.commands.length;
    const reg = await card.register(c, application, fx.signPassword, fx.authPin, { signingTime: ISSUED });
    assert.deepStrictEqual(Object.keys(reg), ['signedApplication', 'login']);
    assert.ok(reg.signedApplication instanceof Uint8Array);
    assert.ok(reg.login instanceof jpki.LoginResponse);
    assert.equal(reader.count(INS_COMPUTE_SIGNATURE, { from }), 2, 'the signing key, then the authentication key');
    // The application is an ordinary signed document (content attached) over the
    // registration content.
    const verdict = verifier.verify(reg.signedApplication, { applicant: fx.applicant, at: ANSWERED });
    assert.equal(verdict.valid, true, JSON.stringify(verdict.checks));
    assert.equal(verdict.signing_time, '2026-11-21T01:30:00Z');
    assert.equal(verifier.verify(reg.signedApplication, {
      content: c.registrationContent(application), at: ANSWERED,
    }).checks.signature.result, 'passed', 'signed over registrationContent(application)');

    const binding = verifier.register(reg.signedApplication, fx.applicant, reg.login, store, { at: ANSWERED });
    assert.deepStrictEqual(Object.keys(binding), ['schema_version', 'registered_at', 'account', 'signing_certificate', 'holder']);
    assert.equal(binding.registered_at, '2026-11-21T01:30:10Z');
    assert.equal(binding.signing_certificate.serial, fx.serial);
    assert.equal(binding.signing_certificate.issuer, verdict.signer.issuer);
    assert.equal(binding.signing_certificate.not_after, verdict.signer.not_after);
    assert.deepStrictEqual(binding.holder, verdict.holder);
    assert.equal(binding.account.serial, fx.authSerial);
    // Its challenge is spent.
    await rejectsWithCode(jpki, () => verifier.register(reg.signedApplication, fx.applicant, reg.login, store, { at: ANSWERED }), 1102);

    // Later logins of the card are the account's.
    const l = issued(store, 41);
    const login = verifier.verifyLogin(await card.login(l, fx.authPin), store, { at: ANSWERED });
    assert.equal(login.account.id, binding.account.id);
    store.free();
  });

  it('refused: another challenge (1106), no registration (1106), other 4 basic info, bad arguments', async () => {
    const store = new jpki.MemoryNonceStore(16);
    const at = { at: ANSWERED };
    const a = issued(store, 50);
    const b = issued(store, 51);
    const regA = await card.register(a, Uint8Array.of(1), fx.signPassword, fx.authPin, { signingTime: ISSUED });
    const regB = await card.register(b, Uint8Array.of(1), fx.signPassword, fx.authPin, { signingTime: ISSUED });
    const mismatch = await rejectsWithCode(jpki, () => verifier.register(regA.signedApplication, fx.applicant, regB.login, store, at), 1106);
    assert.equal(mismatch.kind, 'REGISTRATION_MISMATCH');
    assert.match(mismatch.message, /another challenge/);

    // An ordinary signed document is no registration.
    const c = issued(store, 52);
    const plain = await card.sign(Uint8Array.of(1), { pin: fx.signPassword, signingTime: ISSUED });
    const answer = await card.login(c, fx.authPin);
    await rejectsWithCode(jpki, () => verifier.register(plain, fx.applicant, answer, store, at), 1106);

    // The 4 basic info must match the applicant's.
    const d = issued(store, 53);
    const regD = await card.register(d, Uint8Array.of(1), fx.signPassword, fx.authPin, { signingTime: ISSUED });
    await rejectsWithCode(
      jpki,
      () => verifier.register(regD.signedApplication, fx.applicantOther, regD.login, store, at),
      codeOf('PERSONAL_INFO_MISMATCH'),
    );

    // Arguments: checked before the nonce is spent or anything is sent.
    const e = issued(store, 54);
    const regE = await card.register(e, Uint8Array.of(1), fx.signPassword, fx.authPin, { signingTime: ISSUED });
    assert.throws(() => verifier.register(regE.signedApplication, fx.applicant, regE.login, store, { when: ANSWERED }), TypeError);
    assert.throws(() => verifier.register(regE.signedApplication, { fullName: 'x' }, regE.login, store, at), TypeError);
    assert.throws(() => verifier.register(42, fx.applicant, regE.login, store, at), TypeError);
    assert.equal(verifier.register(regE.signedApplication, fx.applicant, regE.login, store, at).account.serial, fx.authSerial);
    const from = reader.commands.length;
    await assert.rejects(card.register(e, Uint8Array.of(1), fx.signPassword, fx.authPin, { detached: true }), TypeError);
    await assert.rejects(card.register(e, 'text', fx.signPassword, fx.authPin), TypeError);
    await rejectsWithCode(jpki, card.register(e, Uint8Array.of(1), 'abc', fx.authPin), 901);
    await rejectsWithCode(jpki, card.register(e, Uint8Array.of(1), fx.signPassword, '12'), 901);
    assert.equal(reader.commands.length, from, 'nothing was sent');
    store.free();
  });
});

describe('a death', () => {
  it('revokes the authentication certificate: the login is refused (600)', async () => {
    const died = '2026-11-21T13:00:00+09:00';
    const { stdout } = await runCli(['sim', 'event', fx.caDir, '--serial', fx.authSerial, 'death', '--at', died, '--json']);
    assert.ok(stdout.length > 0);
    const crlFile = join(fx.dir, 'auth-after-death.crl');
    await runCli(['sim', 'crl', fx.caDir, '--kind', 'auth', '-o', crlFile, '--at', died]);
    const after = new jpki.Verifier({ trustAnchors: fx.trustPem });
    assert.equal(after.addCrl(readBytes(crlFile)), 'added');
    const store = new jpki.MemoryNonceStore(4);
    const c = issued(store, 60, died);
    const r = await card.login(c, fx.authPin);
    const revoked = await rejectsWithCode(jpki, () => after.verifyLogin(r, store, { at: plus(died, 60) }), 600);
    assert.equal(revoked.kind, 'CERTIFICATE_REVOKED');
    // A verifier whose CRL predates the death (still current: 24 hours) does not
    // know of it until it gets the new CRL.
    const c2 = issued(store, 61, died);
    const r2 = await card.login(c2, fx.authPin);
    assert.equal(verifier.verifyLogin(r2, store, { at: plus(died, 60) }).valid, true);
    const c3 = issued(store, 62, died);
    const r3 = await card.login(c3, fx.authPin);
    assert.equal(verifier.addCrl(readBytes(crlFile)), 'replaced');
    await rejectsWithCode(jpki, () => verifier.verifyLogin(r3, store, { at: plus(died, 60) }), 600);
    after.free();
    store.free();
  });
});
