/**
 * The web app in a real headless Chromium, served by the real gateway over the real stack
 * (SQLite): sign up and log in with a password (the session in the gateway's httpOnly cookie),
 * read the inbox with verdicts, switch models, receive messages, mark messages as spam or not,
 * page, log out, and no way into another user's inbox. Each test has its own page and its own
 * user, so any one runs alone.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, HTTPResponse, Page } from 'puppeteer-core';
import type { FeatureStore } from '../feature-store';
import { openSpamFeatureStore } from '../models';
import { WEB_DIST } from '../gateway/webApp';
import { newSmsId } from '../platform/storage/inbox/smsId';
import type { Storage } from '../platform/storage';
import { dropTestStorage, openTestStorage, testConfig } from '../platform/testing/backends';
import { describeInBrowser, launchBrowser } from './testing/browser';
import { bearer, startTestStack, type TestStack } from '../subgraphs/testing/stack';

const SPAM =
  'WINNER!! You have been selected to receive a £900 prize reward! Call 09061701461 to claim now.';
const HAM = 'Are we still on for lunch tomorrow? I can book the usual place at 1';
const SCREENSHOTS = process.env.SCREENSHOT_DIR;
const SEND = 'form[aria-label="Send a message"]';
const LOG_IN_FORM = 'form[aria-label="Log in"]';
const SIGN_UP_FORM = 'form[aria-label="Sign up"]';
const FORM_ALERT = 'form.login [role="alert"]';
/** The password of every account the tests make (also `stack.signUp`'s default). */
const PASSWORD = 'correct horse battery staple';
const SESSION_COOKIE = 'sg_session';

interface Shown {
  sender: string;
  text: string;
  verdict: string;
}

/** A GraphQL answer as the page's own `fetch` got it. */
interface Fetched {
  status: number;
  body: {
    data?: Record<string, unknown> | null;
    errors?: { message: string; extensions?: { code?: string } }[];
  };
}

// A real Chromium sharing 2 cores with every other suite: "says so when the browser keeps no
// session cookie" failed in 2 of 4 full runs (its alert never appeared; it passes alone). A
// failing test runs once more, its first failure logged; a broken one still fails.
jest.retryTimes(1, { logErrorsBeforeRetry: true });

describeInBrowser('web app in Chromium', () => {
  const config = testConfig('sqlite');
  let storage: Storage;
  let store: FeatureStore;
  let stack: TestStack;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    if (!fs.existsSync(path.join(WEB_DIST, 'index.html'))) {
      throw new Error(`${WEB_DIST} is not built: run \`npm run build\` first`);
    }
    storage = await openTestStorage(config);
    store = await openSpamFeatureStore(storage, config);
    await store.apply();
    stack = await startTestStack(storage, config);
    browser = await launchBrowser();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
    if (storage) await dropTestStorage(storage, config);
  });
  beforeEach(async () => {
    // A fresh browser context: no session (cookie) left by another test.
    context = await browser.createBrowserContext();
    page = await context.newPage();
    await page.setViewport({ width: 1000, height: 800 });
  });
  afterEach(async () => context?.close());

  const newName = () => `u-${randomUUID().slice(0, 8)}`;
  /** A new user (an account with {@link PASSWORD}) whose inbox holds `texts`, oldest first. */
  const seedUser = async (texts: string[]): Promise<string> => {
    const user = newName();
    await stack.signUp(user, PASSWORD);
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
  /** Fills in the log-in or sign-up form on the page. */
  const fillForm = async (name: string, password: string) => {
    await type('#user', name);
    await type('#password', password);
  };
  /** The page's next POST to /graphql of operation `name` (urql names its operations). */
  const nextResponse = (name: string) =>
    page.waitForResponse((r) => {
      if (!r.url().endsWith('/graphql') || r.request().method() !== 'POST') return false;
      const body = JSON.parse(r.request().postData() ?? '{}') as { operationName?: string };
      return body.operationName === name;
    });
  /** Submits the form and returns the API's answer to it (`LogIn` or `SignUp`). */
  const submitForm = async (operation: 'LogIn' | 'SignUp'): Promise<HTTPResponse> => {
    const response = nextResponse(operation);
    await page.click('form.login button[type="submit"]');
    return response;
  };
  /**
   * The form's alert once it reads `want`; if it never does, what it reads after 15 s (a log-in
   * hashes a password: slow when every suite shares 2 cores).
   */
  const alertReads = async (want: string): Promise<string | null> => {
    await page
      .waitForFunction(
        (sel, w) => document.querySelector(sel)?.textContent === w,
        { timeout: 15_000 },
        FORM_ALERT,
        want,
      )
      .catch(() => undefined);
    return page.$eval(FORM_ALERT, (e) => e.textContent).catch(() => null);
  };
  /** Logs in through the form. */
  const logIn = async (name: string, password = PASSWORD) => {
    await page.goto(`${stack.gatewayUrl}/`);
    await page.waitForSelector(LOG_IN_FORM);
    await fillForm(name, password);
    await page.click('button[type="submit"]');
    await page.waitForSelector('ol.inbox');
  };
  /** Opens the sign-up form (from the log-in form the app starts with). */
  const openSignUp = async () => {
    await page.goto(`${stack.gatewayUrl}/`);
    await page.waitForSelector(LOG_IN_FORM);
    await page.click('form.login button.link');
    await page.waitForSelector(SIGN_UP_FORM);
  };
  /** The session cookie the browser holds for the app, if any (page scripts cannot read it). */
  const sessionCookie = async () =>
    (await context.cookies()).find((c) => c.name === SESSION_COOKIE);
  /** POSTs an operation with the page's own `fetch`: as the page's user, cookie and all. */
  const fetchAsPage = (query: string, variables: Record<string, unknown>) =>
    page.evaluate(
      async (q, v): Promise<Fetched> => {
        const r = await fetch('/graphql', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ query: q, variables: v }),
        });
        return { status: r.status, body: (await r.json()) as Fetched['body'] };
      },
      query,
      variables,
    );
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

  it('asks for a name and a password, and sends nothing until both are there', async () => {
    const sent: string[] = [];
    page.on('request', (r) => {
      if (r.url().endsWith('/graphql') && r.method() === 'POST') {
        sent.push((JSON.parse(r.postData() ?? '{}') as { operationName?: string }).operationName!);
      }
    });
    await page.goto(`${stack.gatewayUrl}/`);
    await page.waitForSelector(LOG_IN_FORM);
    await snap('login');
    await page.click('button[type="submit"]');
    expect(await page.$eval(FORM_ALERT, (e) => e.textContent)).toBe('Enter a user name.');
    await type('#user', '   ');
    await page.click('button[type="submit"]');
    expect(await page.$eval(FORM_ALERT, (e) => e.textContent)).toBe('Enter a user name.');
    await type('#user', 'alice');
    await page.click('button[type="submit"]');
    expect(await page.$eval(FORM_ALERT, (e) => e.textContent)).toBe('Enter your password.');
    await page.click('form.login button.link');
    await page.waitForSelector(SIGN_UP_FORM);
    await snap('sign-up');
    expect(await page.$(FORM_ALERT)).toBeNull(); // switching forms clears the last problem
    await page.click('button[type="submit"]');
    expect(await page.$eval(FORM_ALERT, (e) => e.textContent)).toBe('Choose a password.');
    // The app asked who is signed in (the cookie decides), and nothing else.
    expect(sent).toEqual(['Me']);
    expect(await page.$('ol.inbox')).toBeNull();
  });

  it('says in words why the API refused a sign-up or a log-in', async () => {
    const taken = await seedUser([]);
    const codeOf = async (r: HTTPResponse) =>
      ((await r.json()) as Fetched['body']).errors?.map((e) => e.extensions?.code);
    await openSignUp();
    await fillForm(taken, PASSWORD);
    expect(await codeOf(await submitForm('SignUp'))).toEqual(['BAD_USER_INPUT']);
    expect(await alertReads(`The name "${taken}" is taken.`)).toBe(`The name "${taken}" is taken.`);
    await fillForm(newName(), 'short');
    expect(await codeOf(await submitForm('SignUp'))).toEqual(['BAD_USER_INPUT']);
    expect(await alertReads('Password must be 10–256 characters, got 5.')).toBe(
      'Password must be 10–256 characters, got 5.',
    );
    await fillForm('x'.repeat(65), PASSWORD);
    expect(await codeOf(await submitForm('SignUp'))).toEqual(['BAD_USER_INPUT']);
    expect(await alertReads('Name must be 1–64 characters, got 65.')).toBe(
      'Name must be 1–64 characters, got 65.',
    );

    // Log in: a wrong password and an unknown name read alike.
    await page.click('form.login button.link');
    await page.waitForSelector(LOG_IN_FORM);
    await fillForm(taken, 'not the password');
    expect(await codeOf(await submitForm('LogIn'))).toEqual(['UNAUTHENTICATED']);
    expect(await alertReads('Wrong name or password.')).toBe('Wrong name or password.');
    await fillForm(newName(), PASSWORD);
    expect(await codeOf(await submitForm('LogIn'))).toEqual(['UNAUTHENTICATED']);
    expect(await alertReads('Wrong name or password.')).toBe('Wrong name or password.');

    // Five failures for one account: then even its right password waits.
    for (let i = 0; i < 4; i++) {
      await fillForm(taken, `wrong password ${i}`);
      expect(await codeOf(await submitForm('LogIn'))).toEqual(['UNAUTHENTICATED']);
    }
    await fillForm(taken, PASSWORD);
    const limited = (await (await submitForm('LogIn')).json()) as {
      errors: { extensions: { code: string; retryAfterSeconds: number } }[];
    };
    expect(limited.errors.map((e) => e.extensions.code)).toEqual(['RATE_LIMITED']);
    const wait = limited.errors[0]!.extensions.retryAfterSeconds;
    expect(wait).toBeGreaterThan(0);
    const want = `Too many attempts: try again in ${wait} s.`;
    expect(await alertReads(want)).toBe(want);
    await snap('rate-limited');
    expect(await page.$('ol.inbox')).toBeNull();
    expect(await sessionCookie()).toBeUndefined();
  });

  it('signs up, receives, logs out and in again: an httpOnly session, and no way into another inbox', async () => {
    const user = newName();
    const PARCEL = 'Your parcel is on its way';
    // Another user, with a message delivered the carrier's way (an ingest API key).
    const other = await seedUser([]);
    const SECRET = `for ${other} only: the code is 4711`;
    const delivered = await stack.query<{ receiveSms: { sms: { text: string } } }>(
      'mutation($i: ReceiveSmsInput!) { receiveSms(input: $i) { sms { text } } }',
      { i: { recipientId: other, senderId: 'bank', text: SECRET } },
      bearer(stack.keys.ingest),
    );
    expect(delivered).toEqual({ data: { receiveSms: { sms: { text: SECRET } } } });

    // Sign up through the form: the answer names the account and carries no token.
    await openSignUp();
    await fillForm(user, PASSWORD);
    const signedUp = await submitForm('SignUp');
    expect(signedUp.request().headers()['x-session-cookie']).toBe('1');
    const signUpBody = (await signedUp.json()) as {
      data: { signUp: { account: { name: string }; token: string | null } };
    };
    expect(signUpBody.data.signUp.account.name).toBe(user);
    expect(signUpBody.data.signUp.token).toBeNull();
    await page.waitForSelector('ol.inbox .note');
    expect(await page.$eval('.user', (e) => e.textContent)).toBe(user);
    expect(await page.$eval('ol.inbox .note', (e) => e.textContent)).toBe(
      'No messages yet. Send one below.',
    );

    // The session is an httpOnly, SameSite=Strict cookie holding the user's token, out of
    // reach of page scripts; the page keeps nothing about the user in its own storage.
    const cookie = await sessionCookie();
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict' });
    const token = decodeURIComponent(cookie!.value);
    expect((await stack.accounts.authenticateToken(token)).name).toBe(user);
    expect(await page.evaluate(() => document.cookie)).not.toContain(SESSION_COOKIE);
    expect(
      await page.evaluate(() => [...Object.keys(localStorage), ...Object.keys(sessionStorage)]),
    ).toEqual([]);

    // A message received through the form lands in the user's own inbox.
    await send('+15550199', PARCEL);
    expect((await shown(1)).map((m) => [m.sender, m.text])).toEqual([['+15550199', PARCEL]]);
    expect((await storage.inboxes.listInbox(user, { limit: 10 })).items.map((m) => m.text)).toEqual(
      [PARCEL],
    );

    // Log out: the form again, the cookie gone, the session over on the server, and a reload
    // still shows the form.
    const loggedOut = nextResponse('LogOut');
    await page.click('header button');
    expect(((await (await loggedOut).json()) as { data: unknown }).data).toEqual({ logOut: true });
    await page.waitForSelector(LOG_IN_FORM);
    expect(await sessionCookie()).toBeUndefined();
    await expect(stack.accounts.authenticateToken(token)).rejects.toThrow('session ended');
    await page.reload();
    await page.waitForSelector(LOG_IN_FORM);
    expect(await page.$('.user')).toBeNull();
    expect(await page.$('ol.inbox')).toBeNull();

    // Log in again with the password: the same inbox, again with no token in the answer.
    await fillForm(user, PASSWORD);
    const loggedIn = await submitForm('LogIn');
    expect(loggedIn.request().headers()['x-session-cookie']).toBe('1');
    const logInBody = (await loggedIn.json()) as {
      data: { logIn: { account: { name: string }; token: string | null } };
    };
    expect(logInBody.data.logIn.account.name).toBe(user);
    expect(logInBody.data.logIn.token).toBeNull();
    await page.waitForSelector('ol.inbox');
    expect(await page.$eval('.user', (e) => e.textContent)).toBe(user);
    expect((await shown(1)).map((m) => m.text)).toEqual([PARCEL]);
    expect(await sessionCookie()).toMatchObject({ httpOnly: true, sameSite: 'Strict' });
    expect(await page.evaluate(() => document.cookie)).not.toContain(SESSION_COOKIE);

    // Asked by hand from the page (its cookie and all), the user's own inbox answers; another
    // user's is FORBIDDEN, with no data, and cannot be delivered to either.
    const INBOX_QUERY =
      'query($u: ID!) { inbox(userId: $u, first: 10) { edges { node { text } } } }';
    expect(await fetchAsPage(INBOX_QUERY, { u: user })).toEqual({
      status: 200,
      body: { data: { inbox: { edges: [{ node: { text: PARCEL } }] } } },
    });
    const theirs = await fetchAsPage(INBOX_QUERY, { u: other });
    expect(theirs.body.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
    expect(theirs.body.data ?? null).toBeNull();
    expect(JSON.stringify(theirs)).not.toContain(SECRET);
    const intoTheirs = await fetchAsPage(
      'mutation($i: ReceiveSmsInput!) { receiveSms(input: $i) { sms { smsId } } }',
      { i: { recipientId: other, senderId: user, text: 'let me in' } },
    );
    expect(intoTheirs.body.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
    expect(
      (await storage.inboxes.listInbox(other, { limit: 10 })).items.map((m) => m.text),
    ).toEqual([SECRET]);
    // And the app never shows the other user's message: after its next refresh, still only
    // the user's own.
    await nextResponse('Inbox');
    expect((await shown(1)).map((m) => m.text)).toEqual([PARCEL]);
    expect(await page.$eval('ol.inbox', (e) => e.textContent)).not.toContain(SECRET);
    await snap('signed-up-inbox');
  });

  it('returns to the form when the session ends elsewhere (the cookie no longer holds)', async () => {
    const user = await seedUser([HAM]);
    await logIn(user);
    await shown(1);
    const cookie = await sessionCookie();
    const principal = await stack.accounts.authenticateToken(decodeURIComponent(cookie!.value));
    await stack.accounts.logOut(principal); // e.g. "log out everywhere", or an expiry
    // The newest page refreshes every 5 s: that refresh finds the session ended.
    await page.waitForSelector(LOG_IN_FORM, { timeout: 15_000 });
    expect(await page.$('ol.inbox')).toBeNull();
    expect(await page.$(FORM_ALERT)).toBeNull();
    expect(await sessionCookie()).toBeUndefined(); // the gateway cleared the stale cookie
  });

  it('says so when the browser keeps no session cookie', async () => {
    const user = await seedUser([]);
    // A browser that refuses cookies: the log-in's answer reaches the page without its
    // Set-Cookie (the request is made from here, the answer handed over bare).
    let dropped: string | null = null;
    await page.setRequestInterception(true);
    page.on('request', (r) => {
      const op = (JSON.parse(r.postData() ?? '{}') as { operationName?: string }).operationName;
      if (op !== 'LogIn') return void r.continue();
      void fetch(r.url(), {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-session-cookie': '1' },
        body: r.postData(),
      }).then(async (res) => {
        dropped = res.headers.get('set-cookie');
        await r.respond({
          status: res.status,
          contentType: 'application/json',
          body: await res.text(),
        });
      });
    });
    await page.goto(`${stack.gatewayUrl}/`);
    await page.waitForSelector(LOG_IN_FORM);
    await fillForm(user, PASSWORD);
    await page.click('button[type="submit"]');
    const want =
      'You are signed in, but this browser kept no session cookie: allow cookies for this site.';
    expect(await alertReads(want)).toBe(want);
    expect(dropped).toContain(`${SESSION_COOKIE}=`); // the log-in itself succeeded
    expect(await page.$('ol.inbox')).toBeNull();
  });

  it("shows the user's inbox newest first, each message with the served default's verdict (V4)", async () => {
    const user = await seedUser([HAM, SPAM, 'See you at 6 🍕 ok?']);
    await logIn(` ${user} `); // a name is trimmed
    expect(await page.$eval('.user', (e) => e.textContent)).toBe(user);
    const messages = await shown(3);
    await snap('inbox-default');
    expect(messages.map((m) => m.text)).toEqual(['See you at 6 🍕 ok?', SPAM, HAM]);
    expect(messages.map((m) => m.sender)).toEqual(['+15550102', '+15550101', '+15550100']);
    // Each badge is the API's own verdict.
    // The picker starts on the champion (SPAM_MODEL_DEFAULT absent: the newest version).
    expect(await page.$eval('select[name="version"]', (e) => (e as HTMLSelectElement).value)).toBe(
      'V4',
    );
    expect(messages[1]!.verdict).toBe(`Spam · ${await percentOf('V4', SPAM)}%`);
    expect(messages[2]!.verdict).toBe(`Not spam · ${await percentOf('V4', HAM)}%`);
  });

  it('offers the served versions; the verdicts are the chosen model’s', async () => {
    const user = await seedUser([HAM]);
    await logIn(user);
    const versions = await page.$$eval('select[name="version"] option', (os) =>
      os.map((o) => (o as HTMLOptionElement).value),
    );
    expect(versions).toEqual(['V1', 'V2', 'V3', 'V4']);
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

  it('keeps the session across a reload (the cookie, not page storage), and logs out', async () => {
    const user = await seedUser([HAM]);
    await logIn(user);
    await page.reload();
    await page.waitForSelector('.user');
    expect(await page.$eval('.user', (e) => e.textContent)).toBe(user);
    expect(await page.evaluate(() => Object.keys(localStorage))).toEqual([]);
    await page.click('header button');
    await page.waitForSelector(LOG_IN_FORM);
    await page.reload();
    await page.waitForSelector(LOG_IN_FORM);
    expect(await page.$('.user')).toBeNull();
  });

  it('marks a message as spam, then not spam: shown at once, kept across a reload', async () => {
    const user = await seedUser([HAM]);
    await logIn(user);
    await shown(1);
    const yourVerdict = () =>
      page.$eval('li.message', (li) => li.querySelector('.your-verdict')?.textContent ?? null);
    /** The page's next Inbox answer whose message carries `label` as the user's verdict. */
    const inboxWith = (label: string) =>
      page.waitForResponse(
        async (r) => {
          const body = JSON.parse(r.request().postData() ?? '{}') as { operationName?: string };
          if (body.operationName !== 'Inbox') return false;
          const got = (await r.json()) as {
            data?: { inbox: { edges: { node: { userVerdict: { label: string } | null } }[] } };
          };
          return got.data?.inbox.edges[0]?.node.userVerdict?.label === label;
        },
        { timeout: 10_000 },
      );
    const click = async (button: string, label: string, want: string) => {
      const reported = nextResponse('ReportSpam');
      // The page's own data gets the verdict too: the document cache refetches the page,
      // which names SpamReport.
      const refetched = inboxWith(label);
      await page.click(`li.message .feedback button::-p-text(${button})`);
      const answer = (await (await reported).json()) as {
        data: { reportSpam: { smsId: string; label: string; reportedAt: string } };
      };
      // Shown at once, from the mutation's answer.
      await page.waitForFunction(
        (w) => document.querySelector('li.message .your-verdict')?.textContent === w,
        { timeout: 5_000 },
        want,
      );
      await refetched;
      return answer.data.reportSpam;
    };
    const [smsId] = (await storage.inboxes.listInbox(user, { limit: 1 })).items.map((m) => m.smsId);
    const onlineLabel = async () =>
      (await store.getOnlineFeatures({ features: ['sms_labels:label'], entities: [smsId!] }))
        .columns[1]!.values[0];

    expect(await yourVerdict()).toBeNull();
    expect(await onlineLabel()).toBeNull();
    expect(await click('Mark as spam', 'SPAM', 'You marked this as spam')).toMatchObject({
      label: 'SPAM',
    });
    await snap('marked-spam');
    expect(await onlineLabel()).toBe(1);
    // The pressed button is the verdict that stands.
    expect(
      await page.$$eval('li.message .feedback button', (bs) =>
        bs.map((b) => [
          b.textContent,
          b.getAttribute('aria-pressed'),
          (b as HTMLButtonElement).disabled,
        ]),
      ),
    ).toEqual([
      ['Mark as spam', 'true', true],
      ['Not spam', 'false', false],
    ]);

    // Kept by the server: a reload (a new page, an empty cache) shows it again.
    await page.reload();
    await shown(1);
    await page.waitForSelector('li.message .your-verdict');
    expect(await yourVerdict()).toBe('You marked this as spam');

    expect(await click('Not spam', 'HAM', 'You marked this as not spam')).toMatchObject({
      label: 'HAM',
    });
    expect(await onlineLabel()).toBe(0);
    await page.reload();
    await shown(1);
    await page.waitForSelector('li.message .your-verdict');
    expect(await yourVerdict()).toBe('You marked this as not spam');
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

  it('a brand-new unicode user signs up, starts empty and sees a received message appear', async () => {
    const user = `новый ${randomUUID().slice(0, 4)}`;
    await openSignUp();
    await fillForm(user, 'пароль-достаточно-длинный 🔑');
    await page.click('button[type="submit"]');
    await page.waitForSelector('ol.inbox .note');
    expect(await page.$eval('.user', (e) => e.textContent)).toBe(user);
    expect(await page.$eval('ol.inbox .note', (e) => e.textContent)).toBe(
      'No messages yet. Send one below.',
    );
    await send('', 'Привет! 👋');
    const messages = await shown(1);
    expect(messages[0]).toMatchObject({ sender: 'unknown', text: 'Привет! 👋' });
    expect((await storage.inboxes.listInbox(user, { limit: 10 })).items).toHaveLength(1);
  });
});
