// The card session driven by an async JS transport: a vpcd-protocol server in
// node, a virtual card (`jpki sim card-serve`) connected to it over 127.0.0.1, and
// `transport.transmit(command)` returning a Promise of the card's answer. Reading,
// signing in one call and in two phases (PreparedSignature), wrong secrets and
// their counters, one operation at a time, and failing transports.

import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';

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
let fx;
/** The first resident's card, served for the whole file. */
let reader;
let card;

before(async () => {
  fx = await tempFixtures('card');
  reader = await VirtualReader.start(fx.cardFile);
  card = new jpki.Card(reader.transport());
});
after(async () => {
  card?.free();
  await reader?.stop();
  fx?.cleanup();
});

function verifierBefore() {
  const verifier = new jpki.Verifier({ trustAnchors: fx.trustPem });
  verifier.addCrl(fx.crlBefore);
  return verifier;
}

describe('Card over an async transport', () => {
  it('reads the card kind and the secrets\' counters', async () => {
    assert.equal(reader.atr[0], 0x3b, 'an ATR');
    const from = reader.commands.length;
    const info = await card.info();
    assert.deepStrictEqual(info, {
      kind: 'my-number-card',
      has_signing_certificate: true,
      has_authentication_certificate: true,
    });
    assert.ok(reader.commands.length > from, 'the commands went through the transport');
    assert.deepStrictEqual(await card.pinStatus('signing-password'), {
      kind: 'signing-password',
      remaining: 5,
      blocked: false,
      verified: false,
    });
    const auth = await card.pinStatus('auth-pin');
    assert.equal(auth.remaining, 3);
    assert.equal(auth.blocked, false);
  });

  it('reads certificates; the signing one needs the signing password (900 without)', async () => {
    await rejectsWithCode(jpki, card.readCertificate('sign'), 900);
    const ca = await card.readCertificate('sign-ca');
    assert.deepStrictEqual(ca.der, jpki.parseCertificate(fx.signCaPem).der);
    assert.equal(ca.kind, 'ca');
    const authentication = await card.readCertificate('auth');
    assert.equal(authentication.kind, 'authentication');
    assert.equal(authentication.personal_info, undefined);

    const from = reader.commands.length;
    const signing = await card.readCertificate('sign', { pin: fx.signPassword });
    assert.equal(reader.count(INS_VERIFY, { from, withData: true }), 1, 'one VERIFY with the secret');
    assert.deepStrictEqual(signing, jpki.parseCertificate(fx.certPem));
    assert.deepStrictEqual(signing.personal_info.name_substituted, [{ index: 0, char: '高' }]);
    const status = await card.pinStatus('signing-password');
    assert.equal(status.verified, true);
    assert.equal(status.blocked, false);
  });

  it('signs: a detached SignedData that verifies, with the same verdict as the CLI', async () => {
    const from = reader.commands.length;
    const signed = await card.sign(fx.content, { pin: fx.signPassword, detached: true, signingTime: fx.at });
    assert.ok(signed instanceof Uint8Array);
    assert.equal(reader.count(INS_COMPUTE_SIGNATURE, { from }), 1, 'one signature by the card');
    const verifier = verifierBefore();
    const verdict = verifier.verify(signed, { content: fx.content, applicant: fx.applicant, at: fx.at });
    assert.equal(verdict.valid, true, JSON.stringify(verdict.checks));
    assert.equal(verdict.signer.serial, fx.serial);
    assert.equal(verdict.signing_time, '2026-11-21T01:00:00Z');
    assert.equal(verdict.comparison.fields.name.result, 'equivalent_by_substitution');
    // Detached: without the content there is nothing to check the digest against.
    assert.equal(verifier.verify(signed, { at: fx.at }).checks.signature.result, 'failed');

    const file = join(fx.root, 'card-signed.p7s');
    writeFileSync(file, signed);
    const { stdout } = await runCli([
      'verify', file, '--content', fx.contentFile, '--trust', fx.trustFile,
      '--crl', fx.crlBeforeFile, '--at', fx.at, '--json',
    ]);
    const cli = JSON.parse(stdout);
    const bare = verifier.verify(signed, { content: fx.content, at: fx.at });
    assert.deepStrictEqual(bare, cli);
    assert.equal(JSON.stringify(bare), JSON.stringify(cli));
  });

  it('signs with the content attached', async () => {
    const signed = await card.sign(fx.content, { pin: fx.signPassword, signingTime: new Date(fx.at) });
    const verdict = verifierBefore().verify(signed, { at: fx.at });
    assert.equal(verdict.valid, true, JSON.stringify(verdict.checks));
    assert.equal(verdict.signing_time, '2026-11-21T01:00:00Z');
  });

  it('two-phase signing: PreparedSignature, signDigest on the card, finish', async () => {
    const cert = await card.readCertificate('sign', { pin: fx.signPassword });
    const ca = await card.readCertificate('sign-ca');
    const prepared = new jpki.PreparedSignature(fx.content, cert, { ca, detached: true, signingTime: fx.at });
    assert.equal(prepared.hash, 'sha256');
    assert.equal(prepared.digest.length, 32);
    assert.ok(prepared.digestInfo.length > 32);
    assert.deepStrictEqual(prepared.digestInfo.subarray(prepared.digestInfo.length - 32), prepared.digest);
    const signature = await card.signDigest('sign', prepared.digest, { hash: prepared.hash, pin: fx.signPassword });
    assert.ok(signature instanceof Uint8Array);
    assert.equal(signature.length, 256, 'RSA-2048');
    const signed = prepared.finish(signature);
    const verdict = verifierBefore().verify(signed, { content: fx.content, applicant: fx.applicant, at: fx.at });
    assert.equal(verdict.valid, true, JSON.stringify(verdict.checks));
    assert.equal(verdict.signing_time, '2026-11-21T01:00:00Z');
    assert.equal(verdict.signer.serial, fx.serial);

    // A signature over something else, or a damaged one: finish refuses it.
    const otherDigest = new Uint8Array(createHash('sha256').update('something else').digest());
    const wrong = await card.signDigest('sign', otherDigest, { hash: 'sha256', pin: fx.signPassword });
    const refused = await rejectsWithCode(jpki, () => prepared.finish(wrong), 415);
    assert.equal(refused.kind, 'CMS_SIGNATURE_NOT_BY_SIGNER');
    const damaged = Uint8Array.from(signature);
    damaged[100] ^= 0x40;
    assert.throws(() => prepared.finish(damaged), (e) => jpki.isJpkiError(e) && e.code >= 400 && e.code < 500);
    prepared.free();
  });

  it('one operation at a time: a second call while one runs rejects with 807', async () => {
    const first = card.info();
    const second = card.pinStatus('auth-pin');
    const third = card.readCertificate('sign-ca');
    await rejectsWithCode(jpki, second, 807);
    await rejectsWithCode(jpki, third, 807);
    assert.equal((await first).kind, 'my-number-card', 'the first completes');
    // Once it has, the card takes the next one.
    assert.equal((await card.pinStatus('auth-pin')).remaining, 3);
  });
});

describe('transports that fail', () => {
  it('a rejected promise is a JpkiError 804 with the cause attached, without its message', async () => {
    const cause = new Error('bridge unplugged; last command 00 20 00 81 08 …');
    let calls = 0;
    const broken = new jpki.Card({
      transmit: () => {
        calls += 1;
        return Promise.reject(cause);
      },
    });
    const error = await rejectsWithCode(jpki, broken.info(), 804);
    assert.equal(error.cause, cause);
    assert.equal(error.message.includes('00 20 00 81'), false, 'the message does not quote the transport\'s');
    assert.equal(calls, 1, 'not retried');
    // A transport that throws instead of rejecting: the same.
    const throwing = new jpki.Card({
      transmit() {
        throw cause;
      },
    });
    assert.equal((await rejectsWithCode(jpki, throwing.pinStatus('auth-pin'), 804)).cause, cause);
  });

  it('the session recovers after a transport failure', async () => {
    let fail = true;
    const flaky = new jpki.Card({
      transmit: (command) => {
        if (fail) {
          fail = false;
          return Promise.reject(new Error('timeout'));
        }
        return reader.transmit(command);
      },
    });
    await rejectsWithCode(jpki, flaky.info(), 804);
    assert.equal((await flaky.info()).kind, 'my-number-card');
    flaky.free();
  });

  it('a transport that resolves to something else than a Uint8Array is refused', async () => {
    const odd = new jpki.Card({ transmit: async () => [0x90, 0x00] });
    await assert.rejects(odd.info(), (e) => e instanceof TypeError || jpki.isJpkiError(e));
    assert.throws(() => new jpki.Card({}), TypeError);
    assert.throws(() => new jpki.Card({ transmit: 'no' }), TypeError);
  });
});

describe('wrong secrets (a second card)', () => {
  let readerB;
  let cardB;
  before(async () => {
    readerB = await VirtualReader.start(fx.cardOtherFile);
    cardB = new jpki.Card(readerB.transport());
  });
  after(async () => {
    cardB?.free();
    await readerB?.stop();
  });

  /** Runs `operation`, expecting a wrong secret; returns the error and the VERIFY commands sent. */
  async function wrong(operation, code = 902) {
    const from = readerB.commands.length;
    const error = await rejectsWithCode(jpki, operation(), code);
    return {
      error,
      verifies: readerB.count(INS_VERIFY, { from, withData: true }),
      signatures: readerB.count(INS_COMPUTE_SIGNATURE, { from }),
      sent: readerB.commands.length - from,
    };
  }

  it('a secret of the wrong form is refused before anything is sent (901)', async () => {
    for (const operation of [
      () => cardB.verifyPin('signing-password', 'abc'),
      () => cardB.verifyPin('auth-pin', '12345'),
      () => cardB.sign(fx.content, { pin: 'WRONG-1', detached: true }),
      () => cardB.readCertificate('sign', { pin: 'パスワード123' }),
      () => cardB.signDigest('sign', new Uint8Array(32), { pin: '12' }),
    ]) {
      const { sent } = await wrong(operation, 901);
      assert.equal(sent, 0, 'no command sent');
    }
    assert.equal((await cardB.pinStatus('signing-password')).remaining, 5);
  });

  it('each wrong password: 902 with the tries left, VERIFY sent exactly once', async () => {
    let result = await wrong(() => cardB.verifyPin('signing-password', 'WRONG1'));
    assert.equal(result.error.remaining, 4);
    assert.equal(result.verifies, 1);

    result = await wrong(() => cardB.sign(fx.content, { pin: 'WRONG2', detached: true, signingTime: fx.at }));
    assert.equal(result.error.remaining, 3);
    assert.equal(result.verifies, 1);
    assert.equal(result.signatures, 0, 'nothing signed');

    result = await wrong(() => cardB.signDigest('sign', new Uint8Array(32), { hash: 'sha256', pin: 'WRONG3' }));
    assert.equal(result.error.remaining, 2);
    assert.equal(result.verifies, 1);
    assert.equal(result.signatures, 0);

    result = await wrong(() => cardB.readCertificate('sign', { pin: 'WRONG4' }));
    assert.equal(result.error.remaining, 1);
    assert.equal(result.verifies, 1);

    const status = await cardB.pinStatus('signing-password');
    assert.deepStrictEqual(status, { kind: 'signing-password', remaining: 1, blocked: false, verified: false });
  });

  it('the last try is refused (904) unless allowLastTry; then blocked (903)', async () => {
    let result = await wrong(() => cardB.verifyPin('signing-password', 'WRONG5'), 904);
    assert.equal(result.error.remaining, 1);
    assert.equal(result.verifies, 0, 'the secret was not sent');
    result = await wrong(() => cardB.sign(fx.content, { pin: fx.otherSignPassword, detached: true }), 904);
    assert.equal(result.verifies, 0, 'not even the right one');
    assert.equal((await cardB.pinStatus('signing-password')).remaining, 1);

    const from = readerB.commands.length;
    const last = await rejectsWithCode(
      jpki,
      cardB.verifyPin('signing-password', 'WRONG6', { allowLastTry: true }),
      903,
    );
    assert.equal(last.remaining, 0);
    assert.equal(readerB.count(INS_VERIFY, { from, withData: true }), 1);
    assert.deepStrictEqual(await cardB.pinStatus('signing-password'), {
      kind: 'signing-password',
      remaining: 0,
      blocked: true,
      verified: false,
    });
    await rejectsWithCode(jpki, cardB.verifyPin('signing-password', fx.otherSignPassword, { allowLastTry: true }), 903);
    // The authentication PIN is another counter.
    assert.equal((await cardB.pinStatus('auth-pin')).remaining, 3);
    await cardB.verifyPin('auth-pin', fx.otherAuthPin);
    assert.equal((await cardB.pinStatus('auth-pin')).verified, true);
  });
});
