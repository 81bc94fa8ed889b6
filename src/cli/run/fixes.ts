// Software defects and the fixes owed for them (declared in ../commands/fixes.ts).
import type * as declared from '../commands/fixes.js';
import type { InputOf } from '../define.js';
import type { Runtime } from '../runtime.js';

export async function defect(input: InputOf<typeof declared.defect>, rt: Runtime): Promise<void> {
  const { declareDefect } = await import('../../services/billing.js');
  const { defectText } = await import('../../render/billing.js');
  const result = await declareDefect(await rt.ctx(), input.number, input.reason);
  await rt.emit(result, (r, c) => defectText(r, c));
}

export async function list(input: InputOf<typeof declared.list>, rt: Runtime): Promise<void> {
  const { listFixes } = await import('../../services/fixes.js');
  const { fixesTable } = await import('../../render/fixes.js');
  const pending = Boolean(input.pending);
  const fixes = listFixes(await rt.ctx(), { pending });
  const empty = pending
    ? 'No pending fixes: every fix owed was delivered.'
    : "No fixes owed: a ticket closed with --defect (or marked with 'defect N') owes one.";
  await rt.emit({ fixes }, (r, c) => fixesTable(r.fixes, c, empty));
}

export async function deliver(input: InputOf<typeof declared.deliver>, rt: Runtime): Promise<void> {
  const { deliverFix } = await import('../../services/fixes.js');
  const { deliveredText } = await import('../../render/fixes.js');
  const version = await rt.need(input.version, '--version <version>');
  const fix = deliverFix(await rt.ctx(), input.number, version);
  await rt.emit({ fix }, (r, c) => deliveredText(r.fix, c));
}

export async function release(input: InputOf<typeof declared.release>, rt: Runtime): Promise<void> {
  const { releaseFixes } = await import('../../services/fixes.js');
  const { releaseText } = await import('../../render/fixes.js');
  const result = releaseFixes(await rt.ctx(), input.version);
  await rt.emit(result, (r, c) => releaseText(r, c));
}
