// The pages of the client space, one task per page. Every request shown is an
// element with data-ticket and data-state; every form has its _csrf field.
import { formatMinutes, formatSeconds } from '../../rules/duration.js';
import type { Statement } from '../../services/credit-statement.js';
import type { Dashboard, PortalTicket, RequestDetail } from '../../services/portal.js';
import { formatDay, formatInstant, formatInstantDay, type LedgerKind, type Messages } from '../messages.js';
import { raw } from 'hono/html';
import type { Child } from 'hono/jsx';
import {
  CsrfField,
  ErrorSummary,
  escapeText,
  Layout,
  StateTag,
  stateTagHtml,
  type FieldError,
  type Frame,
} from './layout.js';

type Page = Frame & { tz: string };

// ---------------------------------------------------------------- sign-in

export function SignInPage(props: Frame & { email?: string; errors?: FieldError[] }) {
  const { m } = props;
  const errors = props.errors ?? [];
  const error = errors.find((e) => e.field === 'email');
  return (
    <Layout {...props} title={m.signIn.title}>
      <ErrorSummary m={m} errors={errors} />
      <h1>{m.signIn.title}</h1>
      <p class="lead">{m.signIn.intro}</p>
      <SignInForm m={m} csrf={props.csrf} email={props.email} error={error?.message} />
    </Layout>
  );
}

function SignInForm(props: { m: Messages; csrf: string; email?: string | undefined; error?: string | undefined }) {
  const { m } = props;
  return (
    <form method="post" action="/sign-in" novalidate>
      <CsrfField value={props.csrf} />
      <div class={props.error ? 'field invalid' : 'field'}>
        <label for="email">{m.signIn.email}</label>
        <p class="hint" id="email-hint">
          {m.signIn.emailHint}
        </p>
        {props.error && (
          <p class="field-error" id="email-error">
            {props.error}
          </p>
        )}
        <input
          type="email"
          id="email"
          name="email"
          autocomplete="email"
          spellcheck={false}
          value={props.email ?? ''}
          aria-describedby={props.error ? 'email-hint email-error' : 'email-hint'}
          aria-invalid={props.error ? 'true' : undefined}
        />
      </div>
      <button type="submit">{m.signIn.submit}</button>
    </form>
  );
}

/** The same page whether or not the address is known. */
export function SignInSentPage(props: Frame & { email: string }) {
  const { m } = props;
  return (
    <Layout {...props} title={m.signIn.sentTitle}>
      <h1>{m.signIn.sentTitle}</h1>
      <p class="lead">{m.signIn.sent(props.email)}</p>
      <p>{m.signIn.notReceived}</p>
      <p>
        <a href="/sign-in">{m.signIn.again}</a>
      </p>
    </Layout>
  );
}

/** GET of a sign-in link: a button, nothing consumed (mail scanners follow links). */
export function TokenPage(props: Frame & { token: string }) {
  const { m } = props;
  return (
    <Layout {...props} title={m.signIn.tokenTitle}>
      <h1>{m.signIn.tokenTitle}</h1>
      <p class="lead">{m.signIn.tokenIntro}</p>
      <form method="post" action={`/sign-in/${props.token}`}>
        <CsrfField value={props.csrf} />
        <button type="submit">{m.signIn.tokenButton}</button>
      </form>
    </Layout>
  );
}

/** A used, expired or unknown link: says which, and offers a new one. */
export function BadLinkPage(props: Frame & { reason: 'used' | 'expired' | 'unknown' }) {
  const { m } = props;
  const title = { used: m.signIn.usedTitle, expired: m.signIn.expiredTitle, unknown: m.signIn.unknownTitle }[
    props.reason
  ];
  return (
    <Layout {...props} title={title}>
      <h1>{title}</h1>
      <p class="lead">{m.signIn.badLinkBody}</p>
      <SignInForm m={m} csrf={props.csrf} />
    </Layout>
  );
}

export function TooManyPage(props: Frame & { minutes: number }) {
  const { m } = props;
  return (
    <Layout {...props} title={m.tooMany.title}>
      <h1>{m.tooMany.title}</h1>
      <p class="lead">{m.tooMany.body(props.minutes)}</p>
    </Layout>
  );
}

// ---------------------------------------------------------------- dashboard

/**
 * The days the list rows show, kept per catalogue, zone and instant (formatInstantDay is a function of those
 * alone): a dashboard made again once the desk has changed shows mostly the same rows.
 */
const shownDays = new WeakMap<Messages, Map<string, string>>();
function dayShown(m: Messages, instant: string, tz: string): string {
  let days = shownDays.get(m);
  if (days === undefined) shownDays.set(m, (days = new Map<string, string>()));
  const key = `${tz} ${instant}`;
  let day = days.get(key);
  if (day === undefined) {
    if (days.size >= 20_000) days.clear();
    days.set(key, (day = formatInstantDay(m, instant, tz)));
  }
  return day;
}

// The list items as one string, escaped as Hono's `html` template escapes (the
// same text, byte for byte): ~60× cheaper a row than JSX, and about half of
// what the `html` template cost (no escaped-string object per row and per tag).
function RequestList(props: { m: Messages; tz: string; tickets: PortalTicket[]; empty: string }) {
  const { m, tz } = props;
  if (props.tickets.length === 0) return <p>{props.empty}</p>;
  const d = m.dashboard;
  const tags: Partial<Record<PortalTicket['state'], string>> = {};
  let items = '';
  for (const t of props.tickets) {
    const tag = (tags[t.state] ??= stateTagHtml(m, t.state));
    const meta = t.resolvedAt
      ? `${d.resolvedOn} ${dayShown(m, t.resolvedAt, tz)}`
      : `${d.created} ${dayShown(m, t.createdAt, tz)}`;
    items += `<li data-ticket="${t.number}" data-state="${escapeText(t.state)}">
          <a class="subject" href="/tickets/${t.number}">${escapeText(`${d.number} ${t.number} – ${t.subject}`)}</a
          >${tag}<span class="meta"
            >${escapeText(meta)}</span
          >
        </li>`;
  }
  return raw(`<ul class="requests">
    ${items}
  </ul>`);
}

export function DashboardPage(props: Page & { data: Dashboard; shopUrl: string | undefined }) {
  const { m, data, tz } = props;
  const { credit } = data;
  const d = m.dashboard;
  return (
    <Layout {...props} title={d.title}>
      <h1>{d.title}</h1>
      <p>
        <a class="button" href="/requests/new">
          {d.newRequest}
        </a>
      </p>
      {(credit.low || credit.forfeitOn) && (
        <div class="notice" role="status">
          {credit.low && <p>{d.lowCredit}</p>}
          {credit.forfeitOn && <p>{d.forfeitSoon(formatDay(m, credit.forfeitOn))}</p>}
          {props.shopUrl && (
            <p>
              <a href={props.shopUrl}>{d.shop}</a>
            </p>
          )}
        </div>
      )}
      {/* one list over the pages: the open requests, then the resolved ones */}
      {(data.page === 1 || data.open.length > 0) && (
        <>
          <h2>{d.open}</h2>
          <RequestList m={m} tz={tz} tickets={data.open} empty={d.noOpen} />
        </>
      )}
      <h2>{d.credit}</h2>
      <dl class="summary">
        <dt>{d.balance}</dt>
        <dd>
          <a href="/credit">{formatMinutes(credit.balanceMinutes)}</a>
        </dd>
        <dt>{d.validity}</dt>
        <dd>
          {m.validity[credit.validity]}
          {credit.validity === 'frozen' && credit.validUntil && (
            <>
              <br />
              {d.validUntil(formatDay(m, credit.validUntil))}
            </>
          )}
        </dd>
      </dl>
      <h2>{d.licences}</h2>
      {data.licences.length === 0 ? (
        <p>{d.noLicence}</p>
      ) : (
        <ul>
          {data.licences.map((l) => (
            <li>{`${m.plan[l.plan]}, ${d.licenceEnds(formatDay(m, l.endsOn))}`}</li>
          ))}
        </ul>
      )}
      {(data.resolved.length > 0 || data.page === data.pages) && (
        <>
          <h2>{d.resolved}</h2>
          <RequestList m={m} tz={tz} tickets={data.resolved} empty={d.noResolved} />
        </>
      )}
      {data.pages > 1 && (
        <nav class="pagination" aria-label={d.pagination}>
          {data.page > 1 && (
            <a href={`/?page=${data.page - 1}`} rel="prev">
              {d.previous}
            </a>
          )}
          <span>{d.pages(data.page, data.pages)}</span>
          {data.page < data.pages && (
            <a href={`/?page=${data.page + 1}`} rel="next">
              {d.next}
            </a>
          )}
        </nav>
      )}
    </Layout>
  );
}

// ---------------------------------------------------------------- one request

export function TicketPage(props: Page & { detail: RequestDetail; received: boolean }) {
  const { m, tz } = props;
  const { ticket, time, fix } = props.detail;
  const t = m.ticket;
  return (
    <Layout {...props} title={t.title(ticket.number)}>
      {props.received && (
        <div class="panel" role="status">
          <h2>{t.received(ticket.number)}</h2>
          <p>{t.receivedMail}</p>
        </div>
      )}
      <div data-ticket={String(ticket.number)} data-state={ticket.state}>
        <h1>
          {t.title(ticket.number)} <StateTag m={m} state={ticket.state} />
        </h1>
        <dl class="summary">
          <dt>{t.subject}</dt>
          <dd class="subject">{ticket.subject}</dd>
          <dt>{t.state}</dt>
          <dd>
            <StateTag m={m} state={ticket.state} />
          </dd>
          {ticket.requester && (
            <>
              <dt>{t.requester}</dt>
              <dd class="subject">{ticket.requester}</dd>
            </>
          )}
        </dl>
        <h2>{t.description}</h2>
        <p class="pre">{ticket.body || t.noDescription}</p>
        {ticket.resolution && (
          <>
            <h2>{t.resolution}</h2>
            <p class="pre">{ticket.resolution}</p>
          </>
        )}
        <h2>{t.timeline}</h2>
        <ol class="timeline">
          {props.detail.timeline.map((e) => (
            <li>
              <time datetime={e.at}>{formatInstant(m, e.at, tz)}</time>
              {t.event[e.event]}
            </li>
          ))}
        </ol>
        <h2>{t.time}</h2>
        {time.workedSeconds === 0 && !ticket.takenAt ? (
          <p>{t.notCountedYet}</p>
        ) : (
          <dl class="summary">
            <dt>{t.worked}</dt>
            <dd>{formatSeconds(time.workedSeconds)}</dd>
            <dt>{t.slices}</dt>
            <dd>{String(time.slices)}</dd>
            <dt>{t.charged}</dt>
            <dd>{ticket.defect ? t.defect : formatMinutes(time.chargedMinutes)}</dd>
          </dl>
        )}
        {ticket.defect && time.waivedMinutes > 0 && <p>{t.defectNote(formatMinutes(time.waivedMinutes))}</p>}
        {fix && (
          <>
            <h2>{t.fix}</h2>
            <dl class="summary">
              <dt>{t.fix}</dt>
              <dd>{fix.delivery === 'hotfix' ? t.hotfix : t.nextRelease}</dd>
              <dt>{t.state}</dt>
              <dd>{fix.status === 'delivered' ? t.fixDelivered(fix.version) : t.fixPending}</dd>
            </dl>
          </>
        )}
      </div>
      <p>
        <a href="/">{t.back}</a>
      </p>
    </Layout>
  );
}

// ---------------------------------------------------------------- the request form

export interface RequestDraft {
  subject: string;
  body: string;
  formKey: string;
}

/** A labelled control with its hint and, when invalid, its error above it (the GOV.UK pattern). */
function FormField(props: { id: string; label: string; hint: string; error: string | undefined; children?: Child }) {
  return (
    <div class={props.error ? 'field invalid' : 'field'}>
      <label for={props.id}>{props.label}</label>
      <p class="hint" id={`${props.id}-hint`}>
        {props.hint}
      </p>
      {props.error && (
        <p class="field-error" id={`${props.id}-error`}>
          {props.error}
        </p>
      )}
      {props.children}
    </div>
  );
}

/** What a FormField's control says to assistive technology: its hint, and its error when invalid. */
const fieldAria = (id: string, error: string | undefined) => ({
  'aria-describedby': error ? `${id}-hint ${id}-error` : `${id}-hint`,
  'aria-invalid': error ? 'true' : undefined,
});

export function RequestFormPage(props: Frame & { draft: RequestDraft; errors: FieldError[] }) {
  const { m, draft, errors } = props;
  const f = m.form;
  const errorOf = (field: string) => errors.find((e) => e.field === field)?.message;
  const subjectError = errorOf('subject');
  const bodyError = errorOf('body');
  return (
    <Layout {...props} title={errors.length > 0 ? `${f.errorSummary} – ${f.title}` : f.title}>
      <ErrorSummary m={m} errors={errors} />
      <h1>{f.title}</h1>
      <p class="lead">{f.intro}</p>
      <form method="post" action="/requests" novalidate>
        <CsrfField value={props.csrf} />
        <input type="hidden" name="formKey" value={draft.formKey} />
        <FormField id="subject" label={f.subject} hint={f.subjectHint} error={subjectError}>
          <input
            type="text"
            id="subject"
            name="subject"
            maxlength={200}
            value={draft.subject}
            {...fieldAria('subject', subjectError)}
          />
        </FormField>
        <FormField id="body" label={f.body} hint={f.bodyHint} error={bodyError}>
          <textarea id="body" name="body" rows={12} {...fieldAria('body', bodyError)}>
            {draft.body}
          </textarea>
        </FormField>
        <button type="submit">{f.submit}</button>
      </form>
    </Layout>
  );
}

// ---------------------------------------------------------------- credit

export function CreditPage(props: Page & { statement: Statement }) {
  const { m, tz, statement } = props;
  const c = m.credit;
  return (
    <Layout {...props} title={c.title}>
      <h1>{c.title}</h1>
      <p class="lead">{c.intro}</p>
      <p>
        <a href="/credit.csv" download>
          {c.csv}
        </a>
      </p>
      {statement.entries.length === 0 ? (
        <p>{c.empty}</p>
      ) : (
        // A wide table scrolls inside its box; the box takes the focus so a keyboard can scroll it.
        <div class="scroll" role="region" aria-label={c.title} tabindex={0}>
          <table>
            <thead>
              <tr>
                <th scope="col">{c.date}</th>
                <th scope="col">{c.kind}</th>
                <th scope="col" class="num">
                  {c.minutes}
                </th>
                <th scope="col" class="num">
                  {c.balance}
                </th>
                <th scope="col">{c.reference}</th>
              </tr>
            </thead>
            <tbody>
              {statement.entries.map((e) => (
                <tr>
                  <td>{formatInstantDay(m, e.at, tz)}</td>
                  <td>{`${kindOf(m, e.kind)}${e.due ? ` (${c.due})` : ''}`}</td>
                  <td class="num">{signed(e.minutes)}</td>
                  <td class="num">{formatMinutes(e.balanceMinutes)}</td>
                  <td class="subject">{e.reference ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <dl class="summary">
        <dt>{m.dashboard.balance}</dt>
        <dd>{formatMinutes(statement.balanceMinutes)}</dd>
      </dl>
    </Layout>
  );
}

export function kindOf(m: Messages, kind: string): string {
  return Object.hasOwn(m.credit.kinds, kind) ? m.credit.kinds[kind as LedgerKind] : kind;
}

/** +2h00 / -0h15: the sign always shown, as on a bank statement. */
export function signed(minutes: number): string {
  return minutes > 0 ? `+${formatMinutes(minutes)}` : formatMinutes(minutes);
}

// ---------------------------------------------------------------- errors

export function MessagePage(props: Frame & { title: string; body: string }) {
  return (
    <Layout {...props} title={props.title}>
      <h1>{props.title}</h1>
      <p class="lead">{props.body}</p>
      <p>
        <a href="/">{props.m.errors.home}</a>
      </p>
    </Layout>
  );
}
