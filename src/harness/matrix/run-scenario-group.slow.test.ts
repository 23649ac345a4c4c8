/// <reference lib="dom" />
// Slow (boots VMs): the smoke group end to end through the CLI, two VMs side by side, and its HTML report opened
// in headless Chromium (JavaScript off, every request outside the run folder refused), screenshot kept.
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import puppeteer from 'puppeteer-core';
import t from 'tap';
import { main } from '../cli/run-scenario-group.ts';
import { findHostTool } from '../exec/exec-host-tool.ts';
import type { MatrixSummary } from './build-matrix-summary.ts';

t.setTimeout(15 * 60 * 1000);

/** Debian's `chromium` (installed by scripts/test), else a Chrome that CI runners ship, else ZOS_CHROMIUM. */
function findBrowser(): string | null {
  if (process.env.ZOS_CHROMIUM) return process.env.ZOS_CHROMIUM;
  for (const name of ['chromium', 'google-chrome-stable', 'google-chrome', 'chromium-browser']) {
    const path = findHostTool(name);
    if (path) return path;
  }
  return null;
}

let summary: MatrixSummary | undefined;

t.test(
  'run-scenario-group smoke --jobs 2: both scenarios pass; summary.json, junit.xml and the copy agree',
  async (t) => {
    const dir = t.testdir({});
    const copy = join(dir, 'scenarios.json');
    const code = await main(['node', 'run-scenario-group', 'smoke', '--jobs', '2', '--summary-file', copy]);
    summary = JSON.parse(await readFile(copy, 'utf8')) as MatrixSummary;
    t.equal(code, 0, 'exit code 0');
    t.same(summary.scenarios.map((s) => [s.scenario, s.verdict]).sort(), [
      ['refuse-gpt', 'passed'],
      ['single-vda', 'passed'],
    ]);
    t.equal(summary.passed, 2);
    t.equal(summary.failed, 0);
    t.equal(summary.jobs, 2);
    const runRoot = dirname(summary.scenarios[0]?.runDir ?? '');
    t.same(JSON.parse(await readFile(join(runRoot, 'summary.json'), 'utf8')), summary);
    const junit = await readFile(join(runRoot, 'junit.xml'), 'utf8');
    t.match(junit, /tests="2" failures="0" errors="0"/);
    for (const s of summary.scenarios) {
      const verdict = JSON.parse(await readFile(join(s.runDir, 'verdict.json'), 'utf8')) as {
        verdict: string;
      };
      t.equal(verdict.verdict, 'passed', `${s.scenario} has its own folder with verdict.json`);
    }
  },
);

t.test(
  'the run report renders in headless Chromium: every scenario, no errors, a non-blank screenshot',
  async (t) => {
    if (!summary) return t.fail('the group run above did not finish');
    const browserPath = findBrowser();
    if (!browserPath)
      return t.fail(
        "no Chromium or Chrome on PATH: scripts/test installs Debian's chromium (or set ZOS_CHROMIUM)",
      );
    const runRoot = dirname(summary.scenarios[0]?.runDir ?? '');
    const browser = await puppeteer.launch({
      executablePath: browserPath,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
    });
    t.teardown(() => browser.close());
    const page = await browser.newPage();
    await page.setViewport({ width: 1280, height: 900 });
    await page.setJavaScriptEnabled(false);
    const problems: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warn') problems.push(`console ${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`page error: ${String(error)}`));
    page.on('requestfailed', (r) =>
      problems.push(`request failed: ${r.url()} ${r.failure()?.errorText ?? ''}`),
    );
    await page.setRequestInterception(true);
    const base = pathToFileURL(`${runRoot}/`).href;
    page.on('request', (request) => {
      if (request.url().startsWith(base)) return void request.continue();
      problems.push(`the page asked for ${request.url()}`);
      void request.abort();
    });
    const response = await page.goto(`${base}index.html`, { waitUntil: 'load' });
    t.ok(response?.ok(), 'index.html loads');
    const screenshot = join(runRoot, 'index.png');
    await page.screenshot({ path: screenshot, fullPage: true });
    const found = await page.evaluate(() => ({
      title: document.title,
      sections: [...document.querySelectorAll('section.scenario h2')].map((h) => h.textContent ?? ''),
      disks: document.querySelectorAll('svg.disks').length,
      timelines: document.querySelectorAll('svg.timeline').length,
      height: document.documentElement.scrollHeight,
    }));
    t.same(problems, [], 'no console errors, failed loads or outside requests');
    t.match(found.title, /2\/2 passed/);
    for (const s of summary.scenarios)
      t.ok(
        found.sections.some((text) => text.startsWith(s.scenario)),
        `${s.scenario} has its section`,
      );
    // single-vda: 2 boots × before/after; refuse-gpt: 1 boot × before/after.
    t.equal(found.disks, 6, 'a before and an after drawing per boot');
    t.equal(found.timelines, 3, 'a timeline per boot');
    t.ok(found.height > 900, `the page is long enough to hold it all (${found.height} px)`);

    // Non-blank: decode the screenshot in a fresh page (script on there) and count the pixels that are not white.
    const png = (await readFile(screenshot)).toString('base64');
    const probe = await browser.newPage();
    await probe.setContent(`<img id="shot" src="data:image/png;base64,${png}">`, { waitUntil: 'load' });
    const pixels = await probe.evaluate(() => {
      const img = document.getElementById('shot') as HTMLImageElement;
      const canvas = document.createElement('canvas');
      canvas.width = img.naturalWidth;
      canvas.height = img.naturalHeight;
      const context = canvas.getContext('2d');
      if (!context) return { width: 0, inked: 0, colors: 0 };
      context.drawImage(img, 0, 0);
      const data = context.getImageData(0, 0, canvas.width, canvas.height).data;
      let inked = 0;
      const colors = new Set<number>();
      for (let i = 0; i < data.length; i += 4 * 7) {
        const [r = 255, g = 255, b = 255] = [data[i], data[i + 1], data[i + 2]];
        if (r < 240 || g < 240 || b < 240) inked++;
        colors.add((r << 16) | (g << 8) | b);
      }
      return { width: canvas.width, inked: inked / (data.length / (4 * 7)), colors: colors.size };
    });
    t.equal(pixels.width, 1280, 'the screenshot has the viewport width');
    t.ok(
      pixels.inked > 0.03,
      `${(pixels.inked * 100).toFixed(1)} % of the screenshot is ink, not background`,
    );
    t.ok(pixels.colors > 20, `${pixels.colors} distinct colours (text, badges, partitions)`);
    t.comment(`screenshot kept: ${screenshot}`);
  },
);
