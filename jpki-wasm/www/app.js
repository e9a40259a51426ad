// @ts-check
// The verifier page of jpki-wasm: checks a signed application in the browser.
//
// Layout served (any static server; the browser test maps it the same way):
//   /            jpki-wasm/www/ (index.html, app.js, style.css)
//   /pkg/        target/wasm-pkg/web/ (scripts/wasm-build.sh: jpki_wasm.js, jpki_wasm_bg.wasm)
//
// Nothing leaves the browser. The only requests are the page's own files and the .wasm,
// all made while loading (init() below runs at once); verifying reads the chosen files
// with File.arrayBuffer() and calls the WebAssembly module, so it works offline once the
// page has loaded. The page's Content-Security-Policy forbids any other origin anyway.
// Data from the files is only ever put into the page as text, never parsed as HTML.
//
// Types: JSDoc against the package's hand-written jpki.d.ts (tsc --strict --checkJs;
// tests/browser/page-types.test.mjs runs it).

import init, { Verifier, isJpkiError, version } from './pkg/jpki_wasm.js';

/** @typedef {import('./pkg/jpki_wasm.js').Verdict} Verdict */
/** @typedef {import('./pkg/jpki_wasm.js').FieldResult} FieldResult */
/** @typedef {import('./pkg/jpki_wasm.js').Applicant} Applicant */
/** @typedef {import('./pkg/jpki_wasm.js').VerifyOptions} VerifyOptions */
/** @typedef {import('./pkg/jpki_wasm.js').VerifierOptions} VerifierOptions */
/** @typedef {'name' | 'birth_date' | 'sex' | 'address'} FieldName */
/** @typedef {{ message: string, code?: number, kind?: string }} ErrorInfo */
/** @typedef {{ file: string, outcome: string, error?: ErrorInfo }} CrlOutcome */
/**
 * One certificate of `checks.revocation.certificates`, as the CLI's JSON writes it.
 * @typedef {{ serial: string, status: string, source?: string, revoked_at?: string,
 *   reason?: string, causes?: Array<{ error: string, code: number, kind: string }> }} RevocationEntry
 */

/** @type {Array<[keyof Verdict['checks'], string]>} */
const CHECKS = [
  ['signature', 'Signature'],
  ['certificate', 'Certificate path'],
  ['revocation', 'Revocation'],
  ['personal_info', 'Personal info (4 basic info vs the form)'],
];
/** @type {Record<string, string>} */
const CHECK_RESULTS = { passed: 'passed', failed: 'failed', not_run: 'not run', off: 'off' };
/** @type {Array<[FieldName, string]>} */
const FIELDS = [
  ['name', 'Name'],
  ['birth_date', 'Birth date'],
  ['sex', 'Sex'],
  ['address', 'Address'],
];
/** @type {Record<string, string>} */
const FIELD_RESULTS = {
  exact: 'exact',
  normalized: 'normalized',
  equivalent_by_substitution: 'equivalent by substitution',
  mismatch: 'mismatch',
  not_provided: 'not provided',
};
/** @type {Record<string, string>} */
const SEXES = { male: 'male (男)', female: 'female (女)', unknown: 'unknown (不明)' };

/**
 * The element with this id (the page's own markup: it is there).
 * @template {HTMLElement} T
 * @param {string} id
 * @param {new () => T} type
 * @returns {T}
 */
function byId(id, type) {
  const node = document.getElementById(id);
  if (!(node instanceof type)) throw new Error(`the page lacks #${id}`);
  return node;
}

const form = byId('verify-form', HTMLFormElement);
const inputs = {
  signed: byId('signed', HTMLInputElement),
  content: byId('content', HTMLInputElement),
  anchors: byId('anchors', HTMLInputElement),
  crls: byId('crls', HTMLInputElement),
  name: byId('name', HTMLInputElement),
  birth: byId('birth', HTMLInputElement),
  sex: byId('sex', HTMLSelectElement),
  address: byId('address', HTMLInputElement),
  at: byId('at', HTMLInputElement),
  revocation: byId('revocation', HTMLSelectElement),
};
const statusLine = byId('status', HTMLElement);
const versionLine = byId('version', HTMLElement);
const verifyButton = byId('verify', HTMLButtonElement);
const resultSection = byId('result', HTMLElement);
const problem = byId('problem', HTMLElement);
const report = byId('report', HTMLElement);

/**
 * An element with attributes (`text` sets its text; an absent or false value is left
 * out) and children (nodes or text; nested lists are flattened; absent ones skipped).
 * @param {string} tag
 * @param {Record<string, string | number | boolean | null | undefined>} [attrs]
 * @param {...unknown} children
 * @returns {HTMLElement}
 */
function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'text') node.textContent = String(value);
    else node.setAttribute(key, value === true ? '' : String(value));
  }
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    node.append(child instanceof Node ? child : String(child));
  }
  return node;
}

/**
 * Japanese data, marked so that screen readers and fonts treat it as such.
 * @param {string} text
 * @param {Record<string, string | undefined>} [attrs]
 */
const ja = (text, attrs = {}) => el('span', { lang: 'ja', ...attrs, text });

/**
 * `text` with the characters at `indices` (code point positions, as the core counts
 * them) wrapped in <mark class="substitute">.
 * @param {string} text
 * @param {number[]} indices
 * @param {Record<string, string>} [attrs]
 */
function withSubstitutes(text, indices, attrs = {}) {
  const marked = new Set(indices);
  const node = el('span', { lang: 'ja', ...attrs });
  let plain = '';
  Array.from(text).forEach((ch, i) => {
    if (!marked.has(i)) {
      plain += ch;
      return;
    }
    if (plain) node.append(plain);
    plain = '';
    node.append(el('mark', {
      class: 'substitute', title: 'substitute character', 'data-index': i, text: ch,
    }));
  });
  if (plain) node.append(plain);
  return node;
}

/**
 * @param {unknown} error
 * @returns {ErrorInfo}
 */
function describeError(error) {
  if (isJpkiError(error)) return { message: error.message, code: error.code, kind: error.kind };
  if (error instanceof Error) return { message: `${error.name}: ${error.message}` };
  return { message: String(error) };
}

/**
 * The error line: message, then code and kind when it has them.
 * @param {ErrorInfo} info
 * @param {string} [testid]
 */
function errorLine(info, testid) {
  const id = (/** @type {string} */ suffix) => (testid ? `${testid}${suffix}` : undefined);
  return el('span', { class: 'error', 'data-testid': id('') },
    el('span', { 'data-testid': id('-message'), text: info.message }),
    info.code !== undefined && el('span', { class: 'code' },
      ' (code ', el('code', { 'data-testid': id('-code'), text: info.code }),
      info.kind ? [', ', el('code', { 'data-testid': id('-kind'), text: info.kind })] : [],
      ')'));
}

/**
 * @param {string} what
 * @param {unknown} error
 */
function showProblem(what, error) {
  problem.replaceChildren(el('strong', { text: `${what}: ` }), errorLine(describeError(error), 'problem-error'));
  problem.hidden = false;
}

/** @param {File} file */
async function readFile(file) {
  return new Uint8Array(await file.arrayBuffer());
}

/** @returns {Applicant | undefined} */
function applicantFromForm() {
  /** @type {Applicant} */
  const applicant = {};
  const name = inputs.name.value.trim();
  const birth = inputs.birth.value.trim();
  const sex = inputs.sex.value;
  const address = inputs.address.value.trim();
  if (name) applicant.name = name;
  if (birth) applicant.birthDate = birth;
  if (sex === 'male' || sex === 'female' || sex === 'unknown') applicant.sex = sex;
  if (address) applicant.address = address;
  return Object.keys(applicant).length ? applicant : undefined;
}

// ---- rendering --------------------------------------------------------------------

/** @param {Verdict} v */
function renderVerdict(v) {
  const failed = CHECKS.filter(([key]) => v.checks[key]?.result === 'failed').map(([, label]) => label);
  return el('div', { class: `verdict ${v.valid ? 'valid' : 'invalid'}`, 'data-testid': 'verdict', 'data-valid': String(v.valid) },
    el('p', { class: 'verdict-line' },
      el('strong', { 'data-testid': 'verdict-text', text: v.valid ? 'Valid' : 'Invalid' }),
      v.valid
        ? ' — every check passed.'
        : ` — failed: ${failed.length ? failed.join(', ') : 'a check did not pass'}.`),
    el('p', { class: 'at' }, 'Validation time: ', el('time', { datetime: v.at, 'data-testid': 'verdict-at', text: v.at })));
}

/** @param {Verdict['checks']['revocation']} check */
function revocationDetails(check) {
  const entries = /** @type {RevocationEntry[] | undefined} */ (check.certificates);
  if (!entries?.length) return null;
  return el('ul', { class: 'revocation-list', 'data-testid': 'revocation-certificates' },
    entries.map((c) => el('li', { 'data-status': c.status },
      el('code', { text: c.serial }), ': ', el('strong', { text: c.status }),
      c.source ? ` (from ${c.source})` : '',
      c.revoked_at ? `, revoked at ${c.revoked_at}` : '',
      c.reason ? `, reason ${c.reason}` : '',
      c.causes?.length
        ? [' — ', c.causes.map((cause, i) => [i ? '; ' : '', errorLine({ message: cause.error, code: cause.code, kind: cause.kind })])]
        : [])));
}

/** @param {Verdict} v */
function renderChecks(v) {
  return el('section', { 'aria-labelledby': 'checks-heading' },
    el('h3', { id: 'checks-heading', text: 'Checks' }),
    el('table', { class: 'checks', 'data-testid': 'checks' },
      el('thead', {}, el('tr', {},
        el('th', { scope: 'col', text: 'Check' }),
        el('th', { scope: 'col', text: 'Result' }),
        el('th', { scope: 'col', text: 'Details' }))),
      el('tbody', {}, CHECKS.map(([key, label]) => {
        const check = v.checks[key] ?? { result: 'not_run' };
        return el('tr', { 'data-testid': `check-${key}`, 'data-result': check.result, class: `check ${check.result}` },
          el('th', { scope: 'row', text: label }),
          el('td', { class: 'result', 'data-testid': `check-${key}-result`, text: CHECK_RESULTS[check.result] ?? check.result }),
          el('td', {},
            check.result === 'failed'
              ? errorLine({ message: check.error ?? '', code: check.code, kind: check.kind }, `check-${key}-error`)
              : null,
            key === 'revocation' ? revocationDetails(v.checks.revocation) : null));
      }))));
}

/**
 * A description list; rows left null are skipped.
 * @param {Array<[string, unknown, string] | null>} rows  term, value, data-testid of the value
 * @param {Record<string, string>} attrs
 */
function definitions(rows, attrs) {
  return el('dl', attrs, rows.map((row) => row && [
    el('dt', { text: row[0] }),
    el('dd', { 'data-testid': row[2] }, row[1]),
  ]));
}

/** @param {Verdict} v */
function renderSigner(v) {
  if (!v.signer) return null;
  const s = v.signer;
  return el('section', { 'aria-labelledby': 'signer-heading' },
    el('h3', { id: 'signer-heading', text: 'Signer certificate' }),
    definitions([
      ['Subject', ja(s.subject), 'signer-subject'],
      ['Issuer', s.issuer, 'signer-issuer'],
      ['Serial', el('code', { text: s.serial }), 'signer-serial'],
      ['Kind', s.kind, 'signer-kind'],
      ['Valid', `${s.not_before} – ${s.not_after}`, 'signer-validity'],
      v.algorithm ? ['Algorithm', v.algorithm, 'signer-algorithm'] : null,
      v.signing_time ? ['Signing time (claimed by the signer)', v.signing_time, 'signer-signing-time'] : null,
    ], { class: 'details', 'data-testid': 'signer' }));
}

/** @param {Verdict} v */
function renderHolder(v) {
  if (!v.holder) return null;
  const h = v.holder;
  const nameIdx = h.name_substituted.map((s) => s.index);
  const addressIdx = h.address_substituted.map((s) => s.index);
  const signed = v.checks.signature.result === 'passed';
  return el('section', { 'aria-labelledby': 'holder-heading' },
    el('h3', { id: 'holder-heading', text: "Holder's 4 basic info (from the certificate)" }),
    signed ? null : el('p', { class: 'warning', 'data-testid': 'holder-unverified',
      text: 'The signature did not verify: this is only who the signature claims to be.' }),
    definitions([
      ['Name', withSubstitutes(h.name, nameIdx), 'holder-name'],
      ['Birth date', [ja(h.birth_date.japanese), ` (${h.birth_date.iso})`], 'holder-birth'],
      ['Sex', ja(SEXES[h.sex] ?? h.sex), 'holder-sex'],
      ['Address', withSubstitutes(h.address, addressIdx), 'holder-address'],
    ], { class: 'details holder', 'data-testid': 'holder' }),
    nameIdx.length + addressIdx.length
      ? el('p', { class: 'legend', 'data-testid': 'substitute-legend' },
        el('mark', { class: 'substitute', text: '字' }),
        ' marks a substitute character: the resident register has a character outside the'
        + ' certificate\'s character set there, and the certificate carries a substitute.')
      : null);
}

/**
 * @param {FieldName} key
 * @param {string} label
 * @param {FieldResult | undefined} m
 * @param {Verdict} v
 */
function renderField(key, label, m, v) {
  const result = m?.result ?? 'not_provided';
  /** @type {HTMLElement[]} */
  const details = [];
  if (m?.result === 'equivalent_by_substitution') {
    const certValue = key === 'name' ? v.holder?.name : key === 'address' ? v.holder?.address : undefined;
    const positions = m.positions ?? [];
    details.push(el('p', {}, 'The certificate has substitute characters at index ',
      positions.map((p, i) => [i ? ', ' : '', el('code', { text: p })]), ': ',
      certValue !== undefined ? withSubstitutes(certValue, positions, { 'data-testid': `cmp-${key}-certificate` }) : ''));
  }
  if (m?.normalized?.length) {
    details.push(el('p', { 'data-testid': `cmp-${key}-normalized` }, 'Normalized: ', m.normalized.join(', ')));
  }
  if (m?.result === 'mismatch') {
    details.push(definitions([
      ['Expected (certificate)', ja(m.expected ?? ''), `cmp-${key}-expected`],
      ['Found (form)', ja(m.found ?? ''), `cmp-${key}-found`],
      m.position !== undefined ? ['First difference at character', String(m.position), `cmp-${key}-position`] : null,
    ], { class: 'mismatch-details' }));
    if (m.message) details.push(el('p', { class: 'message' }, ja(m.message, { 'data-testid': `cmp-${key}-message` })));
  }
  return el('tr', { 'data-testid': `cmp-${key}`, 'data-result': result, class: `field ${result}` },
    el('th', { scope: 'row', text: label }),
    el('td', { class: 'result', 'data-testid': `cmp-${key}-result` },
      el('span', { class: m?.match ? 'ok' : 'not-ok', text: FIELD_RESULTS[result] ?? result })),
    el('td', {}, details));
}

/** @param {Verdict} v */
function renderComparison(v) {
  const c = v.comparison;
  if (!c) return null;
  // The CLI's JSON: {match, all_four_match, fields: {name, birth_date, sex, address}}.
  return el('section', { 'aria-labelledby': 'comparison-heading' },
    el('h3', { id: 'comparison-heading', text: 'Comparison with the form' }),
    el('p', { 'data-testid': 'comparison-summary', 'data-match': String(c.match) },
      c.match ? 'Every field given on the form matches the certificate.' : 'Some fields given on the form do not match the certificate.'),
    el('table', { class: 'comparison', 'data-testid': 'comparison' },
      el('thead', {}, el('tr', {},
        el('th', { scope: 'col', text: 'Field' }),
        el('th', { scope: 'col', text: 'Result' }),
        el('th', { scope: 'col', text: 'Details' }))),
      el('tbody', {}, FIELDS.map(([key, label]) => renderField(key, label, c.fields[key], v)))));
}

/** @param {CrlOutcome[]} outcomes */
function renderCrls(outcomes) {
  if (!outcomes.length) return null;
  return el('section', { 'aria-labelledby': 'crls-heading' },
    el('h3', { id: 'crls-heading', text: 'Revocation data loaded' }),
    el('ul', { 'data-testid': 'crl-outcomes' }, outcomes.map((o) => el('li', { 'data-outcome': o.outcome },
      el('span', { text: `${o.file}: ` }),
      o.error ? errorLine(o.error) : el('strong', { text: o.outcome.replace('_', ' ') })))));
}

// ---- the run -----------------------------------------------------------------------

let runs = 0;

/** @param {'running' | 'done' | 'error'} state */
function setState(state) {
  resultSection.setAttribute('data-state', state);
}

async function verifyForm() {
  runs += 1;
  resultSection.hidden = false;
  setState('running');
  resultSection.setAttribute('data-run', String(runs));
  problem.hidden = true;
  problem.replaceChildren();
  report.replaceChildren();

  const signedFile = inputs.signed.files?.[0];
  const contentFile = inputs.content.files?.[0];
  const anchorsFile = inputs.anchors.files?.[0];
  const crlFiles = Array.from(inputs.crls.files ?? []);
  if (!signedFile || !anchorsFile) {
    showProblem('Missing input', new Error(!signedFile ? 'choose the signed application' : 'choose the trust anchors'));
    setState('error');
    return;
  }

  /** @type {Verifier | undefined} */
  let verifier;
  try {
    const [signed, content, anchors, crls] = await Promise.all([
      readFile(signedFile),
      contentFile ? readFile(contentFile) : undefined,
      readFile(anchorsFile),
      Promise.all(crlFiles.map(readFile)),
    ]);
    const mode = inputs.revocation.value;
    try {
      verifier = new Verifier({
        trustAnchors: anchors,
        revocation: mode === 'soft' || mode === 'off' ? mode : 'hard',
      });
    } catch (error) {
      showProblem(`Trust anchors (${anchorsFile.name})`, error);
      setState('error');
      return;
    }
    const loaded = verifier;
    /** @type {CrlOutcome[]} */
    const outcomes = crls.map((crl, i) => {
      try {
        return { file: crlFiles[i].name, outcome: loaded.addCrl(crl) };
      } catch (error) {
        return { file: crlFiles[i].name, outcome: 'error', error: describeError(error) };
      }
    });
    /** @type {VerifyOptions} */
    const options = {};
    if (content) options.content = content;
    const applicant = applicantFromForm();
    if (applicant) options.applicant = applicant;
    const at = inputs.at.value.trim();
    if (at) options.at = at;
    /** @type {Verdict} */
    let verdict;
    try {
      verdict = verifier.verify(signed, options);
    } catch (error) {
      showProblem('Could not verify', error);
      const crlReport = renderCrls(outcomes);
      if (crlReport) report.append(crlReport);
      setState('error');
      return;
    }
    for (const part of [
      renderVerdict(verdict),
      renderChecks(verdict),
      renderHolder(verdict),
      renderComparison(verdict),
      renderSigner(verdict),
      renderCrls(outcomes),
    ]) {
      if (part) report.append(part);
    }
    setState('done');
  } catch (error) {
    showProblem('Could not read the files', error);
    setState('error');
  } finally {
    verifier?.free();
  }
}

// ---- files: chosen or dropped ------------------------------------------------------

/** @param {HTMLInputElement} input */
function showChosen(input) {
  const out = form.querySelector(`output[for="${input.id}"]`);
  if (out) out.textContent = Array.from(input.files ?? []).map((f) => `${f.name} (${f.size} bytes)`).join(', ');
}

for (const zone of form.querySelectorAll('.drop')) {
  const input = zone.querySelector('input[type=file]');
  if (!(input instanceof HTMLInputElement)) continue;
  input.addEventListener('change', () => showChosen(input));
  zone.addEventListener('dragover', (event) => {
    if (!(event instanceof DragEvent) || !event.dataTransfer) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
    zone.classList.add('over');
  });
  zone.addEventListener('dragleave', () => zone.classList.remove('over'));
  zone.addEventListener('drop', (event) => {
    if (!(event instanceof DragEvent) || !event.dataTransfer) return;
    event.preventDefault();
    zone.classList.remove('over');
    const dropped = Array.from(event.dataTransfer.files);
    if (!dropped.length) return;
    const files = new DataTransfer();
    for (const file of input.multiple ? dropped : dropped.slice(0, 1)) files.items.add(file);
    input.files = files.files;
    input.dispatchEvent(new Event('change', { bubbles: true }));
  });
}
// A file dropped beside the boxes must not make the browser open it.
for (const type of ['dragover', 'drop']) {
  window.addEventListener(type, (event) => {
    if (!(event.target instanceof Element && event.target.closest('.drop'))) event.preventDefault();
  });
}

form.addEventListener('submit', (event) => {
  event.preventDefault();
  verifyButton.disabled = true;
  verifyForm().finally(() => { verifyButton.disabled = false; });
});
form.addEventListener('reset', () => {
  for (const out of form.querySelectorAll('output.chosen')) out.textContent = '';
  resultSection.hidden = true;
  resultSection.removeAttribute('data-state');
  report.replaceChildren();
  problem.hidden = true;
});

// ---- start: load the .wasm (the page's last request) --------------------------------

try {
  await init();
  versionLine.textContent = `jpki-wasm ${version()} — verdicts in the jpki CLI's JSON contract.`;
  statusLine.textContent = 'Ready. Nothing you choose here leaves this browser.';
  statusLine.setAttribute('data-state', 'ready');
  verifyButton.disabled = false;
} catch (error) {
  statusLine.textContent = `The verifier could not load: ${describeError(error).message}`;
  statusLine.setAttribute('data-state', 'failed');
}
