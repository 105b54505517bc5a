import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Locator, type Page, type Response, type WebSocket } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  // The playground pulls fonts and an animation from a CDN; offline, fail those lookups at once.
  '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1',
];

export interface LaunchedChromium {
  context: BrowserContext;
  /** The context's first page on the first call, then new pages. */
  newPage(): Promise<Page>;
  /** Closes the browser and removes its profile directory. */
  close(): Promise<void>;
}

/** Headless Debian Chromium with a fresh throwaway profile; never downloads a browser. */
export async function launchChromium(opts: { headless?: boolean; executablePath?: string } = {}): Promise<LaunchedChromium> {
  const userDataDir = await mkdtemp(path.join(tmpdir(), 'quorum-chromium-'));
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: opts.executablePath ?? CHROMIUM_PATH,
      headless: opts.headless ?? true,
      args: CHROMIUM_FLAGS,
      viewport: { width: 1400, height: 1000 },
    });
  } catch (err) {
    await rm(userDataDir, { recursive: true, force: true });
    throw err;
  }
  let first = true;
  return {
    context,
    async newPage() {
      const existing = context.pages()[0];
      if (first && existing) {
        first = false;
        return existing;
      }
      first = false;
      return context.newPage();
    },
    async close() {
      await context.close().catch(() => undefined);
      await rm(userDataDir, { recursive: true, force: true });
    },
  };
}

/** One entry of the playground's log panel, as streamed over /_ws/log/stream. */
export interface PlaygroundLogEntry {
  type?: string;
  displayText?: string;
  /** e.g. 'message', 'invoke', 'conversationUpdate'. */
  activityName?: string;
  /** 'Microsoft 365 Agents Playground' (to the bot) or 'User Application' (from the bot). */
  from?: string;
  to?: string;
  conversationId?: string;
  request?: { body?: Record<string, unknown> };
  response?: { statusCode?: number; body?: unknown };
}

/** The playground's answer to a card action: for Action.Execute the bot's invoke response body minus `statusCode` (`{ type, value }`); empty for Action.Submit. */
export interface InvokeResult {
  status: number;
  body: { type?: string; value?: unknown } | undefined;
}

type InputValue = string | boolean | string[];

// The DOM has no stable class or test ids (atomic CSS); these hooks are aria attributes and the
// Adaptive Cards renderer's `ac-` classes.
const SELECTORS = {
  compose: '[role="textbox"][contenteditable="true"]',
  send: 'button[aria-label="Send Message"]',
  /** A chat message: the element whose child is its header (author, time). */
  message: 'div:has(> [aria-label="Message header"])',
  /** Only others' messages (the bot's, in a personal chat) name their author; the current user's do not. */
  author: '[aria-label="Message author"]',
  /** A top-level card (Action.ShowCard renders nested ac-adaptiveCard elements inside). */
  card: '.ac-adaptiveCard:not(.ac-adaptiveCard .ac-adaptiveCard)',
  invokeNoticeDismiss: 'button[aria-label="Dismiss Invoke Message"]',
} as const;

const DEFAULT_TIMEOUT = 15_000;

/**
 * Page object for the M365 Agents Playground UI. There is no user switcher in the UI: restart the
 * playground with `withCurrentUser(...)` and call `open()` again.
 */
export class PlaygroundPage {
  /** The log panel's entries (activities both ways with HTTP statuses), collected since `open()`. */
  readonly log: PlaygroundLogEntry[] = [];
  /** Page errors and console errors, apart from the CDN fetches that fail offline and the missing favicon. */
  readonly errors: string[] = [];
  /** Adaptive Card input id -> its label/placeholder/title, learnt from every card the page received. */
  private readonly inputNames = new Map<string, string[]>();
  /** The bot's messages the page was given since `open()`, in the order it rendered them (the DOM carries no message ids). */
  private readonly botMessages: { conversationId: string; messageId: string }[] = [];
  /** What `send()` sent, by the message id it returned, and how long the log was then. */
  private readonly sent = new Map<string, { text: string; logFrom: number }>();

  constructor(readonly page: Page) {
    page.on('websocket', (ws) => this.watchSocket(ws));
    page.on('response', (res) => void this.watchResponse(res));
    page.on('pageerror', (err) => this.errors.push(String(err)));
    page.on('console', (msg) => {
      if (msg.type() === 'error' && !isKnownNoise(msg.text(), msg.location().url)) this.errors.push(`${msg.text()} (${msg.location().url})`);
    });
  }

  /**
   * Loads the UI and waits until it is usable: the config request answered (the server holds it
   * until the bot endpoint accepts connections), the personal chat's installationUpdate and
   * conversationUpdate were delivered, the compose box is showing. Each load sends those two
   * activities to the bot again and starts with an empty chat view.
   */
  async open(url: string, opts: { timeout?: number } = {}): Promise<void> {
    const timeout = opts.timeout ?? 60_000;
    this.log.length = 0;
    this.botMessages.length = 0;
    const config = handled(this.page.waitForResponse((r) => r.url().endsWith('/_internal/v1/config'), { timeout }));
    const installation = handled(this.page.waitForResponse((r) => /\/_debug\/conversation\/[^/]+\/installation$/.test(r.url()), { timeout }));
    // The 9 MB bundle is a deferred script: even DOMContentLoaded takes seconds, so wait on what matters.
    await this.page.goto(url, { waitUntil: 'commit', timeout });
    const configResponse = await config;
    if (!configResponse.ok()) throw new Error(`playground config request failed: ${configResponse.status()}`);
    const installed = await installation;
    if (!installed.ok()) throw new Error(`playground installation request failed: ${installed.status()} ${await installed.text()}`);
    await this.page.locator(SELECTORS.compose).waitFor({ timeout });
  }

  /** Types into the compose box, sends, and waits until the playground accepted the message. Returns its message id. */
  async send(text: string, opts: { timeout?: number } = {}): Promise<string> {
    const timeout = opts.timeout ?? DEFAULT_TIMEOUT;
    const box = this.page.locator(SELECTORS.compose);
    await box.click({ timeout });
    // insertText, not type(): a newline would send early, and the editor handles it as one input.
    await this.page.keyboard.insertText(text);
    const accepted = handled(
      this.page.waitForResponse((r) => r.request().method() === 'POST' && /\/_conversation\/v1\/conversations\/[^/]+\/messages$/.test(r.url()), {
        timeout,
      }),
    );
    const logFrom = this.log.length;
    await this.page.locator(SELECTORS.send).click({ timeout });
    const res = await accepted;
    const body = (await res.json().catch(() => ({}))) as { messageId?: string; message?: string };
    if (!res.ok()) throw new Error(`playground refused the message: ${res.status()} ${JSON.stringify(body)}`);
    if (body.messageId) this.sent.set(body.messageId, { text, logFrom });
    return body.messageId ?? '';
  }

  /** Clicks a conversation in the left rail: 'Personal Chat', 'Group Chat', '<team> - General', '<team> - <channel>'. In group chats and channels the bot only gets messages that @mention it. */
  async openConversation(name: string): Promise<void> {
    await this.page.getByRole('treeitem', { name, exact: true }).click();
  }

  /** All chat messages of the open conversation, oldest first (not the sidebar preview or the log panel). */
  messages(): Locator {
    return this.page.locator(SELECTORS.message);
  }

  /** Waits for the newest message containing `text` (e.g. a proactive message) and returns it. */
  async waitForMessageContaining(text: string, opts: { timeout?: number } = {}): Promise<Locator> {
    const message = this.messages().filter({ hasText: text }).last();
    await message.waitFor({ timeout: opts.timeout ?? DEFAULT_TIMEOUT });
    return message;
  }

  /**
   * For cards nothing on this page caused (proactive sends). For the reply to a message use
   * `ask`/`waitForReplyCard`: text can match another card (the welcome card lists every command).
   *
   * Waits for the newest top-level card containing `text` and returns a locator pinned to that
   * card's place in the chat, so it keeps pointing at the card after a Universal Actions refresh
   * replaces the card's content.
   */
  async waitForCardContaining(text: string, opts: { timeout?: number } = {}): Promise<Locator> {
    const card = this.page.locator(SELECTORS.card).filter({ hasText: text }).last();
    await card.waitFor({ timeout: opts.timeout ?? DEFAULT_TIMEOUT });
    const place = await card.evaluate(
      (el: Element, sel) => {
        const messages = Array.from(el.ownerDocument.querySelectorAll(sel.message));
        const message = messages.findLast((m) => m.contains(el));
        return message ? { message: messages.indexOf(message), card: Array.from(message.querySelectorAll(sel.card)).indexOf(el) } : undefined;
      },
      { message: SELECTORS.message, card: SELECTORS.card },
    );
    return place ? this.messages().nth(place.message).locator(SELECTORS.card).nth(place.card) : card;
  }

  /**
   * Waits for the bot's first card in reply to the message `send()` returned `messageId` for, and
   * returns a locator pinned to it (it keeps pointing at it after a Universal Actions refresh). The
   * reply is found by ids, never by its words: the activity the playground made of the message
   * (the log panel's entry to the bot with that text, after the send), the bot's activity whose
   * `replyToId` is that activity's id, and the id the playground gave it; the DOM has no ids, so the
   * card is the bot message at that id's place in the order the page received the bot's messages.
   */
  async waitForReplyCard(messageId: string, opts: { timeout?: number } = {}): Promise<Locator> {
    const timeout = opts.timeout ?? DEFAULT_TIMEOUT;
    const sent = this.sent.get(messageId);
    if (!sent) throw new Error(`no message ${messageId} was sent from this page`);
    const incoming = await this.waitForLog(
      (e) => this.log.indexOf(e) >= sent.logFrom && e.to === 'User Application' && e.activityName === 'message' && e.request?.body?.text === sent.text,
      { timeout },
    );
    const activityId = incoming.request?.body?.id;
    const reply = await this.waitForLog(
      (e) =>
        e.from === 'User Application' &&
        e.request?.body?.replyToId === activityId &&
        Array.isArray(e.request?.body?.attachments) &&
        (e.request.body.attachments as { contentType?: string }[]).some((a) => a.contentType === 'application/vnd.microsoft.card.adaptive'),
      { timeout },
    );
    const replyId = (reply.response?.body as { id?: string } | undefined)?.id;
    if (!replyId) throw new Error(`the playground gave the reply to "${sent.text}" no id (status ${reply.response?.statusCode})`);
    return this.waitForBotCard(replyId, { timeout, what: `the reply to "${sent.text}"` });
  }

  /**
   * Waits for the card of the bot's message the playground gave `messageId` (the id its connector
   * answered the bot's send with: a reply's, or a proactive card's as the outbox recorded it) and
   * returns a locator pinned to it. The DOM has no ids, so the card is the bot message at that id's
   * place in the order the page received the bot's messages.
   */
  async waitForBotCard(messageId: string, opts: { timeout?: number; what?: string } = {}): Promise<Locator> {
    const timeout = opts.timeout ?? DEFAULT_TIMEOUT;
    const started = Date.now();
    while (!this.botMessages.some((m) => m.messageId === messageId)) {
      if (Date.now() - started > timeout) throw new Error(`the page never received ${opts.what ?? 'the message'} (${messageId})`);
      await this.page.waitForTimeout(50);
    }
    const { conversationId } = this.botMessages.find((m) => m.messageId === messageId)!;
    const place = this.botMessages.filter((m) => m.conversationId === conversationId).findIndex((m) => m.messageId === messageId);
    const card = this.messages().filter({ has: this.page.locator(SELECTORS.author) }).nth(place).locator(SELECTORS.card).first();
    await card.waitFor({ timeout });
    return card;
  }

  /** Sends `text` and waits for the bot's card in reply to it (see `waitForReplyCard`). */
  async ask(text: string, opts: { timeout?: number } = {}): Promise<Locator> {
    return this.waitForReplyCard(await this.send(text, opts), opts);
  }

  /** The newest top-level card in the open conversation. */
  lastCard(): Locator {
    return this.page.locator(SELECTORS.card).last();
  }

  /** The card's visible text with whitespace collapsed (TextBlocks, labels, button titles; not input values). */
  async cardText(card: Locator): Promise<string> {
    return (await card.innerText()).replace(/\s+/g, ' ').trim();
  }

  /** Waits until the card's text contains `text` (e.g. after a refresh) and returns the full text. */
  async waitForCardText(card: Locator, text: string, opts: { timeout?: number } = {}): Promise<string> {
    await card.filter({ hasText: text }).waitFor({ timeout: opts.timeout ?? DEFAULT_TIMEOUT });
    return this.cardText(card);
  }

  /**
   * Sets an input of the card, found by its label (exact, as shown without the required `*`), its
   * placeholder or toggle title, or its Adaptive Card `id`. Handles Input.Text/Number (value),
   * Input.Toggle (true/false), Input.ChoiceSet (choice title, or titles for multi-select),
   * Input.Date (YYYY-MM-DD) and Input.Time (HH:MM).
   */
  async fillInput(card: Locator, labelOrId: string, value: InputValue): Promise<void> {
    const names = [labelOrId, ...(this.inputNames.get(labelOrId) ?? [])];
    let id: string | undefined;
    for (const name of names) {
      id = await card.evaluate(findInputId, name);
      if (id) break;
    }
    if (!id) {
      const known = await card.evaluate((el: Element) => Array.from(el.querySelectorAll('label')).map((l) => l.textContent?.trim()).filter(Boolean));
      throw new Error(`fillInput: no input "${labelOrId}" in the card (labels: ${known.join(', ') || 'none'})`);
    }
    const input = card.locator(`[id="${id}"]`);
    const kind = await input.evaluate((el: Element) => ({
      type: el.getAttribute('type'),
      role: el.getAttribute('role'),
      popup: el.getAttribute('aria-haspopup'),
    }));
    const values = Array.isArray(value) ? value : [String(value)];

    if (kind.type === 'checkbox') {
      await input.setChecked(value === true || value === 'true');
    } else if (kind.role === 'radiogroup') {
      await input.getByRole('radio', { name: values[0], exact: true }).check();
    } else if (kind.role === 'combobox' && kind.popup !== 'dialog') {
      await this.pickFromCombobox(input, values);
    } else {
      // Text, number, and the date picker (typed as YYYY-MM-DD; Enter accepts it, Escape closes the calendar).
      await input.fill(values.join(','));
      if (kind.role === 'combobox') {
        await input.press('Enter');
        await input.press('Escape');
      }
    }
  }

  private async pickFromCombobox(input: Locator, values: string[]): Promise<void> {
    await input.click();
    const listId = await input.getAttribute('aria-controls');
    const list = listId ? this.page.locator(`[id="${listId}"]`) : undefined;
    const option = (name: string) => list?.locator('[role="option"], [role="menuitemcheckbox"]').filter({ hasText: new RegExp(`^\\s*${escapeRegExp(name)}\\s*$`) });
    const first = values[0] ?? '';
    if (list && (await option(first)!.count()) > 0) {
      for (const v of values) {
        const o = option(v)!.first();
        if ((await o.getAttribute('aria-checked')) !== 'true' && (await o.getAttribute('aria-selected')) !== 'true') await o.click();
      }
    } else {
      // A time picker (free text) or a choice the list does not show.
      await input.fill(values.join(','));
      await input.press('Enter');
    }
    if ((await input.getAttribute('aria-expanded')) === 'true') await input.press('Escape');
  }

  /**
   * Clicks a card button by its title. For Action.Execute / Action.Submit it waits for the
   * playground's /_conversation/v1/invoke (or /submit) response and returns it; pass
   * `{ expectRequest: false }` for Action.ShowCard / Action.OpenUrl / Action.ToggleVisibility.
   * A card response replaces the card in place; a message or error response is shown under it
   * (see `invokeNotice`). The card is re-rendered after any action, which clears its inputs. If
   * the renderer's validation blocks the action (e.g. an empty isRequired input, also for
   * actions inside an expanded ShowCard), the error names the invalid inputs.
   */
  async clickAction(card: Locator, title: string, opts: { timeout?: number; expectRequest?: boolean } = {}): Promise<InvokeResult | undefined> {
    const timeout = opts.timeout ?? DEFAULT_TIMEOUT;
    const button = card.getByRole('button', { name: title, exact: true }).first();
    if (opts.expectRequest === false) {
      await button.click({ timeout });
      return undefined;
    }
    const response = handled(
      this.page.waitForResponse((r) => r.request().method() === 'POST' && /\/_conversation\/v1\/(invoke|submit)$/.test(r.url()), { timeout }),
    );
    await button.click({ timeout });
    const res = await response.catch(async (err: Error) => {
      const invalid = await this.validationErrors(card).catch(() => []);
      throw invalid.length ? new Error(`clickAction "${title}": the card did not send, inputs are invalid: ${invalid.join('; ')}`) : err;
    });
    const text = await res.text();
    return { status: res.status(), body: text ? (JSON.parse(text) as InvokeResult['body']) : undefined };
  }

  /** The renderer's input validation messages currently shown in the card, as "<label>: <message>". */
  async validationErrors(card: Locator): Promise<string[]> {
    return card.evaluate((el: Element) =>
      Array.from(el.querySelectorAll('[aria-labelledby]:is(input, textarea, [role="radiogroup"], [role="combobox"])')).flatMap((input) => {
        const [labelId, ...rest] = (input.getAttribute('aria-labelledby') ?? '').split(/\s+/);
        const label = labelId ? el.ownerDocument.getElementById(labelId)?.textContent?.replace(/\s*\*\s*$/, '').trim() : undefined;
        return rest
          .map((id) => el.ownerDocument.getElementById(id))
          .filter((e): e is HTMLElement => !!e && e.tagName !== 'LABEL' && e.offsetParent !== null && !!e.textContent?.trim())
          .map((e) => `${label ?? input.id}: ${e.textContent?.trim()}`);
      }),
    );
  }

  /**
   * The banner the playground shows under a card after an invoke: "Your response was sent to the
   * app" after a card refresh, the text of a message response, or the error message of an error
   * response. It sits outside the card element.
   */
  invokeNotice(card: Locator): Locator {
    return card
      .locator('xpath=ancestor::div[contains(concat(" ", @class, " "), " fai-OutputCard ")][1]')
      .locator(`${SELECTORS.invokeNoticeDismiss}`)
      .locator('xpath=..');
  }

  /** Waits until the card's invoke banner contains `text` and returns the banner's text. */
  async waitForInvokeNotice(card: Locator, text: string, opts: { timeout?: number } = {}): Promise<string> {
    const notice = this.invokeNotice(card).filter({ hasText: text });
    await notice.waitFor({ timeout: opts.timeout ?? DEFAULT_TIMEOUT });
    return (await notice.innerText()).trim();
  }

  /** Waits for a log-panel entry, e.g. `e => e.activityName === 'invoke' && e.response?.statusCode === 200`. */
  async waitForLog(predicate: (entry: PlaygroundLogEntry) => boolean, opts: { timeout?: number } = {}): Promise<PlaygroundLogEntry> {
    const deadline = Date.now() + (opts.timeout ?? DEFAULT_TIMEOUT);
    for (;;) {
      const found = this.log.find(predicate);
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`waitForLog: no matching entry among ${this.log.length}`);
      await this.page.waitForTimeout(50);
    }
  }

  async screenshot(file: string): Promise<void> {
    await mkdir(path.dirname(file), { recursive: true });
    await this.page.screenshot({ path: file, fullPage: true });
  }

  private watchSocket(ws: WebSocket): void {
    if (ws.url().includes('/_ws/log/stream')) {
      ws.on('framereceived', ({ payload }) => {
        const frame = parseJson(payload) as { logAction?: string; log?: PlaygroundLogEntry } | undefined;
        if (frame?.logAction === 'appendLog' && frame.log) this.log.push(frame.log);
      });
    } else if (ws.url().includes('/_ws_conversation/')) {
      ws.on('framereceived', ({ payload }) => {
        const frame = parseJson(payload) as { action?: string; actionConversationId?: string; message?: { messageId?: string } } | undefined;
        if (frame?.action === 'createMessage' && frame.actionConversationId && frame.message?.messageId) {
          this.botMessages.push({ conversationId: frame.actionConversationId, messageId: frame.message.messageId });
        }
        this.learnInputs(frame);
      });
    }
  }

  private async watchResponse(res: Response): Promise<void> {
    if (res.url().endsWith('/_conversation/v1/invoke')) this.learnInputs(parseJson(await res.text().catch(() => '')));
  }

  private learnInputs(node: unknown): void {
    if (Array.isArray(node)) {
      node.forEach((n) => this.learnInputs(n));
    } else if (node && typeof node === 'object') {
      const el = node as Record<string, unknown>;
      if (typeof el.type === 'string' && el.type.startsWith('Input.') && typeof el.id === 'string') {
        const names = [el.label, el.placeholder, el.title].filter((n): n is string => typeof n === 'string' && n !== '');
        if (names.length) this.inputNames.set(el.id, names);
      }
      Object.values(el).forEach((v) => this.learnInputs(v));
    }
  }
}

/**
 * Runs in the page: the DOM id of the card's input called `name` (label, aria-label or placeholder).
 * No named inner functions: esbuild's keepNames (tsx) would wrap them in a `__name` helper the page lacks.
 */
function findInputId(card: Element, name: string): string | undefined {
  for (const label of Array.from(card.querySelectorAll('label[id]'))) {
    // The required marker ' *' is aria-hidden; compare what a screen reader would read.
    const visible = label.cloneNode(true) as Element;
    visible.querySelectorAll('[aria-hidden="true"]').forEach((n) => n.remove());
    if (visible.textContent?.trim() !== name) continue;
    const forId = label.getAttribute('for');
    const control =
      card.querySelector(`[aria-labelledby~="${label.id}"]:is(input, textarea, [role="radiogroup"], [role="combobox"])`) ??
      (forId ? card.querySelector(`[id="${forId}"]`) : null);
    if (control?.id) return control.id;
  }
  for (const el of Array.from(card.querySelectorAll('input, textarea'))) {
    if (el.id && (el.getAttribute('aria-label') === name || el.getAttribute('placeholder') === name)) return el.id;
  }
  return undefined;
}

/** Marks a promise awaited later as handled, so an early throw does not leave an unhandled rejection behind. */
function handled<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => undefined);
  return promise;
}

function isKnownNoise(text: string, url: string): boolean {
  return url.includes('.cdn.office.net/') || text.includes('cdn.office.net/') || url.endsWith('/favicon.ico');
}

function parseJson(payload: string | Buffer): unknown {
  try {
    return JSON.parse(payload.toString());
  } catch {
    return undefined;
  }
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
