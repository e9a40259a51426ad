//! `jpki cert …`

use std::path::Path;

use jpki::Applicant;
use jpki::Certificate;

use crate::render::{certificate_json, certificate_text, comparison_json, comparison_text};
use crate::{ApplicantArgs, Failure, Outcome, print_json, read_file};

pub(crate) fn show(file: &Path, trust: Option<&Path>, json: bool) -> Result<Outcome, Failure> {
    let cert = Certificate::parse(&read_file(file)?)?;
    let anchors = match trust {
        Some(path) => Certificate::parse_all(&read_file(path)?)?,
        None => Vec::new(),
    };
    let issuer = anchors
        .iter()
        .find_map(|ca| cert.issuer_match(ca).map(|how| (ca, how)));
    if json {
        print_json(&certificate_json(&cert, issuer));
    } else {
        print!("{}", certificate_text(&cert, issuer));
        if trust.is_some() && issuer.is_none() && !cert.is_self_issued() {
            println!(
                "  issuing CA    not among the given certificates (no authority key id match)"
            );
        }
    }
    Ok(Outcome::Ok)
}

pub(crate) fn applicant(args: &ApplicantArgs) -> Result<Applicant, Failure> {
    Ok(Applicant {
        name: args.name.clone(),
        birth_date: args
            .birth
            .as_deref()
            .map(Applicant::parse_birth_date)
            .transpose()?,
        sex: args.sex.map(Into::into),
        address: args.address.clone(),
    })
}

pub(crate) fn compare(file: &Path, args: &ApplicantArgs, json: bool) -> Result<Outcome, Failure> {
    let cert = Certificate::parse(&read_file(file)?)?;
    let info = cert.personal_info().ok_or_else(|| {
        Failure(format!(
            "{}: a {} certificate carries no 4 basic info",
            file.display(),
            cert.kind()
        ))
    })?;
    let applicant = applicant(args)?;
    if applicant == Applicant::new() {
        return Err(Failure(
            "give at least one of --name, --birth, --sex, --address".into(),
        ));
    }
    let comparison = info.compare(&applicant);
    if json {
        print_json(&comparison_json(&comparison));
    } else {
        print!("{}", comparison_text(&comparison, ""));
        println!(
            "{}",
            if comparison.provided_match() {
                "=> the given fields match the certificate"
            } else {
                "=> the certificate does not match the application"
            }
        );
    }
    Ok(if comparison.provided_match() {
        Outcome::Ok
    } else {
        Outcome::Negative
    })
}
