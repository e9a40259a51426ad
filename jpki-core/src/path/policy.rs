//! Certificate policy processing
//! ([RFC 5280 §6.1](https://www.rfc-editor.org/rfc/rfc5280#section-6.1)): the
//! valid policy tree, policy mappings, requireExplicitPolicy,
//! inhibitPolicyMapping and inhibitAnyPolicy.

use crate::Certificate;
use crate::error::Error;
use crate::oid::Oid;

/// anyPolicy (2.5.29.32.0).
pub(crate) const ANY_POLICY: Oid = Oid::new_unwrap("2.5.29.32.0");

/// What policy processing leaves of a path that passed it.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum PathPolicies {
    /// The valid policy tree is not NULL: these are its authorities-constrained
    /// policies ([RFC 5280 §6.1.5 (g)](https://www.rfc-editor.org/rfc/rfc5280#section-6.1.5)),
    /// in the trust anchor's domain (after any policy mapping), intersected with
    /// [`ValidationOptions::initial_policy_set`](super::ValidationOptions::initial_policy_set)
    /// when one was given. anyPolicy (`2.5.29.32.0`) among them means that any
    /// policy is acceptable (every certificate asserted anyPolicy).
    Valid(Vec<Oid>),
    /// The tree became NULL because a certificate of the path has no
    /// certificatePolicies extension at all (J-LIS CA and link certificates
    /// have none): the path carries no policy information beyond the end
    /// entity's own.
    NotAsserted,
    /// The tree became NULL although every certificate asserted policies: the
    /// policies of the path do not meet.
    Disjoint,
}

/// One node of the valid policy tree.
#[derive(Clone, Debug)]
struct Node {
    valid_policy: Oid,
    expected: Vec<Oid>,
    /// Index of the parent in the level above (unused at depth 0).
    parent: usize,
}

/// The state variables of §6.1.2 that concern policies.
pub(super) struct PolicyState {
    /// The levels of the tree, depth 0 first; `None` once NULL.
    tree: Option<Vec<Vec<Node>>>,
    null_cause: PathPolicies,
    explicit_policy: u64,
    policy_mapping: u64,
    inhibit_any: u64,
}

/// The initial inputs of §6.1.1 that concern policies.
pub(super) struct PolicyInputs<'a> {
    pub(super) initial_policy_set: Option<&'a [Oid]>,
    pub(super) explicit: bool,
    pub(super) mapping_inhibit: bool,
    pub(super) any_inhibit: bool,
}

fn not_self_issued(cert: &Certificate) -> bool {
    !cert.is_self_issued()
}

impl PolicyState {
    /// §6.1.2 for a path of `n` certificates (the trust anchor not counted).
    pub(super) fn new(n: usize, inputs: &PolicyInputs<'_>) -> Self {
        let start = u64::try_from(n).unwrap_or(u64::MAX).saturating_add(1);
        let pick = |zero: bool| if zero { 0 } else { start };
        Self {
            tree: Some(vec![vec![Node {
                valid_policy: ANY_POLICY,
                expected: vec![ANY_POLICY],
                parent: 0,
            }]]),
            null_cause: PathPolicies::NotAsserted,
            explicit_policy: pick(inputs.explicit),
            policy_mapping: pick(inputs.mapping_inhibit),
            inhibit_any: pick(inputs.any_inhibit),
        }
    }

    /// §6.1.3 (d)–(f) for certificate `i` (1-based) of `n`.
    pub(super) fn process(&mut self, cert: &Certificate, i: usize, n: usize) -> Result<(), Error> {
        let has_policies = cert
            .extensions()
            .iter()
            .any(|e| e.oid == CERTIFICATE_POLICIES);
        if !has_policies {
            // (e)
            if self.tree.take().is_some() {
                self.null_cause = PathPolicies::NotAsserted;
            }
        } else if let Some(levels) = self.tree.as_mut() {
            let above = levels.last().cloned().unwrap_or_default();
            let mut level: Vec<Node> = Vec::new();
            // (d)(1)
            for policy in cert.policies().iter().map(|p| p.oid) {
                if policy == ANY_POLICY {
                    continue;
                }
                let mut matched = false;
                for (k, node) in above.iter().enumerate() {
                    if node.expected.contains(&policy) {
                        matched = true;
                        level.push(Node {
                            valid_policy: policy,
                            expected: vec![policy],
                            parent: k,
                        });
                    }
                }
                if !matched && let Some(k) = above.iter().position(|n| n.valid_policy == ANY_POLICY)
                {
                    level.push(Node {
                        valid_policy: policy,
                        expected: vec![policy],
                        parent: k,
                    });
                }
            }
            // (d)(2)
            let asserts_any = cert.policies().iter().any(|p| p.oid == ANY_POLICY);
            if asserts_any && (self.inhibit_any > 0 || (i < n && cert.is_self_issued())) {
                for (k, node) in above.iter().enumerate() {
                    for &p in &node.expected {
                        let present = level.iter().any(|c| c.parent == k && c.valid_policy == p);
                        if !present {
                            level.push(Node {
                                valid_policy: p,
                                expected: vec![p],
                                parent: k,
                            });
                        }
                    }
                }
            }
            levels.push(level);
            // (d)(3)
            prune(levels);
            if levels.last().is_none_or(Vec::is_empty) {
                self.tree = None;
                self.null_cause = PathPolicies::Disjoint;
            }
        }
        // (f)
        if self.explicit_policy == 0 && self.tree.is_none() {
            return Err(Error::NoValidPolicy {
                serial: cert.serial().clone(),
            });
        }
        Ok(())
    }

    /// §6.1.4 (a), (b), (h), (i), (j): preparation for the next certificate,
    /// after certificate `i` (1-based), which is not the last.
    pub(super) fn prepare(&mut self, cert: &Certificate) -> Result<(), Error> {
        let mappings = cert.policy_mappings();
        // (a)
        if mappings
            .iter()
            .any(|m| m.issuer_domain == ANY_POLICY || m.subject_domain == ANY_POLICY)
        {
            return Err(Error::ProfileViolation {
                serial: cert.serial().clone(),
                rule: "policyMappings maps to or from anyPolicy (RFC 5280 §6.1.4 (a))",
            });
        }
        // (b)
        if !mappings.is_empty()
            && let Some(levels) = self.tree.as_mut()
        {
            let mut issuer_policies: Vec<Oid> = Vec::new();
            for m in mappings {
                if !issuer_policies.contains(&m.issuer_domain) {
                    issuer_policies.push(m.issuer_domain);
                }
            }
            let depth = levels.len().saturating_sub(1);
            for id_p in issuer_policies {
                let subjects: Vec<Oid> = mappings
                    .iter()
                    .filter(|m| m.issuer_domain == id_p)
                    .map(|m| m.subject_domain)
                    .collect();
                let Some(level) = levels.get_mut(depth) else {
                    break;
                };
                if self.policy_mapping > 0 {
                    // (b)(1)
                    let mut found = false;
                    for node in level.iter_mut().filter(|n| n.valid_policy == id_p) {
                        node.expected.clone_from(&subjects);
                        found = true;
                    }
                    if !found && let Some(any) = level.iter().find(|n| n.valid_policy == ANY_POLICY)
                    {
                        let parent = any.parent;
                        level.push(Node {
                            valid_policy: id_p,
                            expected: subjects,
                            parent,
                        });
                    }
                } else {
                    // (b)(2)
                    level.retain(|n| n.valid_policy != id_p);
                }
            }
            prune(levels);
            if levels.last().is_none_or(Vec::is_empty) {
                self.tree = None;
                self.null_cause = PathPolicies::Disjoint;
            }
        }
        // (h)
        if not_self_issued(cert) {
            self.explicit_policy = self.explicit_policy.saturating_sub(1);
            self.policy_mapping = self.policy_mapping.saturating_sub(1);
            self.inhibit_any = self.inhibit_any.saturating_sub(1);
        }
        // (i)
        if let Some(pc) = cert.policy_constraints() {
            if let Some(r) = pc.require_explicit_policy {
                self.explicit_policy = self.explicit_policy.min(u64::from(r));
            }
            if let Some(m) = pc.inhibit_policy_mapping {
                self.policy_mapping = self.policy_mapping.min(u64::from(m));
            }
        }
        // (j)
        if let Some(skip) = cert.inhibit_any_policy() {
            self.inhibit_any = self.inhibit_any.min(u64::from(skip));
        }
        Ok(())
    }

    /// §6.1.5 (a), (b), (g) after the last certificate (the end entity).
    pub(super) fn wrap_up(
        mut self,
        cert: &Certificate,
        initial_policy_set: Option<&[Oid]>,
    ) -> Result<PathPolicies, Error> {
        // (a), (b)
        self.explicit_policy = self.explicit_policy.saturating_sub(1);
        if cert
            .policy_constraints()
            .and_then(|pc| pc.require_explicit_policy)
            == Some(0)
        {
            self.explicit_policy = 0;
        }
        // (g)
        let outcome = match &self.tree {
            None => self.null_cause.clone(),
            Some(levels) => {
                let constrained = authorities_constrained(levels);
                match initial_policy_set {
                    None => PathPolicies::Valid(constrained),
                    Some(user) => {
                        let kept: Vec<Oid> = if constrained.contains(&ANY_POLICY) {
                            user.to_vec()
                        } else {
                            constrained
                                .into_iter()
                                .filter(|p| user.contains(p))
                                .collect()
                        };
                        if kept.is_empty() {
                            PathPolicies::Disjoint
                        } else {
                            PathPolicies::Valid(kept)
                        }
                    }
                }
            }
        };
        if self.explicit_policy == 0 && !matches!(outcome, PathPolicies::Valid(_)) {
            return Err(Error::NoValidPolicy {
                serial: cert.serial().clone(),
            });
        }
        Ok(outcome)
    }
}

const CERTIFICATE_POLICIES: Oid = Oid::new_unwrap("2.5.29.32");

/// Deletes the nodes above the last level that have no child, repeatedly
/// (§6.1.3 (d)(3)), from the bottom up.
fn prune(levels: &mut [Vec<Node>]) {
    for depth in (1..levels.len()).rev() {
        let (upper, lower) = levels.split_at_mut(depth);
        let (Some(parents), Some(children)) = (upper.last_mut(), lower.first_mut()) else {
            continue;
        };
        let keep: Vec<bool> = (0..parents.len())
            .map(|k| children.iter().any(|c| c.parent == k))
            .collect();
        // Renumber the children's parent indexes.
        let mut new_index = Vec::with_capacity(keep.len());
        let mut next = 0;
        for &k in &keep {
            new_index.push(next);
            if k {
                next += 1;
            }
        }
        for child in children.iter_mut() {
            child.parent = new_index.get(child.parent).copied().unwrap_or(0);
        }
        let mut flags = keep.into_iter();
        parents.retain(|_| flags.next().unwrap_or(false));
    }
}

/// The valid_policy of every node whose parent is anyPolicy: the
/// authorities-constrained policy set (§6.1.5 (g)(iii)).
fn authorities_constrained(levels: &[Vec<Node>]) -> Vec<Oid> {
    let mut out: Vec<Oid> = Vec::new();
    for depth in 1..levels.len() {
        let (Some(upper), Some(level)) = (levels.get(depth - 1), levels.get(depth)) else {
            continue;
        };
        for node in level {
            let parent_any = upper
                .get(node.parent)
                .is_some_and(|p| p.valid_policy == ANY_POLICY);
            // anyPolicy counts only where it reaches the last level: above, its
            // children are the ones whose parent is anyPolicy.
            let counts = node.valid_policy != ANY_POLICY || depth + 1 == levels.len();
            if parent_any && counts && !out.contains(&node.valid_policy) {
                out.push(node.valid_policy);
            }
        }
    }
    out
}
