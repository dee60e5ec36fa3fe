// Opens an HTML report from gapfinder in headless Debian Chromium and checks what a
// browser can check that a golden file cannot:
//   - it makes no network request beyond the file itself (it must open offline and
//     survive being emailed);
//   - axe-core finds no serious or critical violation of WCAG 2.0-2.2 A and AA;
//   - it renders, and a full-page screenshot is saved for a person to look at.
//
//   node tests/browser/check-report.mjs REPORT.html SCREENSHOT.png [no-charts]
//
// no-charts: a document without charts (the EqIA evidence, docs/eqia.md).
//
// Exit status 0 when every check passes; 1 with the reasons otherwise.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const [reportPath, screenshotPath, chartsFlag] = process.argv.slice(2);
if (!reportPath || !screenshotPath) {
  console.error('usage: node check-report.mjs REPORT.html SCREENSHOT.png');
  process.exit(2);
}
const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const reportUrl = pathToFileURL(reportPath).href;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox'],
});
const problems = [];
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  // A full-page screenshot of the whole report took over 30 s (Playwright's default) on
  // a machine busy with builds; a wait limit, not a speed the test asserts.
  page.setDefaultTimeout(120000);
  const requests = [];
  page.on('request', (r) => requests.push(r.url()));
  page.on('pageerror', (e) => problems.push(`script error in the page: ${e.message}`));
  await page.goto(reportUrl, { waitUntil: 'load' });

  const external = requests.filter((u) => u !== reportUrl && !u.startsWith('data:'));
  if (external.length) problems.push(`the report fetched ${external.length} resource(s): ${external.join(', ')}`);

  // axe is injected by evaluating its source, so the page itself never loads a script.
  await page.evaluate(axeSource);
  const results = await page.evaluate(() =>
    // eslint-disable-next-line no-undef
    axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] } }),
  );
  const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  for (const v of serious)
    problems.push(`axe ${v.impact}: ${v.id} (${v.help}) on ${v.nodes.length} element(s), e.g. ${v.nodes[0].target.join(' ')}`);
  const minor = results.violations.length - serious.length;

  const svgs = await page.locator('svg').count();
  const unnamed = await page.locator('svg[role="img"]:not([aria-labelledby]):not([aria-label])').count();
  if (svgs === 0 && chartsFlag !== 'no-charts') problems.push('the report holds no charts');
  if (unnamed) problems.push(`${unnamed} chart(s) without a text alternative`);

  await page.screenshot({ path: screenshotPath, fullPage: true });
  console.log(
    `${reportPath}: ${requests.length} request(s), ${results.passes.length} axe rules passed, ` +
      `${serious.length} serious or critical violation(s), ${minor} minor; ${svgs} charts; screenshot ${screenshotPath}`,
  );
} finally {
  await browser.close();
}
if (problems.length) {
  for (const p of problems) console.error(p);
  process.exit(1);
}
