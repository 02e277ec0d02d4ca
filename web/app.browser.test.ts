/**
 * The web app in a real headless Chromium, served by the real gateway over the real stack
 * (SQLite): log in, read the inbox with verdicts, switch models, receive messages, page, log out.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'puppeteer-core';
import { openSpamFeatureStore } from '../feature-store/repo/open';
import { WEB_DIST } from '../gateway/webApp';
import { newSmsId } from '../platform/storage/inbox/smsId';
import type { Storage } from '../platform/storage';
import { dropTestStorage, openTestStorage, testConfig } from '../platform/testing/backends';
import { describeInBrowser, launchBrowser } from '../platform/testing/browser';
import { startTestStack, type TestStack } from '../platform/testing/stack';

const SPAM =
  'WINNER!! You have been selected to receive a £900 prize reward! Call 09061701461 to claim now.';
const HAM = 'Are we still on for lunch tomorrow? I can book the usual place at 1';
const SCREENSHOTS = process.env.SCREENSHOT_DIR;

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
  let page: Page;

  beforeAll(async () => {
    if (!fs.existsSync(path.join(WEB_DIST, 'index.html'))) {
      throw new Error(`${WEB_DIST} is not built: run \`npm run build\` first`);
    }
    storage = await openTestStorage(config);
    await (await openSpamFeatureStore(storage, config)).apply();
    const t0 = Date.now() - 3_600_000;
    const seed = async (user: string, texts: string[]) => {
      for (const [i, text] of texts.entries()) {
        await storage.inboxes.insert({
          smsId: newSmsId(new Date(t0 + i * 60_000)),
          recipientId: user,
          senderId: `+1555010${i}`,
          text,
        });
      }
    };
    await seed('wendy', [HAM, SPAM, 'See you at 6 🍕 ok?']);
    await seed(
      'pager',
      Array.from({ length: 25 }, (_, i) => `message number ${i}`),
    );
    stack = await startTestStack(storage, config);
    browser = await launchBrowser();
    page = await browser.newPage();
    await page.setViewport({ width: 1000, height: 800 });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.close();
    if (storage) await dropTestStorage(storage, config);
  });

  /** The messages shown, newest first, once every verdict has arrived. */
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
  const snap = async (name: string) => {
    if (SCREENSHOTS) await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`) });
  };
  const type = async (selector: string, text: string) => {
    await page.click(selector, { count: 3 });
    await page.keyboard.press('Backspace');
    if (text) await page.type(selector, text);
  };

  it('asks for a name, refusing an empty one', async () => {
    await page.goto(`${stack.gatewayUrl}/`);
    await page.waitForSelector('form[aria-label="Log in"]');
    await page.click('button[type="submit"]');
    const alert = await page.$eval('[role="alert"]', (e) => e.textContent);
    expect(alert).toBe('Enter a user name.');
  });

  it("shows the user's inbox newest first, each message with its V3 verdict", async () => {
    await type('#user', ' wendy '); // a name is trimmed: this is wendy
    await page.click('button[type="submit"]');
    await page.waitForSelector('ol.inbox');
    const messages = await shown(3);
    await snap('inbox-v3');
    expect(messages.map((m) => m.text)).toEqual(['See you at 6 🍕 ok?', SPAM, HAM]);
    expect(messages.map((m) => m.sender)).toEqual(['+15550102', '+15550101', '+15550100']);
    expect(messages[1]!.verdict).toMatch(/^Spam · \d+%$/);
    expect(messages[2]!.verdict).toMatch(/^Not spam · \d+%$/);
    expect(await page.$eval('.user', (e) => e.textContent)).toBe('wendy');
    // The badge shows the API's own verdict.
    const api = await stack.query<{ textToPrediction: { spamProbability: number } }>(
      `{ textToPrediction(version: V3, text: ${JSON.stringify(SPAM)}) { spamProbability } }`,
    );
    const pct = Math.round(api.data!.textToPrediction.spamProbability * 100);
    expect(messages[1]!.verdict).toBe(`Spam · ${pct}%`);
  });

  it('switches the model version: the verdicts are the chosen model’s', async () => {
    const versions = await page.$$eval('select[name="version"] option', (os) =>
      os.map((o) => (o as HTMLOptionElement).value),
    );
    expect(versions).toEqual(['V1', 'V2', 'V3']);
    await page.select('select[name="version"]', 'V1');
    const api = await stack.query<{ textToPrediction: { spamProbability: number } }>(
      `{ textToPrediction(version: V1, text: ${JSON.stringify(HAM)}) { spamProbability } }`,
    );
    const pct = Math.round(api.data!.textToPrediction.spamProbability * 100);
    await page.waitForFunction(
      (want) => document.querySelectorAll('li.message .badge')[2]?.textContent === want,
      { timeout: 15_000 },
      `Not spam · ${pct}%`,
    );
    await page.select('select[name="version"]', 'V3');
  });

  it('receives a message through the form: it appears on top with a verdict, stored once', async () => {
    await type('input[name="sender"]', '80082');
    await type('textarea[name="text"]', 'FREE entry! Win £2000 cash, text WIN to 80082 now');
    await page.click('form[aria-label="Send a message"] button[type="submit"]');
    const messages = await shown(4);
    await snap('after-receive');
    expect(messages[0]).toEqual({
      sender: '80082',
      text: 'FREE entry! Win £2000 cash, text WIN to 80082 now',
      verdict: expect.stringMatching(/^Spam · \d+%$/) as unknown as string,
    });
    expect(await page.$eval('textarea[name="text"]', (e) => (e as HTMLTextAreaElement).value)).toBe(
      '',
    );
    const stored = await storage.inboxes.listInbox('wendy', { limit: 10 });
    expect(stored.items).toHaveLength(4);
  });

  it('shows the API’s error for an empty message and stores nothing', async () => {
    await type('textarea[name="text"]', '   ');
    await page.click('form[aria-label="Send a message"] button[type="submit"]');
    await page.waitForSelector('form[aria-label="Send a message"] [role="alert"]');
    const alert = await page.$eval(
      'form[aria-label="Send a message"] [role="alert"]',
      (e) => e.textContent,
    );
    expect(alert).toBe('text must not be empty (BAD_USER_INPUT)');
    expect((await storage.inboxes.listInbox('wendy', { limit: 10 })).items).toHaveLength(4);
  });

  it('shows a message that arrived by another path within a refresh, with its verdict', async () => {
    await storage.inboxes.insert({
      smsId: newSmsId(),
      recipientId: 'wendy',
      senderId: 'other-device',
      text: 'Call me when you land',
    });
    const messages = await shown(5); // waits up to 15 s; the newest page refreshes every 5 s
    expect(messages[0]).toEqual({
      sender: 'other-device',
      text: 'Call me when you land',
      verdict: expect.stringMatching(/^Not spam · \d+%$/) as unknown as string,
    });
  });

  it('keeps the session across a reload, and logs out', async () => {
    await page.reload();
    await page.waitForSelector('.user');
    expect(await page.$eval('.user', (e) => e.textContent)).toBe('wendy');
    await page.click('header button');
    await page.waitForSelector('form[aria-label="Log in"]');
  });

  it('pages through a long inbox, 20 at a time', async () => {
    await type('#user', 'pager');
    await page.click('button[type="submit"]');
    const first = await shown(20);
    expect(first[0]!.text).toBe('message number 24');
    await page.click('li.more button');
    const all = await shown(25);
    expect(all.at(-1)!.text).toBe('message number 0');
    expect(await page.$('li.more button')).toBeNull();
    await snap('paged');
  });

  it('a brand-new user starts empty and sees a received message appear', async () => {
    await page.click('header button');
    await type('#user', 'новый пользователь');
    await page.click('button[type="submit"]');
    await page.waitForSelector('ol.inbox .note');
    expect(await page.$eval('ol.inbox .note', (e) => e.textContent)).toBe(
      'No messages yet. Send one below.',
    );
    await type('textarea[name="text"]', 'Привет! 👋');
    await page.click('form[aria-label="Send a message"] button[type="submit"]');
    const messages = await shown(1);
    expect(messages[0]).toMatchObject({ sender: 'unknown', text: 'Привет! 👋' });
  });
});
