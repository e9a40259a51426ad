// A TypeScript consumer of the login API (issue 13), type-checked only (`tsc
// --noEmit --strict`, jpki-wasm/tsconfig.json): each use must compile, and each line
// after `@ts-expect-error` must NOT.

import { Card, LoginChallenge, LoginResponse, MemoryNonceStore, Verifier, isJpkiError, parseCertificate } from 'jpki-wasm';
import type { AccountBinding, AccountKey, CertificateInfo, CertificateVerdict, Login, PersonalInfo, Registration, Transport } from 'jpki-wasm';

declare const transport: Transport;
declare const anchors: string;
declare const received: Uint8Array;
declare const application: Uint8Array;

// The relying party: a challenge, recorded in the store, sent as DER.
const store = new MemoryNonceStore(1024);
const challenge: LoginChallenge = LoginChallenge.generate('bank.example', { lifetimeSeconds: 300 });
LoginChallenge.generate('bank.example');
LoginChallenge.generate('bank.example', { issuedAt: new Date() });
LoginChallenge.generate('bank.example', { issuedAt: '2026-11-21T10:30:00+09:00' });
const fromParts = new LoginChallenge('bank.example', new Uint8Array(32), new Date(), '2026-11-21T10:35:00+09:00');
store.insert(challenge);
const wire: Uint8Array = challenge.toDer();
const relyingParty: string = challenge.relyingParty;
const nonce: Uint8Array = challenge.nonce;
const issuedAt: string = challenge.issuedAt;
const expiresAt: string = challenge.expiresAt;
const expired: boolean = challenge.isExpiredAt() || challenge.isExpiredAt(new Date());
const tbs: Uint8Array = challenge.toBeSigned();
const digest: Uint8Array = challenge.digest();
const content: Uint8Array = challenge.registrationContent(application);
const size: number = store.size;
store.prune();
store.prune('2026-11-21T10:30:00+09:00');
const taken: LoginChallenge = store.redeem(nonce);
// @ts-expect-error -- generate's options are issuedAt and lifetimeSeconds
LoginChallenge.generate('bank.example', { lifetime: 300 });
// @ts-expect-error -- a lifetime is a number of seconds
LoginChallenge.generate('bank.example', { lifetimeSeconds: '300' });
// @ts-expect-error -- the expiry is required
new LoginChallenge('bank.example', new Uint8Array(32), new Date());
// @ts-expect-error -- the nonce is bytes
new LoginChallenge('bank.example', 'nonce', new Date(), new Date());
// @ts-expect-error -- a time is a Date or an RFC 3339 string, not milliseconds
new LoginChallenge('bank.example', new Uint8Array(32), Date.now(), new Date());
// @ts-expect-error -- the nonce is read-only
challenge.nonce = new Uint8Array(32);
// @ts-expect-error -- size is read-only
store.size = 0;
// @ts-expect-error -- the store holds challenges, not nonces
store.insert(nonce);
// @ts-expect-error -- digest() is a method
const notDigest: Uint8Array = challenge.digest;

// The resident: the card answers the challenge it received.
async function respond(): Promise<Uint8Array> {
  const card = new Card(transport);
  const asked = LoginChallenge.fromDer(received);
  const response: LoginResponse = await card.login(asked, '1234');
  await card.login(asked);
  await card.login(asked, null, { allowLastTry: true });
  const registration: Registration = await card.register(asked, application, 'TARO1950', '1234', {
    signingTime: new Date(),
    allowLastTry: false,
  });
  const signedApplication: Uint8Array = registration.signedApplication;
  const registrationLogin: LoginResponse = registration.login;
  // @ts-expect-error -- the PIN is text (leading zeros matter)
  await card.login(asked, 1234);
  // @ts-expect-error -- an option name that does not exist
  await card.login(asked, '1234', { lastTry: true });
  // @ts-expect-error -- a challenge object, not its DER
  await card.login(received, '1234');
  // @ts-expect-error -- login() is asynchronous
  const notAwaited: LoginResponse = card.login(asked, '1234');
  // @ts-expect-error -- register's options are signingTime and allowLastTry
  await card.register(asked, application, 'TARO1950', '1234', { detached: true });
  // @ts-expect-error -- both secrets are required
  await card.register(asked, application, 'TARO1950');
  card.free();
  return response.toDer();
}

// The relying party again: the response it received, verified.
function verify(responseDer: Uint8Array, signed: Uint8Array, authCert: CertificateInfo): string | undefined {
  const verifier = new Verifier({ trustAnchors: anchors });
  const response = LoginResponse.fromDer(responseDer);
  const responseNonce: Uint8Array = response.nonce;
  const certificateDer: Uint8Array = response.certificateDer;
  const signature: Uint8Array = response.signature;
  const fromPartsResponse = new LoginResponse(responseNonce, certificateDer, signature);
  new LoginResponse(responseNonce, authCert, signature);
  new LoginResponse(responseNonce, parseCertificate(certificateDer), signature);
  try {
    const login: Login = verifier.verifyLogin(response, store, { at: new Date() });
    verifier.verifyLogin(fromPartsResponse, store);
    const valid: true = login.valid;
    const account: AccountKey = login.account;
    const id: string = account.id;
    const serial: string = account.serial;
    const keyHash: string = account.public_key_sha256;
    const issuerKeyId: string = account.issuer_key_id;
    const relying: string = login.relying_party;
    const certificate: CertificateVerdict = login.certificate;
    const usage: 'signing' | 'authentication' | 'any' = certificate.usage;

    const binding: AccountBinding = verifier.register(signed, { name: '髙橋 太郎', address: '東京都千代田区霞が関2-1-2' }, response, store, {
      at: '2026-11-21T10:30:10+09:00',
    });
    const boundId: string = binding.account.id;
    const holder: PersonalInfo = binding.holder;
    const signingSerial: string = binding.signing_certificate.serial;
    const registeredAt: string = binding.registered_at;
    // @ts-expect-error -- an accepted login is always valid
    const invalid: false = login.valid;
    // @ts-expect-error -- the account key's fields are snake_case, as the CLI's JSON
    const camel: string = account.publicKeySha256;
    // @ts-expect-error -- the response object, not its DER
    verifier.verifyLogin(responseDer, store);
    // @ts-expect-error -- a store is needed: the nonce is redeemed once
    verifier.verifyLogin(response);
    // @ts-expect-error -- an option name that does not exist
    verifier.verifyLogin(response, store, { when: new Date() });
    // @ts-expect-error -- the applicant is an object of the form's fields
    verifier.register(signed, '髙橋 太郎', response, store);
    // @ts-expect-error -- certificateDer is read-only
    response.certificateDer = new Uint8Array(0);
    return boundId === id ? id : undefined;
  } catch (e: unknown) {
    if (isJpkiError(e) && (e.code === 1101 || e.code === 1102 || e.code === 1103)) {
      return undefined;
    }
    throw e;
  } finally {
    verifier.free();
  }
}

// A host whose nonce store is its own (a Map here; a database, the web session):
// it takes the challenge out exactly once, then verifies against it.
const issuedHere = new Map<string, LoginChallenge>();
function verifyRedeemed(responseDer: Uint8Array, at?: Date): AccountKey | undefined {
  const verifier = new Verifier({ trustAnchors: anchors });
  const response = LoginResponse.fromDer(responseDer);
  const key = Array.from(response.nonce, (b) => b.toString(16).padStart(2, '0')).join('');
  const redeemed = issuedHere.get(key);
  if (redeemed === undefined || !issuedHere.delete(key)) {
    return undefined;
  }
  const login: Login = verifier.verifyLoginRedeemed(response, redeemed, { at });
  const again: Login = verifier.verifyLoginRedeemed(response, redeemed);
  verifier.verifyLoginRedeemed(response, redeemed, { at: '2026-11-21T10:30:10+09:00' });
  // @ts-expect-error -- the challenge object, not its nonce
  verifier.verifyLoginRedeemed(response, response.nonce);
  // @ts-expect-error -- the challenge is required: this is no store lookup
  verifier.verifyLoginRedeemed(response);
  // @ts-expect-error -- a MemoryNonceStore goes to verifyLogin
  verifier.verifyLoginRedeemed(response, store);
  // @ts-expect-error -- an option name that does not exist
  verifier.verifyLoginRedeemed(response, redeemed, { when: new Date() });
  verifier.free();
  return login.account.id === again.account.id ? login.account : undefined;
}

export { fromParts, respond, taken, verify, verifyRedeemed };
