// Every ```js block of the README runs with node against the built nodejs package,
// in a directory holding the files it names, and prints what its comments say.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { makeFixtures, repoRoot, wasmPkgDir } from '../fixtures.mjs';

const README = join(repoRoot, 'README.md');

/** The ```js blocks of the README, with their line numbers. */
function jsBlocks() {
  const text = readFileSync(README, 'utf8');
  const blocks = [];
  const re = /^```js[ \t]*\n([\s\S]*?)^```[ \t]*$/gm;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    blocks.push({ line: text.slice(0, m.index).split('\n').length, code: m[1] });
  }
  return blocks;
}

/** What a block's `console.log(…);   // output` lines say they print, in order. */
function expectedOutput(code) {
  return code
    .split('\n')
    .filter((l) => l.includes('console.log(') && /\/\/ \S/.test(l))
    .map((l) => l.slice(l.lastIndexOf('// ') + 3).trim());
}

test('the README has js examples', () => {
  assert.ok(jsBlocks().length > 0, 'README.md has no ```js block (the "From JavaScript" section)');
});

test('every README js example runs and prints what its comments say', { timeout: 180_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'jpki-readme-js-'));
  try {
    const fx = await makeFixtures(join(dir, 'fixtures'));
    copyFileSync(fx.trustFile, join(dir, 'trust.pem'));
    copyFileSync(fx.signedFile, join(dir, 'form.p7s'));
    copyFileSync(fx.contentFile, join(dir, 'form.txt'));
    copyFileSync(fx.crlBeforeFile, join(dir, 'chiyoda.crl'));
    symlinkSync(join(wasmPkgDir, 'nodejs'), join(dir, 'jpki'));
    for (const { line, code } of jsBlocks()) {
      const file = join(dir, `readme-${line}.cjs`);
      writeFileSync(file, code);
      const run = spawnSync(process.execPath, [file], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
      assert.equal(run.status, 0, `README.md:${line} exited ${run.status}: ${run.stderr}`);
      const printed = run.stdout.trimEnd().split('\n').map((l) => l.trim());
      assert.deepEqual(printed, expectedOutput(code), `README.md:${line} printed otherwise`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
