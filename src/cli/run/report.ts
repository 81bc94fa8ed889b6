// `report usage` (declared in ../commands/report.ts).
import type * as declared from '../commands/report.js';
import type { InputOf } from '../define.js';
import type { Runtime } from '../runtime.js';

export async function usage(input: InputOf<typeof declared.usage>, rt: Runtime): Promise<void> {
  const { usageReport } = await import('../../services/usage-report.js');
  const report = usageReport(await rt.ctx(), { from: input.from, to: input.to, by: input.by });
  if (rt.json || input.format === 'json') return rt.printJson(report);
  const { usageCsv, usageTable } = await import('../../render/report.js');
  rt.print(input.format === 'csv' ? usageCsv(report) : usageTable(report, await rt.chalk()));
}
