import fs from 'node:fs';
import type { Browser } from 'playwright-core';
import { ServiceUnavailableError } from '../../errors/http-errors.js';

const PRINT_TIMEOUT_MS = 30_000;
/** PDFs printed at once; more wait their turn (each holds a browser page and a core). */
const AT_ONCE = 2;

/**
 * Prints a page to PDF with headless Chromium (CHROMIUM_PATH): the same markup as the page people
 * see, so the document and the page cannot disagree, and its text stays text (selectable and
 * searchable, Chinese included, in the fonts the machine has). One browser is started on first
 * use and kept; `close()` ends it.
 */
export class PdfPrinter {
  private browser: Promise<Browser> | undefined;
  private running = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(private readonly executablePath: string) {}

  get available(): boolean {
    return fs.existsSync(this.executablePath);
  }

  async print(documentHtml: string): Promise<Buffer> {
    if (!this.available) throw new ServiceUnavailableError(`PDFs need Chromium at ${this.executablePath} (set CHROMIUM_PATH); print the page from a browser instead.`).say('reviewNoPdf');
    if (this.running >= AT_ONCE) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.running += 1;
    try {
      // Loaded on first use: playwright-core is large, and most processes never print a PDF.
      this.browser ??= (await import('playwright-core')).chromium.launch({ executablePath: this.executablePath, args: ['--no-sandbox', '--disable-dev-shm-usage'] }).catch((error: unknown) => {
        this.browser = undefined; // the next PDF tries again
        throw error;
      });
      const page = await (await this.browser).newPage();
      try {
        // No network: everything the document needs is in it (styles inlined, charts inline SVG).
        await page.route('**/*', (route) => route.abort());
        await page.setContent(documentHtml, { waitUntil: 'load', timeout: PRINT_TIMEOUT_MS });
        return await page.pdf({ format: 'A4', printBackground: true, margin: { top: '16mm', bottom: '16mm', left: '14mm', right: '14mm' } });
      } finally {
        await page.close();
      }
    } finally {
      this.running -= 1;
      this.waiting.shift()?.();
    }
  }

  async close(): Promise<void> {
    const browser = this.browser;
    this.browser = undefined;
    if (browser) await (await browser).close();
  }
}
