// The VS Code workbench in chromium (playwright-core, from the e2e cache): keys, the debug
// toolbar's buttons, and what the user sees: the editor's current line and the Variables view.
// Everything waits for the page to show a state, never for a fixed time.
import * as path from 'path';
import { CHROMIUM } from './install';

// The page's DOM, as far as the readers below use it (the project compiles without DOM types).
interface El { textContent: string | null; getAttribute(name: string): string | null; getBoundingClientRect(): { top: number; height: number }; querySelector(s: string): El | null; querySelectorAll(s: string): El[] }
declare const document: El;

// The few playwright-core calls used (it is installed on demand, so its types are not at hand).
interface Locator { click(o?: { timeout?: number }): Promise<void>; waitFor(o?: { state?: string; timeout?: number }): Promise<void>; first(): Locator }
export interface Page {
  goto(url: string, o?: { timeout?: number }): Promise<unknown>;
  locator(selector: string): Locator;
  keyboard: { press(key: string): Promise<void>; type(text: string): Promise<void> };
  screenshot(o: { path: string }): Promise<unknown>;
  evaluate<T, A>(fn: (arg: A) => T, arg: A): Promise<T>;
  waitForFunction<A>(fn: (arg: A) => unknown, arg: A, o?: { timeout?: number; polling?: number | 'raf' }): Promise<unknown>;
}
interface Browser { newPage(o: { viewport: { width: number; height: number } }): Promise<Page>; close(): Promise<void>; process?(): { pid?: number } | null }
interface Playwright { chromium: { launch(o: { executablePath: string; args: string[]; headless: boolean; timeout: number; env: NodeJS.ProcessEnv }): Promise<Browser> } }

/** What the workbench shows of the debug session. */
export interface Shown {
  /** The active editor's file name. */
  file?: string;
  /** The line the editor highlights as the top stack frame's. */
  line?: number;
  /** The Variables view's visible rows: name -> value. */
  variables: Record<string, string>;
}

export class Workbench {
  private shots = 0;
  private constructor(readonly browser: Browser, readonly page: Page, private readonly shotDir: string) {}

  static async open(playwrightDir: string, url: string, folder: string, shotDir: string): Promise<Workbench> {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const pw = require(playwrightDir) as Playwright;
    const browser = await pw.chromium.launch({
      executablePath: CHROMIUM, headless: true, timeout: 60000,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
      // Its profile is playwright's temporary one; its crash reports go to the run's folder too.
      env: { ...process.env, XDG_CONFIG_HOME: path.join(shotDir, 'xdg-config'), XDG_CACHE_HOME: path.join(shotDir, 'xdg-cache') },
    });
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const wb = new Workbench(browser, page, shotDir);
    await page.goto(`${url}/?folder=${encodeURIComponent(folder)}`, { timeout: 60000 });
    await wb.waitFor('the workbench to load', () => !!document.querySelector('.monaco-workbench .part.editor'), undefined, 90000);
    return wb;
  }

  async close(): Promise<void> { await this.browser.close(); }

  /** A screenshot in the run's folder; its path. */
  async screenshot(name: string): Promise<string> {
    const file = path.join(this.shotDir, `${String(++this.shots).padStart(2, '0')}-${name.replace(/[^\w.-]+/g, '_')}.png`);
    await this.page.screenshot({ path: file });
    return file;
  }

  /** Waits for `fn(arg)` to hold in the page; on timeout fails with a screenshot. */
  async waitFor<A>(what: string, fn: (arg: A) => unknown, arg?: A, timeout = 30000): Promise<void> {
    try {
      await this.page.waitForFunction(fn, arg as A, { timeout, polling: 100 });
    } catch (e) {
      const shot = await this.screenshot(`timeout-${what}`).catch(() => 'no screenshot');
      throw new Error(`Timed out after ${timeout} ms waiting for ${what} (screenshot: ${shot}): ${e instanceof Error ? e.message.split('\n')[0] : e}`);
    }
  }

  async press(key: string): Promise<void> { await this.page.keyboard.press(key); }

  /** Opens `name` with Quick Open (Ctrl+P) and waits for its tab. */
  async openFile(name: string): Promise<void> {
    await this.press('Control+P');
    await this.page.locator('.quick-input-widget .quick-input-box input').waitFor({ state: 'visible', timeout: 15000 });
    await this.page.keyboard.type(name);
    await this.waitFor(`${name} in Quick Open`, (n: string) =>
      [...document.querySelectorAll('.quick-input-widget .monaco-list-row .label-name')].some((e) => e.textContent?.trim() === n), name);
    await this.press('Enter');
    await this.waitFor(`${name} in the editor`, (n: string) =>
      document.querySelector('.editor-group-container.active .tab.active')?.getAttribute('data-resource-name') === n, name);
  }

  /** Goes to `line` (Ctrl+G) and toggles a breakpoint there (F9); waits for its gutter dot. */
  async toggleBreakpoint(line: number): Promise<void> {
    await this.press('Control+G');
    await this.page.locator('.quick-input-widget .quick-input-box input').waitFor({ state: 'visible', timeout: 15000 });
    await this.page.keyboard.type(String(line));
    await this.waitFor(`Go to Line to offer line ${line}`, (l: number) =>
      [...document.querySelectorAll('.quick-input-widget .monaco-list-row')].some((e) => (e.textContent ?? '').includes(`line ${l}`)), line);
    await this.press('Enter');
    await this.waitFor(`the cursor at line ${line}`, (l: number) =>
      [...document.querySelectorAll('.statusbar-item')].some((e) => new RegExp(`^Ln ${l}, Col`).test(e.textContent?.trim() ?? '')), line);
    await this.press('F9');
    await this.waitFor(`a breakpoint at line ${line}`, (l: number) => {
      const editor = document.querySelector('.editor-group-container.active .monaco-editor');
      const dot = editor?.querySelector('.codicon-debug-breakpoint');
      if (!editor || !dot) return false;
      const top = dot.getBoundingClientRect().top;
      return [...editor.querySelectorAll('.line-numbers')].some((n) => Math.abs(n.getBoundingClientRect().top - top) < 4 && n.textContent?.trim() === String(l));
    }, line);
  }

  /** Opens the Run and Debug view (Ctrl+Shift+D), where the Variables view is. */
  async showRunAndDebug(): Promise<void> {
    await this.press('Control+Shift+D');
    await this.waitFor('the Variables view', () =>
      [...document.querySelectorAll('.pane .pane-header .title')].some((t) => /^Variables/.test(t.textContent?.trim() ?? '')));
  }

  /** Waits for the debug toolbar to show (a session runs) or to hide (none does). */
  async waitForToolbar(visible: boolean): Promise<void> {
    try {
      await this.page.locator('.debug-toolbar').first().waitFor({ state: visible ? 'visible' : 'hidden', timeout: 30000 });
    } catch (e) {
      const shot = await this.screenshot(`toolbar-${visible ? 'shown' : 'hidden'}`).catch(() => 'no screenshot');
      throw new Error(`The debug toolbar did not ${visible ? 'show' : 'hide'} (screenshot: ${shot}): ${e instanceof Error ? e.message.split('\n')[0] : e}`);
    }
  }

  /** Clicks the debug toolbar's button whose label starts with `label` ("Step Back", "Reverse"). */
  async toolbar(label: string): Promise<void> {
    const button = this.page.locator(`.debug-toolbar .action-item .action-label[aria-label^="${label}"]:not(.disabled)`).first();
    try {
      await button.waitFor({ state: 'visible', timeout: 30000 });
      await button.click({ timeout: 10000 });
    } catch (e) {
      const shot = await this.screenshot(`toolbar-${label}`).catch(() => 'no screenshot');
      throw new Error(`The debug toolbar has no enabled "${label}" button (screenshot: ${shot}): ${e instanceof Error ? e.message.split('\n')[0] : e}`);
    }
  }

  /** What the workbench shows now. */
  shown(): Promise<Shown> { return this.page.evaluate(readShown, undefined); }

  /**
   * Waits until the editor highlights `line` and the Variables view shows `variables` (a
   * subset of its rows) and rows named `names`; fails with what it showed instead and a screenshot.
   */
  async expectStop(step: string, line: number, variables: Record<string, string>, names: string[] = [], timeout = 60000): Promise<Shown> {
    // The reader goes to the page as source (a function given to the page cannot call others).
    const want = { line, variables, names, reader: readShown.toString() };
    try {
      await this.page.waitForFunction((w: typeof want) => {
        const s = (new Function(`return (${w.reader})()`) as () => Shown)();
        return s.line === w.line && Object.entries(w.variables).every(([k, v]) => s.variables[k] === v) && w.names.every((n) => n in s.variables);
      }, want, { timeout, polling: 100 });
    } catch (e) {
      const shown = await this.shown().catch(() => undefined);
      const shot = await this.screenshot(step).catch(() => 'no screenshot');
      throw new Error(`${step}: expected line ${line} with ${JSON.stringify(variables)}${names.length ? ` and ${names.join(', ')}` : ''}, the workbench shows line ${shown?.line} of ${shown?.file} with ${JSON.stringify(shown?.variables)} (screenshot: ${shot})${e instanceof Error && !/Timeout/.test(e.message) ? `: ${e.message}` : ''}`);
    }
    return this.shown();
  }
}

/** Runs in the page: the active editor's top-frame line (its gutter arrow, else its line
 * highlight, matched to the line number beside it) and the Variables view's rows. */
function readShown(): Shown {
  const editor = document.querySelector('.editor-group-container.active .monaco-editor') ?? document.querySelector('.monaco-editor');
  const tab = document.querySelector('.editor-group-container.active .tab.active');
  let line: number | undefined;
  if (editor) {
    const mark = editor.querySelector('.codicon-debug-stackframe, .debug-top-stack-frame-line');
    if (mark) {
      const top = mark.getBoundingClientRect().top;
      for (const n of editor.querySelectorAll('.line-numbers')) {
        const r = n.getBoundingClientRect();
        if (Math.abs(r.top - top) < r.height / 2) { line = Number(n.textContent?.trim()); break; }
      }
    }
  }
  const variables: Record<string, string> = {};
  const view = [...document.querySelectorAll('.pane')].find((p) => /^Variables/.test(p.querySelector('.pane-header .title')?.textContent?.trim() ?? ''));
  for (const row of view?.querySelectorAll('.monaco-list-row') ?? []) {
    const name = row.querySelector('.name')?.textContent?.replace(/\s*[=:]\s*$/, '').trim();
    const value = row.querySelector('.value')?.textContent?.trim();
    if (name && value !== undefined) variables[name] = value;
  }
  return { file: tab?.getAttribute('data-resource-name') ?? undefined, line, variables };
}
