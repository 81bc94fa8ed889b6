// A realistic demo data set, built through the same use cases a desk goes
// through (so it has real history), at instants spread over the past weeks.
// Deterministic for a given seed.
import { sql } from 'drizzle-orm';
import { clients, ledgerEntries, purchases } from '../db/schema.js';
import { conflict } from '../errors.js';
import { addDays } from '../rules/calendar.js';
import { addClient } from './clients.js';
import { today, type Ctx } from './context.js';
import { addLicence } from './licences.js';
import { close, openTicket, take, timeAdd, timerStop } from './tickets.js';

export interface DemoOptions {
  clients: number;
  tickets: number;
  seed: number;
  force: boolean;
}

export interface DemoResult {
  clients: number;
  licences: number;
  purchases: number;
  tickets: { red: number; orange: number; green: number };
}

/** mulberry32: small, fast, deterministic. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const COMPANIES = ['Dupont SA', 'Martin & Fils', 'Atelier Leroy', 'Bernard Industrie', 'Garage Moreau', 'Cabinet Petit', 'Boulangerie Roux', 'Transports Fournier', 'Imprimerie Girard', 'Pharmacie Lambert', 'Menuiserie Bonnet', 'Clinique Mercier'];
const SUBJECTS = ['Export PDF plante', 'Impossible de se connecter', 'Lenteur à l’ouverture des dossiers', 'Erreur à l’impression des factures', 'Mise à jour bloquée à 80 %', 'Licence non reconnue après réinstallation', 'Perte des préférences utilisateur', 'Question sur la sauvegarde automatique', 'Import CSV refuse les accents', 'Calcul de TVA erroné', 'Écran blanc au démarrage', 'Migration vers un nouveau poste'];
const RESOLUTIONS = ['paramètres corrigés', 'réinstallation guidée', 'explication donnée par téléphone', 'base réindexée', 'pilote d’imprimante mis à jour'];
const AGENTS = ['alice', 'bob', 'chloe', 'david'];
const PRODUCTS = [
  { code: 'AST01', minutes: 60 },
  { code: 'AST02', minutes: 120 },
  { code: 'AST05', minutes: 300 },
];

export function isEmpty(ctx: Ctx): boolean {
  const row = ctx.store.orm.select({ n: sql<number>`count(*)` }).from(clients).get();
  return (row?.n ?? 0) === 0;
}

export async function runDemo(base: Ctx, options: DemoOptions): Promise<DemoResult> {
  if (!isEmpty(base) && !options.force)
    throw conflict('DUPLICATE', `${base.store.path} already holds data: the demo fills only an empty database`, 'pass --force to add the demo data anyway, or --db another.db');
  const rnd = random(options.seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rnd() * items.length)]!;
  const at = (ms: number, agent = base.agent): Ctx => ({ ...base, now: ms, agent });
  const day = today(base);
  const offset = (base.store.orm.select({ n: sql<number>`count(*)` }).from(clients).get()?.n ?? 0) + 1;
  const result: DemoResult = { clients: 0, licences: 0, purchases: 0, tickets: { red: 0, orange: 0, green: 0 } };

  const codes: string[] = [];
  for (let i = 0; i < options.clients; i++) {
    const code = `C${String(offset + i).padStart(3, '0')}`;
    const name = COMPANIES[i % COMPANIES.length]! + (i >= COMPANIES.length ? ` ${Math.floor(i / COMPANIES.length) + 1}` : '');
    addClient(at(base.now - 400 * 86_400_000), { code, name, email: `support@${code.toLowerCase()}.example.fr`, language: i % 7 === 6 ? 'en' : 'fr' });
    codes.push(code);
    result.clients++;
    // Most clients are licensed today; one in six has a lapsed licence (credit frozen), one in twelve none.
    const kind = i % 12;
    if (kind === 11) continue;
    if (kind === 5) addLicence(base, { client: code, plan: 'on-demand', start: addDays(day, -500), end: addDays(day, -40) });
    else if (i % 2 === 0) addLicence(base, { client: code, plan: 'all-inclusive', start: addDays(day, -Math.floor(rnd() * 1000) - 30) });
    else addLicence(base, { client: code, plan: 'on-demand', start: addDays(day, -Math.floor(rnd() * 300) - 30), months: 12 });
    result.licences++;
    // Purchases as the shop import records them.
    const product = pick(PRODUCTS);
    const quantity = 1 + Math.floor(rnd() * 2);
    const clientId = base.store.orm.select({ id: clients.id }).from(clients).where(sql`${clients.code} = ${code}`).get()!.id;
    base.store.immediate(() => {
      const orderId = `DEMO-${code}-1`;
      const purchasedAt = base.now - Math.floor(rnd() * 60 + 30) * 86_400_000;
      const entry = base.store.orm
        .insert(ledgerEntries)
        .values({ clientId, at: purchasedAt, kind: 'purchase', minutes: product.minutes * quantity, reference: orderId, note: `${quantity} × ${product.code}`, agent: 'shop' })
        .returning({ id: ledgerEntries.id })
        .get();
      base.store.orm
        .insert(purchases)
        .values({ orderId, clientId, product: product.code, quantity, purchasedAt, minutes: product.minutes * quantity, ledgerEntryId: entry.id, importedAt: purchasedAt })
        .run();
    });
    result.purchases++;
  }

  const licensed = codes.filter((_, i) => i % 12 !== 11 && i % 12 !== 5);
  for (let i = 0; i < options.tickets; i++) {
    // Older tickets are resolved, the newest wait in red, those between are being worked on.
    const age = (options.tickets - i) / options.tickets;
    const opened = base.now - Math.floor(age * 20 * 86_400_000) - Math.floor(rnd() * 3_600_000);
    const client = pick(licensed.length > 0 ? licensed : codes);
    const ticket = await openTicket(at(opened), { client, subject: pick(SUBJECTS) });
    const state = age > 0.3 ? 'green' : age > 0.12 ? 'orange' : 'red';
    if (state === 'red') {
      result.tickets.red++;
      continue;
    }
    const agent = pick(AGENTS);
    const taken = opened + Math.floor(rnd() * 2 * 3_600_000) + 300_000;
    const workedMs = Math.floor(rnd() * 70 * 60_000) + 60_000;
    await take(at(taken, agent), ticket.number, { force: true });
    if (state === 'orange') {
      result.tickets.orange++;
      continue;
    }
    await timerStop(at(taken + workedMs, agent), ticket.number);
    if (rnd() < 0.2) await timeAdd(at(taken + workedMs + 60_000, agent), ticket.number, 10, 'appel téléphonique');
    await close(at(taken + workedMs + 120_000, agent), ticket.number, { resolution: pick(RESOLUTIONS), defect: rnd() < 0.1 });
    result.tickets.green++;
  }
  return result;
}
