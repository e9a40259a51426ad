//! `jpki demo`: the seeds' scenario end to end, in one process, on the simulator.
//!
//! Issuance at the municipal window after identity checks, key pairs generated
//! inside the resident's (virtual) IC card, the certificates written back, an
//! application reading the card through the JPKI protocol, the 4 basic info with a
//! substitute character, the verifier's comparison with the application form, then
//! the register reports a move and the signing certificate is revoked (異動等失効).

use jpki::Applicant;
use jpki::Certificate;
use jpki::Date;
use jpki::Sex;
use jpki::card::{CardKind, CardSigner, CertificateSlot, JpkiCard, KeySlot, Pin, PinKind, Secret};
use jpki::cms::{SignOptions, sign};
use jpki::revocation::{RevocationReason, RevocationStatus};
use jpki::sim::{
    Authority, AuthorityOptions, Event, Purpose, RegisterRecord, VirtualCard, personalize,
};
use jpki::{CrlChange, Verifier};

use crate::cmd_sim::outcome_text;
use crate::render::{comparison_text, hex, personal_info_text};
use crate::{Failure, Outcome, time_arg};

/// The demo resident's secrets (a demo: real ones come from a prompt or an
/// environment variable).
const DEMO_PASSWORD: &str = "TARO1950";
const DEMO_PIN: &str = "1234";

const DAY: u64 = 86_400;

fn step(n: u32, title: &str) {
    outln!("\n[{n}] {title}");
}

pub(crate) fn run() -> Result<Outcome, Failure> {
    let now = time_arg(None)?;
    outln!("jpki demo — 公的個人認証サービス on the simulator (no card, no network)");
    outln!("time: {now} (JST date {})", now.date_jst());

    step(
        1,
        "J-LIS runs two CA hierarchies, each with two generations under one DN",
    );
    let mut authority = Authority::new(AuthorityOptions::default(), now)?;
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
    outln!("    RSA-2048 keys generated inside the card; the resident set the password and PIN");

    step(
        4,
        "The prefecture (J-LIS) issued the certificates; the window wrote them to the card",
    );
    for c in [&signing, &auth] {
        outln!(
            "    {:<14} serial {}  valid until {} (5th birthday after issuance, 23:59:59 JST)",
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
        let mut signer = CardSigner::new(
            &mut reader,
            KeySlot::Signing,
            cert,
            Some(Pin::new(password.clone())),
        );
        let options = SignOptions::default().with_signing_time(Some(now));
        sign(form.as_bytes(), &mut signer, &options)?
    };
    outln!(
        "    CMS SignedData (detached, CAdES-BES attributes), {} bytes; the card made the RSA signature",
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
        "The resident moves; the resident register reports it (異動等失効)",
    );
    let outcome = authority.apply_event(signing.serial(), Event::Move, now)?;
    out!("{}", outcome_text(&outcome, "    "));

    step(
        10,
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
    outln!("\nDone: issued on the card, signed, verified, matched, revoked by the register feed.");
    Ok(Outcome::Ok)
}
