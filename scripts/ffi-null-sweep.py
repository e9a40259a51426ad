#!/usr/bin/env python3
"""Writes a C program that passes NULL for every pointer parameter of every
function include/jpki.h declares, one parameter at a time, every other argument
valid.

    scripts/ffi-null-sweep.py include/jpki.h OUT.c

scripts/ffi-c-tests.sh runs it and then builds and runs OUT.c like the C tests of
jpki-ffi/tests/c/ (plain, under valgrind, with ASan+UBSan), so the sweep follows
the header as the API grows: a new export is swept without anyone listing it.

For each function the program makes

* one control call with every argument valid, which must return the result the
  tables below expect (JPKI_RESULT_OK unless said otherwise), so that a NULL
  case proves that the NULL, and nothing else, was refused; a function writing
  into a caller buffer must write something there (else a NULL buffer would be
  accepted for having nothing to hold);
* for each pointer parameter, a call with that parameter NULL (a byte input
  keeps its real, non-zero length): a jpki_result must be
  JPKI_RESULT_NULL_PARAMETER (bool: false, another integer: 0, a pointer:
  NULL, void: return), no handle may come out and no other output may be
  written (the length of a caller buffer excepted: it is always written);
  parameters where NULL is documented as allowed are in NULL_ALLOWED with the
  reason, and there the call must return a known code (not UNKNOWN or PANIC);
* for each byte input, a call with NULL and length 0 (the empty input by the
  header's conventions): any known code;
* for each scalar parameter (not a length, not a bool), calls with its extreme
  values (EXTREMES: INT64_MIN, -1, INT64_MAX; UINT64_MAX; 0, SIZE_MAX; 0,
  UINT32_MAX for enums), every other argument valid: any known code, never
  JPKI_RESULT_PANIC (an overflow in the core, for instance).

Handles come from a prelude of real constructors (a simulated authority and
personalized card reached through jpki_sim_card_transmit, the certificates read
from it, a signature it made, a verifier of the authority's roots and CRL, a
verdict, a comparison, a CRL, an OCSP request, a prepared signature…); every
handle is freed, so valgrind sees no leak.

Generation FAILS (exit 1, naming the function, parameter and type) for anything
it cannot build a valid argument for: a handle type without a maker, a scalar
parameter without a value, a byte input without real bytes, a function whose
comment says it consumes a handle but is not in CONSUMES, an unknown type or
return type, a prototype inside an #if it does not understand. Adding an export
without teaching this file fails the test command. Functions behind
`#if defined(JPKI_FEATURE_*)` (not in the default build: jpki_card_connect_pcsc)
are skipped, and the summary says which.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field

# --------------------------------------------------------------------------
# What the sweep knows: extend these when the header grows.
# --------------------------------------------------------------------------

# A valid handle of each opaque type (C expressions over the prelude's world).
HANDLES = {
    "jpki_account_binding": "W.binding",
    "jpki_applicant": "W.applicant",
    "jpki_bytes": "W.signature",
    "jpki_card": "W.card",
    "jpki_certificate": "W.cert",
    "jpki_certificate_list": "W.list",
    "jpki_comparison": "W.comparison",
    "jpki_crl": "W.crl",
    "jpki_login": "W.login",
    "jpki_login_challenge": "W.challenge",
    "jpki_login_response": "W.login_response",
    "jpki_nonce_store": "W.store",
    "jpki_ocsp_request": "W.ocsp_request",
    "jpki_prepared_signature": "W.prepared",
    "jpki_sim_authority": "W.authority",
    "jpki_sim_card": "W.sim",
    "jpki_verdict": "W.verdict",
    "jpki_verifier": "W.verifier",
    "jpki_verifier_builder": "W.builder",
}

# Handles given by (function, parameter) rather than by type.
HANDLE_OVERRIDES = {
    # the CA that issued W.cert (and signed W.crl_der)
    ("jpki_certificate_issued_by", "ca"): "W.ca",
    ("jpki_crl_load", "issuer"): "W.ca",
    ("jpki_ocsp_request_new", "issuer"): "W.ca",
    ("jpki_ocsp_check_response", "issuer"): "W.ca",
    ("jpki_prepared_signature_new", "ca"): "W.ca",
    # a second, blank virtual card: personalizing it and sending it raw APDUs
    # leaves W.sim (behind W.card) as the prelude left it
    ("jpki_sim_personalize", "card"): "W.sim_blank",
    # a challenge the store does not hold yet
    ("jpki_nonce_store_insert", "challenge"): "W.challenge_fresh",
    # the registration left outstanding, and the applicant who wrote the card's
    # 4 basic info
    ("jpki_verifier_register", "applicant"): "W.holder",
    ("jpki_verifier_register", "response"): "W.registration_response",
}

# Functions that take ownership of a handle argument, even on error: each call
# gets a fresh one from FRESH (and frees nothing afterwards).
CONSUMES = {
    ("jpki_verifier_builder_build", "builder"),
}
FRESH = {
    "jpki_verifier_builder": "fresh_builder()",
}

# Real bytes for every byte input: (function, parameter) -> a `struct blob` of
# the prelude (its .data is never NULL and its .len never 0).
BYTES = {
    ("jpki_applicant_set_address", "address"): "B_address",
    ("jpki_applicant_set_birth_date", "text"): "B_birth_date",
    ("jpki_applicant_set_name", "name"): "B_name",
    ("jpki_card_read_certificate", "pin"): "B_password",
    ("jpki_card_sign_digest", "digest"): "B_digest",
    ("jpki_card_sign_digest", "pin"): "B_password",
    ("jpki_card_verify_pin", "pin"): "B_password",
    ("jpki_certificate_list_parse", "data"): "B_trust_pem",
    ("jpki_certificate_parse", "data"): "B_cert_der",
    ("jpki_crl_load", "data"): "B_crl_der",
    ("jpki_crl_lookup_serial", "serial"): "B_serial",
    ("jpki_login_challenge_generate", "relying_party"): "B_relying_party",
    ("jpki_login_challenge_new", "relying_party"): "B_relying_party",
    ("jpki_login_challenge_new", "nonce"): "B_login_nonce",
    ("jpki_login_challenge_parse", "data"): "B_challenge_der",
    ("jpki_login_challenge_registration_content", "application"): "B_form",
    ("jpki_login_respond", "pin"): "B_auth_pin",
    ("jpki_login_response_new", "nonce"): "B_login_nonce",
    ("jpki_login_response_new", "certificate"): "B_cert_der",
    ("jpki_login_response_new", "signature"): "B_signature",
    ("jpki_login_response_parse", "data"): "B_login_response_der",
    ("jpki_ocsp_check_response", "response"): "B_ocsp_try_later",
    ("jpki_ocsp_request_new", "nonce"): "B_nonce",
    ("jpki_prepared_signature_finish", "signature"): "B_prepared_signature",
    ("jpki_prepared_signature_new", "content"): "B_form",
    ("jpki_sign", "content"): "B_form",
    ("jpki_sign", "pin"): "B_password",
    ("jpki_sim_card_transmit", "cmd"): "B_select_apdu",
    ("jpki_sim_personalize", "name"): "B_name",
    ("jpki_sim_personalize", "birth_date"): "B_birth_date",
    ("jpki_sim_personalize", "address"): "B_address",
    ("jpki_sim_personalize", "sign_password"): "B_password",
    ("jpki_sim_personalize", "auth_pin"): "B_auth_pin",
    ("jpki_verifier_add_crl", "data"): "B_crl_der",
    ("jpki_verifier_add_ocsp_response", "data"): "B_ocsp_try_later",
    ("jpki_verifier_builder_add_intermediates", "data"): "B_trust_pem",
    ("jpki_verifier_builder_add_trust_anchors", "data"): "B_trust_pem",
    ("jpki_verifier_register", "signed_application"): "B_registration",
    ("jpki_verifier_verify", "signature"): "B_signature",
    ("jpki_verifier_verify", "content"): "B_form",
}

# Scalar arguments passed by value: (function, parameter) first, then by
# parameter name alone.
SCALAR_OVERRIDES = {
    ("jpki_card_sign_digest", "hash"): "JPKI_HASH_ALGORITHM_SHA256",
    ("jpki_ocsp_request_new", "hash"): "JPKI_OCSP_HASH_SHA1",
    ("jpki_verifier_builder_set_max_crl_age", "seconds"): "UINT64_C(86400)",
    ("jpki_verifier_builder_set_ocsp_clock_skew", "seconds"): "UINT64_C(300)",
    # the verdict's personal-info check failed (W.applicant's name differs),
    # so its message is not empty
    ("jpki_verdict_check_message", "check"): "JPKI_CHECK_PERSONAL_INFO",
}
SCALARS = {
    "allow": "false",
    "allow_last_try": "false",
    "at": "NOW",
    "budget": "100",
    "capacity": "64",
    "check": "JPKI_CHECK_SIGNATURE",
    "depth": "6",
    "detached": "true",
    "event": "JPKI_SIM_EVENT_VOLUNTARY",
    "expires_at": "NOW + 300",
    "field": "JPKI_PERSONAL_FIELD_NAME",
    "has_max": "true",
    "index": "0",
    "issued_at": "NOW",
    "key_slot": "JPKI_KEY_SLOT_SIGNING",
    "lifetime_seconds": "UINT64_C(300)",
    "mode": "JPKI_REVOCATION_MODE_HARD_FAIL",
    "order": "JPKI_REVOCATION_ORDER_OCSP_FIRST",
    "pin_kind": "JPKI_PIN_KIND_SIGNING_PASSWORD",
    "policy_set": "JPKI_POLICY_SET_JPKI",
    "result": "JPKI_RESULT_CRL_NOT_CURRENT",
    "sex": "JPKI_SEX_MALE",
    "signing_time": "NOW",
    "slot": "JPKI_CERTIFICATE_SLOT_SIGNING",
    "usage": "JPKI_USAGE_SIGNING",
    "validity_seconds": "UINT64_C(86400)",
    "with_signing_time": "true",
}

# `void *` and callback parameters.
CONTEXTS = {
    ("jpki_card_new", "ctx"): "W.sim",
    ("jpki_sim_card_transmit", "ctx"): "W.sim_blank",
}
CALLBACKS = {
    ("jpki_card_new", "transmit"): "jpki_sim_card_transmit",
}

# Parameters where NULL is documented as allowed: the call must not crash and
# must return a known code.
NULL_ALLOWED = {
    ("jpki_card_new", "ctx"):
        "ctx is passed through to the callback untouched and may be NULL",
    ("jpki_prepared_signature_new", "ca"):
        "ca is optional: NULL includes no certificate besides the signer's",
    ("jpki_verifier_add_crl", "change_out"):
        "change_out is optional: what happened to the CRL is written only when asked",
    ("jpki_verifier_verify", "applicant"):
        "applicant NULL means no application to compare (personal-info check not run)",
}

# Functions returning an integer that is a jpki_result code (the transmit
# callback type returns uint32_t so that C callbacks need not use the enum).
RESULT_CODE_RETURNS = {"jpki_sim_card_transmit"}

# What the control call (every argument valid) returns, when not JPKI_RESULT_OK.
CONTROL_EXPECT = {
    # B_ocsp_try_later is an OCSPResponse saying "tryLater": a well-formed
    # answer that is not a successful one
    "jpki_ocsp_check_response": "JPKI_RESULT_OCSP_RESPONSE_STATUS",
}

# The edge values every scalar parameter is also called with (the others
# valid): any known code, never PANIC. Enums are uint32_t.
EXTREMES = {
    "int64_t": ["INT64_MIN", "INT64_C(-1)", "INT64_MAX"],
    "uint64_t": ["UINT64_MAX"],
    "size_t": ["0", "SIZE_MAX"],
    "uint32_t": ["0", "UINT32_MAX"],
    "uint8_t": ["0", "UINT8_MAX"],
}

SCALAR_TYPES = {
    "bool", "size_t", "int64_t", "uint64_t", "uint32_t", "uint8_t",
}
PCSC_NOTE = "feature-gated (not in the default build)"


class GenerationError(Exception):
    pass


# --------------------------------------------------------------------------
# Header parsing (cbindgen output: one comment block, then one prototype).
# --------------------------------------------------------------------------

@dataclass
class Function:
    name: str
    ret: str
    params: list  # [(type, name)]
    doc: str
    gate: str | None = None  # the #if of a feature-gated function


@dataclass
class Header:
    functions: list = field(default_factory=list)
    gated: list = field(default_factory=list)
    enums: set = field(default_factory=set)
    opaque: set = field(default_factory=set)


def norm_type(t):
    t = " ".join(t.split())
    t = re.sub(r"\s*(\*+)", r" \1", t)
    return t.strip()


def eval_condition(directive, expr):
    """(value, gate) of an #if: value True/False for a C11 compiler, None when
    unknown; gate is the text of a feature condition (JPKI_FEATURE_*)."""
    expr = expr.strip()
    if directive == "ifdef":
        expr = f"defined({expr})"
    elif directive == "ifndef":
        expr = f"!defined({expr})"
    if "JPKI_FEATURE_" in expr:
        return None, expr
    known = {"__cplusplus": False, "__GNUC__": True, "__clang__": False, "JPKI_H": False}
    py = re.sub(r"defined\s*\(\s*(\w+)\s*\)", lambda m: repr(known.get(m.group(1), "?")), expr)
    py = re.sub(r"defined\s+(\w+)", lambda m: repr(known.get(m.group(1), "?")), py)
    py = py.replace("__STDC_VERSION__", "201112").replace("||", " or ").replace("&&", " and ")
    py = re.sub(r"!(?!=)", " not ", py)
    py = re.sub(r"(\d+)L\b", r"\1", py)
    if "'?'" in py:
        return None, None
    try:
        return bool(eval(py, {"__builtins__": {}}, {})), None  # our own header, C11 values
    except Exception:  # noqa: BLE001
        return None, None


def parse_header(text):
    header = Header()
    stack = []  # [(value, gate, text)]
    doc_lines, in_comment, last_doc = [], False, ""
    stmt = []
    continuation = False
    for raw in text.split("\n"):
        line = raw.strip()
        if continuation:
            continuation = line.endswith("\\")
            continue
        if in_comment:
            doc_lines.append(line)
            if "*/" in line:
                in_comment = False
                last_doc = "\n".join(doc_lines)
            continue
        if line.startswith("/*"):
            doc_lines = [line]
            if "*/" not in line:
                in_comment = True
            else:
                last_doc = line
            continue
        if line.startswith("#"):
            directive_line = re.sub(r"//.*$", "", line[1:]).strip()
            continuation = directive_line.endswith("\\")
            m = re.match(r"(\w+)\s*(.*)$", directive_line)
            if not m:
                continue
            d, rest = m.group(1), m.group(2)
            if d in ("if", "ifdef", "ifndef"):
                value, gate = eval_condition(d, rest)
                stack.append([value, gate, directive_line])
            elif d in ("else", "elif"):
                if not stack:
                    raise GenerationError(f"#{d} without #if in the header")
                top = stack[-1]
                if d == "elif":
                    raise GenerationError(f"#elif in the header is not understood: {directive_line}")
                top[0] = None if top[0] is None else not top[0]
                top[1] = None if top[1] is None else f"!({top[1]})"
                top[2] = f"#else of {top[2]}"
            elif d == "endif":
                if not stack:
                    raise GenerationError("#endif without #if in the header")
                stack.pop()
            continue
        line = re.sub(r"//.*$", "", line).strip()
        if any(v is False for v, _, _ in stack):
            continue  # not seen by a C11 compiler
        if not line and not stmt:
            continue
        stmt.append(line)
        if not line.endswith(";"):
            continue
        statement = " ".join(s for s in stmt if s)
        stmt = []
        doc, last_doc = last_doc, ""
        gates = [g for _, g, _ in stack if g]
        unknown = [t for v, g, t in stack if v is None and not g]
        statement = statement.replace("JPKI_MUST_USE", "").strip()
        if statement.startswith("enum "):
            header.enums.add(statement.split()[1])
            continue
        if statement.startswith("typedef"):
            m = re.match(r"typedef struct (jpki_\w+) \1;", statement)
            if m:
                header.opaque.add(m.group(1))
            m = re.match(r"typedef (?:enum )?\w+ (jpki_\w+);", statement)
            if m and not m.group(1) in header.opaque:
                header.enums.add(m.group(1))
            continue
        m = re.match(r"^(?P<ret>.*?)\b(?P<name>jpki_\w+)\s*\((?P<params>.*)\)\s*;$", statement)
        if not m:
            continue
        name = m.group("name")
        if unknown:
            raise GenerationError(
                f"{name} is declared inside `{unknown[-1]}`, a condition the sweep does not "
                "understand: teach eval_condition in scripts/ffi-null-sweep.py")
        params = []
        ptext = m.group("params").strip()
        if ptext and ptext != "void":
            for p in ptext.split(","):
                pm = re.match(r"^(.*?)(\w+)$", p.strip())
                if not pm:
                    raise GenerationError(f"{name}: cannot read the parameter `{p.strip()}`")
                params.append((norm_type(pm.group(1)), pm.group(2)))
        fn = Function(name, norm_type(m.group("ret")), params, doc, gates[-1] if gates else None)
        (header.gated if gates else header.functions).append(fn)
    if stack:
        raise GenerationError("an #if of the header is not closed")
    return header


# --------------------------------------------------------------------------
# Arguments.
# --------------------------------------------------------------------------

@dataclass
class Arg:
    """One parameter (or a pointer and its length) and how to pass it."""
    kind: str  # bytes, buf, handle, handle_out, view_out, scalar_out, ctx, callback, scalar
    names: list  # the parameters it covers (pointer first)
    valid: list  # valid C expressions, one per name
    null: list | None = None  # the expressions with the pointer NULL
    empty: list | None = None  # NULL, 0 (byte inputs)
    ctype: str = ""  # locals' type for outputs
    handle_type: str = ""
    decl: str = ""  # local declaration for outputs
    local: str = ""
    consumed: bool = False
    len_local: str = ""  # buf: the length output's local


def fail(fn, pname, ptype, why):
    raise GenerationError(
        f"cannot build a valid `{pname}` ({ptype}) for {fn.name}: {why}; teach "
        "scripts/ffi-null-sweep.py (its tables at the top) how, so the NULL sweep covers it")


def build_args(fn, header, free_fns):
    params = fn.params
    args = []
    i = 0
    while i < len(params):
        ptype, pname = params[i]
        nxt = params[i + 1] if i + 1 < len(params) else None
        nxt2 = params[i + 2] if i + 2 < len(params) else None
        key = (fn.name, pname)
        m_handle = re.match(r"^(?:const )?struct (jpki_\w+) \*$", ptype)
        m_out = re.match(r"^struct (jpki_\w+) \*\*$", ptype)
        if ptype == "const uint8_t *":
            if not nxt or nxt[0] != "size_t":
                fail(fn, pname, ptype, "a byte input must be followed by its size_t length")
            blob = BYTES.get(key)
            if blob is None:
                fail(fn, pname, ptype, "no real bytes for it in BYTES")
            args.append(Arg("bytes", [pname, nxt[1]], [f"{blob}.data", f"{blob}.len"],
                            null=["NULL", f"{blob}.len"], empty=["NULL", "0"]))
            i += 2
            continue
        if ptype in ("uint8_t *", "uint32_t *") and nxt and nxt[0] == "size_t" \
                and nxt2 and nxt2[0] == "size_t *":
            store = "out_buf" if ptype == "uint8_t *" else "out_positions"
            local = f"o_{nxt2[1]}"
            cap = f"sizeof {store} / sizeof {store}[0]"
            # (buf, cap) here; the length output is a pointer parameter of its own
            args.append(Arg("buf", [pname, nxt[1]], [store, cap], null=["NULL", cap],
                            decl=f"size_t {local} = 0; (void){local};", local=local,
                            len_local=local))
            args.append(Arg("buf_len", [nxt2[1]], [f"&{local}"], null=["NULL"], local=local))
            i += 3
            continue
        if m_handle:
            htype = m_handle.group(1)
            consumed = key in CONSUMES
            if consumed:
                expr = FRESH.get(htype)
                if expr is None:
                    fail(fn, pname, ptype, f"it is consumed and FRESH has no maker of {htype}")
            else:
                expr = HANDLE_OVERRIDES.get(key, HANDLES.get(htype))
            if expr is None:
                fail(fn, pname, ptype, f"no handle of type {htype} in HANDLES")
            args.append(Arg("handle", [pname], [expr], null=["NULL"], handle_type=htype,
                            consumed=consumed))
            i += 1
            continue
        if m_out:
            htype = m_out.group(1)
            if f"{htype}_free" not in free_fns:
                fail(fn, pname, ptype, f"no {htype}_free to free what comes out")
            local = f"o_{pname}"
            args.append(Arg("handle_out", [pname], [f"&{local}"], null=["NULL"],
                            handle_type=htype, decl=f"struct {htype} *{local} = NULL;", local=local))
            i += 1
            continue
        if ptype.endswith(" *") or ptype.endswith(" **"):
            base = ptype[:-2] if ptype.endswith(" *") else None
            if ptype == "const uint8_t **":
                base = "const uint8_t *"
            elif base == "void":
                expr = CONTEXTS.get(key)
                if expr is None:
                    fail(fn, pname, ptype, "no context for it in CONTEXTS")
                args.append(Arg("ctx", [pname], [expr], null=["NULL"]))
                i += 1
                continue
            elif base is None or not (base in SCALAR_TYPES or base in header.enums):
                fail(fn, pname, ptype, "an output of a type the sweep does not know")
            local = f"o_{pname}"
            args.append(Arg("scalar_out", [pname], [f"&{local}"], null=["NULL"], ctype=base,
                            decl=f"{base} {local}; memset(&{local}, 0xA5, sizeof {local});",
                            local=local))
            i += 1
            continue
        if ptype == "jpki_transmit_fn":
            expr = CALLBACKS.get(key)
            if expr is None:
                fail(fn, pname, ptype, "no callback for it in CALLBACKS")
            args.append(Arg("callback", [pname], [expr], null=["NULL"]))
            i += 1
            continue
        if ptype in SCALAR_TYPES or ptype in header.enums:
            expr = SCALAR_OVERRIDES.get(key, SCALARS.get(pname))
            if expr is None:
                fail(fn, pname, ptype, "no value for it in SCALARS or SCALAR_OVERRIDES")
            args.append(Arg("scalar", [pname], [expr], ctype=ptype))
            i += 1
            continue
        fail(fn, pname, ptype, "a parameter type the sweep does not know")
    return args


# --------------------------------------------------------------------------
# C code.
# --------------------------------------------------------------------------

def c_string(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def return_kind(fn):
    if fn.ret == "jpki_result" or (fn.name in RESULT_CODE_RETURNS and fn.ret == "uint32_t"):
        return "result"
    if fn.ret == "void":
        return "void"
    if fn.ret == "bool":
        return "bool"
    if fn.ret.endswith("*"):
        return "pointer"
    if fn.ret in SCALAR_TYPES:
        return "integer"
    raise GenerationError(f"{fn.name} returns `{fn.ret}`, a type the sweep does not know")


def extremes(arg, header):
    """The edge values of a scalar parameter (none for bool)."""
    if arg.ctype == "bool":
        return []
    if arg.ctype not in EXTREMES and arg.ctype not in header.enums:
        raise GenerationError(f"no extreme values for the type {arg.ctype} ({arg.names[0]})")
    return EXTREMES.get(arg.ctype, EXTREMES["uint32_t"])


def emit_call(fn, args, mode, target=None, value=None):
    """A block calling fn. mode: control, null (target: the Arg made NULL),
    allowed (target NULL, documented as allowed), empty (target bytes NULL, 0),
    extreme (target scalar = value)."""
    rk = return_kind(fn)
    what = {
        "control": f"{fn.name} (every argument valid)",
        "null": f"{fn.name}({target.names[0] if target else ''} = NULL)",
        "allowed": f"{fn.name}({target.names[0] if target else ''} = NULL, allowed)",
        "empty": f"{fn.name}({target.names[0] if target else ''} = NULL, "
                 f"{target.names[-1] if target else ''} = 0)",
        "extreme": f"{fn.name}({target.names[0] if target else ''} = {value})",
    }[mode]
    lines = ["    {", f"        static const char *const where = {c_string(what)};",
             "        (void)where;"]
    for a in args:
        if a.decl and a.kind != "buf_len":
            lines.append(f"        {a.decl}")
    call_exprs = []
    for a in args:
        if a is target and mode == "extreme":
            call_exprs.append(value)
        elif a is target:
            call_exprs.extend(a.empty if mode == "empty" else a.null)
        else:
            call_exprs.extend(a.valid)
    call = f"{fn.name}({', '.join(call_exprs)})"
    if rk == "result":
        lines.append(f"        uint32_t r = (uint32_t){call};")
    elif rk == "bool":
        lines.append(f"        bool r = {call};")
    elif rk == "pointer":
        lines.append(f"        const void *r = (const void *){call};")
    elif rk == "integer":
        lines.append(f"        uint64_t r = (uint64_t){call};")
    else:
        lines.append(f"        {call};")
    # Result.
    if mode == "control":
        if rk == "result":
            lines.append(f"        expect_code(where, r, {CONTROL_EXPECT.get(fn.name, 'JPKI_RESULT_OK')});")
        elif rk in ("bool", "integer", "pointer"):
            lines.append("        (void)r;")
        for a in args:
            if a.kind == "buf":
                lines.append(f"        expect_nonempty(where, {c_string(a.names[0])}, {a.len_local});")
    elif mode == "null":
        if rk == "result":
            lines.append("        expect_code(where, r, JPKI_RESULT_NULL_PARAMETER);")
        elif rk == "bool":
            lines.append("        expect_true(where, \"returns false\", !r);")
        elif rk == "pointer":
            lines.append("        expect_true(where, \"returns NULL\", r == NULL);")
        elif rk == "integer":
            lines.append("        expect_true(where, \"returns 0\", r == 0);")
        for a in args:
            if a.kind == "scalar_out" and a is not target:
                lines.append(f"        expect_untouched(where, {c_string(a.names[0])}, &{a.local}, sizeof {a.local});")
            if a.kind == "handle_out" and a is not target:
                lines.append(f"        expect_true(where, {c_string(a.names[0] + ' not written')}, {a.local} == NULL);")
    else:  # allowed, empty, extreme: any known code
        if rk == "result":
            lines.append("        expect_known(where, r);")
        elif rk != "void":
            lines.append("        (void)r;")
    for a in args:
        if a.kind == "handle_out":
            lines.append(f"        {a.handle_type}_free({a.local});")
    lines.append("        calls++;")
    lines.append("    }")
    return "\n".join(lines)


PRELUDE = r'''/*
 * GENERATED by scripts/ffi-null-sweep.py from include/jpki.h: do not edit (the
 * test command writes it afresh on each run). Every pointer parameter of every
 * function of the header, NULL with every other argument valid; see the
 * generator's docstring for the rules and its tables for the arguments.
 */
#include "jpki.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int failures = 0;
static unsigned long calls = 0;

static const char *name_of(uint32_t r) { return jpki_result_name(r); }

static void expect_code(const char *where, uint32_t got, uint32_t want) {
    if (got != want) {
        fprintf(stderr, "%s: returned %s (%u), expected %s\n", where, name_of(got), (unsigned)got,
                name_of(want));
        failures++;
    }
}

static void expect_known(const char *where, uint32_t got) {
    const char *name = name_of(got);
    if (strcmp(name, "UNKNOWN") == 0 || strcmp(name, "PANIC") == 0) {
        fprintf(stderr, "%s: returned %s (%u)\n", where, name, (unsigned)got);
        failures++;
    }
}

static void expect_true(const char *where, const char *what, bool ok) {
    if (!ok) {
        fprintf(stderr, "%s: %s: check failed\n", where, what);
        failures++;
    }
}

/* An output the call must not have written: still the 0xA5 bytes put there. */
static void expect_untouched(const char *where, const char *what, const void *p, size_t n) {
    const unsigned char *b = p;
    for (size_t i = 0; i < n; i++) {
        if (b[i] != 0xA5) {
            fprintf(stderr, "%s: output %s written though the call failed\n", where, what);
            failures++;
            return;
        }
    }
}

static void expect_nonempty(const char *where, const char *what, size_t len) {
    if (len == 0) {
        fprintf(stderr,
                "%s: wrote nothing into %s: a NULL %s would be accepted for having nothing to "
                "hold, so the sweep's world must make this output non-empty\n",
                where, what, what);
        failures++;
    }
}

#define CHECK_OK(call)                                                                   \
    do {                                                                                 \
        uint32_t check_ok_r = (uint32_t)(call);                                          \
        if (check_ok_r != JPKI_RESULT_OK) {                                              \
            fprintf(stderr, "prelude: %s returned %s\n", #call, name_of(check_ok_r));    \
            failures++;                                                                  \
        }                                                                                \
    } while (0)

/* 2026-11-21T10:00:00+09:00 */
#define NOW INT64_C(1795222800)
#define DAY UINT64_C(86400)

struct blob {
    const uint8_t *data;
    size_t len;
};
#define TEXT_BLOB(s) {(const uint8_t *)(s), sizeof(s) - 1}

/* The resident has substitute characters in the name (髙) and the address (﨑),
 * so the substitute-position outputs are not empty. */
static const struct blob B_name = TEXT_BLOB("髙橋 太郎");
static const struct blob B_other_name = TEXT_BLOB("髙橋 次郎");
static const struct blob B_birth_date = TEXT_BLOB("1950-04-01");
static const struct blob B_address = TEXT_BLOB("東京都千代田区﨑町1丁目2番3号");
static const struct blob B_password = TEXT_BLOB("TARO1950");
static const struct blob B_auth_pin = TEXT_BLOB("1234");
static const struct blob B_form = TEXT_BLOB("口座開設申込書: 髙橋 太郎, 普通預金");
static const uint8_t nonce_bytes[16] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};
static const struct blob B_nonce = {nonce_bytes, sizeof nonce_bytes};
static const uint8_t digest_bytes[32] = {0x5a, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15,
                                         16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31};
static const struct blob B_digest = {digest_bytes, sizeof digest_bytes};
/* OCSPResponse { responseStatus tryLater }: well-formed, not successful. */
static const uint8_t try_later_bytes[] = {0x30, 0x03, 0x0a, 0x01, 0x03};
static const struct blob B_ocsp_try_later = {try_later_bytes, sizeof try_later_bytes};
/* SELECT FILE by DF name (the JPKI AP's AID). */
static const uint8_t select_bytes[] = {0x00, 0xa4, 0x04, 0x0c, 0x0a, 0xd3, 0x92, 0xf0,
                                       0x00, 0x26, 0x01, 0x00, 0x00, 0x00, 0x01};
static const struct blob B_select_apdu = {select_bytes, sizeof select_bytes};
static const struct blob B_relying_party = TEXT_BLOB("bank.example");
static const uint8_t login_nonce_bytes[32] = {0x4c, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15,
                                              16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31};
static const struct blob B_login_nonce = {login_nonce_bytes, sizeof login_nonce_bytes};

/* Made by the prelude. */
static struct blob B_trust_pem, B_crl_der, B_signature, B_cert_der, B_serial, B_prepared_signature;
static struct blob B_challenge_der, B_login_response_der, B_registration;

static uint8_t out_buf[1 << 16];
static uint32_t out_positions[1024];

static struct {
    jpki_sim_authority *authority;
    jpki_sim_card *sim;       /* personalized; behind W.card */
    jpki_sim_card *sim_blank; /* for personalize and raw APDUs */
    jpki_card *card;
    jpki_certificate *cert; /* the resident's signing certificate */
    jpki_certificate *ca;   /* its issuer */
    jpki_bytes *trust_pem, *crl_der, *signature, *prepared_signature;
    jpki_verifier_builder *builder;
    jpki_verifier *verifier;
    jpki_applicant *applicant; /* wrote another given name */
    jpki_verdict *verdict;     /* personal-info check failed */
    jpki_comparison *comparison;
    jpki_crl *crl;
    jpki_ocsp_request *ocsp_request;
    jpki_certificate_list *list;
    jpki_prepared_signature *prepared;
    jpki_certificate *auth_cert; /* the resident's authentication certificate */
    jpki_bytes *auth_crl_der;    /* its CRL, in W.verifier */
    jpki_nonce_store *store;
    jpki_login_challenge *challenge;        /* in W.store, answered by W.login_response */
    jpki_login_challenge *challenge_fresh;  /* not in W.store */
    jpki_login_response *login_response;    /* left for jpki_verifier_verify_login */
    jpki_login *login;
    jpki_applicant *holder; /* wrote the card's 4 basic info */
    jpki_account_binding *binding;
    jpki_bytes *registration; /* a registration's signed application, with… */
    jpki_login_response *registration_response; /* …its login: left for jpki_verifier_register */
} W;

static struct blob bytes_blob(const jpki_bytes *b) {
    struct blob out = {NULL, 0};
    CHECK_OK(jpki_bytes_data(b, &out.data, &out.len));
    return out;
}

/* A builder trusting the authority's roots: consumed by each build. */
static jpki_verifier_builder *fresh_builder(void) {
    jpki_verifier_builder *b = jpki_verifier_builder_new();
    CHECK_OK(jpki_verifier_builder_add_trust_anchors(b, B_trust_pem.data, B_trust_pem.len));
    return b;
}

/* A registration by W.card over a new challenge recorded in W.store: the signed
 * application (B_form wrapped with the challenge) and the login response. */
static void registration(jpki_bytes **signed_out, jpki_login_response **response_out) {
    jpki_login_challenge *c = NULL;
    jpki_bytes *content = NULL;
    const uint8_t *data = NULL;
    size_t len = 0;
    CHECK_OK(jpki_login_challenge_generate(B_relying_party.data, B_relying_party.len, NOW, 300, &c));
    CHECK_OK(jpki_nonce_store_insert(W.store, c));
    CHECK_OK(jpki_login_challenge_registration_content(c, B_form.data, B_form.len, &content));
    CHECK_OK(jpki_bytes_data(content, &data, &len));
    CHECK_OK(jpki_sign(data, len, W.card, JPKI_KEY_SLOT_SIGNING, B_password.data, B_password.len,
                       false, false, true, NOW, signed_out));
    CHECK_OK(jpki_login_respond(c, W.card, B_auth_pin.data, B_auth_pin.len, false, response_out));
    jpki_bytes_free(content);
    jpki_login_challenge_free(c);
}

static int prelude(void) {
    CHECK_OK(jpki_sim_authority_new(NOW, &W.authority));
    CHECK_OK(jpki_sim_card_new(&W.sim));
    CHECK_OK(jpki_sim_card_new(&W.sim_blank));
    CHECK_OK(jpki_sim_personalize(W.authority, W.sim, B_name.data, B_name.len, B_birth_date.data,
                                  B_birth_date.len, JPKI_SEX_MALE, B_address.data, B_address.len,
                                  B_password.data, B_password.len, B_auth_pin.data, B_auth_pin.len,
                                  NOW));
    CHECK_OK(jpki_card_new(jpki_sim_card_transmit, W.sim, &W.card));
    jpki_card_kind kind;
    CHECK_OK(jpki_card_open(W.card, &kind));
    CHECK_OK(jpki_card_read_certificate(W.card, JPKI_CERTIFICATE_SLOT_SIGNING, B_password.data,
                                        B_password.len, false, &W.cert));
    CHECK_OK(jpki_card_read_certificate(W.card, JPKI_CERTIFICATE_SLOT_SIGNING_CA, NULL, 0, false,
                                        &W.ca));
    if (failures != 0) {
        return -1;
    }
    CHECK_OK(jpki_certificate_der(W.cert, &B_cert_der.data, &B_cert_der.len));
    CHECK_OK(jpki_certificate_serial(W.cert, &B_serial.data, &B_serial.len));
    CHECK_OK(jpki_sim_authority_trust_anchors_pem(W.authority, &W.trust_pem));
    CHECK_OK(jpki_sim_authority_crl(W.authority, W.cert, NOW, DAY, &W.crl_der));
    CHECK_OK(jpki_sign(B_form.data, B_form.len, W.card, JPKI_KEY_SLOT_SIGNING, B_password.data,
                       B_password.len, false, true, true, NOW, &W.signature));
    if (failures != 0) {
        return -1;
    }
    B_trust_pem = bytes_blob(W.trust_pem);
    B_crl_der = bytes_blob(W.crl_der);
    B_signature = bytes_blob(W.signature);

    W.builder = fresh_builder();
    CHECK_OK(jpki_verifier_builder_build(fresh_builder(), &W.verifier));
    CHECK_OK(jpki_verifier_add_crl(W.verifier, B_crl_der.data, B_crl_der.len, NULL));
    W.applicant = jpki_applicant_new();
    CHECK_OK(jpki_applicant_set_name(W.applicant, B_other_name.data, B_other_name.len));
    CHECK_OK(jpki_applicant_set_birth_date(W.applicant, B_birth_date.data, B_birth_date.len));
    CHECK_OK(jpki_applicant_set_sex(W.applicant, JPKI_SEX_MALE));
    CHECK_OK(jpki_applicant_set_address(W.applicant, B_address.data, B_address.len));
    CHECK_OK(jpki_verifier_verify(W.verifier, B_signature.data, B_signature.len, B_form.data,
                                  B_form.len, W.applicant, NOW + 60, &W.verdict));
    CHECK_OK(jpki_certificate_compare(W.cert, W.applicant, &W.comparison));
    CHECK_OK(jpki_crl_load(B_crl_der.data, B_crl_der.len, W.ca, &W.crl));
    CHECK_OK(jpki_ocsp_request_new(W.cert, W.ca, JPKI_OCSP_HASH_SHA1, B_nonce.data, B_nonce.len,
                                   &W.ocsp_request));
    CHECK_OK(jpki_certificate_list_parse(B_trust_pem.data, B_trust_pem.len, &W.list));
    CHECK_OK(jpki_prepared_signature_new(B_form.data, B_form.len, W.cert, W.ca, true, true, NOW,
                                         &W.prepared));
    if (failures != 0) {
        return -1;
    }
    /* The world is as the sweep needs it: the verdict's signature and
     * certificate passed, its personal-info check failed. */
    jpki_check_result check = JPKI_CHECK_RESULT_NOT_RUN;
    jpki_result error = JPKI_RESULT_OK;
    CHECK_OK(jpki_verdict_check(W.verdict, JPKI_CHECK_SIGNATURE, &check, &error));
    expect_true("prelude", "the verdict's signature check passed", check == JPKI_CHECK_RESULT_PASSED);
    CHECK_OK(jpki_verdict_check(W.verdict, JPKI_CHECK_PERSONAL_INFO, &check, &error));
    expect_true("prelude", "the verdict's personal-info check failed", check == JPKI_CHECK_RESULT_FAILED);

    /* The card signs the prepared signature's digest: a real signature to finish with. */
    const uint8_t *digest = NULL;
    size_t digest_len = 0;
    jpki_hash_algorithm hash = JPKI_HASH_ALGORITHM_SHA256;
    CHECK_OK(jpki_prepared_signature_digest(W.prepared, &digest, &digest_len, &hash));
    CHECK_OK(jpki_card_sign_digest(W.card, JPKI_KEY_SLOT_SIGNING, hash, digest, digest_len,
                                   B_password.data, B_password.len, false, &W.prepared_signature));
    if (failures != 0) {
        return -1;
    }
    B_prepared_signature = bytes_blob(W.prepared_signature);

    /* Logging in: the authentication certificate's CRL in the verifier, a nonce
     * store, challenges the card answers. W.challenge (answered by
     * W.login_response) and a registration stay outstanding for the control
     * calls of jpki_verifier_verify_login and jpki_verifier_register; W.login
     * and W.binding come from other challenges. */
    CHECK_OK(jpki_card_read_certificate(W.card, JPKI_CERTIFICATE_SLOT_AUTHENTICATION, NULL, 0,
                                        false, &W.auth_cert));
    CHECK_OK(jpki_sim_authority_crl(W.authority, W.auth_cert, NOW, DAY, &W.auth_crl_der));
    if (failures != 0) {
        return -1;
    }
    struct blob auth_crl = bytes_blob(W.auth_crl_der);
    CHECK_OK(jpki_verifier_add_crl(W.verifier, auth_crl.data, auth_crl.len, NULL));
    CHECK_OK(jpki_nonce_store_new(64, &W.store));
    CHECK_OK(jpki_login_challenge_new(B_relying_party.data, B_relying_party.len, B_login_nonce.data,
                                      B_login_nonce.len, NOW, NOW + 300, &W.challenge));
    CHECK_OK(jpki_nonce_store_insert(W.store, W.challenge));
    CHECK_OK(jpki_login_respond(W.challenge, W.card, B_auth_pin.data, B_auth_pin.len, false,
                                &W.login_response));
    CHECK_OK(jpki_login_challenge_generate(B_relying_party.data, B_relying_party.len, NOW, 300,
                                           &W.challenge_fresh));
    jpki_login_challenge *c = NULL;
    jpki_login_response *r = NULL;
    CHECK_OK(jpki_login_challenge_generate(B_relying_party.data, B_relying_party.len, NOW, 300, &c));
    CHECK_OK(jpki_nonce_store_insert(W.store, c));
    CHECK_OK(jpki_login_respond(c, W.card, B_auth_pin.data, B_auth_pin.len, false, &r));
    CHECK_OK(jpki_verifier_verify_login(W.verifier, r, W.store, NOW, &W.login));
    jpki_login_response_free(r);
    jpki_login_challenge_free(c);
    W.holder = jpki_applicant_new();
    CHECK_OK(jpki_applicant_set_name(W.holder, B_name.data, B_name.len));
    CHECK_OK(jpki_applicant_set_birth_date(W.holder, B_birth_date.data, B_birth_date.len));
    CHECK_OK(jpki_applicant_set_sex(W.holder, JPKI_SEX_MALE));
    CHECK_OK(jpki_applicant_set_address(W.holder, B_address.data, B_address.len));
    jpki_bytes *signed_application = NULL;
    registration(&signed_application, &r);
    if (failures != 0) {
        jpki_bytes_free(signed_application);
        jpki_login_response_free(r);
        return -1;
    }
    struct blob signed_blob = bytes_blob(signed_application);
    CHECK_OK(jpki_verifier_register(W.verifier, signed_blob.data, signed_blob.len, W.holder, r,
                                    W.store, NOW, &W.binding));
    jpki_bytes_free(signed_application);
    jpki_login_response_free(r);
    registration(&W.registration, &W.registration_response);
    if (failures != 0) {
        return -1;
    }
    B_registration = bytes_blob(W.registration);
    CHECK_OK(jpki_login_challenge_der(W.challenge, &B_challenge_der.data, &B_challenge_der.len));
    CHECK_OK(jpki_login_response_der(W.login_response, &B_login_response_der.data,
                                     &B_login_response_der.len));
    return failures == 0 ? 0 : -1;
}

static void teardown(void) {
    jpki_login_response_free(W.registration_response);
    jpki_bytes_free(W.registration);
    jpki_account_binding_free(W.binding);
    jpki_applicant_free(W.holder);
    jpki_login_free(W.login);
    jpki_login_response_free(W.login_response);
    jpki_login_challenge_free(W.challenge_fresh);
    jpki_login_challenge_free(W.challenge);
    jpki_nonce_store_free(W.store);
    jpki_bytes_free(W.auth_crl_der);
    jpki_certificate_free(W.auth_cert);
    jpki_prepared_signature_free(W.prepared);
    jpki_certificate_list_free(W.list);
    jpki_ocsp_request_free(W.ocsp_request);
    jpki_crl_free(W.crl);
    jpki_comparison_free(W.comparison);
    jpki_verdict_free(W.verdict);
    jpki_applicant_free(W.applicant);
    jpki_verifier_free(W.verifier);
    jpki_verifier_builder_free(W.builder);
    jpki_bytes_free(W.prepared_signature);
    jpki_bytes_free(W.signature);
    jpki_bytes_free(W.crl_der);
    jpki_bytes_free(W.trust_pem);
    jpki_certificate_free(W.ca);
    jpki_certificate_free(W.cert);
    jpki_card_free(W.card); /* before the virtual card behind it */
    jpki_sim_card_free(W.sim_blank);
    jpki_sim_card_free(W.sim);
    jpki_sim_authority_free(W.authority);
}
'''


def generate(header_text, header_path):
    header = parse_header(header_text)
    free_fns = {f.name for f in header.functions if f.name.endswith("_free")}
    names = {f.name for f in header.functions}
    for (fname, pname) in list(BYTES) + list(HANDLE_OVERRIDES) + list(SCALAR_OVERRIDES) \
            + list(CONTEXTS) + list(CALLBACKS) + list(NULL_ALLOWED) + list(CONSUMES):
        if fname not in names:
            raise GenerationError(
                f"the tables name {fname}({pname}), which {header_path} does not declare: "
                "remove the stale entry")
    for f in header.functions:
        for (_, pname) in [k for k in NULL_ALLOWED if k[0] == f.name]:
            if pname not in [p for _, p in f.params]:
                raise GenerationError(f"NULL_ALLOWED names {f.name}({pname}): no such parameter")

    bodies = []
    stats = {"functions": 0, "swept": 0, "pointers": 0, "allowed": 0, "empty": 0,
             "controls": 0, "scalars": 0, "extremes": 0, "no_pointer": []}
    for fn in header.functions:
        stats["functions"] += 1
        consumes_doc = re.search(r"\bconsumes\b", fn.doc, re.IGNORECASE)
        consumed = [p for (f, p) in CONSUMES if f == fn.name]
        if consumes_doc and not consumed and not fn.name.endswith("_free"):
            raise GenerationError(
                f"{fn.name}'s comment says it consumes a handle, but CONSUMES does not list "
                "it: add (function, parameter) to CONSUMES (and a maker to FRESH)")
        args = build_args(fn, header, free_fns)
        return_kind(fn)
        pointer_args = [a for a in args if a.kind != "scalar"]
        scalar_args = [a for a in args if a.kind == "scalar" and extremes(a, header)]
        if not pointer_args:
            stats["no_pointer"].append(fn.name)
            if not scalar_args:
                continue
        else:
            stats["swept"] += 1
        cases = [f"/* {fn.ret} {fn.name}({', '.join(t + ' ' + n for t, n in fn.params)}) */",
                 f"static void sweep_{fn.name}(void) {{"]
        is_free = fn.name.endswith("_free") and fn.ret == "void" and len(fn.params) == 1
        if not is_free:
            cases.append(emit_call(fn, args, "control"))
            stats["controls"] += 1
        for a in pointer_args:
            if a.null is not None:
                stats["pointers"] += 1
                allowed = (fn.name, a.names[0]) in NULL_ALLOWED
                if allowed:
                    stats["allowed"] += 1
                    cases.append(f"    /* NULL allowed: {NULL_ALLOWED[(fn.name, a.names[0])]} */")
                cases.append(emit_call(fn, args, "allowed" if allowed else "null", a))
            if a.kind == "bytes":
                stats["empty"] += 1
                cases.append(emit_call(fn, args, "empty", a))
        for a in scalar_args:
            stats["scalars"] += 1
            for value in extremes(a, header):
                stats["extremes"] += 1
                cases.append(emit_call(fn, args, "extreme", a, value))
        cases.append("}")
        bodies.append((fn.name, "\n".join(cases)))

    out = [PRELUDE]
    for _, body in bodies:
        out.append(body)
        out.append("")
    gated = ", ".join(f"{f.name} (`{f.gate}`)" for f in header.gated) or "none"
    no_ptr = ", ".join(stats["no_pointer"]) or "none"
    out.append("int main(int argc, char **argv) {")
    out.append("    (void)argc;")
    out.append("    (void)argv;")
    out.append("    if (prelude() != 0) {")
    out.append('        fprintf(stderr, "null_sweep: the prelude failed; nothing swept\\n");')
    out.append("        teardown();")
    out.append("        return 1;")
    out.append("    }")
    for name, _ in bodies:
        out.append(f"    sweep_{name}();")
    out.append("    teardown();")
    out.append("    if (failures != 0) {")
    out.append('        fprintf(stderr, "null_sweep: %d check(s) failed\\n", failures);')
    out.append("        return 1;")
    out.append("    }")
    summary = (f"null_sweep: {stats['functions']} functions of the header, {stats['swept']} with "
               f"pointer parameters: {stats['pointers']} pointer parameters NULL one at a time "
               f"({stats['allowed']} where NULL is allowed), {stats['empty']} byte inputs empty, "
               f"{stats['scalars']} scalar parameters at {stats['extremes']} extremes, "
               f"{stats['controls']} control calls; %lu calls, all checks passed")
    out.append(f'    printf({c_string(summary)} "\\n", calls);')
    out.append(f'    printf({c_string("null_sweep: no pointer parameter: " + no_ptr)} "\\n");')
    out.append(f'    printf({c_string("null_sweep: skipped, " + PCSC_NOTE + ": " + gated)} "\\n");')
    out.append("    return 0;")
    out.append("}")
    return "\n".join(out) + "\n", stats, header


def main(argv):
    if len(argv) != 3:
        print("usage: ffi-null-sweep.py include/jpki.h OUT.c", file=sys.stderr)
        return 2
    with open(argv[1], encoding="utf-8") as f:
        text = f.read()
    try:
        program, stats, header = generate(text, argv[1])
    except GenerationError as e:
        print(f"ffi-null-sweep: {e}", file=sys.stderr)
        return 1
    with open(argv[2], "w", encoding="utf-8") as f:
        f.write(program)
    print(f"ffi-null-sweep: {stats['functions']} functions, {stats['swept']} with pointer "
          f"parameters, {stats['pointers']} pointer parameters ({stats['allowed']} NULL-allowed: "
          + ", ".join(f"{f}({p})" for f, p in sorted(NULL_ALLOWED)) + f"), {stats['empty']} "
          f"byte inputs, {stats['scalars']} scalar parameters at {stats['extremes']} extremes, "
          f"{stats['controls']} control calls -> {argv[2]}")
    if header.gated:
        print("ffi-null-sweep: skipped, " + PCSC_NOTE + ": "
              + ", ".join(f"{f.name} (`{f.gate}`)" for f in header.gated))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
