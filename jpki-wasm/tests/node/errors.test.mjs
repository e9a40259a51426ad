// Errors: JpkiError objects with the core's stable codes and names, TypeErrors
// for arguments of the wrong type and unknown options, and validity failures as
// codes in the verdict rather than exceptions.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { loadJpki, rejectsWithCode, tempFixtures } from './support.mjs';

const jpki = loadJpki();
let fx;
let verifier;

before(async () => {
  fx = await tempFixtures('errors');
  verifier = new jpki.Verifier({ trustAnchors: fx.trustPem });
  verifier.addCrl(fx.crlBefore);
});
after(() => {
  verifier?.free();
  fx?.cleanup();
});

describe('JpkiError', () => {
  it('a malformed certificate: code 100 (DECODE), an Error named JpkiError', async () => {
    const error = await rejectsWithCode(jpki, () => jpki.parseCertificate(Uint8Array.of(0x30, 0x03, 0x01, 0x01, 0xff)), 100);
    assert.equal(error.kind, 'DECODE');
    assert.ok(error instanceof Error);
    assert.match(error.message, /certificate/i); // "malformed tbsCertificate: …"
    assert.equal(error.remaining, undefined);
    // Truncated DER, and PEM text with a broken body.
    const der = jpki.parseCertificate(fx.certPem).der;
    await rejectsWithCode(jpki, () => jpki.parseCertificate(der.subarray(0, der.length - 10)), 100);
    assert.throws(() => jpki.parseCertificate('-----BEGIN CERTIFICATE-----\n!!!!\n-----END CERTIFICATE-----\n'),
      (e) => jpki.isJpkiError(e) && e.code >= 100 && e.code < 200);
  });

  it('isJpkiError tells JpkiErrors from other values', () => {
    let thrown;
    try {
      jpki.parseCertificate(Uint8Array.of(1, 2, 3));
    } catch (e) {
      thrown = e;
    }
    assert.equal(jpki.isJpkiError(thrown), true);
    assert.equal(jpki.isJpkiError(new Error('x')), false);
    assert.equal(jpki.isJpkiError(new TypeError('x')), false);
    assert.equal(jpki.isJpkiError({ name: 'JpkiError', code: 100, message: 'not an Error' }), false);
    for (const value of [undefined, null, 100, 'JpkiError']) assert.equal(jpki.isJpkiError(value), false);
  });

  it('errorKinds: every code with its name, stable areas', () => {
    const kinds = jpki.errorKinds();
    assert.equal(kinds[600], 'CERTIFICATE_REVOKED');
    assert.equal(kinds[100], 'DECODE');
    assert.equal(kinds[300], 'CERTIFICATE_EXPIRED');
    assert.equal(kinds[301], 'CERTIFICATE_NOT_YET_VALID');
    assert.equal(kinds[601], 'REVOCATION_UNAVAILABLE');
    assert.equal(kinds[804], 'TRANSPORT');
    assert.equal(kinds[807], 'CARD_SESSION_MISUSE');
    assert.equal(kinds[902], 'WRONG_PIN');
    assert.equal(kinds[904], 'LAST_TRY_REFUSED');
    const codes = Object.keys(kinds).map(Number);
    assert.ok(codes.length >= 50);
    for (const code of codes) {
      assert.ok(Number.isInteger(code) && code >= 100, `${code}`);
      assert.match(kinds[code], /^[A-Z][A-Z0-9_]*$/);
    }
    assert.equal(new Set(Object.values(kinds)).size, codes.length, 'names are unique');
  });
});

describe('TypeError for arguments and options', () => {
  it('unknown option keys are refused, everywhere', () => {
    const ocspRequest = jpki.buildOcspRequest(fx.certPem, fx.signCaPem);
    const cases = [
      () => new jpki.Verifier({ trustAnchors: fx.trustPem, revocations: 'soft' }),
      () => verifier.verify(fx.signed, { content: fx.content, when: fx.at }),
      () => verifier.verifyCertificate(fx.certPem, { at: fx.at, use: 'signing' }),
      () => verifier.ocspRequests(fx.certPem, { time: fx.at }),
      () => jpki.compareApplicant(fx.certPem, { name: '髙橋 太郎', birth: '1950-04-01' }),
      () => verifier.verify(fx.signed, { content: fx.content, applicant: { fullName: 'x' }, at: fx.at }),
      () => jpki.buildOcspRequest(fx.certPem, fx.signCaPem, { hashAlgorithm: 'sha256' }),
      () => jpki.checkOcspResponse(Uint8Array.of(0x30, 0), ocspRequest, fx.signCaPem, { now: fx.at }),
      () => new jpki.PreparedSignature(fx.content, fx.certPem, { detach: true }),
    ];
    for (const [i, call] of cases.entries()) {
      assert.throws(call, (e) => e instanceof TypeError && /unknown option/.test(e.message), `case ${i}`);
    }
  });

  it('unknown option keys of the card\'s methods reject before anything is sent', async () => {
    let sent = 0;
    const card = new jpki.Card({
      transmit: async () => {
        sent += 1;
        return Uint8Array.of(0x90, 0x00);
      },
    });
    await assert.rejects(card.sign(fx.content, { pin: fx.signPassword, detach: true }), TypeError);
    await assert.rejects(card.readCertificate('sign', { password: fx.signPassword }), TypeError);
    await assert.rejects(card.signDigest('sign', new Uint8Array(32), { hashAlgorithm: 'sha256' }), TypeError);
    await assert.rejects(card.verifyPin('auth-pin', '1234', { lastTry: true }), TypeError);
    await assert.rejects(card.readCertificate('signing'), TypeError, 'an unknown slot');
    await assert.rejects(card.pinStatus('pin'), TypeError, 'an unknown secret kind');
    await assert.rejects(card.signDigest('sign', new Uint8Array(32), { hash: 'md5' }), TypeError);
    assert.equal(sent, 0);
  });

  it('values of the wrong type or out of the allowed names', () => {
    assert.throws(() => jpki.parseCertificate(42), TypeError);
    assert.throws(() => new jpki.Verifier({}), TypeError, 'trustAnchors is required');
    assert.throws(() => new jpki.Verifier({ trustAnchors: fx.trustPem, revocation: 'strict' }), TypeError);
    assert.throws(() => new jpki.Verifier({ trustAnchors: fx.trustPem, maxCrlAge: -1 }), TypeError);
    assert.throws(() => new jpki.Verifier({ trustAnchors: fx.trustPem, crlFirst: 'yes' }), TypeError);
    assert.throws(() => verifier.verifyCertificate(fx.certPem, { usage: 'sign' }), TypeError);
    assert.throws(() => jpki.compareApplicant(fx.certPem, { sex: 'm' }), TypeError);
    assert.throws(() => jpki.buildOcspRequest(fx.certPem, fx.signCaPem, { hash: 'SHA-256' }), TypeError);
    assert.throws(() => verifier.verify(fx.signed, { content: 'text is not bytes', at: fx.at }), TypeError);
    assert.throws(() => verifier.verify(fx.signed, 'options'), TypeError);
  });

  it('an invalid Date or a time of another type is a TypeError', () => {
    for (const at of [new Date('not a date'), new Date(NaN), 1_795_000_000_000, {}, true]) {
      assert.throws(() => verifier.verify(fx.signed, { content: fx.content, at }), TypeError, String(at));
      assert.throws(() => verifier.verifyCertificate(fx.certPem, { at }), TypeError, String(at));
    }
    assert.throws(() => jpki.compareApplicant(fx.certPem, { birthDate: new Date('nope') }), TypeError);
    assert.throws(() => new jpki.PreparedSignature(fx.content, fx.certPem, { signingTime: new Date(NaN) }), TypeError);
  });

  it('a time string that is not RFC 3339 (naive, a date, garbage) is refused (104)', async () => {
    for (const at of ['2026-11-21T10:00:00', '2026-11-21', '2026-11-21 10:00', 'tomorrow', '']) {
      await rejectsWithCode(jpki, () => verifier.verify(fx.signed, { content: fx.content, at }), 104, at);
    }
    await rejectsWithCode(jpki, () => jpki.compareApplicant(fx.certPem, { birthDate: 'yesterday' }), 103);
  });

  it('RFC 3339 with fractional seconds and an offset is the same instant', () => {
    const whole = verifier.verifyCertificate(fx.certPem, { at: '2026-11-21T10:00:00+09:00' });
    assert.equal(whole.at, '2026-11-21T01:00:00Z');
    for (const at of ['2026-11-21T01:00:00.250Z', '2026-11-21T10:00:00.250+09:00', new Date('2026-11-21T01:00:00.250Z')]) {
      assert.equal(verifier.verifyCertificate(fx.certPem, { at }).at, '2026-11-21T01:00:00Z', String(at));
    }
  });

  it('a time before 1970 is never silently another time', () => {
    for (const at of [new Date('1960-01-01T00:00:00Z'), '1960-01-01T00:00:00Z']) {
      let verdict;
      try {
        verdict = verifier.verifyCertificate(fx.certPem, { at });
      } catch (e) {
        assert.ok(e instanceof TypeError || jpki.isJpkiError(e), String(e));
        continue;
      }
      assert.equal(verdict.at, '1960-01-01T00:00:00Z', `at ${String(at)} became ${verdict.at}`);
    }
  });
});

describe('validity failures are codes in the verdict', () => {
  it('expired (300) and not yet valid (301)', () => {
    const expired = verifier.verify(fx.signed, { content: fx.content, at: '2031-04-02T00:00:00Z' });
    assert.equal(expired.valid, false);
    assert.equal(expired.checks.signature.result, 'passed');
    assert.equal(expired.checks.certificate.result, 'failed');
    assert.equal(expired.checks.certificate.code, 300);
    assert.equal(expired.checks.certificate.kind, 'CERTIFICATE_EXPIRED');
    assert.match(expired.checks.certificate.error, /expired/);
    assert.equal('path' in expired, false, 'no path when it did not validate');

    const early = verifier.verify(fx.signed, { content: fx.content, at: '2026-11-20T00:00:00Z' });
    assert.equal(early.valid, false);
    assert.equal(early.checks.certificate.code, 301);
    assert.equal(early.checks.certificate.kind, 'CERTIFICATE_NOT_YET_VALID');

    const cert = verifier.verifyCertificate(fx.certPem, { at: new Date('2040-01-01T00:00:00Z') });
    assert.equal(cert.valid, false);
    assert.ok(cert.checks.certificate.code >= 300 && cert.checks.certificate.code < 400);
  });

  it('an unknown issuer (302) and a signature that is not SignedData (4xx)', () => {
    // Trusting only the signing CA's sibling hierarchy (authentication CAs) leaves no issuer.
    const authAnchors = jpki.parseCertificates(fx.trustPem).filter((c) => /user authentication/.test(c.subject));
    assert.ok(authAnchors.length > 0);
    const other = new jpki.Verifier({ trustAnchors: authAnchors, revocation: 'off' });
    const verdict = other.verify(fx.signed, { content: fx.content, at: fx.at });
    assert.equal(verdict.valid, false);
    assert.equal(verdict.checks.certificate.code, 302);
    other.free();

    const garbage = verifier.verify(Uint8Array.of(0x30, 0x03, 0x02, 0x01, 0x01), { at: fx.at });
    assert.equal(garbage.valid, false);
    assert.equal(garbage.checks.signature.result, 'failed');
    assert.ok(garbage.checks.signature.code >= 100 && garbage.checks.signature.code < 500);
    assert.equal(garbage.checks.certificate.result, 'not_run');
  });
});
