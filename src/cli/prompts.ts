// Every question asked of a person at a terminal. @inquirer/prompts costs
// 35–56 ms to load, so it is imported only when a question is actually shown;
// callers ask only when Runtime.interactive says a person is there. Ctrl-C
// rejects with inquirer's ExitPromptError, which main.ts turns into exit 130.
import { notFound } from '../errors.js';
import type { Ctx } from '../services/context.js';

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

/**
 * A ticket picked from the queue: red ones oldest first (to take), orange ones
 * by oldest take (to close), each line with its client, subject, business age
 * and the client's credit.
 */
export async function askTicket(ctx: Ctx, color: 'red' | 'orange', message: string): Promise<number> {
  const [{ DEFAULT_LIMIT, queueClients, queuePage }, { formatMinutes }, { cleanLine, cut }] = await Promise.all([
    import('../services/queue.js'),
    import('../rules/duration.js'),
    import('../render/text.js'),
  ]);
  const page = await queuePage(ctx, { state: color, limit: DEFAULT_LIMIT });
  if (page.tickets.length === 0) throw notFound('TICKET_NOT_FOUND', `no ${color} ticket in the queue`);
  const credit = queueClients(ctx, page);
  const cells = page.tickets.map((t) => {
    const c = credit.get(t.client);
    const balance = c ? `${formatMinutes(c.balanceMinutes)} credit${c.validity === 'active' ? '' : ` (${c.validity})`}` : '';
    return [`#${t.number}`, cleanLine(t.client), cut(cleanLine(t.subject), 40), `${formatMinutes(t.ageBusinessMinutes)} old`, balance];
  });
  const widths = cells[0]!.map((_, i) => Math.max(...cells.map((row) => [...row[i]!].length)));
  const line = (row: string[]) => row.map((cell, i) => cell + ' '.repeat(widths[i]! - [...cell].length)).join('  ').trimEnd();
  const more = page.counts[color] > page.tickets.length ? ` (the ${page.tickets.length} oldest of ${page.counts[color]})` : '';
  return askChoice(
    `${message}${more}`,
    page.tickets.map((t, i) => ({ value: t.number, name: line(cells[i]!) })),
  );
}
