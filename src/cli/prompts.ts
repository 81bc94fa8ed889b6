// Every question asked of a person at a terminal. @inquirer/prompts costs
// 35–56 ms to load, so it is imported only when a question is actually shown;
// callers ask only when Runtime.interactive says a person is there. Ctrl-C
// rejects with inquirer's ExitPromptError, which main.ts turns into exit 130.
import { AppError, EXIT, notFound } from '../errors.js';
import type { Ctx } from '../services/context.js';
import type { TicketView } from '../services/tickets.js';

export interface Choice<T> {
  value: T;
  /** the line shown in the list */
  name: string;
  /** shown under the list for the highlighted line */
  description?: string;
}

/** A non-empty line of text; `check` (a parser such as parseDay) throws to refuse it, its message shown. */
export async function askText(message: string, check?: (value: string) => unknown, initial?: string): Promise<string> {
  const { input } = await import('@inquirer/prompts');
  const validate = (value: string): string | true => {
    try {
      check?.(value.trim());
      return true;
    } catch (err) {
      return err instanceof Error ? err.message : String(err);
    }
  };
  const answer = await input({ message, default: initial, required: true, validate });
  return answer.trim();
}

/** One value among a list, the first one highlighted. */
export async function askChoice<T>(message: string, choices: readonly Choice<T>[]): Promise<T> {
  const { select } = await import('@inquirer/prompts');
  return select<T>({ message, choices: choices.map((c) => ({ ...c })), pageSize: 12, loop: false });
}

export async function askConfirm(message: string, initial: boolean): Promise<boolean> {
  const { confirm } = await import('@inquirer/prompts');
  return confirm({ message, default: initial });
}

/** Ticket lines of a picker, columns aligned by display width (CJK subjects line up too). */
async function ticketLines(cells: string[][]): Promise<string[]> {
  const { displayWidth, padDisplay } = await import('../render/text.js');
  const widths = cells[0]?.map((_, i) => Math.max(...cells.map((row) => displayWidth(row[i]!)))) ?? [];
  return cells.map((row) =>
    row
      .map((cell, i) => padDisplay(cell, widths[i]!))
      .join('  ')
      .trimEnd(),
  );
}

/** The render helpers a picker line needs: ages read as in the queue (`2h10`, `1d 3h`). */
async function lineParts() {
  const [{ formatBusinessAge }, { formatMinutes }, { cleanLine, cut, prepareWidths }] = await Promise.all([
    import('../rules/business-time.js'),
    import('../rules/duration.js'),
    import('../render/text.js'),
  ]);
  return {
    age: (t: TicketView) => `${formatBusinessAge(t.ageBusinessMinutes)} old`,
    formatMinutes,
    cleanLine,
    subject: (t: TicketView) => cut(cleanLine(t.subject), 40),
    /** before any line is laid out: CJK or emoji text loads string-width */
    prepareWidths,
  };
}

export interface TakePick {
  number: number;
  /** a ticket the terms refuse, taken after the person confirmed --force */
  force: boolean;
}

/**
 * A red ticket to take, oldest first: those the support terms allow, then
 * apart those they refuse with the reason (docs/terms.md §11). Picking a
 * refused one asks to confirm --force; a no changes nothing. With --force
 * given, every red ticket is offered in queue order.
 */
export async function askTake(ctx: Ctx, force: boolean): Promise<TakePick> {
  const [{ DEFAULT_LIMIT, queueClients, queuePage }, { requireClient }, { takeRefusal }, { Separator, select }, parts] =
    await Promise.all([
      import('../services/queue.js'),
      import('../services/clients.js'),
      import('../services/tickets.js'),
      import('@inquirer/prompts'),
      lineParts(),
    ]);
  const page = await queuePage(ctx, { state: 'red', limit: DEFAULT_LIMIT });
  if (page.tickets.length === 0) throw notFound('TICKET_NOT_FOUND', `no red ticket in the queue`);
  await parts.prepareWidths(page.tickets);
  const credit = queueClients(ctx, page);
  const refusals = new Map(
    [...credit.keys()].map((code) => [code, force ? null : takeRefusal(ctx, requireClient(ctx, code).id, code)]),
  );
  const cells = page.tickets.map((t) => {
    const c = credit.get(t.client);
    const refusal = refusals.get(t.client);
    const balance = c
      ? `${parts.formatMinutes(c.balanceMinutes)} credit${c.validity === 'active' ? '' : ` (${c.validity})`}`
      : '';
    return [
      `#${t.number}`,
      parts.cleanLine(t.client),
      parts.subject(t),
      parts.age(t),
      refusal ? (REFUSED_AS[refusal.code] ?? refusal.code) : balance,
    ];
  });
  const lines = await ticketLines(cells);
  const choice = (i: number) => {
    const refusal = refusals.get(page.tickets[i]!.client);
    return {
      value: i,
      name: lines[i]!,
      description: refusal ? `${parts.cleanLine(refusal.message)}: pick it to take it anyway with --force` : undefined,
    };
  };
  const indexes = page.tickets.map((_, i) => i);
  const allowed = indexes.filter((i) => !refusals.get(page.tickets[i]!.client));
  const refused = indexes.filter((i) => refusals.get(page.tickets[i]!.client));
  const more =
    page.counts.red > page.tickets.length ? ` (the ${page.tickets.length} oldest of ${page.counts.red})` : '';
  const picked = await select<number>({
    message: `Take which red ticket?${more}`,
    choices: [
      ...allowed.map(choice),
      ...(refused.length > 0
        ? [
            new Separator('── refused by the support terms (taking one asks to confirm --force) ──'),
            ...refused.map(choice),
          ]
        : []),
    ],
    pageSize: 12,
    loop: false,
  });
  const ticket = page.tickets[picked]!;
  const refusal = refusals.get(ticket.client);
  if (!refusal) return { number: ticket.number, force };
  const yes = await askConfirm(
    `#${ticket.number}: ${parts.cleanLine(refusal.message)}. Take it anyway (--force, recorded in the history)?`,
    false,
  );
  if (!yes) throw new AppError('INTERRUPTED', 'cancelled: nothing was changed', EXIT.interrupted);
  return { number: ticket.number, force: true };
}

/** How a refusal reads in a picker line. */
const REFUSED_AS: Record<string, string> = { NO_CREDIT: 'no credit', LICENCE_INACTIVE: 'no licence today' };

/**
 * An orange ticket (to close, or to see and record time): the acting agent's
 * own first, then the others', each by oldest take, with who holds it.
 */
export async function askOrange(ctx: Ctx, message: string): Promise<number> {
  const [{ DEFAULT_LIMIT, queuePage }, parts] = await Promise.all([import('../services/queue.js'), lineParts()]);
  const mine = await queuePage(ctx, { state: 'orange', agent: ctx.agent, limit: DEFAULT_LIMIT });
  const all = await queuePage(ctx, { state: 'orange', limit: DEFAULT_LIMIT + mine.tickets.length });
  const tickets = [...mine.tickets, ...all.tickets.filter((t) => t.takenBy !== ctx.agent)].slice(0, DEFAULT_LIMIT);
  if (tickets.length === 0) throw notFound('TICKET_NOT_FOUND', 'no orange ticket in the queue');
  await parts.prepareWidths(tickets);
  const lines = await ticketLines(
    tickets.map((t) => [
      `#${t.number}`,
      parts.cleanLine(t.takenBy),
      parts.cleanLine(t.client),
      parts.subject(t),
      parts.age(t),
    ]),
  );
  const more = all.counts.orange > tickets.length ? ` (${tickets.length} of ${all.counts.orange}, yours first)` : '';
  return askChoice(
    `${message}${more}`,
    tickets.map((t, i) => ({ value: t.number, name: lines[i]! })),
  );
}

/** A client picked from the register by typing part of its code or name; nothing else is asked before. */
export async function askClient(ctx: Ctx): Promise<string> {
  const [{ clientNames }, { cleanLine }, { search }] = await Promise.all([
    import('../services/clients.js'),
    import('../render/text.js'),
    import('@inquirer/prompts'),
  ]);
  const clients = clientNames(ctx).map((c) => ({ value: c.code, name: cleanLine(`${c.code} ${c.name}`) }));
  if (clients.length === 0)
    throw notFound('CLIENT_NOT_FOUND', 'no clients yet', "add one with 'alias-support clients add CODE --name NAME'");
  // Accents and case aside: "etude" finds "Étude".
  const fold = (text: string) => text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
  const folded = clients.map((c) => fold(c.name));
  return search<string>({
    message: 'Client (type part of its code or name):',
    source: (term) => {
      const wanted = fold(term?.trim() ?? '');
      return clients.filter((_, i) => folded[i]!.includes(wanted)).slice(0, 200);
    },
    pageSize: 12,
  });
}
