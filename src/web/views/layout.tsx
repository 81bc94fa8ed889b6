// The frame of every page: language, title, the one style sheet, the header
// with the navigation of a signed-in contact (sign-out is a form: a POST with
// its _csrf), and the main content. hono/jsx escapes every text it is given.
import type { Child } from 'hono/jsx';
import { raw } from 'hono/html';
import { escapeToBuffer } from 'hono/utils/html';
import type { Contact } from '../../services/contacts.js';
import type { Messages, State } from '../messages.js';

export const STYLE_PATH = '/static/style.css';

export interface Frame {
  m: Messages;
  /** the _csrf value of this page's forms */
  csrf: string;
  contact?: Contact | undefined;
}

export function Layout(props: Frame & { title: string; children?: Child }) {
  const { m, contact } = props;
  return (
    <>
      {raw('<!DOCTYPE html>')}
      <html lang={m.lang}>
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <title>{`${props.title} – ${m.product}`}</title>
          <link rel="stylesheet" href={STYLE_PATH} />
        </head>
        <body>
          <a class="skip" href="#main">
            {m.skipToContent}
          </a>
          <header>
            <div class="wrap">
              <a class="brand" href="/">
                {m.product}
              </a>
              {contact && (
                <nav aria-label={m.product}>
                  <ul>
                    <li>
                      <a href="/">{m.nav.dashboard}</a>
                    </li>
                    <li>
                      <a href="/requests/new">{m.nav.newRequest}</a>
                    </li>
                    <li>
                      <a href="/credit">{m.nav.credit}</a>
                    </li>
                    <li>
                      <form method="post" action="/sign-out">
                        <CsrfField value={props.csrf} />
                        <button class="linklike" type="submit">
                          {m.nav.signOut}
                        </button>
                      </form>
                    </li>
                  </ul>
                </nav>
              )}
              {contact && <p class="who">{m.signedInAs(contact.name ?? contact.email, contact.clientName)}</p>}
            </div>
          </header>
          <main id="main">
            <div class="wrap">{props.children}</div>
          </main>
        </body>
      </html>
    </>
  );
}

export function CsrfField(props: { value: string }) {
  return <input type="hidden" name="_csrf" value={props.value} />;
}

/** Text escaped by Hono's own escaper, the one its `html` template and JSX use (for markup built as a string). */
export function escapeText(text: string): string {
  const buffer: [string] = [''];
  escapeToBuffer(text, buffer);
  return buffer[0];
}

/** A state as its colour and its word, always both: the markup (StateTag's, and the lists built as one string). */
export const stateTagHtml = (m: Messages, state: State): string =>
  `<strong class="tag ${escapeText(state)}">${escapeText(m.state[state])}</strong>`;

export function StateTag(props: { m: Messages; state: State }) {
  return raw(stateTagHtml(props.m, props.state));
}

export interface FieldError {
  field: string;
  message: string;
}

/** GOV.UK's error summary: at the top of the form, each error a link to its field. */
export function ErrorSummary(props: { m: Messages; errors: FieldError[] }) {
  if (props.errors.length === 0) return null;
  return (
    <div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabindex={-1}>
      <h2 id="error-summary-title">{props.m.form.errorSummary}</h2>
      <ul>
        {props.errors.map((e) => (
          <li>
            <a href={`#${e.field}`}>{e.message}</a>
          </li>
        ))}
      </ul>
    </div>
  );
}
