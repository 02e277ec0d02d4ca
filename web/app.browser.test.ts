/**
 * The web app in a real headless Chromium, served by the real gateway over the real stack
 * (SQLite): log in, read the inbox with verdicts, switch models, receive messages, page, log out.
 * Each test has its own page and its own user, so any one runs alone.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'puppeteer-core';
import { openSpamFeatureStore } from '../models';
import { WEB_DIST } from '../gateway/webApp';
import { newSmsId } from '../platform/storage/inbox/smsId';
import type { Storage } from '../platform/storage';
import { dropTestStorage, openTestStorage, testConfig } from '../platform/testing/backends';
import { describeInBrowser, launchBrowser } from './testing/browser';
import { startTestStack, type TestStack } from '../subgraphs/testing/stack';

const SPAM =
  'WINNER!! You have been selected to receive a £900 prize reward! Call 09061701461 to claim now.';
const HAM = 'Are we still on for lunch tomorrow? I can book the usual place at 1';
const SCREENSHOTS = process.env.SCREENSHOT_DIR;
const SEND = 'form[aria-label="Send a message"]';

interface Shown {
  sender: string;
  text: string;
  verdict: string;
}

describeInBrowser('web app in Chromium', () => {
  const config = testConfig('sqlite');
  let storage: Storage;
  let stack: TestStack;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    if (!fs.existsSync(path.join(WEB_DIST, 'index.html'))) {
      throw new Error(`${WEB_DIST} is not built: run \`npm run build\` first`);
    }
    storage = await openTestStorage(config);
    await (await openSpamFeatureStore(storage, config)).apply();
    stack = await startTestStack(storage, config);
    browser = await launchBrowser();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
    if (storage) await dropTestStorage(storage, config);
  });
  beforeEach(async () => {
    // A fresh browser context: no session (localStorage) left by another test.
    context = await browser.createBrowserContext();
    page = await context.newPage();
    await page.setViewport({ width: 1000, height: 800 });
  });
  afterEach(async () => context?.close());

  /** A new user whose inbox holds `texts`, oldest first, a minute apart. */
  const seedUser = async (texts: string[]): Promise<string> => {
    const user = `u-${randomUUID().slice(0, 8)}`;
    const t0 = Date.now() - 3_600_000;
    for (const [i, text] of texts.entries()) {
      await storage.inboxes.insert({
        smsId: newSmsId(new Date(t0 + i * 60_000)),
        recipientId: user,
        senderId: `+1555010${i}`,
        text,
      });
    }
    return user;
  };
  const type = async (selector: string, text: string) => {
    await page.click(selector, { count: 3 });
    await page.keyboard.press('Backspace');
    if (text) await page.type(selector, text);
  };
  /** Logs in through the login form. */
  const logIn = async (name: string) => {
    await page.goto(`${stack.gatewayUrl}/`);
    await page.waitForSelector('form[aria-label="Log in"]');
    await type('#user', name);
    await page.click('button[type="submit"]');
    await page.waitForSelector('ol.inbox');
  };
  /** The messages shown, newest first, once `count` are there and every verdict has arrived. */
  const shown = async (count: number): Promise<Shown[]> => {
    await page.waitForFunction(
      (n) => {
        const items = document.querySelectorAll('li.message');
        return (
          items.length === n &&
          [...items].every(
            (li) => !/checking|—/.test(li.querySelector('.badge')?.textContent ?? ''),
          )
        );
      },
      { timeout: 15_000 },
      count,
    );
    return page.$$eval('li.message', (items) =>
      items.map((li) => ({
        sender: li.querySelector('.sender')?.textContent ?? '',
        text: li.querySelector('.text')?.textContent ?? '',
        verdict: li.querySelector('.badge')?.textContent ?? '',
      })),
    );
  };
  const send = async (sender: string, text: string) => {
    await type(`${SEND} input[name="sender"]`, sender);
    await type(`${SEND} textarea[name="text"]`, text);
    await page.click(`${SEND} button[type="submit"]`);
  };
  const percentOf = async (version: string, text: string) => {
    const res = await stack.query<{ textToPrediction: { spamProbability: number } }>(
      `query($t: String!) { textToPrediction(version: ${version}, text: $t) { spamProbability } }`,
      { t: text },
    );
    return Math.round(res.data!.textToPrediction.spamProbability * 100);
  };
  const snap = async (name: string) => {
    if (SCREENSHOTS) await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`) });
  };

  it('asks for a name, refusing an empty one', async () => {
    await page.goto(`${stack.gatewayUrl}/`);
    await page.waitForSelector('form[aria-label="Log in"]');
    await snap('login');
    await page.click('button[type="submit"]');
    expect(await page.$eval('[role="alert"]', (e) => e.textContent)).toBe('Enter a user name.');
    await type('#user', '   ');
    await page.click('button[type="submit"]');
    expect(await page.$eval('[role="alert"]', (e) => e.textContent)).toBe('Enter a user name.');
    expect(await page.$('ol.inbox')).toBeNull();
  });

  it("shows the user's inbox newest first, each message with its V3 verdict", async () => {
    const user = await seedUser([HAM, SPAM, 'See you at 6 🍕 ok?']);
    await logIn(` ${user} `); // a name is trimmed
    expect(await page.$eval('.user', (e) => e.textContent)).toBe(user);
    const messages = await shown(3);
    await snap('inbox-v3');
    expect(messages.map((m) => m.text)).toEqual(['See you at 6 🍕 ok?', SPAM, HAM]);
    expect(messages.map((m) => m.sender)).toEqual(['+15550102', '+15550101', '+15550100']);
    // Each badge is the API's own verdict.
    expect(messages[1]!.verdict).toBe(`Spam · ${await percentOf('V3', SPAM)}%`);
    expect(messages[2]!.verdict).toBe(`Not spam · ${await percentOf('V3', HAM)}%`);
  });

  it('offers the served versions; the verdicts are the chosen model’s', async () => {
    const user = await seedUser([HAM]);
    await logIn(user);
    const versions = await page.$$eval('select[name="version"] option', (os) =>
      os.map((o) => (o as HTMLOptionElement).value),
    );
    expect(versions).toEqual(['V1', 'V2', 'V3']);
    for (const v of ['V1', 'V2']) {
      await page.select('select[name="version"]', v);
      await page.waitForFunction(
        (want) => document.querySelector('li.message .badge')?.textContent === want,
        { timeout: 15_000 },
        `Not spam · ${await percentOf(v, HAM)}%`,
      );
    }
  });

  it('receives a message through the form: it appears on top with a verdict, stored once', async () => {
    const user = await seedUser([HAM]);
    await logIn(user);
    await shown(1);
    await send('80082', 'FREE entry! Win £2000 cash, text WIN to 80082 now');
    const messages = await shown(2);
    await snap('after-receive');
    expect(messages[0]).toEqual({
      sender: '80082',
      text: 'FREE entry! Win £2000 cash, text WIN to 80082 now',
      verdict: expect.stringMatching(/^Spam · \d+%$/) as unknown as string,
    });
    expect(await page.$eval(`${SEND} textarea`, (e) => (e as HTMLTextAreaElement).value)).toBe('');
    expect((await storage.inboxes.listInbox(user, { limit: 10 })).items).toHaveLength(2);
  });

  it('shows the API’s error for an empty message and stores nothing', async () => {
    const user = await seedUser([HAM]);
    await logIn(user);
    await send('x', '   ');
    await page.waitForSelector(`${SEND} [role="alert"]`);
    expect(await page.$eval(`${SEND} [role="alert"]`, (e) => e.textContent)).toBe(
      'text must not be empty (BAD_USER_INPUT)',
    );
    expect((await storage.inboxes.listInbox(user, { limit: 10 })).items).toHaveLength(1);
  });

  it('shows a message that arrived by another path within a refresh, with its verdict', async () => {
    const user = await seedUser([HAM]);
    await logIn(user);
    await shown(1);
    await storage.inboxes.insert({
      smsId: newSmsId(),
      recipientId: user,
      senderId: 'other-device',
      text: 'Call me when you land',
    });
    const messages = await shown(2); // waits up to 15 s; the newest page refreshes every 5 s
    expect(messages[0]).toEqual({
      sender: 'other-device',
      text: 'Call me when you land',
      verdict: expect.stringMatching(/^Not spam · \d+%$/) as unknown as string,
    });
  });

  it('keeps the session across a reload, and logs out', async () => {
    const user = await seedUser([HAM]);
    await logIn(user);
    await page.reload();
    await page.waitForSelector('.user');
    expect(await page.$eval('.user', (e) => e.textContent)).toBe(user);
    await page.click('header button');
    await page.waitForSelector('form[aria-label="Log in"]');
    await page.reload();
    await page.waitForSelector('form[aria-label="Log in"]');
  });

  it('pages through a long inbox, 20 at a time', async () => {
    const user = await seedUser(Array.from({ length: 25 }, (_, i) => `message number ${i}`));
    await logIn(user);
    const first = await shown(20);
    expect(first[0]!.text).toBe('message number 24');
    expect(first[19]!.text).toBe('message number 5');
    await page.click('li.more button');
    const all = await shown(25);
    expect(all.slice(20).map((m) => m.text)).toEqual(
      [4, 3, 2, 1, 0].map((i) => `message number ${i}`),
    );
    expect(await page.$('li.more button')).toBeNull();
  });

  it('a brand-new unicode user starts empty and sees a received message appear', async () => {
    await logIn(`новый ${randomUUID().slice(0, 4)}`);
    await page.waitForSelector('ol.inbox .note');
    expect(await page.$eval('ol.inbox .note', (e) => e.textContent)).toBe(
      'No messages yet. Send one below.',
    );
    await send('', 'Привет! 👋');
    const messages = await shown(1);
    expect(messages[0]).toMatchObject({ sender: 'unknown', text: 'Привет! 👋' });
  });
});
