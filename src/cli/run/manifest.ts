// `commands` (declared in ../commands/manifest.ts): the manifest of the declarations this program holds.
import type * as declared from '../commands/manifest.js';
import type { InputOf } from '../define.js';
import { buildManifest, manifestText } from '../manifest.js';
import type { Runtime } from '../runtime.js';

export async function commands(_input: InputOf<typeof declared.commands>, rt: Runtime): Promise<void> {
  await rt.emit(buildManifest(rt.declarations), (m) => manifestText(m));
}
