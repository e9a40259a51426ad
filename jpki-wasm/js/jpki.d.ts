// Type declarations of the jpki WebAssembly package (hand-written; the build uses
// wasm-bindgen's `skip_typescript` and ships this file; `tsc --strict` checks it
// against the tests and the page). The same declarations for `--target nodejs`
// (ready at require/import) and `--target web`, whose build appends the default
// export `init()` that loads the .wasm (scripts/wasm-build.sh).
//
// Conventions: functions and options are camelCase; bytes are `Uint8Array`;
// times given are a `Date` or an RFC 3339 string (`"2026-11-21T10:00:00+09:00"`),
// and `at` left out means now (the host's clock: the core reads none). Results that
// the CLI prints as JSON are plain objects with the CLI's JSON field names
// (snake_case, contract version `JSON_SCHEMA_VERSION`). Errors are thrown as
// `JpkiError`. Objects of classes (`Verifier`, `Crl`, `Card`, `PreparedSignature`,
// `LoginChallenge`, `LoginResponse`, `MemoryNonceStore`) hold WebAssembly memory: call `free()` when done (or rely on the
// FinalizationRegistry where the runtime has one).

/** The version of the CLI's JSON contract that verdicts follow (their `schema_version`). */
export function jsonSchemaVersion(): number;
/** The package version. */
export function version(): string;

/** Every error the library throws. */
export interface JpkiError extends Error {
  readonly name: "JpkiError";
  /** The core's stable numeric code (the C ABI's and the CLI's JSON `code`). */
  readonly code: number;
  /** Its name, e.g. `"CERTIFICATE_EXPIRED"`. */
  readonly kind: string;
  /** For a wrong secret: the tries left (0 when blocked, 1 when the last try was refused). */
  readonly remaining?: number;
}
/** Whether a thrown value is a JpkiError. */
export function isJpkiError(value: unknown): value is JpkiError;
/** Every stable error code and its name. */
export function errorKinds(): Record<number, string>;

export type Bytes = Uint8Array;
export type TimeInput = Date | string;
export type Sex = "male" | "female" | "unknown";
export type Usage = "signing" | "authentication" | "any";
export type CheckResult = "passed" | "failed" | "not_run" | "off";

/** A check of a verdict, as the CLI's JSON writes it. */
export interface Check {
  result: CheckResult;
  /** When failed: the message, the code and its name. */
  error?: string;
  code?: number;
  kind?: string;
}

/** The 4 basic info of a signing certificate: the CLI's JSON `holder` object. */
export interface PersonalInfo {
  name: string;
  surname: string;
  given_name?: string;
  /** One digit per character of `name`: "1" where it is a substitute character. */
  name_substitutes: string;
  /** Character indices (0-based) of `name` that are substitutes, with the characters. */
  name_substituted: Array<{ index: number; char: string }>;
  birth_date: {
    iso: string;
    japanese: string;
    era: string;
    era_code: string;
    certificate_form: string;
  };
  sex: Sex;
  sex_code: string;
  address: string;
  address_substitutes: string;
  address_substituted: Array<{ index: number; char: string }>;
  /** Further otherName fields of the certificate. */
  other_fields: Array<{ oid: string; value: string }>;
  [more: string]: unknown;
}

/** A certificate read with its JPKI meaning. */
export interface CertificateInfo {
  der: Bytes;
  pem: string;
  kind: "signing" | "authentication" | "ca" | "other";
  /** `0x…` lowercase hex, as the CLI's JSON writes serials. */
  serial: string;
  subject: string;
  issuer: string;
  /** RFC 3339 (UTC). */
  not_before: string;
  not_after: string;
  is_ca: boolean;
  ocsp_urls: string[];
  personal_info?: PersonalInfo;
}

/** A certificate: DER or PEM bytes, PEM text, or a parsed `CertificateInfo`. */
export type CertificateInput = Bytes | string | CertificateInfo;

/** Parses one certificate (DER, or the first of a PEM text). */
export function parseCertificate(input: Bytes | string): CertificateInfo;
/** Every certificate of a PEM bundle, or the one of DER. */
export function parseCertificates(input: Bytes | string): CertificateInfo[];

/** What the applicant wrote; every field optional. */
export interface Applicant {
  name?: string;
  /** A Date (its UTC calendar date), `YYYY-MM-DD`, or Japanese era text (`昭和25年4月1日`). */
  birthDate?: Date | string;
  sex?: Sex;
  address?: string;
}

/** One field of a comparison, as the CLI's JSON writes it. */
export interface FieldResult {
  result: "exact" | "normalized" | "equivalent_by_substitution" | "mismatch" | "not_provided";
  match: boolean;
  normalized?: string[];
  positions?: number[];
  field?: string;
  expected?: string;
  found?: string;
  position?: number;
  message?: string;
}

/** The CLI's JSON `comparison` object. */
export interface Comparison {
  /** Every field given matches, and at least one was given. */
  match: boolean;
  /** All four fields given and matching. */
  all_four_match: boolean;
  fields: {
    name: FieldResult;
    birth_date: FieldResult;
    sex: FieldResult;
    address: FieldResult;
  };
}

/** Compares a signing certificate's 4 basic info with an application (throws when it has none). */
export function compareApplicant(certificate: CertificateInput, applicant: Applicant): Comparison;

/** One certificate's revocation status in a verdict. */
export interface RevocationEntry {
  serial: string;
  status: "unchecked" | "good" | "revoked" | "soft_failed";
  /** `crl` or `ocsp`, for good and revoked. */
  source?: string;
  revoked_at?: string;
  reason?: RevocationReason;
  /** For soft_failed: why each source did not answer. */
  causes?: Array<{ error: string; code: number; kind: string }>;
}

/** The verdict on a signed application: the document `jpki verify --json` prints. */
export interface Verdict {
  valid: boolean;
  schema_version: number;
  at: string;
  checks: {
    signature: Check;
    certificate: Check;
    revocation: Check & {
      /** Once the check ran: each certificate of the path but the anchor. */
      certificates?: RevocationEntry[];
    };
    personal_info: Check;
  };
  signer?: { subject: string; issuer: string; serial: string; kind: string; not_before: string; not_after: string };
  algorithm?: string;
  legacy_sha1?: boolean;
  signing_time?: string;
  path?: Array<{ subject: string; serial: string }>;
  holder?: PersonalInfo;
  comparison?: Comparison;
  [more: string]: unknown;
}

/** The verdict on a bare certificate: the document `jpki cert verify --json` prints. */
export interface CertificateVerdict {
  valid: boolean;
  schema_version: number;
  at: string;
  usage: Usage;
  checks: { certificate: Check; revocation: Check & { certificates?: RevocationEntry[] } };
  certificate: { subject: string; issuer: string; serial: string; kind: string; not_before: string; not_after: string };
  path?: Array<{ subject: string; serial: string }>;
  [more: string]: unknown;
}

export interface VerifierOptions {
  /** Trust anchors: PEM text or bytes (a bundle), DER bytes, or a list of those or of certificates. */
  trustAnchors: Bytes | string | CertificateInput[];
  intermediates?: Bytes | string | CertificateInput[];
  /** Default `"hard"`: missing, stale or unusable revocation data fails the check. */
  revocation?: "hard" | "soft" | "off";
  /** Try CRLs before OCSP responses (default: OCSP first). */
  crlFirst?: boolean;
  /** Refuse CRLs older than this many seconds (thisUpdate), whatever their nextUpdate. */
  maxCrlAge?: number;
  /** What the signer of an application must be (default `"signing"`). */
  signerUsage?: Usage;
  /** Accepted certificate policies (dotted OIDs); default: JPKI's. */
  signingPolicies?: string[];
  authenticationPolicies?: string[];
  allowLegacySha1?: boolean;
}

export interface VerifyOptions {
  /** The signed content, for a detached signature. */
  content?: Bytes;
  /** What the applicant wrote; every given field must match. */
  applicant?: Applicant;
  at?: TimeInput;
}

export interface OcspQuery {
  serial: string;
  url?: string;
  /** DER OCSPRequest: POST it (`application/ocsp-request`) and add the answer. */
  request: Bytes;
}

/** Trust anchors, policy and revocation data; verifies signed applications. */
export class Verifier {
  constructor(options: VerifierOptions);
  /** Adds a CRL (DER or PEM) that verifies against a known CA. */
  addCrl(crl: Bytes | string): "added" | "replaced" | "kept_newer";
  addOcspResponse(response: Bytes): void;
  clearOcspResponses(): void;
  readonly crlCount: number;
  verify(signed: Bytes | string, options?: VerifyOptions): Verdict;
  verifyCertificate(certificate: CertificateInput, options?: { usage?: Usage; at?: TimeInput }): CertificateVerdict;
  ocspRequests(certificate: CertificateInput, options?: { at?: TimeInput }): OcspQuery[];
  /** Verifies a login response at `at` (default now): redeems its nonce in `store`
   * (once), refuses an expired challenge, checks the signature (strict PKCS#1 v1.5)
   * over the store's own copy of the challenge, and validates the certificate as a
   * user authentication certificate with revocation under this verifier's policy.
   * Throws a `JpkiError` on the first refusal: 1101 CHALLENGE_UNKNOWN, 1102
   * CHALLENGE_REPLAYED, 1103 CHALLENGE_EXPIRED, 1104 LOGIN_SIGNATURE_INVALID, 100
   * DECODE (no certificate), a path error (302 for another hierarchy…), 314
   * WRONG_CERTIFICATE_KIND (a signing certificate), 600 CERTIFICATE_REVOKED, 601
   * REVOCATION_UNAVAILABLE (no revocation data under `"hard"`). The options are
   * checked before the nonce is spent. */
  verifyLogin(response: LoginResponse, store: MemoryNonceStore, options?: { at?: TimeInput }): Login;
  /** Verifies a login response to `challenge`, which the host has taken out of a
   * nonce store of its own (a `Map`, a database reached asynchronously, the web
   * session holding the challenge), exactly once, before calling this. Returns
   * what `verifyLogin` returns; throws 1101 CHALLENGE_UNKNOWN if the response answers
   * another nonce, then as `verifyLogin` (1103 CHALLENGE_EXPIRED, 1104…). */
  verifyLoginRedeemed(response: LoginResponse, challenge: LoginChallenge, options?: { at?: TimeInput }): Login;
  /** Verifies a registration (`Card.register` made it) at `at` (default now): redeems
   * the response's nonce in `store`, checks that the signed application is valid (its
   * 4 basic info matching `applicant`'s) and was signed over this challenge, and that
   * the login response to the same challenge is valid. Throws as `verifyLogin`, or
   * with the application's first failure (`PERSONAL_INFO_MISMATCH`…), or 1106
   * REGISTRATION_MISMATCH when it was signed over another challenge or is no
   * registration. */
  register(
    signedApplication: Bytes | string,
    applicant: Applicant,
    response: LoginResponse,
    store: MemoryNonceStore,
    options?: { at?: TimeInput },
  ): AccountBinding;
  free(): void;
}

/** RFC 5280 reason names, as the CLI's JSON writes them. */
export type RevocationReason =
  | "unspecified" | "keyCompromise" | "cACompromise" | "affiliationChanged" | "superseded"
  | "cessationOfOperation" | "certificateHold" | "removeFromCRL" | "privilegeWithdrawn"
  | "aACompromise";

/** One entry of a CRL, with the CLI's JSON names (as in verdicts' revocation entries). */
export interface CrlEntry {
  serial: string;
  revoked_at: string;
  reason?: RevocationReason;
  invalidity_date?: string;
}

/** A CRL whose signature was checked against its issuer, indexed for lookups. */
export class Crl {
  /** DER or PEM; throws when it does not verify against `issuer`. */
  static load(crl: Bytes | string, issuer: CertificateInput): Crl;
  readonly length: number;
  readonly thisUpdate: string;
  readonly nextUpdate: string | undefined;
  isCurrentAt(at: TimeInput): boolean;
  covers(certificate: CertificateInput): boolean;
  /** A serial (`0x…` hex, decimal text, or bigint) or a certificate; for a
   * certificate this CRL does not cover, throws (code 601) rather than answer. */
  isRevoked(serialOrCertificate: string | bigint | CertificateInput): boolean;
  lookup(serialOrCertificate: string | bigint | CertificateInput): CrlEntry | undefined;
  entries(): CrlEntry[];
  free(): void;
}

export type HashName = "sha1" | "sha256" | "sha384" | "sha512";

/** A DER OCSPRequest for `certificate` issued by `issuer`. */
export function buildOcspRequest(
  certificate: CertificateInput,
  issuer: CertificateInput,
  options?: { hash?: HashName; nonce?: Bytes },
): Bytes;

export interface OcspStatus {
  status: "good" | "revoked" | "unknown";
  revoked_at?: string;
  reason?: RevocationReason;
  this_update: string;
  next_update?: string;
  produced_at: string;
}

/** Checks an OCSP response (signature, responder, CertID, nonce, freshness) for `request`. */
export function checkOcspResponse(
  response: Bytes,
  request: Bytes,
  issuer: CertificateInput,
  options?: { at?: TimeInput },
): OcspStatus;

/** Two-phase signing: the digest to sign now, the SignedData once the signature comes back. */
export class PreparedSignature {
  constructor(
    content: Bytes,
    signer: CertificateInput,
    options?: { ca?: CertificateInput; detached?: boolean; signingTime?: TimeInput },
  );
  readonly hash: HashName;
  readonly digest: Bytes;
  /** The DigestInfo a PKCS#1 v1.5 signer signs. */
  readonly digestInfo: Bytes;
  /** The SignedData (DER); the signature is checked against the certificate first. */
  finish(signature: Bytes): Bytes;
  free(): void;
}

/** Anything that sends one command APDU and resolves to the whole answer (data, SW1 SW2):
 * a WebUSB or NFC bridge, a WebSocket to a reader, a test double. A VERIFY command
 * carries a secret: do not log or keep it. */
export interface Transport {
  transmit(command: Uint8Array): Promise<Uint8Array>;
}

export type PinKind = "signing-password" | "auth-pin" | "attributes-pin";
export type CertificateSlot = "sign" | "sign-ca" | "auth" | "auth-ca";
export type KeySlot = "sign" | "auth";

/** The card session, driven by an async transport (one operation at a time: a second
 * call while one is running throws code 807). Secrets are validated before anything is
 * sent, VERIFY is never retried, and the last remaining try is refused (code 904) unless
 * `allowLastTry`. */
export class Card {
  constructor(transport: Transport);
  info(): Promise<{ kind: string; has_signing_certificate: boolean; has_authentication_certificate: boolean }>;
  pinStatus(kind: PinKind): Promise<{ kind: PinKind; remaining?: number; blocked: boolean; verified: boolean }>;
  /** Verifies a secret. A secret already verified in this session is not sent again
   * (the promise resolves at once, whatever `pin` is). */
  verifyPin(kind: PinKind, pin: string, options?: { allowLastTry?: boolean }): Promise<void>;
  readCertificate(slot: CertificateSlot, options?: { pin?: string }): Promise<CertificateInfo>;
  signDigest(
    key: KeySlot,
    digest: Bytes,
    options?: { hash?: HashName; pin?: string; allowLastTry?: boolean },
  ): Promise<Bytes>;
  /** CMS SignedData (DER) over `content`, carrying the certificate and its CA
   * certificate; `signingTime` left out means now. */
  sign(
    content: Bytes,
    options: { pin?: string; key?: KeySlot; detached?: boolean; signingTime?: TimeInput; allowLastTry?: boolean },
  ): Promise<Bytes>;
  /** Answers a relying party's challenge in one card operation: verifies the
   * authentication PIN (`pin`; left out or `null` when already verified in this
   * session), reads the user authentication certificate and signs the challenge's
   * SHA-256 DigestInfo with the authentication key. Send `toDer()` of the response
   * to the relying party. */
  login(challenge: LoginChallenge, pin?: string | null, options?: { allowLastTry?: boolean }): Promise<LoginResponse>;
  /** Registers with a relying party: signs `application` wrapped with the challenge
   * (`challenge.registrationContent(application)`, content attached) with the signing
   * key, then answers the same challenge with the authentication key. Both secrets are
   * checked for their form before anything is sent; `signingTime` left out means now;
   * `allowLastTry` applies to both. */
  register(
    challenge: LoginChallenge,
    application: Bytes,
    signingPassword: string,
    authPin: string,
    options?: { signingTime?: TimeInput; allowLastTry?: boolean },
  ): Promise<Registration>;
  free(): void;
}

/** A relying party's login challenge (DER: a context string, the relying party, a
 * 32–64-byte nonce, issue and expiry times). The card signs the SHA-256 DigestInfo of
 * its DER. Invalid values throw 1100 INVALID_CHALLENGE. */
export class LoginChallenge {
  /** Times are whole seconds (a fraction is dropped); `expiresAt` must be after `issuedAt`. */
  constructor(relyingParty: string, nonce: Bytes, issuedAt: TimeInput, expiresAt: TimeInput);
  /** A challenge with a 32-byte nonce from `globalThis.crypto.getRandomValues` (1100
   * when the host has none), issued at `issuedAt` (default now) and valid for
   * `lifetimeSeconds` (default 300). */
  static generate(relyingParty: string, options?: { issuedAt?: TimeInput; lifetimeSeconds?: number }): LoginChallenge;
  /** Reads the DER of a challenge (100 DECODE, or 1100 for unusable values or a
   * non-canonical encoding). */
  static fromDer(der: Bytes): LoginChallenge;
  /** The DER sent to the resident. */
  toDer(): Bytes;
  readonly relyingParty: string;
  readonly nonce: Bytes;
  /** RFC 3339, UTC (`2026-11-21T01:00:00Z`). */
  readonly issuedAt: string;
  /** RFC 3339, UTC: a response verified at or after it is refused (1103). */
  readonly expiresAt: string;
  /** Whether it has expired at `at` (default now). */
  isExpiredAt(at?: TimeInput): boolean;
  /** The 51 bytes the card signs with PKCS#1 v1.5 padding: the SHA-256 DigestInfo of the DER. */
  toBeSigned(): Bytes;
  /** The SHA-256 of the DER (32 bytes). */
  digest(): Bytes;
  /** The content a registration's application is signed over: this challenge and `application`. */
  registrationContent(application: Bytes): Bytes;
  free(): void;
}

/** A resident's answer to a challenge: the nonce, the authentication certificate
 * (DER) and the signature. */
export class LoginResponse {
  /** From its parts; the certificate (DER bytes, or a parsed certificate) is not
   * checked until `verifyLogin`. */
  constructor(nonce: Bytes, certificate: Bytes | CertificateInfo, signature: Bytes);
  /** Reads the DER of a response (100 DECODE). */
  static fromDer(der: Bytes): LoginResponse;
  /** The DER sent to the relying party. */
  toDer(): Bytes;
  readonly nonce: Bytes;
  /** The certificate's DER, as sent (unchecked). */
  readonly certificateDer: Bytes;
  readonly signature: Bytes;
  free(): void;
}

/** The relying party's outstanding challenges, in this process's memory, each
 * answered once; at most `capacity` held (outstanding and recently redeemed).
 * Expired ones are dropped when a challenge is inserted or on `prune`. */
export class MemoryNonceStore {
  /** A non-negative integer (TypeError otherwise). */
  constructor(capacity: number);
  /** Records an issued challenge (1100 if its nonce was issued before, 1105
   * NONCE_STORE_FULL when full). */
  insert(challenge: LoginChallenge): void;
  /** Takes the challenge with `nonce` out, once (1102 CHALLENGE_REPLAYED after that,
   * 1101 CHALLENGE_UNKNOWN if never issued or forgotten). `verifyLogin` does this. */
  redeem(nonce: Bytes): LoginChallenge;
  /** Drops every challenge expired at `at` (default now). */
  prune(at?: TimeInput): void;
  /** How many challenges are held (outstanding and redeemed). */
  readonly size: number;
  free(): void;
}

/** What identifies an account's logins: not the certificate's subject (which names
 * no person and changes with each certificate). A renewed card has a new one. */
export interface AccountKey {
  /** `<issuer key id hex>:<serial hex>:<public key SHA-256 hex>`: store and compare this. */
  id: string;
  /** The issuing CA's key identifier (hex). */
  issuer_key_id: string;
  /** The authentication certificate's serial (`0x…`). */
  serial: string;
  /** SHA-256 of its SubjectPublicKeyInfo (hex). */
  public_key_sha256: string;
}

/** An accepted login: the document `jpki login verify --json` prints. */
export interface Login {
  valid: true;
  schema_version: number;
  at: string;
  relying_party: string;
  account: AccountKey;
  /** The authentication certificate's verdict (usage `"authentication"`), as `verifyCertificate`'s. */
  certificate: CertificateVerdict;
}

/** What a relying party records when an account is registered. */
export interface AccountBinding {
  schema_version: number;
  registered_at: string;
  /** The login account key: logins whose `account.id` equals it are this account's. */
  account: AccountKey;
  /** The signing certificate the application was signed with. */
  signing_certificate: { serial: string; issuer: string; not_after: string };
  /** The holder's 4 basic info at registration. */
  holder: PersonalInfo;
}

/** What `Card.register` resolves to: send both to the relying party. */
export interface Registration {
  /** CMS SignedData (DER, content attached) over `challenge.registrationContent(application)`. */
  signedApplication: Bytes;
  /** The login response to the same challenge. */
  login: LoginResponse;
}
