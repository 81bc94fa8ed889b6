// The client space in a real browser (Chromium driven by playwright-core):
// sign in through a link, read the dashboard, send a request and see it red;
// no horizontal scrolling at 375 and 1280 px; no serious or critical axe
// violation on any page. Without Chromium these tests are skipped (one line
// says so), unless CI is set: then they must run. SCREENSHOTS=1 writes the
// dashboard and the form to docs/.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { issueSignInLink } from '../../src/services/portal-auth.js';
import { close, take } from '../../src/services/tickets.js';
import { startServer, type RunningServer } from '../../src/web/server.js';
import { ROOT } from '../helpers/cli.js';
import { webDesk, type WebDesk } from './visitor.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const available = existsSync(CHROMIUM);
if (!available && !process.env.CI) console.log(`browser tests skipped: no Chromium at ${CHROMIUM} (set CHROMIUM_PATH)`);

describe.runIf(available || process.env.CI)('the client space in Chromium', () => {
  let desk: WebDesk;
  let server: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    desk = await webDesk();
    // One request in progress and one resolved, beside the red ones.
    await take(desk.at('2026-11-26T09:00:00Z', 'alice'), 1);
    await take(desk.at('2026-11-26T09:05:00Z', 'alice'), 3);
    await close(desk.at('2026-11-26T09:31:00Z', 'alice'), 3, { resolution: 'Modèle réinstallé.' });
    server = await startServer({
      ctx: desk.ctx,
      host: '127.0.0.1',
      port: 0,
      clock: () => Date.parse('2026-11-26T10:00:00Z'),
      json: false,
      out: () => {},
      err: (line) => console.error(line),
      debug: true,
    });
    const { chromium } = await import('playwright-core');
    // launch() gives the browser a fresh profile of its own.
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  /** A page in a context of its own (axe needs one): its own cookies. */
  async function newPage(width: number): Promise<Page> {
    const context = await browser.newContext({ viewport: { width, height: 900 } });
    return context.newPage();
  }

  async function signedInPage(width: number): Promise<Page> {
    const page = await newPage(width);
    const { url } = issueSignInLink(desk.ctx, { client: 'C042', baseUrl: server.url });
    await page.goto(url);
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.waitForURL(`${server.url}/`);
    return page;
  }

  async function checkPage(page: Page, what: string): Promise<void> {
    const { AxeBuilder } = await import('@axe-core/playwright');
    const results = await new AxeBuilder({ page }).analyze();
    const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(
      serious.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`),
      what,
    ).toEqual([]);
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow, `${what}: horizontal scroll`).toBeLessThanOrEqual(0);
  }

  it('signs in through a link, reads the dashboard, sends a request and sees it red', async () => {
    const page = await signedInPage(1280);
    const states = await page
      .locator('[data-ticket]')
      .evaluateAll((els) => els.map((e) => [e.getAttribute('data-ticket'), e.getAttribute('data-state')]));
    expect(states).toEqual([
      ['1', 'orange'],
      ['3', 'green'],
    ]);
    await expect(page.locator('[data-ticket="1"]').textContent()).resolves.toContain('Prise en charge');
    if (process.env.SCREENSHOTS)
      await page.screenshot({ path: join(ROOT, 'docs', 'client-space-dashboard.png'), fullPage: true });
    await page.getByRole('link', { name: 'Faire une nouvelle demande' }).click();
    await page.getByLabel('Objet').fill('Export Excel vide');
    await page.getByLabel('Description').fill('Le fichier exporté ne contient que les en-têtes.');
    if (process.env.SCREENSHOTS)
      await page.screenshot({ path: join(ROOT, 'docs', 'client-space-form.png'), fullPage: true });
    await page.getByRole('button', { name: 'Envoyer la demande' }).click();
    await expect(page.getByRole('status').textContent()).resolves.toMatch(/Votre demande n° \d+ a bien été reçue/);
    const number = /\/tickets\/(\d+)/.exec(page.url())![1];
    await page.getByRole('link', { name: 'Mes demandes' }).first().click();
    await expect(page.locator(`[data-ticket="${number}"]`).getAttribute('data-state')).resolves.toBe('red');
    await expect(page.locator(`[data-ticket="${number}"]`).textContent()).resolves.toContain(
      'En attente de prise en charge',
    );
    await page.context().close();
  });

  it.each([375, 1280])(
    'has no serious accessibility violation and no horizontal scroll on any page at %i px',
    async (width) => {
      const anonymous = await newPage(width);
      await anonymous.goto(`${server.url}/sign-in`);
      await checkPage(anonymous, 'sign-in');
      await anonymous.getByRole('button').click(); // no address: the form with its errors
      await checkPage(anonymous, 'sign-in with errors');
      await anonymous.goto(issueSignInLink(desk.ctx, { client: 'C042', baseUrl: server.url }).url);
      await checkPage(anonymous, 'sign-in link');
      await anonymous.goto(`${server.url}/sign-in/unknown-token-unknown-token`);
      await checkPage(anonymous, 'bad link');
      await anonymous.context().close();
      const page = await signedInPage(width);
      for (const path of ['/', '/tickets/1', '/tickets/3', '/requests/new', '/credit', '/tickets/2']) {
        await page.goto(`${server.url}${path}`);
        await checkPage(page, path);
      }
      await page.goto(`${server.url}/requests/new`);
      await page.getByRole('button', { name: 'Envoyer la demande' }).click();
      await expect(page.locator('.error-summary a[href="#subject"]').count()).resolves.toBe(1);
      await checkPage(page, 'request form with errors');
      await page.getByRole('button', { name: 'Se déconnecter' }).click();
      await page.waitForURL(`${server.url}/sign-in`);
      await page.context().close();
    },
    300_000,
  );
});
