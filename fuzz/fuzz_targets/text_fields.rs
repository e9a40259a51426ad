//! The text parsers: birth dates (certificate and applicant forms), substitute
//! positions, serials, RFC 3339 times, and the normalizing comparison.
#![no_main]

use jpki::cert::{BirthDate, PersonalField, SubstitutePositions};
use jpki::Sex;
use jpki::PersonalInfo;
use jpki::Applicant;
use jpki::Serial;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let _ = BirthDate::parse(text);
    let _ = Applicant::parse_birth_date(text);
    let _ = jpki::Time::parse_rfc3339(text);
    if let Ok(s) = Serial::parse(text) {
        assert_eq!(Serial::parse(&s.to_string()).ok(), Some(s));
    }
    // Split the input into a certificate side and an applicant side.
    let (cert_side, applicant_side) = text.split_at(text.char_indices().nth(text.chars().count() / 2).map_or(0, |(i, _)| i));
    let len = cert_side.chars().count();
    let digits: String = applicant_side.chars().map(|c| if u32::from(c) % 2 == 0 { '0' } else { '1' }).take(len).collect();
    let subs = SubstitutePositions::parse(PersonalField::Name, len, &digits)
        .unwrap_or_else(|_| SubstitutePositions::none(len));
    let birth = BirthDate::parse("319500401").expect("valid");
    if let Ok(info) = PersonalInfo::new(cert_side.into(), subs.clone(), birth, Sex::Male, cert_side.into(), subs) {
        let c = info.compare(&Applicant::new().with_name(applicant_side).with_address(applicant_side));
        let _ = (c.name.to_string(), c.address.to_string());
        assert!(info.compare(&Applicant::new().with_name(cert_side).with_address(cert_side)).provided_match());
    }
});
