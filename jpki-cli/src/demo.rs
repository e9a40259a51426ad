//! `jpki demo`: the seeds' scenario end to end, in one process, on the simulator.
//!
//! Issuance at the municipal window after identity checks, key pairs generated
//! inside the resident's (virtual) IC card, the certificates written back, an
//! application reading the card through the JPKI protocol, the 4 basic info with a
//! substitute character, the verifier's comparison with the application form, the
//! resident registering the card with the bank and logging in with the user
//! authentication certificate, then the register reports a move and the signing
//! certificate is revoked (異動等失効) while logins keep working, the resident
//! registers the new signing certificate, and after a death logins are refused.

use jpki::Applicant;
use jpki::Certificate;
use jpki::Date;
use jpki::Sex;
use jpki::card::{
    CardKind, CardSigner, CertificateSlot, JpkiCard, KeySlot, Pin, PinKind, Secret, Transport,
};
use jpki::cms::{SignOptions, sign};
use jpki::crypto::{EcCurve, HashAlgorithm};
use jpki::login::{
    AccountBinding, BindingStatus, Login, LoginChallenge, LoginResponse, MemoryNonceStore,
    NonceStore, register, respond,
};
use jpki::revocation::{RevocationReason, RevocationStatus};
use jpki::sim::{
    Authority, AuthorityOptions, Event, KeyProfile, Purpose, RegisterRecord, VirtualCard,
    personalize,
};
use jpki::{CrlChange, Serial, Time, Verifier};

use crate::cmd_sim::outcome_text;
use crate::render::{comparison_text, hex, personal_info_text};
use crate::{Failure, Outcome, time_arg};

/// The demo resident's secrets (a demo: real ones come from a prompt or an
/// environment variable).
const DEMO_PASSWORD: &str = "TARO1950";
const DEMO_PIN: &str = "1234";

const DAY: u64 = 86_400;

/// The relying party's name in its login challenges.
const BANK: &str = "bank.example";

fn step(n: u32, title: &str) {
    outln!("\n[{n}] {title}");
}

/// Today's CRL of the partition that holds the certificate `serial`.
fn partition_crl(authority: &mut Authority, serial: &Serial, at: Time) -> Result<Vec<u8>, Failure> {
    let issued = authority
        .find_issued(serial)
        .ok_or_else(|| Failure(format!("demo: certificate {serial} was not recorded")))?;
    let (purpose, generation) = (issued.purpose(), issued.generation());
    let (prefecture, municipality) = (
        issued.partition().0.to_owned(),
        issued.partition().1.to_owned(),
    );
    Ok(authority.crl(purpose, generation, (&prefecture, &municipality), at, DAY)?)
}

/// One login at `at`: the bank's challenge (recorded in its nonce store), the
/// resident's card answering it, the bank verifying the answer. What goes over
/// the wire, both ways, is DER.
fn log_in<T: Transport>(
    card: &mut JpkiCard<T>,
    pin: &Pin,
    verifier: &Verifier,
    store: &MemoryNonceStore,
    at: Time,
) -> Result<Result<Login, jpki::Error>, Failure> {
    let challenge = LoginChallenge::generate(BANK, at, 300)?;
    store.insert(&challenge)?;
    let received = LoginChallenge::from_der(challenge.der())?;
    let response = respond(card, &received, Some(pin))?;
    let answer = LoginResponse::from_der(&response.to_der()?)?;
    Ok(verifier.verify_login(&answer, store, at))
}

/// A request (e.g. a transfer order) the resident signs with the card's signing
/// key, the content attached.
fn signed_request<T: Transport>(
    card: &mut JpkiCard<T>,
    password: &Pin,
    text: &str,
    at: Time,
) -> Result<Vec<u8>, Failure> {
    let cert =
        Certificate::from_der(&card.read_certificate(CertificateSlot::Signing, Some(password))?)?;
    let hash = hash_for(&cert);
    let mut signer = CardSigner::new(card, KeySlot::Signing, cert, Some(password.clone()));
    let options = SignOptions::default()
        .with_detached(false)
        .with_signing_time(Some(at))
        .with_hash(hash);
    Ok(sign(text.as_bytes(), &mut signer, &options)?)
}

/// The CMS hash for a signing certificate: SHA-384 with a P-384 key (the
/// next-generation card), SHA-256 otherwise.
fn hash_for(cert: &Certificate) -> HashAlgorithm {
    match EcCurve::of_public_key(cert.public_key_der()) {
        Some(EcCurve::P384) => HashAlgorithm::Sha384,
        _ => HashAlgorithm::Sha256,
    }
}

/// How a binding status reads in the demo.
fn status_text(status: &BindingStatus) -> String {
    match status {
        BindingStatus::Current => "current: signed with the registered signing certificate".into(),
        BindingStatus::ReRegister { reason, .. } => format!("re_register: {reason}"),
        BindingStatus::Refused(e) => format!("refused: {e}"),
        _ => status.as_str().into(),
    }
}

/// Runs the scenario; `next_gen`: on the next-generation profile (ECDSA P-384
/// CAs and card keys, 10-year certificates).
pub(crate) fn run(next_gen: bool) -> Result<Outcome, Failure> {
    let now = time_arg(None)?;
    let profile = if next_gen {
        KeyProfile::NextGeneration
    } else {
        KeyProfile::Current
    };
    outln!("jpki demo — 公的個人認証サービス on the simulator (no card, no network)");
    outln!("time: {now} (JST date {})", now.date_jst());
    if next_gen {
        outln!(
            "profile: next-generation card (ECDSA P-384, SHA-384, 10-year certificates; the card's commands as today)"
        );
    }

    step(
        1,
        "J-LIS runs two CA hierarchies, each with two generations under one DN",
    );
    let options = AuthorityOptions {
        profile,
        ..AuthorityOptions::default()
    };
    let mut authority = Authority::new(options, now)?;
    for g in authority.generations() {
        let c = g.certificate();
        let key_id = c.subject_key_id().map(hex).unwrap_or_default();
        outln!(
            "    {:<14} generation {}  key id {}  valid {} .. {}",
            g.purpose().as_str(),
            g.index(),
            key_id.get(..16).unwrap_or(""),
            c.not_before().date_utc(),
            c.not_after().date_utc()
        );
    }
    if let Some(g) = authority.generations().first() {
        outln!("    DN: {}", g.certificate().subject());
    }

    step(2, "At the municipal window: application and identity check");
    let resident = RegisterRecord {
        name: "𠮷田 太郎".into(),
        birth_date: Date::new(1950, 4, 1).ok_or_else(|| Failure("bad demo date".into()))?,
        sex: Sex::Male,
        address: "東京都千代田区霞が関２丁目１番２号".into(),
        prefecture: None,
        municipality: Some("Chiyoda-ku".into()),
    };
    outln!(
        "    application form: 氏名 {}  生年月日 昭和25年4月1日  男  住所 {}",
        resident.name,
        resident.address
    );
    outln!("    the clerk checks it against the resident register (住基CS) and a photo ID");

    step(
        3,
        "The window terminal has the IC card generate its key pairs; only public keys leave it",
    );
    let mut card = VirtualCard::new(CardKind::MyNumberCard);
    let password = Secret::new(PinKind::SigningPassword, DEMO_PASSWORD)?;
    let pin = Secret::new(PinKind::AuthenticationPin, DEMO_PIN)?;
    let window = personalize(
        &mut authority,
        &mut card,
        &resident,
        Some(&password),
        &pin,
        now,
    )?;
    let signing = window.signing.ok_or_else(|| {
        Failure("the demo resident is an adult and gets a signing certificate".into())
    })?;
    let auth = window.authentication;
    let (key_kind, birthday, algorithm) = if next_gen {
        ("ECDSA P-384", "10th", "ECDSA P-384")
    } else {
        ("RSA-2048", "5th", "RSA")
    };
    outln!("    {key_kind} keys generated inside the card; the resident set the password and PIN");

    step(
        4,
        "The prefecture (J-LIS) issued the certificates; the window wrote them to the card",
    );
    for c in [&signing, &auth] {
        outln!(
            "    {:<14} serial {}  valid until {} ({birthday} birthday after issuance, 23:59:59 JST)",
            c.kind().as_str(),
            c.serial(),
            c.not_after()
        );
    }
    let anchors: Vec<Certificate> = authority.trust_anchors().into_iter().cloned().collect();
    if let Some(ca) = signing.find_issuers(&anchors).first() {
        outln!(
            "    issuing CA found by authority key id: generation valid from {} (serial {})",
            ca.not_before().date_utc(),
            ca.serial()
        );
    }

    step(
        5,
        "At home, an application reads the card through the JPKI protocol",
    );
    let mut reader = JpkiCard::new(&mut card);
    let info = reader.open()?;
    outln!("    token: {} ({})", info.kind.as_str(), info.label);
    let status = reader.pin_status(PinKind::SigningPassword)?;
    outln!(
        "    signing password: {:?} (read without spending a try)",
        status.state
    );
    let der =
        reader.read_certificate(CertificateSlot::Signing, Some(&Pin::new(password.clone())))?;
    if der != signing.der() {
        return Err(Failure(
            "demo: the card returned another certificate".into(),
        ));
    }
    outln!("    after VERIFY of the password, the signing certificate is read from EF 0001");

    step(
        6,
        "The signing certificate's 4 basic info ([x] = substitute character)",
    );
    let info = signing
        .personal_info()
        .ok_or_else(|| Failure("the signing certificate lacks the 4 basic info".into()))?;
    out!("{}", personal_info_text(info, "    "));
    outln!(
        "    the register has 𠮷 (outside JIS X 0208/0212): the certificate carries 吉 and marks it"
    );

    step(
        7,
        "The resident signs the account-opening application with the card",
    );
    let form = "口座開設申込書\n氏名: 𠮷田 太郎\n生年月日: 昭和25年4月1日\n性別: 男\n住所: 東京都千代田区霞が関2-1-2\n";
    let signature = {
        let cert = Certificate::from_der(&der)?;
        let hash = hash_for(&cert);
        let mut signer = CardSigner::new(
            &mut reader,
            KeySlot::Signing,
            cert,
            Some(Pin::new(password.clone())),
        );
        let options = SignOptions::default()
            .with_signing_time(Some(now))
            .with_hash(hash);
        sign(form.as_bytes(), &mut signer, &options)?
    };
    outln!(
        "    CMS SignedData (detached, CAdES-BES attributes), {} bytes; the card made the {algorithm} signature",
        signature.len()
    );

    step(
        8,
        "The bank verifies: certificate valid, signature valid, 4 basic info = the form",
    );
    let applicant = Applicant::new()
        .with_name("𠮷田 太郎")
        .with_birth_date(Applicant::parse_birth_date("昭和25年4月1日")?)
        .with_sex(Sex::Male)
        .with_address("東京都千代田区霞が関2-1-2");
    outln!("    form: 𠮷田 太郎 / 昭和25年4月1日 / male / 東京都千代田区霞が関2-1-2");
    // The bank's verifier, built once at start-up: the J-LIS roots it trusts, JPKI
    // signing certificates only, hard-fail revocation (the defaults).
    let verifier = Verifier::builder()
        .trust_anchors(anchors.iter().cloned())
        .build()?;
    // The bank fetches the CRL of the resident's municipality partition (daily).
    let issued = authority
        .find_issued(signing.serial())
        .ok_or_else(|| Failure("demo: the signing certificate was not recorded".into()))?;
    let (generation, (prefecture, municipality)) = (
        issued.generation(),
        (
            issued.partition().0.to_owned(),
            issued.partition().1.to_owned(),
        ),
    );
    let crl_before = authority.crl(
        Purpose::Signing,
        generation,
        (&prefecture, &municipality),
        now,
        DAY,
    )?;
    verifier.add_crl(&crl_before)?;
    // And, for logins, the CRL of the authentication hierarchy's partition.
    verifier.add_crl(&partition_crl(&mut authority, auth.serial(), now)?)?;
    outln!(
        "    the bank holds the CRL of partition {prefecture}/{municipality} (next update in 24 h)"
    );
    // What the bank does with every application: the three checks, with the CRLs
    // its verifier holds, at the time of the check.
    let bank = |content: &str, at| {
        verifier.verify(&signature, Some(content.as_bytes()), Some(&applicant), at)
    };
    let verdict = bank(form, now);
    outln!("    signature     {}", verdict.signature.as_str());
    outln!(
        "    certificate   {} (path to the J-LIS root of its generation)",
        verdict.certificate.as_str()
    );
    outln!(
        "    revocation    {} ({})",
        verdict.revocation.as_str(),
        verdict.revocation_status.as_str()
    );
    outln!("    4 basic info  {}", verdict.personal_info.as_str());
    if let Some(comparison) = &verdict.comparison {
        out!("{}", comparison_text(comparison, "      "));
    }
    if !verdict.is_valid() {
        return Err(Failure(
            "demo: the bank should have accepted the application".into(),
        ));
    }
    outln!("    => the application is accepted");
    let altered = form.replace("霞が関2-1-2", "霞が関9-9-9");
    let verdict = bank(&altered, now);
    if let Some(e) = verdict.signature.error() {
        outln!("    the same signature over an altered form: {e}");
    }
    let impostor = Applicant::new().with_name("高田 太郎");
    outln!(
        "    a form saying 高田 太郎 instead: name {}",
        info.compare(&impostor).name
    );

    step(
        9,
        "The bank binds the account to the card: one registration, both keys",
    );
    // The bank's outstanding login challenges (a shared table when several
    // servers verify logins): each is answered once.
    let store = MemoryNonceStore::new(1024);
    let challenge = LoginChallenge::generate(BANK, now, 300)?;
    store.insert(&challenge)?;
    outln!(
        "    the bank's challenge: \"{}\", a 32-byte random nonce, answered before {}",
        challenge.relying_party(),
        challenge.expires_at()
    );
    let auth_pin = Pin::new(pin.clone());
    let password_pin = Pin::new(password.clone());
    // The resident's software signs the application over the challenge with the
    // signing key and answers the same challenge with the authentication key.
    let registration = register(
        &mut reader,
        &challenge,
        form.as_bytes(),
        &password_pin,
        &auth_pin,
        Some(now),
    )?;
    let binding: AccountBinding = verifier.register(
        &registration.signed_application,
        &applicant,
        &registration.login,
        &store,
        now,
    )?;
    outln!(
        "    application signed over the challenge (signing certificate {}), 4 basic info = the form",
        binding.signing_certificate.serial()
    );
    outln!(
        "    the same challenge answered by the authentication key (certificate {})",
        binding.authentication_certificate.serial()
    );
    outln!("    => account bound to login key {}", binding.account);

    step(
        10,
        "The resident logs in with the card (利用者証明用電子証明書, PIN only)",
    );
    let login = log_in(&mut reader, &auth_pin, &verifier, &store, now)?
        .map_err(|e| Failure(format!("demo: the login should have been accepted: {e}")))?;
    outln!("    challenge of \"{BANK}\" → card signs its SHA-256 DigestInfo → bank verifies once");
    outln!(
        "    certificate   {} (authentication; its subject names no one)",
        login.certificate.serial()
    );
    outln!(
        "    revocation    {} ({})",
        login.verdict.revocation.as_str(),
        login.verdict.revocation_status.as_str()
    );
    if !binding.matches(&login) {
        return Err(Failure(
            "demo: the login should name the registered account".into(),
        ));
    }
    outln!("    => the account's holder: {}", login.account);

    step(
        11,
        "The resident moves; the resident register reports it (異動等失効)",
    );
    let outcome = authority.apply_event(signing.serial(), Event::Move, now)?;
    out!("{}", outcome_text(&outcome, "    "));

    step(
        12,
        "An hour later the bank checks the same signature against the new CRL",
    );
    let later = now.add_seconds(3600);
    let crl_after = authority.crl(
        Purpose::Signing,
        generation,
        (&prefecture, &municipality),
        later,
        DAY,
    )?;
    // The daily refresh: the new CRL replaces the old one in the running verifier.
    if verifier.add_crl(&crl_after)? != CrlChange::Replaced {
        return Err(Failure(
            "demo: the new CRL should replace the old one".into(),
        ));
    }
    let verdict = bank(form, later);
    match (&verdict.revocation_status, verdict.is_valid()) {
        (
            RevocationStatus::Revoked {
                serial, at, reason, ..
            },
            false,
        ) => {
            let why = match reason {
                Some(RevocationReason::AffiliationChanged) => {
                    "moved (affiliationChanged)".to_owned()
                }
                Some(other) => other.to_string(),
                None => "no reason given".to_owned(),
            };
            outln!("    signature     {}", verdict.signature.as_str());
            outln!("    revocation    REVOKED: certificate {serial} since {at}, reason \"{why}\"");
            outln!("    => the application is refused: the resident must get a new certificate");
        }
        _ => {
            return Err(Failure(
                "demo: the moved resident's signature should be reported revoked".into(),
            ));
        }
    }
    outln!(
        "    {} (authentication) stays valid: it carries no address",
        auth.serial()
    );

    step(
        13,
        "After the move: the login still works; an old-certificate request asks to re-register",
    );
    let login = log_in(&mut reader, &auth_pin, &verifier, &store, later)?
        .map_err(|e| Failure(format!("demo: the login should still be accepted: {e}")))?;
    if !binding.matches(&login) {
        return Err(Failure(
            "demo: the login should name the same account".into(),
        ));
    }
    outln!(
        "    login         accepted: the same account {}",
        login.account
    );
    let order = "振込依頼書: 100,000円\n";
    let request = signed_request(&mut reader, &password_pin, order, later)?;
    let status = binding.assess(&verifier.verify(&request, None, None, later));
    if !matches!(status, BindingStatus::ReRegister { .. }) {
        return Err(Failure(format!(
            "demo: a request signed with the revoked certificate should ask to re-register, not {}",
            status.as_str()
        )));
    }
    outln!(
        "    a transfer order signed with the old certificate: {}",
        status_text(&status)
    );

    step(
        14,
        "At the window: a new signing certificate with the new address; the resident registers it",
    );
    let moved = RegisterRecord {
        address: "東京都千代田区永田町１丁目７番１号".into(),
        ..resident
    };
    // The card generates a new signing key; only its public key leaves the card.
    let spki = reader
        .transport_mut()
        .generate_key_for(KeySlot::Signing, profile)?;
    let new_signing = authority.issue(&moved, &spki, Purpose::Signing, later)?;
    reader
        .transport_mut()
        .write_certificate(CertificateSlot::Signing, new_signing.der())?;
    reader.forget();
    verifier.add_crl(&partition_crl(&mut authority, new_signing.serial(), later)?)?;
    outln!(
        "    signing certificate {} for {}",
        new_signing.serial(),
        moved.address
    );
    let new_form = "住所変更届: 東京都千代田区永田町1-7-1\n";
    let new_applicant = applicant.clone().with_address("東京都千代田区永田町1-7-1");
    let challenge = LoginChallenge::generate(BANK, later, 300)?;
    store.insert(&challenge)?;
    let registration = register(
        &mut reader,
        &challenge,
        new_form.as_bytes(),
        &password_pin,
        &auth_pin,
        Some(later),
    )?;
    let rebound = verifier.register(
        &registration.signed_application,
        &new_applicant,
        &registration.login,
        &store,
        later,
    )?;
    if rebound.account != binding.account {
        return Err(Failure(
            "demo: re-registration should keep the login account".into(),
        ));
    }
    outln!(
        "    re-registered: the same login account, 4 basic info address now {}",
        rebound.holder.address()
    );
    let request = signed_request(&mut reader, &password_pin, order, later)?;
    let status = rebound.assess(&verifier.verify(&request, None, None, later));
    if status != BindingStatus::Current {
        return Err(Failure(format!(
            "demo: a request signed with the new certificate should be current, not {}",
            status.as_str()
        )));
    }
    outln!(
        "    a transfer order signed with the new certificate: {}",
        status_text(&status)
    );

    step(
        15,
        "The resident dies; the register revokes every certificate; logins are refused",
    );
    let died = later.add_seconds(3600);
    let outcome = authority.apply_event(auth.serial(), Event::Death, died)?;
    out!("{}", outcome_text(&outcome, "    "));
    let checked = died.add_seconds(60);
    for serial in [auth.serial(), new_signing.serial()] {
        verifier.add_crl(&partition_crl(&mut authority, serial, died)?)?;
    }
    match log_in(&mut reader, &auth_pin, &verifier, &store, checked)? {
        Err(e @ jpki::Error::CertificateRevoked { .. }) => {
            outln!("    login         REFUSED: {e}");
        }
        other => {
            return Err(Failure(format!(
                "demo: the login after the death should be refused as revoked: {other:?}"
            )));
        }
    }
    let request = signed_request(&mut reader, &password_pin, order, checked)?;
    let status = rebound.assess(&verifier.verify(&request, None, None, checked));
    if !matches!(status, BindingStatus::Refused(_)) {
        return Err(Failure(format!(
            "demo: a request after the death should be refused, not {}",
            status.as_str()
        )));
    }
    outln!("    a transfer order: {}", status_text(&status));
    outln!(
        "\nDone: issued on the card, signed, verified, matched, bound to logins, revoked by the \
         register feed, re-registered after the move, refused after the death."
    );
    Ok(Outcome::Ok)
}
