// The demo desk's plan: pure and seeded (no I/O). Given the seed, the sizes,
// "now" and what the desk already holds, it returns the clients and their
// tickets as plain data (src/store/demo.ts), every figure from the rules the
// desk applies (slices, billTicket, planHeldOn/fixDelivery, licenceEnd,
// receiptText). Clients hold chains of licences (renewed, lapsed, reactivated),
// buy packages when their credit runs low, open tickets while licensed.
//
// The clients are planned at once; the tickets come as a sequence planned as
// it is read (creation instants in typed arrays sorted once, each ticket drawn
// when its turn comes): a million-ticket plan is never held in memory.
import { usageError } from '../../errors.js';
import { billTicket, changesNothing, fixDelivery, planHeldOn } from '../../rules/billing.js';
import { autoStopAt, type HolidayCheck } from '../../rules/business-time.js';
import { addDays, daysBetween } from '../../rules/calendar.js';
import { formatMinutes } from '../../rules/duration.js';
import { chargeNote } from '../../rules/ledger-notes.js';
import { licenceEnd, type Plan } from '../../rules/licence-term.js';
import { PACKAGES } from '../../rules/shop-order.js';
import { billableMinutes, slicesFor, workedSeconds } from '../../rules/slices.js';
import type { DemoClient, DemoLicence, DemoPurchase, DemoTicket } from '../../store/demo.js';
import { billDetail } from '../billing.js';
import { receiptText } from '../receipts.js';

export interface DemoPlanInput {
  seed: number;
  clients: number;
  tickets: number;
  /** the instant the desk is planned at */
  now: number;
  /** its calendar day in the business zone */
  today: string;
  tz: string;
  /** the public holidays of last year and this one: running timers stop by themselves at the end of their support day */
  holidays: HolidayCheck;
  /** the monthly bill runs happened up to this instant; tickets resolved since wait for the next one */
  billedUntil: number;
  /** clients the desk already holds: the demo's codes follow theirs */
  existingClients: number;
  /** the number the first demo ticket gets */
  firstTicketId: number;
}

export interface DemoPlan {
  clients: DemoClient[];
  /** in creation order, numbered from firstTicketId */
  tickets: Iterable<DemoTicket>;
}

/** The plan sorts tickets on 24 bits of index. */
export const DEMO_MAX_TICKETS = 2 ** 24 - 1;
/** How far back the desk's history goes. */
export const DEMO_YEARS = 10;

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

const COMPANY_KINDS = [
  'Cabinet',
  'Atelier',
  'Garage',
  'Pharmacie',
  'Boulangerie',
  'Transports',
  'Imprimerie',
  'Menuiserie',
  'Clinique',
  'Librairie',
  'Hôtel',
  'Étude',
  'Laboratoire',
  'Agence',
  'Fromagerie',
];
const SURNAMES = [
  'Dupont',
  'Martin',
  'Leroy',
  'Bernard',
  'Moreau',
  'Petit',
  'Roux',
  'Fournier',
  'Girard',
  'Lambert',
  'Bonnet',
  'Mercier',
  'Durand',
  'Lefèvre',
  'Garnier',
  'Faure',
  'Rousseau',
  'Blanc',
  'Guérin',
  'Muller',
  'Henry',
  'Perrin',
  'Morel',
  'Chevalier',
  'Gauthier',
  'Robin',
  'Clément',
  'Masson',
  'Lemaire',
  'Noël',
];
const SUBJECTS = [
  'Export PDF plante',
  'Impossible de se connecter',
  'Lenteur à l’ouverture des dossiers',
  'Erreur à l’impression des factures',
  'Mise à jour bloquée à 80 %',
  'Licence non reconnue après réinstallation',
  'Perte des préférences utilisateur',
  'Question sur la sauvegarde automatique',
  'Import CSV refuse les accents',
  'Calcul de TVA erroné',
  'Écran blanc au démarrage',
  'Migration vers un nouveau poste',
  'Sauvegarde impossible sur le NAS',
  'Relances clients en double',
  'Police illisible sur écran 4K',
  'Export comptable rejeté par l’expert',
];
const BODIES = [
  'Depuis ce matin, le problème se reproduit à chaque fois.',
  'Cela arrive sur un seul poste, les autres fonctionnent.',
  'Message d’erreur : « accès refusé ». Merci de nous rappeler.',
  'Urgent : la clôture mensuelle est bloquée.',
  'Nous avons redémarré le poste sans effet.',
];
const RESOLUTIONS = [
  'paramètres corrigés',
  'réinstallation guidée',
  'explication donnée par téléphone',
  'base réindexée',
  'pilote d’imprimante mis à jour',
  'droits du dossier partagé rétablis',
  'mise à jour appliquée',
  'formation rapide à la fonction',
];
const DEFECTS = [
  'plantage de l’export PDF',
  'arrondi de TVA faux',
  'fuite mémoire à l’ouverture',
  'import CSV mal décodé',
];
const AGENTS = [
  'alice',
  'bob',
  'chloe',
  'david',
  'emma',
  'farid',
  'gabriel',
  'hugo',
  'ines',
  'jules',
  'karim',
  'lea',
  'manon',
  'nathan',
  'oceane',
  'paul',
  'quentin',
  'rose',
  'sami',
  'theo',
  'ugo',
  'victor',
  'yasmine',
  'zoe',
];
const PRODUCTS = Object.keys(PACKAGES);

const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;
/** Who runs the monthly `bill --all` and the shop import in the demo's story. */
const BILLING_AGENT = 'billing';
const SHOP_AGENT = 'shop-import';

type ClientKind = 'active' | 'frozen' | 'forfeited' | 'unlicensed';

/** What the plan follows of a client while its tickets are drawn. */
interface ClientState {
  code: string;
  email: string | null;
  language: 'fr' | 'en';
  kind: ClientKind;
  licences: { plan: Plan; startsOn: string; endsOn: string }[];
  /** share of the tickets: a few big clients, many small ones */
  size: number;
  /** the credit the client counts on, billed yet or not: its purchases follow it */
  balance: number;
  orders: number;
}

/** The instant a calendar day starts, in UTC: the demo's times sit inside Paris's working day either way. */
const dayMs = (day: string): number => Date.parse(`${day}T00:00:00Z`);
const dayOf = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

/** The monthly bill run after an instant: the 1st of the next month, 06:00 UTC. */
function billRunAfter(ms: number): number {
  const d = new Date(ms);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1, 6);
}

/** The day `months` before `end` (licenceEnd run backwards; at a month's end the term recomputed forwards may leave a day between two licences). */
function addMonthsBack(end: string, months: number): string {
  const [y, m, d] = end.split('-').map(Number) as [number, number, number];
  const target = new Date(Date.UTC(y, m - 1 - months, 1));
  const last = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d, last));
  return dayOf(target.getTime());
}

/** Picks by cumulative weight: a binary search. */
function weightedPicker(weights: readonly number[], rnd: () => number): (() => number) | null {
  const cumulative: number[] = [];
  let total = 0;
  for (const w of weights) cumulative.push((total += w));
  if (total <= 0) return null;
  return () => {
    const x = rnd() * total;
    let [lo, hi] = [0, cumulative.length - 1];
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cumulative[mid]! > x) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  };
}

/**
 * The demo desk for `input`: same input, same plan. One random sequence is
 * drawn in a fixed order (clients, then ticket instants, then each ticket as
 * the sequence is read), so the tickets must be read once, in order.
 */
export function planDemo(input: DemoPlanInput): DemoPlan {
  const { now, today: day, billedUntil, tz, holidays } = input;
  if (input.tickets > DEMO_MAX_TICKETS) throw usageError(`at most ${DEMO_MAX_TICKETS} demo tickets`);
  const rnd = random(input.seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rnd() * items.length)]!;
  const between = (lo: number, hi: number): number => lo + Math.floor(rnd() * (hi - lo + 1));
  /** Log-normal around a median: most values near it, a long tail above. */
  const around = (median: number, spread: number): number =>
    median * Math.exp(spread * Math.sqrt(-2 * Math.log(1 - rnd())) * Math.cos(2 * Math.PI * rnd()));

  const historyStart = addDays(day, -Math.round(DEMO_YEARS * 365.25));
  const agents = AGENTS.slice(0, Math.min(AGENTS.length, Math.max(4, Math.ceil(input.tickets / 50_000))));

  /** A time in the support's working hours of that day (a weekend moves to the nearest weekday). */
  const workingTime = (ms: number): number => {
    let d = Math.floor(ms / DAY) * DAY;
    const weekday = new Date(d).getUTCDay();
    if (weekday === 6) d -= DAY;
    if (weekday === 0) d += DAY;
    return d + 7 * HOUR + Math.floor(rnd() * 9 * HOUR);
  };

  /** The client's licences, built back from the last one: renewals, plan changes, now and then a gap (credit frozen, then active again). */
  function licenceChain(kind: ClientKind): ClientState['licences'] {
    let plan: Plan = rnd() < 0.45 ? 'all-inclusive' : 'on-demand';
    const months = (p: Plan) => (p === 'all-inclusive' ? 48 : 12);
    const termDays = months(plan) * 30.44;
    const lastStart =
      kind === 'active'
        ? addDays(day, -between(0, Math.floor(termDays) - 2))
        : kind === 'frozen'
          ? addDays(day, -Math.floor(termDays) - between(30, 600))
          : addDays(day, -Math.floor(termDays) - between(800, 1500));
    const firstDay = addDays(historyStart, between(0, Math.max(0, daysBetween(historyStart, lastStart))));
    const chain: ClientState['licences'] = [];
    let start = lastStart;
    for (;;) {
      chain.unshift({
        plan,
        startsOn: start,
        endsOn: licenceEnd(plan, start, plan === 'on-demand' ? { months: 12 } : {}),
      });
      if (rnd() < 0.1) plan = plan === 'all-inclusive' ? 'on-demand' : 'all-inclusive';
      const gapDays = plan === 'on-demand' && rnd() < 0.1 ? between(20, 180) : 0;
      // The previous term ends the day before this one starts (or before the gap).
      const previousEnd = addDays(start, -1 - gapDays);
      const previousStart = addDays(addMonthsBack(previousEnd, months(plan)), 1);
      if (previousStart < firstDay) break;
      start = previousStart;
    }
    return chain;
  }

  // ------------------------------------------------------------ clients and licences
  const pad = Math.max(3, String(input.existingClients + input.clients).length);
  const states: ClientState[] = [];
  for (let k = 0; k < input.clients; k++) {
    const code = `C${String(input.existingClients + k + 1).padStart(pad, '0')}`;
    const kind: ClientKind =
      k % 12 === 11 ? 'unlicensed' : k % 25 === 24 ? 'forfeited' : k % 6 === 4 ? 'frozen' : 'active';
    states.push({
      code,
      email: k % 29 === 17 ? null : `support@${code.toLowerCase()}.example.fr`,
      language: k % 7 === 6 ? 'en' : 'fr',
      kind,
      licences: kind === 'unlicensed' ? [] : licenceChain(kind),
      size: around(1, 0.8),
      balance: 0,
      orders: 0,
    });
  }

  // Who opens the tickets: licensed clients over the years, active ones today.
  const total = input.tickets;
  const red = total < 3 ? Math.min(total, 1) : Math.max(1, Math.round(0.3 * total ** 0.6));
  const orange = total < 3 ? Math.max(0, total - 1) : Math.max(1, Math.round(0.6 * total ** 0.6));
  const green = total - red - orange;
  const licensed = states.flatMap((c, k) => (c.licences.length > 0 ? [k] : []));
  const active = states.flatMap((c, k) => (c.kind === 'active' ? [k] : []));
  if (total > 0 && active.length === 0)
    throw usageError('the demo tickets need at least one client with a current licence', 'give more --clients');

  /** A shop order, imported an hour after it was paid: its ledger entry and purchase row. */
  const buy = (c: ClientState, at: number): DemoPurchase => {
    const product = rnd() < 0.5 ? PRODUCTS[0]! : rnd() < 0.6 ? PRODUCTS[1]! : PRODUCTS[2]!;
    const quantity = rnd() < 0.8 ? 1 : between(2, 3);
    const minutes = PACKAGES[product]! * quantity;
    const orderId = `WEB-${c.code}-${String(++c.orders).padStart(4, '0')}`;
    c.balance += minutes;
    return {
      entry: {
        at,
        kind: 'purchase',
        minutes,
        reference: orderId,
        ticketId: null,
        note: `${quantity} × ${product}`,
        agent: SHOP_AGENT,
      },
      orderId,
      product,
      quantity,
      purchasedAt: at,
      minutes,
      importedAt: Math.min(now, at + HOUR),
    };
  };

  const clients = states.map((c, k): DemoClient => {
    const first = c.licences[0]?.startsOn ?? addDays(day, -between(10, 300));
    const createdAt = Math.min(now, dayMs(first) - between(1, 20) * DAY + 9 * HOUR);
    const name = `${COMPANY_KINDS[k % COMPANY_KINDS.length]} ${SURNAMES[Math.floor(k / COMPANY_KINDS.length) % SURNAMES.length]}`;
    const round = Math.floor(k / (COMPANY_KINDS.length * SURNAMES.length));
    const licences = c.licences.map((l): DemoLicence => ({
      ...l,
      createdAt: Math.min(now, dayMs(l.startsOn) - DAY + 10 * HOUR),
      createdBy: pick(agents),
    }));
    // The first package is bought with the licence.
    const purchases = rnd() < 0.9 ? [buy(c, Math.min(now - HOUR, createdAt + between(1, 4) * HOUR))] : [];
    return {
      code: c.code,
      name: round > 0 ? `${name} ${round + 1}` : name,
      email: c.email,
      language: c.language,
      createdAt,
      licences,
      purchases,
    };
  });

  // ------------------------------------------------------------ the tickets' instants, in creation order
  // A resolved ticket was opened while its client was licensed, at least two days ago.
  const greenCap = now - 2 * DAY;
  // A licence's share of the history (its last week excluded: a ticket is taken while licensed).
  const spans = states.map((c) =>
    c.licences
      .map((l): [number, number] => [
        Math.max(dayMs(l.startsOn), dayMs(historyStart)),
        Math.min(dayMs(l.endsOn) - 6 * DAY, greenCap),
      ])
      .filter(([a, b]) => b > a),
  );
  const greenPick = weightedPicker(
    licensed.map((k) => states[k]!.size * spans[k]!.reduce((s, [a, b]) => s + b - a, 0)),
    rnd,
  );
  const openPick = weightedPicker(
    active.map((k) => states[k]!.size),
    rnd,
  );

  // (Creation instant − origin) × 2^24 + plan index: one numeric sort puts them in creation order.
  const origin = dayMs(historyStart) - 7 * DAY;
  const keys = new BigUint64Array(total);
  const clientOf = new Int32Array(total);
  const stateOf = new Uint8Array(total); // 0 green, 1 orange, 2 red
  for (let i = 0; i < total; i++) {
    let k: number;
    let created: number;
    if (i < green && greenPick) {
      k = licensed[greenPick()]!;
      const own = spans[k]!;
      let x = rnd() * own.reduce((s, [a, b]) => s + b - a, 0);
      const span = own.find(([a, b]) => (x -= b - a) < 0) ?? own[own.length - 1]!;
      created = Math.min(greenCap, workingTime(span[0] + rnd() * (span[1] - span[0])));
    } else if (i < green) {
      // No licence old enough (a desk of a client or two that just started): the last weeks.
      k = active[openPick!()]!;
      created = Math.min(greenCap, workingTime(greenCap - rnd() * 12 * DAY));
    } else {
      // Open tickets are recent: red ones wait a few days at most, orange ones are a couple of weeks old at most.
      stateOf[i] = i < green + orange ? 1 : 2;
      k = active[openPick!()]!;
      created = Math.min(now - between(2, 30) * MINUTE, workingTime(now - rnd() * (stateOf[i] === 2 ? 3 : 14) * DAY));
    }
    clientOf[i] = k;
    keys[i] = (BigInt(created - origin) << 24n) | BigInt(i);
  }
  keys.sort();

  // ------------------------------------------------------------ each ticket, drawn when its turn comes
  interface Session {
    agent: string;
    start: number;
    end: number | null;
    note: string | null;
  }

  const planTicket = (client: number, id: number, created: number, state: number): DemoTicket => {
    const c = states[client]!;
    const subject = pick(SUBJECTS);
    const body = rnd() < 0.7 ? pick(BODIES) : null;
    const agent = pick(agents);
    const events: DemoTicket['events'] = [];
    const sessions: Session[] = [];
    const purchases: DemoPurchase[] = [];
    const event = (at: number, who: string, name: string, detail: string | null = null) =>
      events.push({ at, agent: who, event: name, detail });
    const problem = c.email ? null : `no receipt e-mail: client ${c.code} has no e-mail address`;
    event(created, pick(agents), 'opened', problem);
    // Receipts go out with the next `outbox send` (every five minutes).
    const sentAt = created + between(1, 5) * MINUTE;
    const receiptSent = c.email !== null && sentAt <= now;
    if (receiptSent) event(sentAt, 'outbox', 'receipt-sent', `to ${c.email}`);
    // A client low on credit buys a package before asking for help (most of the time).
    if (c.balance < 45 && rnd() < 0.85)
      purchases.push(buy(c, Math.max(created - between(1, 72) * HOUR, dayMs(c.licences[0]!.startsOn))));
    const take = (at: number, who: string) => {
      if (c.balance <= 0) event(at, who, 'forced', `NO_CREDIT: ${c.code} has no assistance credit left`);
      event(at, who, 'taken');
    };
    let status: DemoTicket['status'];
    let queuedAt = created;
    let takenAt: number | null = null;
    let takenBy: string | null = null;
    let resolvedAt: number | null = null;
    let resolution: string | null = null;
    let defect = false;

    if (state === 2) {
      status = 'pending';
      // Now and then a red ticket was taken, then handed back to the queue (its time kept).
      const taken = created + between(5, 120) * MINUTE;
      const released = taken + between(5, 40) * MINUTE;
      if (rnd() < 0.1 && released < now) {
        take(taken, agent);
        sessions.push({ agent, start: taken, end: released, note: null });
        event(released, agent, 'released', rnd() < 0.5 ? 'attente du retour client' : null);
        queuedAt = released;
      }
    } else if (state === 1) {
      status = 'in_progress';
      takenAt = Math.min(now - MINUTE, created + Math.round(around(2 * HOUR, 1)));
      takenBy = agent;
      take(takenAt, agent);
      if (now - takenAt > 4 * HOUR) {
        // An earlier session, then the timer started again a little while ago.
        const stop = takenAt + Math.round(Math.min(3 * HOUR, Math.max(5 * MINUTE, around(25 * MINUTE, 0.6))));
        const restart = now - between(5, 90) * MINUTE;
        sessions.push({ agent, start: takenAt, end: Math.min(stop, restart - MINUTE), note: null });
        event(Math.min(stop, restart - MINUTE), agent, 'timer-stopped');
        sessions.push({ agent, start: restart, end: null, note: null });
        event(restart, agent, 'timer-started');
      } else {
        sessions.push({ agent, start: takenAt, end: null, note: null });
      }
    } else {
      status = 'resolved';
      takenAt = created + Math.round(Math.min(DAY, Math.max(5 * MINUTE, around(2 * HOUR, 1.2))));
      takenBy = agent;
      take(takenAt, agent);
      let end = takenAt + Math.round(Math.min(4 * HOUR, Math.max(2 * MINUTE, around(22 * MINUTE, 0.8))));
      if (rnd() < 0.15) {
        // The timer stopped, then a phone call recorded off the clock.
        sessions.push({ agent, start: takenAt, end, note: null });
        event(end, agent, 'timer-stopped');
        const minutes = between(5, 30);
        const added = end + between(30, 600) * MINUTE;
        sessions.push({ agent, start: added - minutes * MINUTE, end: added, note: 'appel téléphonique' });
        event(added, agent, 'time-added', `${formatMinutes(minutes)} — appel téléphonique`);
        end = added + between(1, 10) * MINUTE;
      } else {
        sessions.push({ agent, start: takenAt, end, note: null });
      }
      defect = rnd() < 0.04;
      resolution = defect ? pick(DEFECTS) : pick(RESOLUTIONS);
      event(end, agent, 'closed', defect ? `software defect: ${resolution}` : resolution);
      resolvedAt = end;
      // Now and then the client calls back: reopened, worked again, closed again (within the same month's bill run).
      const back = end + between(1, 3) * DAY;
      if (!defect && rnd() < 0.02 && billRunAfter(back + 2 * HOUR) === billRunAfter(end) && back + 2 * HOUR < now) {
        const who = pick(agents);
        event(back, pick(agents), 'reopened', 'le client constate le problème à nouveau');
        take(back + 30 * MINUTE, who);
        const again = back + 30 * MINUTE + between(5, 45) * MINUTE;
        sessions.push({ agent: who, start: back + 30 * MINUTE, end: again, note: null });
        event(again, who, 'closed', resolution);
        [queuedAt, takenAt, takenBy, resolvedAt] = [back, back + 30 * MINUTE, who, again];
      }
    }

    // The bill of the monthly run after it was resolved, when that run has happened.
    let bill: DemoTicket['bill'] = null;
    let toBill = false;
    if (status === 'resolved') {
      const seconds = workedSeconds(sessions.reduce((s, e) => s + (e.end! - e.start), 0));
      const billable = billableMinutes(seconds);
      const outcome = billTicket({
        chargedMinutes: 0,
        waivedMinutes: 0,
        uncoveredMinutes: 0,
        billableMinutes: billable,
        defect,
        balanceMinutes: c.balance,
      });
      c.balance -= outcome.chargedMinutes;
      const at = billRunAfter(resolvedAt!);
      if (at <= billedUntil && !changesNothing(outcome)) {
        const note = chargeNote({
          ticket: id,
          slices: slicesFor(seconds),
          billableMinutes: billable,
          previouslyChargedMinutes: 0,
        });
        bill = {
          at,
          agent: BILLING_AGENT,
          workedSeconds: seconds,
          billableMinutes: billable,
          previouslyChargedMinutes: outcome.previouslyChargedMinutes,
          chargedMinutes: outcome.chargedMinutes,
          waivedMinutes: outcome.waivedMinutes,
          uncoveredMinutes: outcome.uncoveredMinutes,
          entry:
            outcome.chargedMinutes > 0
              ? {
                  at,
                  kind: 'consumption',
                  minutes: -outcome.chargedMinutes,
                  reference: String(id),
                  ticketId: id,
                  note,
                  agent: BILLING_AGENT,
                }
              : null,
        };
        event(at, BILLING_AGENT, 'billed', billDetail(outcome));
      } else toBill = !changesNothing(outcome);
    }

    let fix: DemoTicket['fix'] = null;
    if (defect) {
      // docs/terms.md §6: the fix owed by the plan held on the day it was closed; old ones have shipped.
      const plan = planHeldOn(c.licences, dayOf(resolvedAt!));
      const delivery = fixDelivery(plan);
      const shipped = resolvedAt! + (delivery === 'hotfix' ? between(1, 5) : between(10, 60)) * DAY;
      const done = shipped < now;
      const version = done
        ? `${new Date(shipped).getUTCFullYear() - 2016}.${new Date(shipped).getUTCMonth() + 1}.${between(0, 9)}`
        : null;
      fix = {
        plan,
        delivery,
        status: done ? 'delivered' : 'pending',
        version,
        createdAt: resolvedAt!,
        deliveredAt: done ? shipped : null,
      };
    }

    const receipt = receiptText(c.language, id, subject);
    events.sort((a, b) => a.at - b.at);
    return {
      client,
      purchases,
      id,
      subject,
      body,
      status,
      createdAt: created,
      queuedAt,
      takenAt,
      takenBy,
      resolvedAt,
      resolution,
      defect,
      chargedMinutes: bill?.chargedMinutes ?? 0,
      waivedMinutes: bill?.waivedMinutes ?? 0,
      uncoveredMinutes: bill?.uncoveredMinutes ?? 0,
      toBill,
      bill,
      timeEntries: sessions.map((s) => ({
        agent: s.agent,
        startedAt: s.start,
        endedAt: s.end,
        note: s.note,
        stopsAt: s.end === null ? autoStopAt(s.start, tz, holidays) : null,
      })),
      receipt: {
        recipient: c.email,
        subject: receipt.subject,
        body: receipt.body,
        language: c.language,
        state: problem ? 'failed' : receiptSent ? 'sent' : 'queued',
        attempts: receiptSent ? 1 : 0,
        lastError: problem,
        createdAt: created,
        sentAt: receiptSent ? sentAt : null,
      },
      fix,
      events,
    };
  };

  function* tickets(): Generator<DemoTicket> {
    for (let k = 0; k < total; k++) {
      const i = Number(keys[k]! & 0xffffffn);
      yield planTicket(clientOf[i]!, input.firstTicketId + k, origin + Number(keys[k]! >> 24n), stateOf[i]!);
    }
  }

  let read = false;
  return {
    clients,
    tickets: {
      [Symbol.iterator]() {
        // The clients' balances move as tickets are drawn: a second reading would draw other tickets.
        if (read) throw new Error('a demo plan’s tickets are read once');
        read = true;
        return tickets();
      },
    },
  };
}
