// The web build's declarations: the same API plus the default export init(), which
// must be awaited before anything else.

import init, { Verifier, parseCertificate } from 'jpki-wasm/web';
import type { Verdict } from 'jpki-wasm/web';

export async function verifyInBrowser(wasmUrl: URL, signed: Uint8Array, content: Uint8Array, anchors: string): Promise<Verdict> {
  await init({ module_or_path: wasmUrl });
  await init(wasmUrl);
  const verifier = new Verifier({ trustAnchors: anchors });
  const holder = parseCertificate(anchors).personal_info;
  const name: string | undefined = holder?.name;
  // @ts-expect-error -- init() resolves to the module's exports, not a Verifier
  const notAVerifier: Verifier = await init();
  return verifier.verify(signed, { content, at: new Date() });
}
