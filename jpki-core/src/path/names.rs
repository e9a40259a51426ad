//! Name constraints
//! ([RFC 5280 §4.2.1.10](https://www.rfc-editor.org/rfc/rfc5280#section-4.2.1.10),
//! [§6.1.3 (b), (c)](https://www.rfc-editor.org/rfc/rfc5280#section-6.1.3),
//! [§6.1.4 (g)](https://www.rfc-editor.org/rfc/rfc5280#section-6.1.4)):
//! directoryName, rfc822Name, dNSName, uniformResourceIdentifier and
//! iPAddress subtrees, permitted and excluded.

use crate::Certificate;
use crate::cert::{DistinguishedName, GeneralName};
use crate::error::Error;
use crate::oid::Oid;

/// emailAddress (PKCS #9), checked as an rfc822Name when in a subject DN.
const EMAIL_ADDRESS: Oid = Oid::new_unwrap("1.2.840.113549.1.9.1");

/// The permitted subtrees of every CA met so far (one list per CA: a name must
/// lie in each list that has bases of its form, which is their intersection)
/// and the union of the excluded subtrees.
#[derive(Default)]
pub(super) struct NameState {
    permitted: Vec<Vec<GeneralName>>,
    excluded: Vec<GeneralName>,
}

/// A name to check, borrowed from a certificate.
enum Subject<'a> {
    Dn(&'a DistinguishedName),
    General(&'a GeneralName),
    Email(&'a str),
}

impl NameState {
    /// §6.1.3 (b), (c) for certificate `cert`, which is the last of the path
    /// (`last`) or not. Self-issued certificates other than the last are exempt.
    pub(super) fn check(&self, cert: &Certificate, last: bool) -> Result<(), Error> {
        if (!last && cert.is_self_issued())
            || (self.permitted.is_empty() && self.excluded.is_empty())
        {
            return Ok(());
        }
        let mut names: Vec<Subject<'_>> = Vec::new();
        if !cert.subject().is_empty() {
            names.push(Subject::Dn(cert.subject()));
        }
        names.extend(cert.subject_alt_names().iter().map(Subject::General));
        // RFC 5280 §4.2.1.10: emailAddress attributes of the subject are
        // constrained as rfc822Names (OpenSSL does the same).
        names.extend(
            cert.subject()
                .attributes()
                .iter()
                .filter(|a| a.oid == EMAIL_ADDRESS)
                .map(|a| Subject::Email(a.value.as_str())),
        );
        for name in &names {
            if !self.allows(name) {
                return Err(Error::NameConstraintViolated {
                    serial: cert.serial().clone(),
                    name: match name {
                        Subject::Dn(dn) => format!("DirName:{dn}"),
                        Subject::General(g) => g.to_string(),
                        Subject::Email(e) => format!("email:{e}"),
                    },
                });
            }
        }
        Ok(())
    }

    /// §6.1.4 (g): takes in `cert`'s nameConstraints.
    pub(super) fn update(&mut self, cert: &Certificate) {
        if let Some(nc) = cert.name_constraints() {
            if let Some(permitted) = &nc.permitted {
                self.permitted.push(permitted.clone());
            }
            self.excluded.extend(nc.excluded.iter().cloned());
        }
    }

    /// Outside every excluded subtree, and inside a permitted subtree of each
    /// CA that constrains the name's form.
    fn allows(&self, name: &Subject<'_>) -> bool {
        let excluded = self
            .excluded
            .iter()
            .any(|base| matches!(within(name, base), Within::Inside | Within::Unknown));
        let permitted = self.permitted.iter().all(|list| {
            let constrained = list
                .iter()
                .any(|base| within(name, base) != Within::OtherForm);
            !constrained || list.iter().any(|base| within(name, base) == Within::Inside)
        });
        !excluded && permitted
    }
}

/// Where a name lies with respect to a subtree.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Within {
    /// The base is of another form: it says nothing about the name.
    OtherForm,
    Inside,
    Outside,
    /// Same form, not processed (otherName of the same type, x400Address…,
    /// an iPAddress base of a bad length): fail closed, an excluded base excludes it and a
    /// permitted one does not admit it.
    Unknown,
}

fn within(name: &Subject<'_>, base: &GeneralName) -> Within {
    let known = |inside: bool| {
        if inside {
            Within::Inside
        } else {
            Within::Outside
        }
    };
    match (name, base) {
        (Subject::Dn(dn), GeneralName::DirectoryName(b)) => known(dn.is_within(b)),
        (Subject::General(GeneralName::DirectoryName(dn)), GeneralName::DirectoryName(b)) => {
            known(dn.is_within(b))
        }
        (Subject::Email(e), GeneralName::Email(b)) => known(email_within(e, b)),
        (Subject::General(GeneralName::Email(e)), GeneralName::Email(b)) => {
            known(email_within(e, b))
        }
        (Subject::General(GeneralName::Dns(d)), GeneralName::Dns(b)) => known(dns_within(d, b)),
        (Subject::General(GeneralName::Uri(u)), GeneralName::Uri(b)) => known(uri_within(u, b)),
        (Subject::General(GeneralName::IpAddress(a)), GeneralName::IpAddress(b)) => ip_within(a, b),
        (
            Subject::General(GeneralName::OtherName { oid, .. }),
            GeneralName::OtherName { oid: b, .. },
        ) if oid == b => Within::Unknown,
        (Subject::General(GeneralName::Other), GeneralName::Other) => Within::Unknown,
        _ => Within::OtherForm,
    }
}

/// dNSName: `example.com` holds itself and every host under it; a leading
/// dot (`.example.com`) holds the hosts under it only; the empty base holds
/// every name. Case-insensitive.
fn dns_within(name: &str, base: &str) -> bool {
    let name = name.to_ascii_lowercase();
    let base = base.to_ascii_lowercase();
    if base.is_empty() {
        return true;
    }
    if let Some(stripped) = base.strip_prefix('.') {
        return name.len() > stripped.len() + 1 && name.ends_with(&base);
    }
    name == base || name.ends_with(&format!(".{base}"))
}

/// rfc822Name: a full mailbox (`a@example.com`) holds that mailbox; a host
/// (`example.com`) every mailbox at that host; a domain (`.example.com`) every
/// mailbox at a host under it. The local part is compared exactly, the host
/// case-insensitively.
fn email_within(name: &str, base: &str) -> bool {
    let Some((local, host)) = name.rsplit_once('@') else {
        return false;
    };
    let host = host.to_ascii_lowercase();
    match base.rsplit_once('@') {
        Some((b_local, b_host)) => local == b_local && host == b_host.to_ascii_lowercase(),
        None => {
            let b = base.to_ascii_lowercase();
            if b.starts_with('.') {
                host.len() > b.len() && host.ends_with(&b)
            } else {
                host == b
            }
        }
    }
}

/// uniformResourceIdentifier: the base constrains the host of the URI
/// (`example.com` that host only, `.example.com` the hosts under it). A URI
/// without a host never lies within a base (fail closed).
fn uri_within(uri: &str, base: &str) -> bool {
    let Some(host) = uri_host(uri) else {
        return false;
    };
    let b = base.to_ascii_lowercase();
    if b.starts_with('.') {
        host.len() > b.len() && host.ends_with(&b)
    } else {
        host == b
    }
}

/// iPAddress: the base is an address and a mask of the same family (8 octets
/// for IPv4, 32 for IPv6); the address lies within it when equal to the
/// base's address under the mask. An address of the other family lies
/// outside; a base of any other length is not understood (fail closed).
fn ip_within(address: &[u8], base: &[u8]) -> Within {
    if base.len() != 8 && base.len() != 32 {
        return Within::Unknown;
    }
    let (network, mask) = base.split_at(base.len() / 2);
    if address.len() != network.len() {
        return Within::Outside;
    }
    let inside = address
        .iter()
        .zip(network)
        .zip(mask)
        .all(|((a, n), m)| a & m == n & m);
    if inside {
        Within::Inside
    } else {
        Within::Outside
    }
}

/// The host of `scheme://[userinfo@]host[:port][/…]`, lowercased.
fn uri_host(uri: &str) -> Option<String> {
    let (_, rest) = uri.split_once("://")?;
    let authority = rest.split(['/', '?', '#']).next()?;
    let host_port = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    let host = if host_port.starts_with('[') {
        host_port.split_inclusive(']').next()?
    } else {
        host_port.split(':').next()?
    };
    (!host.is_empty()).then(|| host.to_ascii_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dns_email_uri_subtrees() {
        assert!(dns_within("host.example.com", "example.com"));
        assert!(dns_within("example.com", "EXAMPLE.com"));
        assert!(!dns_within("badexample.com", "example.com"));
        assert!(dns_within("a.example.com", ".example.com"));
        assert!(!dns_within("example.com", ".example.com"));
        assert!(email_within("a@Example.com", "example.com"));
        assert!(!email_within("a@sub.example.com", "example.com"));
        assert!(email_within("a@sub.example.com", ".example.com"));
        assert!(email_within("a@example.com", "a@example.com"));
        assert!(!email_within("b@example.com", "a@example.com"));
        assert!(!email_within("no-at-sign", "example.com"));
        assert!(uri_within(
            "https://u@Host.example.com:8443/x",
            ".example.com"
        ));
        assert!(uri_within("ldap://example.com/cn=x", "example.com"));
        assert!(!uri_within("urn:isbn:123", "example.com"));
        assert!(!uri_within("https://evil.com/example.com", "example.com"));
    }

    #[test]
    fn ip_subtrees() {
        let net = [10, 1, 0, 0, 255, 255, 0, 0];
        assert!(ip_within(&[10, 1, 200, 3], &net) == Within::Inside);
        assert!(ip_within(&[10, 2, 0, 1], &net) == Within::Outside);
        assert!(ip_within(&[0; 16], &net) == Within::Outside);
        // A base that is no address and mask: not understood, fail closed.
        assert!(ip_within(&[10, 1, 0, 1], &[10, 1, 0, 0]) == Within::Unknown);
        let base = GeneralName::IpAddress(net.to_vec());
        assert_eq!(base.to_string(), "IP:10.1.0.0/255.255.0.0");
        let mut v6 = vec![0x20, 0x01, 0x0d, 0xb8];
        v6.resize(16, 0);
        v6[15] = 1;
        assert_eq!(GeneralName::IpAddress(v6).to_string(), "IP:2001:db8::1");
    }
}
