// A TypeScript consumer of jpki-wasm, written against the declarations the build
// ships (jpki-wasm/tsconfig.json maps "jpki-wasm" to
// target/wasm-pkg/nodejs/jpki_wasm.d.ts). Type-checked only (`tsc --noEmit --strict`),
// never run: each use below must compile, and each line after `@ts-expect-error`
// must NOT, so the check fails if the declarations get too loose as well as when
// they lose or rename something.

import {
  Card,
  Crl,
  PreparedSignature,
  Verifier,
  buildOcspRequest,
  checkOcspResponse,
  compareApplicant,
  errorKinds,
  isJpkiError,
  jsonSchemaVersion,
  parseCertificate,
  parseCertificates,
  version,
} from 'jpki-wasm';
import type {
  Applicant,
  CertificateInfo,
  CertificateVerdict,
  Check,
  CheckResult,
  Comparison,
  CrlEntry,
  FieldResult,
  HashName,
  JpkiError,
  OcspQuery,
  OcspStatus,
  PersonalInfo,
  Transport,
  Verdict,
} from 'jpki-wasm';

declare const pem: string;
declare const der: Uint8Array;
declare const signed: Uint8Array;
declare const content: Uint8Array;
declare const crlBytes: Uint8Array;

const schema: number = jsonSchemaVersion();
const pkgVersion: string = version();

// Certificates and their 4 basic info.
const cert: CertificateInfo = parseCertificate(pem);
const fromDer: CertificateInfo = parseCertificate(der);
const bundle: CertificateInfo[] = parseCertificates(pem);
const kind: 'signing' | 'authentication' | 'ca' | 'other' = cert.kind;
const serial: string = cert.serial;
const bytes: Uint8Array = cert.der;
const ocspUrls: string[] = cert.ocsp_urls;
const info: PersonalInfo | undefined = cert.personal_info;
if (info) {
  const substituted: Array<{ index: number; char: string }> = info.name_substituted;
  const first: number | undefined = substituted[0]?.index;
  const era: string = info.birth_date.japanese;
  const sex: 'male' | 'female' | 'unknown' = info.sex;
  const given: string | undefined = info.given_name;
  const otherOids: string[] = info.other_fields.map((f) => f.oid);
  // @ts-expect-error -- sex is one of three names
  const wrongSex: 'man' = info.sex;
}

// The comparison with the form: the CLI's JSON `comparison` (README "JSON output":
// `match`, `all_four_match`, `fields` with `name`, `birth_date`, `sex`, `address`).
const applicant: Applicant = {
  name: '髙橋 太郎',
  birthDate: '昭和25年4月1日',
  sex: 'male',
  address: '東京都千代田区霞が関2-1-2',
};
const byDate: Applicant = { birthDate: new Date(Date.UTC(1950, 3, 1)) };
const comparison: Comparison = compareApplicant(cert, applicant);
const matches: boolean = comparison.match;
const allFour: boolean = comparison.all_four_match;
const name: FieldResult = comparison.fields.name;
const birth: FieldResult = comparison.fields.birth_date;
const nameResult: FieldResult['result'] = name.result;
const position: number | undefined = name.position;
const expected: string | undefined = birth.expected;
compareApplicant(der, {});
compareApplicant(pem, { sex: 'unknown' });
// @ts-expect-error -- an unknown field of the applicant
compareApplicant(cert, { fullName: '髙橋 太郎' });
// @ts-expect-error -- sex names are male/female/unknown
compareApplicant(cert, { sex: 'M' });
// @ts-expect-error -- a birth date is a Date or a string
compareApplicant(cert, { birthDate: 19500401 });

// The verifier and its verdicts.
const verifier = new Verifier({ trustAnchors: pem, revocation: 'hard', crlFirst: true, maxCrlAge: 86_400 });
new Verifier({ trustAnchors: [cert, der, pem], intermediates: bundle, signerUsage: 'any', allowLegacySha1: false });
// @ts-expect-error -- trustAnchors is required
new Verifier({ revocation: 'soft' });
// @ts-expect-error -- an option name that does not exist
new Verifier({ trustAnchors: pem, revocations: 'soft' });
// @ts-expect-error -- revocation modes are hard/soft/off
new Verifier({ trustAnchors: pem, revocation: 'strict' });
const change: 'added' | 'replaced' | 'kept_newer' = verifier.addCrl(crlBytes);
verifier.addCrl(pem);
const crlCount: number = verifier.crlCount;
// @ts-expect-error -- crlCount is read-only
verifier.crlCount = 2;

const verdict: Verdict = verifier.verify(signed, { content, applicant, at: '2026-11-21T10:00:00+09:00' });
verifier.verify(signed, { at: new Date() });
verifier.verify(signed);
const valid: boolean = verdict.valid;
const at: string = verdict.at;
const version1: number = verdict.schema_version;
const signature: Check = verdict.checks.signature;
const result: CheckResult = verdict.checks.revocation.result;
const code: number | undefined = verdict.checks.revocation.code;
const revokedSerial: string | undefined = verdict.checks.revocation.certificates?.[0]?.serial;
const entryStatus: 'unchecked' | 'good' | 'revoked' | 'soft_failed' | undefined =
  verdict.checks.revocation.certificates?.[0]?.status;
const softCauses: number[] | undefined = verdict.checks.revocation.certificates?.[0]?.causes?.map((c) => c.code);
// @ts-expect-error -- no such status
const badStatus: 'valid' | undefined = verdict.checks.revocation.certificates?.[0]?.status;
const signerSerial: string | undefined = verdict.signer?.serial;
const holder: PersonalInfo | undefined = verdict.holder;
const verdictNameMatch: boolean | undefined = verdict.comparison?.fields.name.match;
// @ts-expect-error -- content is bytes, not text
verifier.verify(signed, { content: 'text' });
// @ts-expect-error -- a time is a Date or an RFC 3339 string, not milliseconds
verifier.verify(signed, { at: 1_795_000_000_000 });
// @ts-expect-error -- an option name that does not exist
verifier.verify(signed, { when: '2026-11-21T10:00:00+09:00' });
// @ts-expect-error -- `result` is one of the four names
const badResult: 'ok' = verdict.checks.signature.result;

const certVerdict: CertificateVerdict = verifier.verifyCertificate(cert, { usage: 'authentication', at: new Date() });
const usage: 'signing' | 'authentication' | 'any' = certVerdict.usage;
// @ts-expect-error -- usages are signing/authentication/any
verifier.verifyCertificate(cert, { usage: 'sign' });

const queries: OcspQuery[] = verifier.ocspRequests(cert, { at: new Date() });
const request0: Uint8Array | undefined = queries[0]?.request;
verifier.addOcspResponse(der);
verifier.clearOcspResponses();
verifier.free();

// CRLs.
const crl: Crl = Crl.load(crlBytes, cert);
const length: number = crl.length;
const thisUpdate: string = crl.thisUpdate;
const nextUpdate: string | undefined = crl.nextUpdate;
const revoked: boolean = crl.isRevoked('0x01000002') || crl.isRevoked(16_777_218n) || crl.isRevoked(cert);
const entry: CrlEntry | undefined = crl.lookup(der);
const entries: CrlEntry[] = crl.entries();
const current: boolean = crl.isCurrentAt(new Date());
const covers: boolean = crl.covers(pem);
// @ts-expect-error -- a serial is text or a bigint: a number would lose digits
crl.isRevoked(16_777_218);
// @ts-expect-error -- length is read-only
crl.length = 0;
crl.free();

// OCSP.
const hash: HashName = 'sha256';
const request: Uint8Array = buildOcspRequest(cert, pem, { hash, nonce: new Uint8Array(16) });
const status: OcspStatus = checkOcspResponse(der, request, cert, { at: '2026-12-01T00:00:00Z' });
const good: boolean = status.status === 'good';
// @ts-expect-error -- hash names are sha1/sha256/sha384/sha512
buildOcspRequest(cert, pem, { hash: 'md5' });
// @ts-expect-error -- an option name that does not exist
buildOcspRequest(cert, pem, { hashAlgorithm: 'sha256' });

// Errors.
try {
  parseCertificate(der);
} catch (e: unknown) {
  if (isJpkiError(e)) {
    const c: number = e.code;
    const k: string = e.kind;
    const left: number | undefined = e.remaining;
    const n: 'JpkiError' = e.name;
    const asError: Error = e;
    // @ts-expect-error -- the code is read-only
    e.code = 0;
  }
  // @ts-expect-error -- not narrowed outside the guard
  const c2: number = e.code;
}
const kinds: Record<number, string> = errorKinds();
const revokedName: string | undefined = kinds[600];
declare const someError: JpkiError;

// Two-phase signing and the card over an async transport.
const transport: Transport = {
  transmit: async (command: Uint8Array): Promise<Uint8Array> => command,
};
const card = new Card(transport);
new Card({ transmit: (command) => Promise.resolve(command) });
// @ts-expect-error -- transmit must return a Promise
new Card({ transmit: (command: Uint8Array) => command });
// @ts-expect-error -- a transport needs transmit
new Card({ send: async (command: Uint8Array) => command });

async function flow(): Promise<Uint8Array> {
  const cardInfo: { kind: string; has_signing_certificate: boolean } = await card.info();
  const pin = await card.pinStatus('signing-password');
  const remaining: number | undefined = pin.remaining;
  const blocked: boolean = pin.blocked;
  await card.verifyPin('auth-pin', '1234', { allowLastTry: false });
  const signer: CertificateInfo = await card.readCertificate('sign', { pin: 'TARO1950' });
  const ca: CertificateInfo = await card.readCertificate('sign-ca');
  const prepared = new PreparedSignature(content, signer, { ca, detached: true, signingTime: new Date() });
  const digest: Uint8Array = prepared.digest;
  const digestInfo: Uint8Array = prepared.digestInfo;
  const preparedHash: HashName = prepared.hash;
  const sig: Uint8Array = await card.signDigest('sign', digest, { hash: preparedHash, pin: 'TARO1950' });
  const signedData: Uint8Array = prepared.finish(sig);
  prepared.free();
  const oneCall: Uint8Array = await card.sign(content, { pin: 'TARO1950', detached: true, signingTime: '2026-11-21T10:00:00+09:00' });
  // @ts-expect-error -- slots are sign/sign-ca/auth/auth-ca
  await card.readCertificate('signing');
  // @ts-expect-error -- secret kinds are signing-password/auth-pin/attributes-pin
  await card.pinStatus('pin');
  // @ts-expect-error -- hash names are sha1/sha256/sha384/sha512
  await card.signDigest('sign', digest, { hash: 'sha-256' });
  // @ts-expect-error -- key slots are sign/auth
  await card.signDigest('sign-ca', digest);
  // @ts-expect-error -- an option name that does not exist
  await card.sign(content, { password: 'TARO1950' });
  // @ts-expect-error -- info() is asynchronous
  const notAwaited: { kind: string } = card.info().kind;
  // @ts-expect-error -- digest is read-only
  prepared.digest = new Uint8Array(32);
  card.free();
  return signedData.length > 0 ? signedData : oneCall;
}
export { flow };
