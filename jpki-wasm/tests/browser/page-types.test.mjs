// The verifier page's script (jpki-wasm/www/app.js, `// @ts-check` with JSDoc types)
// type-checks with `tsc --strict --checkJs` against the declarations the web build
// ships (target/wasm-pkg/web/jpki_wasm.d.ts: the hand-written jpki.d.ts plus init()).
// So the page reads verdicts by the contract's names, and a contract that differs from
// what the page needs shows here. Runs the pinned npm `typescript` in process.
//
//   node --test jpki-wasm/tests/browser/   (after `npm ci` in jpki-wasm and scripts/wasm-build.sh)

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import ts from 'typescript';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '../../..');
const appJs = path.join(repo, 'jpki-wasm/www/app.js');
const declarations = path.join(repo, 'target/wasm-pkg/web/jpki_wasm.d.ts');

test('www/app.js type-checks against the package declarations (tsc --strict --checkJs)', { timeout: 60_000 }, () => {
  assert.ok(existsSync(declarations), 'target/wasm-pkg/web/jpki_wasm.d.ts is missing: run scripts/wasm-build.sh');
  const options = {
    strict: true,
    allowJs: true,
    checkJs: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ES2022,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    lib: ['lib.es2022.d.ts', 'lib.dom.d.ts', 'lib.dom.iterable.d.ts'],
    types: [],
  };
  const host = ts.createCompilerHost(options);
  // The page imports './pkg/jpki_wasm.js': served from target/wasm-pkg/web/.
  host.resolveModuleNames = (names, containingFile) => names.map((name) => {
    if (path.resolve(containingFile) === appJs && name === './pkg/jpki_wasm.js') {
      return { resolvedFileName: declarations, extension: ts.Extension.Dts, isExternalLibraryImport: false };
    }
    return ts.resolveModuleName(name, containingFile, options, host).resolvedModule;
  });
  const program = ts.createProgram({ rootNames: [appJs], options, host });
  const diagnostics = ts.getPreEmitDiagnostics(program);
  const text = ts.formatDiagnostics(diagnostics, {
    getCanonicalFileName: (f) => f,
    getCurrentDirectory: () => repo,
    getNewLine: () => '\n',
  });
  assert.equal(diagnostics.length, 0, `tsc --strict --checkJs www/app.js:\n${text}`);
  // It did check the page against the package (not an empty program).
  assert.ok(program.getSourceFile(declarations), 'the package declarations were not loaded');
});
