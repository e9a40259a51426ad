// The e-application flow on the nodejs build, with fixtures from the simulator:
// read the certificate's 4 basic info, compare them with the form, verify the
// signed application against trust anchors and the municipality's CRL (the same
// verdict as `jpki verify --json`), see it revoked after the move, look serials up
// in the CRL, and ask the simulated authority's OCSP responder.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { loadJpki, rejectsWithCode, runCli, startOcspResponder, tempFixtures } from './support.mjs';

const jpki = loadJpki();
let fx;

before(async () => {
  fx = await tempFixtures('flow');
});
after(() => fx?.cleanup());

/** `jpki verify --json` on the fixture files (exit 0 valid, 1 invalid). */
async function cliVerify(signedFile, { crl, at, applicant }) {
  const args = ['verify', signedFile, '--content', fx.contentFile, '--trust', fx.trustFile, '--at', at, '--json'];
  if (crl) args.push('--crl', crl);
  if (applicant) {
    args.push('--expect-name', applicant.name, '--expect-birth', applicant.birthDate);
    args.push('--expect-sex', applicant.sex, '--expect-address', applicant.address);
  }
  const { stdout, code } = await runCli(args, { okCodes: [0, 1] });
  const verdict = JSON.parse(stdout);
  assert.equal(verdict.valid, code === 0, 'the exit code follows `valid`');
  return verdict;
}

/** Equal values, and equal key order (what JSON.stringify writes). */
function assertSameJson(actual, expected) {
  assert.deepStrictEqual(actual, expected);
  assert.equal(JSON.stringify(actual), JSON.stringify(expected), 'the same keys in the same order');
}

describe('package', () => {
  it('has the version and the JSON contract version', () => {
    assert.match(jpki.version(), /^\d+\.\d+\.\d+/);
    assert.equal(jpki.jsonSchemaVersion(), 1);
    assert.equal(typeof jpki.JSON_SCHEMA_VERSION, 'undefined', 'renamed jsonSchemaVersion() (the .d.ts)');
  });
});

describe('parseCertificate', () => {
  it('reads the 4 basic info, with the substitute character at index 0', () => {
    const info = jpki.parseCertificate(fx.certPem);
    assert.equal(info.kind, 'signing');
    assert.equal(info.serial, fx.serial);
    assert.equal(info.is_ca, false);
    assert.equal(info.not_before, '2026-11-21T01:00:00Z');
    assert.match(info.not_after, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    assert.match(info.subject, /^C=JP, /);
    assert.match(info.issuer, /JPKI for digital signature/);
    assert.deepEqual(info.ocsp_urls, ['http://127.0.0.1:28080/ocsp/sign']);
    const p = info.personal_info;
    assert.equal(p.name, '高橋　太郎');
    assert.equal(p.surname, '高橋');
    assert.equal(p.given_name, '太郎');
    assert.equal(p.name_substitutes, '10000');
    assert.deepStrictEqual(p.name_substituted, [{ index: 0, char: '高' }]);
    assert.equal(p.birth_date.iso, '1950-04-01');
    assert.equal(p.birth_date.japanese, '昭和25年4月1日');
    assert.equal(p.sex, 'male');
    assert.equal(p.address, '東京都千代田区霞が関二丁目1番2号');
    assert.deepStrictEqual(p.address_substituted, []);
    // The same 4 basic info, key for key, as the CLI's JSON (`jpki sim issue --json`).
    assertSameJson(p, fx.holder);
  });

  it('takes PEM text, PEM bytes and DER bytes alike', () => {
    const fromText = jpki.parseCertificate(fx.certPem);
    assert.ok(fromText.der instanceof Uint8Array);
    assert.equal(fromText.der[0], 0x30, 'DER: a SEQUENCE');
    assert.match(fromText.pem, /^-----BEGIN CERTIFICATE-----\n/);
    const fromPemBytes = jpki.parseCertificate(new TextEncoder().encode(fx.certPem));
    const fromDer = jpki.parseCertificate(fromText.der);
    assert.deepStrictEqual(fromPemBytes, fromText);
    assert.deepStrictEqual(fromDer, fromText);
    assert.deepStrictEqual(jpki.parseCertificate(fromText.pem).der, fromText.der);
  });

  it('reads every certificate of a PEM bundle', () => {
    const anchors = jpki.parseCertificates(fx.trustPem);
    const blocks = fx.trustPem.match(/-----BEGIN CERTIFICATE-----/g).length;
    assert.ok(blocks >= 2);
    assert.equal(anchors.length, blocks);
    for (const a of anchors) {
      assert.equal(a.kind, 'ca');
      assert.equal(a.is_ca, true);
      assert.equal(a.personal_info, undefined);
    }
  });
});

describe('compareApplicant', () => {
  it('accepts the form: name by substitution, address normalized; the same as the CLI', async () => {
    const comparison = jpki.compareApplicant(fx.certPem, fx.applicant);
    assert.equal(comparison.match, true);
    assert.equal(comparison.all_four_match, true);
    const { name, birth_date, sex, address } = comparison.fields;
    assert.equal(name.result, 'equivalent_by_substitution');
    assert.equal(name.match, true);
    assert.deepStrictEqual(name.positions, [0]);
    assert.equal(birth_date.result, 'exact');
    assert.equal(sex.result, 'exact');
    assert.equal(address.result, 'normalized');
    assert.equal(address.match, true);
    assert.ok(address.normalized.length > 0);
    // `jpki cert compare --json` has the same fields.
    const { stdout } = await runCli([
      'cert', 'compare', fx.certFile, '--json',
      '--name', fx.applicant.name, '--birth', fx.applicant.birthDate,
      '--sex', fx.applicant.sex, '--address', fx.applicant.address,
    ]);
    const cli = JSON.parse(stdout);
    assertSameJson(comparison.fields, cli.fields);
    assert.equal(comparison.all_four_match, cli.all_four_match);
  });

  it('takes a parsed certificate, DER, and birth dates as ISO or Japanese era text', () => {
    const info = jpki.parseCertificate(fx.certPem);
    const byInfo = jpki.compareApplicant(info, { name: '高橋　太郎', sex: 'male' });
    assert.equal(byInfo.fields.name.result, 'exact');
    assert.equal(byInfo.fields.birth_date.result, 'not_provided');
    assert.equal(byInfo.match, true, 'every given field matches');
    assert.equal(byInfo.all_four_match, false, 'two were not given');
    assert.deepStrictEqual(jpki.compareApplicant(info.der, { name: '高橋　太郎', sex: 'male' }), byInfo);
    for (const birthDate of ['1950-04-01', '昭和25年4月1日']) {
      const field = jpki.compareApplicant(info, { birthDate }).fields.birth_date;
      assert.equal(field.result, 'exact', `birthDate ${birthDate}: ${JSON.stringify(field)}`);
    }
  });

  it('a Date of birth is its UTC calendar date (1990-07-15)', () => {
    const field = jpki.compareApplicant(fx.otherCertPem, { birthDate: new Date(Date.UTC(1990, 6, 15, 12, 30)) })
      .fields.birth_date;
    assert.equal(field.result, 'exact', JSON.stringify(field));
    const dayAfter = jpki.compareApplicant(fx.otherCertPem, { birthDate: new Date(Date.UTC(1990, 6, 16)) })
      .fields.birth_date;
    assert.equal(dayAfter.result, 'mismatch');
    assert.equal(dayAfter.found, '平成2年7月16日');
  });

  it('a Date of birth before 1970 (1950-04-01) is that date, not the epoch', () => {
    const field = jpki.compareApplicant(fx.certPem, { birthDate: new Date(Date.UTC(1950, 3, 1)) }).fields.birth_date;
    assert.equal(field.result, 'exact', JSON.stringify(field));
  });

  it('reports a mismatch with expected, found and position', () => {
    const c = jpki.compareApplicant(fx.certPem, {
      name: '高橋 次郎',
      birthDate: '1950-04-02',
      sex: 'female',
      address: '東京都千代田区霞が関2-1-3',
    });
    assert.equal(c.match, false);
    assert.equal(c.all_four_match, false);
    const { name, birth_date, sex, address } = c.fields;
    assert.equal(name.result, 'mismatch');
    assert.equal(name.match, false);
    assert.equal(name.field, 'name');
    assert.equal(name.expected, '高橋太郎');
    assert.equal(name.found, '高橋次郎');
    assert.equal(name.position, 2);
    assert.match(name.message, /^name: expected 高橋太郎, found 高橋次郎/);
    assert.equal(birth_date.result, 'mismatch');
    assert.equal(birth_date.expected, '昭和25年4月1日');
    assert.equal(birth_date.found, '昭和25年4月2日');
    assert.equal(sex.result, 'mismatch');
    assert.equal(sex.expected, 'male');
    assert.equal(sex.found, 'female');
    assert.equal(address.result, 'mismatch');
    assert.equal(address.expected, '東京都千代田区霞が関2-1-2');
    assert.equal(address.found, '東京都千代田区霞が関2-1-3');
    assert.equal(address.position, '東京都千代田区霞が関2-1-'.length);
  });

  it('refuses a certificate without 4 basic info (500)', async () => {
    await rejectsWithCode(jpki, () => jpki.compareApplicant(fx.signCaPem, { name: '髙橋 太郎' }), 500);
  });
});

describe('Verifier', () => {
  it('verifies the application: the same verdict as `jpki verify --json`', async () => {
    const verifier = new jpki.Verifier({ trustAnchors: fx.trustPem });
    assert.equal(verifier.crlCount, 0);
    assert.equal(verifier.addCrl(fx.crlBefore), 'added');
    assert.equal(verifier.crlCount, 1);
    const verdict = verifier.verify(fx.signed, { content: fx.content, applicant: fx.applicant, at: fx.at });
    assert.equal(verdict.valid, true, JSON.stringify(verdict.checks));
    assert.equal(verdict.schema_version, 1);
    assert.equal(verdict.at, '2026-11-21T01:00:00Z');
    for (const check of ['signature', 'certificate', 'revocation', 'personal_info']) {
      assert.equal(verdict.checks[check].result, 'passed', check);
    }
    assert.deepStrictEqual(verdict.checks.revocation.certificates, [
      { serial: fx.serial, status: 'good', source: 'crl' },
    ]);
    assert.equal(verdict.signer.serial, fx.serial);
    assert.equal(verdict.signing_time, '2026-11-21T01:00:00Z');
    assert.deepStrictEqual(verdict.holder.name_substituted, [{ index: 0, char: '高' }]);
    assert.equal(verdict.comparison.fields.name.result, 'equivalent_by_substitution');
    const cli = await cliVerify(fx.signedFile, { crl: fx.crlBeforeFile, at: fx.at, applicant: fx.applicant });
    assertSameJson(verdict, cli);
    // Without an applicant: no comparison, personal_info not run; as the CLI.
    const bare = verifier.verify(fx.signed, { content: fx.content, at: fx.at });
    assert.equal(bare.valid, true);
    assert.equal(bare.checks.personal_info.result, 'not_run');
    assert.equal('comparison' in bare, false);
    assertSameJson(bare, await cliVerify(fx.signedFile, { crl: fx.crlBeforeFile, at: fx.at }));
    // A Date for `at` is the same instant.
    assertSameJson(verifier.verify(fx.signed, { content: fx.content, at: new Date(fx.at) }), bare);
    verifier.free();
  });

  it('after the move: the second resident is revoked (600), as the CLI says', async () => {
    // Trust anchors as a list of parsed certificates this time.
    const verifier = new jpki.Verifier({ trustAnchors: jpki.parseCertificates(fx.trustPem) });
    assert.equal(verifier.addCrl(fx.crlBefore), 'added');
    // Before the move her application is valid.
    const earlier = verifier.verify(fx.signedOther, { content: fx.content, applicant: fx.applicantOther, at: fx.at });
    assert.equal(earlier.valid, true, JSON.stringify(earlier.checks));
    assert.equal(verifier.addCrl(fx.crlAfter), 'replaced');
    assert.equal(verifier.addCrl(fx.crlBefore), 'kept_newer');
    assert.equal(verifier.crlCount, 1);
    const verdict = verifier.verify(fx.signedOther, { content: fx.content, at: fx.atAfter });
    assert.equal(verdict.valid, false);
    assert.equal(verdict.checks.signature.result, 'passed');
    assert.equal(verdict.checks.certificate.result, 'passed');
    const revocation = verdict.checks.revocation;
    assert.equal(revocation.result, 'failed');
    assert.equal(revocation.code, 600);
    assert.equal(revocation.kind, 'CERTIFICATE_REVOKED');
    assert.equal(revocation.certificates[0].serial, fx.otherSerial);
    assert.equal(revocation.certificates[0].status, 'revoked');
    assert.equal(revocation.certificates[0].revoked_at, '2026-11-21T02:00:00Z');
    assertSameJson(verdict, await cliVerify(fx.signedOtherFile, { crl: fx.crlAfterFile, at: fx.atAfter }));
    // The first resident's application is still valid with the same CRL.
    const taro = verifier.verify(fx.signed, { content: fx.content, applicant: fx.applicant, at: fx.atAfter });
    assert.equal(taro.valid, true, JSON.stringify(taro.checks));
    verifier.free();
  });

  it('revocation modes: hard fails without data (601), soft accepts as soft_failed, off skips', () => {
    const options = { content: fx.content, at: fx.at };
    const hard = new jpki.Verifier({ trustAnchors: fx.trustPem }).verify(fx.signed, options);
    assert.equal(hard.valid, false);
    assert.equal(hard.checks.revocation.code, 601);
    const soft = new jpki.Verifier({ trustAnchors: fx.trustPem, revocation: 'soft' }).verify(fx.signed, options);
    assert.equal(soft.valid, true);
    assert.equal(soft.checks.revocation.certificates[0].status, 'soft_failed');
    const off = new jpki.Verifier({ trustAnchors: fx.trustPem, revocation: 'off' }).verify(fx.signed, options);
    assert.equal(off.valid, true);
    assert.equal(off.checks.revocation.result, 'off');
    // A revoked certificate stays refused in soft mode.
    const softAfter = new jpki.Verifier({ trustAnchors: fx.trustPem, revocation: 'soft' });
    softAfter.addCrl(fx.crlAfter);
    const revoked = softAfter.verify(fx.signedOther, { content: fx.content, at: fx.atAfter });
    assert.equal(revoked.valid, false);
    assert.equal(revoked.checks.revocation.code, 600);
  });

  it('the wrong content fails the signature check (412)', () => {
    const verifier = new jpki.Verifier({ trustAnchors: fx.trustPem, revocation: 'off' });
    const verdict = verifier.verify(fx.signed, { content: new TextEncoder().encode('口座解約申込書\n'), at: fx.at });
    assert.equal(verdict.valid, false);
    assert.equal(verdict.checks.signature.result, 'failed');
    assert.equal(verdict.checks.signature.code, 412);
    assert.equal(verdict.signer.serial, fx.serial, 'who claims to have signed');
    assert.equal('algorithm' in verdict, false);
  });

  it('an applicant who does not match fails personal_info (501)', () => {
    const verifier = new jpki.Verifier({ trustAnchors: fx.trustPem });
    verifier.addCrl(fx.crlBefore);
    const verdict = verifier.verify(fx.signed, {
      content: fx.content,
      applicant: { ...fx.applicant, birthDate: '昭和25年4月2日' },
      at: fx.at,
    });
    assert.equal(verdict.valid, false);
    assert.equal(verdict.checks.personal_info.result, 'failed');
    assert.equal(verdict.checks.personal_info.code, 501);
    assert.equal(verdict.comparison.fields.birth_date.result, 'mismatch');
  });

  it('verifyCertificate: the same verdict as `jpki cert verify --json`; usage matters', async () => {
    const verifier = new jpki.Verifier({ trustAnchors: fx.trustPem });
    verifier.addCrl(fx.crlBefore);
    const verdict = verifier.verifyCertificate(fx.certPem, { at: fx.at });
    assert.equal(verdict.valid, true, JSON.stringify(verdict.checks));
    assert.equal(verdict.usage, 'signing');
    assert.equal(verdict.certificate.serial, fx.serial);
    const { stdout } = await runCli([
      'cert', 'verify', fx.certFile, '--trust', fx.trustFile, '--crl', fx.crlBeforeFile, '--at', fx.at, '--json',
    ]);
    assertSameJson(verdict, JSON.parse(stdout));
    const asAuth = verifier.verifyCertificate(jpki.parseCertificate(fx.certPem), { usage: 'authentication', at: fx.at });
    assert.equal(asAuth.valid, false);
    assert.equal(asAuth.checks.certificate.code, 314);
  });

  it('verifies against OCSP responses too (ocspRequests, addOcspResponse)', async () => {
    const responder = await startOcspResponder(fx.caDir);
    try {
      const verifier = new jpki.Verifier({ trustAnchors: fx.trustPem });
      const queries = verifier.ocspRequests(fx.certPem);
      assert.equal(queries.length, 1);
      assert.equal(queries[0].serial, fx.serial);
      assert.equal(queries[0].url, 'http://127.0.0.1:28080/ocsp/sign');
      assert.ok(queries[0].request instanceof Uint8Array);
      verifier.addOcspResponse(await responder.post(queries[0].request));
      // The responder answers at the current time: verify now.
      const verdict = verifier.verifyCertificate(fx.certPem);
      assert.equal(verdict.valid, true, JSON.stringify(verdict.checks));
      assert.deepStrictEqual(verdict.checks.revocation.certificates, [
        { serial: fx.serial, status: 'good', source: 'ocsp' },
      ]);
      verifier.clearOcspResponses();
      assert.equal(verifier.verifyCertificate(fx.certPem).checks.revocation.code, 601);
    } finally {
      await responder.stop();
    }
  });
});

describe('Crl', () => {
  it('loads against its issuer and looks serials up (string, bigint, certificate)', () => {
    const before = jpki.Crl.load(fx.crlBefore, fx.signCaPem);
    assert.equal(before.length, 0);
    assert.deepStrictEqual(before.entries(), []);
    assert.equal(before.isRevoked(fx.otherSerial), false);
    const crl = jpki.Crl.load(fx.crlAfter, jpki.parseCertificate(fx.signCaPem));
    assert.equal(crl.length, 1);
    assert.equal(crl.thisUpdate, '2026-11-21T02:00:00Z');
    assert.equal(crl.nextUpdate, '2026-11-22T02:00:00Z');
    assert.equal(crl.isCurrentAt(fx.atAfter), true);
    assert.equal(crl.isCurrentAt('2026-11-23T00:00:00Z'), false);
    const entries = crl.entries();
    assert.equal(entries.length, 1);
    assert.equal(entries[0].serial, fx.otherSerial);
    assert.equal(entries[0].revoked_at, '2026-11-21T02:00:00Z');
    assert.equal(entries[0].reason, 'affiliationChanged');
    assert.deepStrictEqual(crl.lookup(fx.otherSerial), entries[0]);
    assert.equal(crl.lookup(fx.serial), undefined);
    // Serials: hex text, decimal text, bigint.
    assert.equal(crl.isRevoked(fx.otherSerial), true);
    assert.equal(crl.isRevoked(fx.serial), false);
    assert.equal(crl.isRevoked(BigInt(fx.otherSerial).toString(10)), true);
    assert.equal(crl.isRevoked(BigInt(fx.otherSerial)), true);
    assert.equal(crl.isRevoked(BigInt(fx.serial)), false);
    // Certificates: PEM text, DER, parsed.
    assert.equal(crl.covers(fx.otherCertPem), true);
    assert.equal(crl.isRevoked(fx.otherCertPem), true);
    assert.equal(crl.isRevoked(jpki.parseCertificate(fx.otherCertPem).der), true);
    assert.equal(crl.isRevoked(jpki.parseCertificate(fx.certPem)), false);
    crl.free();
  });

  it('a certificate it does not cover throws 601 rather than answer', async () => {
    const crl = jpki.Crl.load(fx.crlAfter, fx.signCaPem);
    assert.equal(crl.covers(fx.signCaPem), false);
    await rejectsWithCode(jpki, () => crl.isRevoked(fx.signCaPem), 601);
    await rejectsWithCode(jpki, () => crl.lookup(fx.signCaPem), 601);
  });

  it('refuses a CRL that does not verify against the issuer given (6xx)', async () => {
    const wrongIssuer = await rejectsWithCode(jpki, () => jpki.Crl.load(fx.crlAfter, fx.certPem), 608);
    assert.match(wrongIssuer.message, /issued by/);
    await rejectsWithCode(jpki, () => jpki.Crl.load(Uint8Array.of(0x30, 0x03, 1, 2, 3), fx.signCaPem), 602);
    // A signature that does not verify: flip a byte of the signature (the end of the DER).
    const tampered = Uint8Array.from(fx.crlAfter);
    tampered[tampered.length - 5] ^= 0x01;
    let error;
    try {
      jpki.Crl.load(tampered, fx.signCaPem);
    } catch (e) {
      error = e;
    }
    assert.ok(jpki.isJpkiError(error), 'a tampered CRL is refused');
    assert.ok(error.code >= 400 && error.code < 700, `${error.code} ${error.kind}`);
  });
});

describe('OCSP', () => {
  let responder;
  before(async () => {
    responder = await startOcspResponder(fx.caDir);
  });
  after(() => responder?.stop());

  it('good for the first resident, revoked for the second (from the CLI\'s responder)', async () => {
    const nonce = Uint8Array.from({ length: 16 }, (_, i) => i + 1);
    const request = jpki.buildOcspRequest(fx.certPem, fx.signCaPem, { nonce });
    assert.ok(request instanceof Uint8Array);
    assert.equal(request[0], 0x30);
    const good = jpki.checkOcspResponse(await responder.post(request), request, fx.signCaPem);
    assert.equal(good.status, 'good');
    assert.equal(good.revoked_at, undefined);
    assert.match(good.this_update, /Z$/);
    assert.match(good.produced_at, /Z$/);
    const before = Date.now() - 120_000;
    assert.ok(Date.parse(good.produced_at) >= before, 'produced now');

    const other = jpki.buildOcspRequest(jpki.parseCertificate(fx.otherCertPem), fx.signCaPem, { hash: 'sha256' });
    const revoked = jpki.checkOcspResponse(await responder.post(other), other, fx.signCaPem, { at: new Date() });
    assert.equal(revoked.status, 'revoked');
    assert.equal(revoked.revoked_at, '2026-11-21T02:00:00Z');
    assert.equal(revoked.reason, 'affiliationChanged');
  });

  it('refuses a response to another request, and one checked before it was made', async () => {
    const request = jpki.buildOcspRequest(fx.certPem, fx.signCaPem);
    const response = await responder.post(request);
    const other = jpki.buildOcspRequest(fx.otherCertPem, fx.signCaPem);
    const mismatch = await rejectsWithCode(jpki, () => jpki.checkOcspResponse(response, other, fx.signCaPem), 705);
    assert.equal(mismatch.kind, 'OCSP_CERT_ID_MISMATCH');
    // At the fixtures' time (before the responder's certificate and the answer): refused.
    let error;
    try {
      jpki.checkOcspResponse(response, request, fx.signCaPem, { at: fx.at });
    } catch (e) {
      error = e;
    }
    assert.ok(jpki.isJpkiError(error), 'an answer from the future is refused');
    assert.ok([301, 710].includes(error.code), `${error.code} ${error.kind}: ${error.message}`);
    let malformed;
    try {
      jpki.checkOcspResponse(Uint8Array.of(0x30, 0x03, 0x0a, 0x01), request, fx.signCaPem);
    } catch (e) {
      malformed = e;
    }
    assert.ok(jpki.isJpkiError(malformed), 'a malformed response is refused');
    assert.ok([100, 702].includes(malformed.code), `${malformed.code} ${malformed.kind}`);
  });
});
