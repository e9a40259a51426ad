// Shared fixtures of the jpki-wasm tests (node and browser): a simulated J-LIS made
// by the jpki CLI, two residents with virtual cards, their signed application form,
// and the municipality's CRL before and after one of them moves.
//
//   import { makeFixtures } from '../fixtures.mjs';
//   const fx = await makeFixtures(dir);   // dir: a fresh (or empty) directory
//
// The CLI is $JPKI_CLI, else <repo>/target/debug/jpki, built with
// `cargo build -p jpki-cli --locked` when missing. Every CLI call is bounded in time.

import { execFile, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** Where scripts/wasm-build.sh writes the packages (`web/`, `nodejs/`). */
export const wasmPkgDir = join(repoRoot, 'target', 'wasm-pkg');

/** 2026-11-21 10:00 JST: the authority, the cards and the signatures are made then. */
export const AT = '2026-11-21T10:00:00+09:00';
/** The second resident moves an hour later (her signing certificate is revoked). */
export const AT_MOVE = '2026-11-21T11:00:00+09:00';
/** Checks after the move. */
export const AT_AFTER = '2026-11-21T12:00:00+09:00';

/** The signed form. 髙 is outside the certificate charset: the certificate has 高. */
export const CONTENT_TEXT = '口座開設申込書\n氏名: 髙橋 太郎\n';

/** The first resident (the applicant); the address is written with a kanji block number. */
export const TARO = Object.freeze({
  name: '髙橋 太郎',
  birth: '1950-04-01',
  sex: 'male',
  address: '東京都千代田区霞が関二丁目1番2号',
  signPassword: 'TARO1950',
  authPin: '1234',
});
/** The second resident, who moves at AT_MOVE. */
export const HANAKO = Object.freeze({
  name: '佐藤 花子',
  birth: '1990-07-15',
  sex: 'female',
  address: '東京都千代田区永田町1丁目7番1号',
  signPassword: 'HANAKO1990',
  authPin: '5678',
});

const CLI_TIMEOUT_MS = 60_000;

let cliChecked;

/** The path of the jpki CLI, built when missing (throws when it cannot be had). */
export function cliPath() {
  if (cliChecked) return cliChecked;
  const fromEnv = process.env.JPKI_CLI;
  if (fromEnv) {
    if (!existsSync(fromEnv)) throw new Error(`JPKI_CLI=${fromEnv} does not exist`);
    cliChecked = fromEnv;
    return fromEnv;
  }
  const path = join(repoRoot, 'target', 'debug', 'jpki');
  if (!existsSync(path)) {
    const built = spawnSync('cargo', ['build', '-p', 'jpki-cli', '--locked'], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'inherit'],
      timeout: 30 * 60_000,
    });
    if (built.status !== 0 || !existsSync(path)) {
      throw new Error(`cargo build -p jpki-cli failed (status ${built.status}); the jpki CLI is needed`);
    }
  }
  cliChecked = path;
  return path;
}

/**
 * Runs the jpki CLI; resolves to {stdout, stderr, code} (rejects on a timeout or
 * when it cannot start). `okCodes` are the exit codes that count as success
 * (default [0]); others reject with the CLI's stderr.
 */
export function runCli(args, { env = {}, cwd, okCodes = [0], timeout = CLI_TIMEOUT_MS } = {}) {
  const cli = cliPath();
  return new Promise((resolvePromise, reject) => {
    execFile(
      cli,
      args,
      { cwd, env: { ...process.env, ...env }, timeout, maxBuffer: 64 * 1024 * 1024, encoding: 'utf8' },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : null) : 0;
        if (code !== null && okCodes.includes(code)) {
          resolvePromise({ stdout, stderr, code });
        } else {
          const why = error && error.killed ? `killed after ${timeout} ms` : `exit ${code ?? error?.code}`;
          reject(new Error(`jpki ${args.join(' ')}: ${why}\n${stderr}`));
        }
      },
    );
  });
}

/** A plain Uint8Array with a file's bytes (not a Buffer: compares equal to one). */
export function readBytes(path) {
  const buffer = readFileSync(path);
  return new Uint8Array(buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + buffer.byteLength));
}

/**
 * Personalizes a virtual card for `resident` ({name, birth, sex, address,
 * signPassword, authPin}) at the authority in `caDir`; writes `<prefix>.card.json`
 * and `<prefix>.pem` (the signing certificate) in `dir`. Resolves to
 * {cardFile, certFile, certPem, serial, authSerial, personalInfo}.
 */
export async function issueCard(caDir, dir, prefix, resident, at = AT) {
  const cardFile = join(dir, `${prefix}.card.json`);
  const certFile = join(dir, `${prefix}.pem`);
  const { stdout } = await runCli(
    [
      'sim', 'issue', caDir,
      '--name', resident.name,
      '--birth', resident.birth,
      '--sex', resident.sex,
      '--address', resident.address,
      '--card', cardFile,
      '--sign-pin-env', 'JPKI_FIXTURE_SIGN_PW',
      '--auth-pin-env', 'JPKI_FIXTURE_AUTH_PIN',
      '--out', certFile,
      '--at', at,
      '--json',
    ],
    { env: { JPKI_FIXTURE_SIGN_PW: resident.signPassword, JPKI_FIXTURE_AUTH_PIN: resident.authPin } },
  );
  const issued = JSON.parse(stdout);
  const signing = issued.certificates.find((c) => c.kind === 'signing');
  const authentication = issued.certificates.find((c) => c.kind === 'authentication');
  if (!signing || !authentication) throw new Error(`jpki sim issue: unexpected output ${stdout}`);
  return {
    cardFile,
    certFile,
    certPem: readFileSync(certFile, 'utf8'),
    serial: signing.serial,
    authSerial: authentication.serial,
    personalInfo: issued.personal_info,
  };
}

/** Signs `contentFile` with the signing key of `cardFile` (detached, DER); resolves to the path. */
export async function signWithCard(cardFile, contentFile, out, password, at = AT) {
  await runCli(
    ['sign', '--sim', cardFile, contentFile, '-o', out, '--pin-env', 'JPKI_FIXTURE_SIGN_PW', '--at', at],
    { env: { JPKI_FIXTURE_SIGN_PW: password } },
  );
  return out;
}

/**
 * Makes the fixtures in `dir` (created if missing; must be empty). Resolves to:
 *
 *  cli, dir, caDir                   the CLI and the simulated authority's state directory
 *  trustFile, trustPem               the authority's trust anchors (PEM bundle: path, text)
 *  linksPem                          its link certificates (PEM text)
 *  contentFile, content              the signed form (path, Uint8Array)
 *  signedFile, signed                SignedData (DER, detached) of the form by 髙橋 太郎
 *                                    (substitute 高 at index 0 of the certificate's name)
 *  signedOtherFile, signedOther      the same by 佐藤 花子, who moves at atMove
 *  crlBeforeFile, crlBefore          the municipality's signing CRL at `at` (nobody revoked)
 *  crlAfterFile, crlAfter            the same at `atMove` (佐藤 花子's certificate revoked)
 *  at, atMove, atAfter               RFC 3339 times (see AT, AT_MOVE, AT_AFTER)
 *  cardFile, cardOtherFile           the residents' virtual cards (card.json files)
 *  signPassword, authPin             the first resident's secrets
 *  otherSignPassword, otherAuthPin   the second resident's
 *  applicant                         the form's fields as a camelCase Applicant (name with 髙,
 *                                    address written 2-1-2: a substitution and a normalization)
 *  applicantOther                    the second resident's form fields
 *  certFile, certPem, serial         the first resident's signing certificate ("0x…" serial)
 *  otherCertFile, otherCertPem, otherSerial   the second resident's
 *  holder                            the 4 basic info of the first resident's certificate
 *                                    (the CLI's JSON `personal_info`)
 *  signCaFile, signCaPem             the signing CA certificate that issued both signing
 *                                    certificates and signs the CRLs (the issuer for Crl.load)
 *  authSerial, otherAuthSerial       the residents' user authentication certificates' serials
 *  authCrlFile, authCrl              the municipality's authentication CRL at `at` (nobody
 *                                    revoked; a move leaves authentication certificates valid)
 */
export async function makeFixtures(dir) {
  mkdirSync(dir, { recursive: true });
  if (readdirSync(dir).length !== 0) throw new Error(`makeFixtures: ${dir} is not empty`);
  const cli = cliPath();
  const caDir = join(dir, 'ca');
  await runCli(['sim', 'init', caDir, '--at', AT]);
  const trustFile = join(caDir, 'trust.pem');

  const taro = await issueCard(caDir, dir, 'taro', TARO);
  const hanako = await issueCard(caDir, dir, 'hanako', HANAKO);

  const contentFile = join(dir, 'form.txt');
  writeFileSync(contentFile, CONTENT_TEXT);
  const signedFile = await signWithCard(taro.cardFile, contentFile, join(dir, 'taro.p7s'), TARO.signPassword);
  const signedOtherFile = await signWithCard(
    hanako.cardFile, contentFile, join(dir, 'hanako.p7s'), HANAKO.signPassword);

  // The signing CA certificate (generation 2) that issued both signing
  // certificates and signs the municipality's CRL, as the card holds it.
  const signCaFile = join(dir, 'sign-ca.pem');
  await runCli(['card', 'read-cert', '--sim', taro.cardFile, '--sign-ca', '-o', signCaFile]);

  const crlBeforeFile = join(dir, 'before.crl');
  await runCli(['sim', 'crl', caDir, '-o', crlBeforeFile, '--at', AT]);
  await runCli(['sim', 'event', caDir, '--serial', hanako.serial, 'move', '--at', AT_MOVE]);
  const crlAfterFile = join(dir, 'after.crl');
  await runCli(['sim', 'crl', caDir, '-o', crlAfterFile, '--at', AT_MOVE]);
  const authCrlFile = join(dir, 'auth.crl');
  await runCli(['sim', 'crl', caDir, '--kind', 'auth', '-o', authCrlFile, '--at', AT]);

  return {
    cli,
    dir,
    caDir,
    trustFile,
    trustPem: readFileSync(trustFile, 'utf8'),
    linksPem: readFileSync(join(caDir, 'links.pem'), 'utf8'),
    contentFile,
    content: readBytes(contentFile),
    signedFile,
    signed: readBytes(signedFile),
    signedOtherFile,
    signedOther: readBytes(signedOtherFile),
    crlBeforeFile,
    crlBefore: readBytes(crlBeforeFile),
    crlAfterFile,
    crlAfter: readBytes(crlAfterFile),
    at: AT,
    atMove: AT_MOVE,
    atAfter: AT_AFTER,
    cardFile: taro.cardFile,
    cardOtherFile: hanako.cardFile,
    signPassword: TARO.signPassword,
    authPin: TARO.authPin,
    otherSignPassword: HANAKO.signPassword,
    otherAuthPin: HANAKO.authPin,
    applicant: { name: TARO.name, birthDate: '昭和25年4月1日', sex: 'male', address: '東京都千代田区霞が関2-1-2' },
    applicantOther: { name: HANAKO.name, birthDate: HANAKO.birth, sex: 'female', address: HANAKO.address },
    certFile: taro.certFile,
    certPem: taro.certPem,
    serial: taro.serial,
    otherCertFile: hanako.certFile,
    otherCertPem: hanako.certPem,
    otherSerial: hanako.serial,
    holder: taro.personalInfo,
    signCaFile,
    signCaPem: readFileSync(signCaFile, 'utf8'),
    authSerial: taro.authSerial,
    otherAuthSerial: hanako.authSerial,
    authCrlFile,
    authCrl: readBytes(authCrlFile),
  };
}
