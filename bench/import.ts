// Benchmark of `credits import` through the real CLI (a child process, as cron
// or an admin runs it): rows per second and peak RSS, for a first import and
// for re-importing the same file (every order skipped).
//
//   npm run bench:import               # 100,000 rows
//   npm run bench:import -- 1000000    # any number of rows
//
// Rows name their client (client_name, client_email) as a shop export does,
// so 1,000 clients are created on the way. Peak RSS is the kernel's VmHWM of
// the child, and its CPU time (user + system), sampled every 20 ms until it exits.
import { spawn } from 'node:child_process';
import { createWriteStream, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

// bench/import.ts, or its compiled copy dist/bench/import.js
const ROOT = fileURLToPath(new URL(import.meta.url.includes('/dist/bench/') ? '../..' : '..', import.meta.url));
const BIN = join(ROOT, 'bin', 'alias-support.js');
const rows = Number(process.argv[2] ?? 100_000);
const PRODUCTS = ['AST01', 'AST02', 'AST05'];

async function writeCsv(file: string): Promise<void> {
  const out = createWriteStream(file);
  out.write('order_id,client,product,quantity,purchased_at,client_name,client_email\n');
  const start = Date.parse('2026-01-01T08:00:00Z');
  for (let i = 0; i < rows; i++) {
    const client = `C${String(i % 1000).padStart(4, '0')}`;
    const line = `WEB-${String(i).padStart(8, '0')},${client},${PRODUCTS[i % 3]},${1 + (i % 2)},${new Date(start + i * 7_000).toISOString()},Client ${client},support@${client.toLowerCase()}.example.fr\n`;
    if (!out.write(line)) await new Promise<void>((r) => out.once('drain', () => r()));
  }
  await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
}

/** The child's peak RSS (kB) and CPU time (s) so far, from /proc; zeros once it is gone. */
function sample(pid: number): { peakKb: number; cpuSeconds: number } {
  try {
    const status = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    // Fields after the command name: utime and stime are the 12th and 13th, in clock ticks (100 per second).
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return { peakKb: status ? Number(status[1]) : 0, cpuSeconds: (Number(stat[11]) + Number(stat[12])) / 100 };
  } catch {
    return { peakKb: 0, cpuSeconds: 0 };
  }
}

async function timedImport(db: string, file: string): Promise<{ seconds: number; cpuSeconds: number; peakMb: number; result: { imported: number; skipped: number } }> {
  const t0 = performance.now();
  const child = spawn(process.execPath, [BIN, '--db', db, '--json', 'credits', 'import', file], {
    env: { ...process.env, ALIAS_SUPPORT_NOW: '2026-11-26T09:00:00Z', ALIAS_SUPPORT_AGENT: 'bench' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let stdout = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d));
  let peak = 0;
  let cpu = 0;
  const timer = setInterval(() => {
    const now = sample(child.pid!);
    peak = Math.max(peak, now.peakKb);
    cpu = Math.max(cpu, now.cpuSeconds);
  }, 20);
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  clearInterval(timer);
  const seconds = (performance.now() - t0) / 1000;
  if (code !== 0) throw new Error(`import exited with ${code}: ${stdout}`);
  return { seconds, cpuSeconds: cpu, peakMb: peak / 1024, result: JSON.parse(stdout) };
}

const dir = mkdtempSync(join(tmpdir(), 'alias-support-bench-'));
try {
  const file = join(dir, 'orders.csv');
  await writeCsv(file);
  const db = join(dir, 'desk.db');
  console.log(`${rows.toLocaleString('en')} rows, ${(statSync(file).size / 1e6).toFixed(1)} MB of CSV, ${BIN}`);
  for (const label of ['first import', 're-import (all skipped)']) {
    const { seconds, cpuSeconds, peakMb, result } = await timedImport(db, file);
    console.log(
      `${label.padEnd(24)} ${seconds.toFixed(2)} s  ${Math.round(rows / seconds).toLocaleString('en')} rows/s  CPU ${cpuSeconds.toFixed(2)} s  peak RSS ${peakMb.toFixed(0)} MB  (imported ${result.imported}, skipped ${result.skipped})`,
    );
  }
  console.log(`load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} on ${cpus().length} CPUs (wall times stretch with the load; CPU time much less)`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
