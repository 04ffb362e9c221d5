// Opens a notebook in Debian's chromium through Jupyter Notebook, runs all cells from the menu, checks the
// outputs, interrupts a runaway cell with the toolbar button, saves, and takes a screenshot.
// Usage: node drive.js URL SCREENSHOT   (URL with the token; prints one JSON line of findings)
const { chromium } = require('playwright-core');
const fs = require('fs');
const os = require('os');
const path = require('path');

async function main() {
  const [url, screenshot] = process.argv.slice(2);
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'gradflow-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    viewport: { width: 1280, height: 900 },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
           '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const findings = {};
  try {
    const page = context.pages()[0] || await context.newPage();
    page.setDefaultTimeout(120000);
    await page.goto(url);
    await page.waitForFunction(() => window.Jupyter && Jupyter.notebook && Jupyter.notebook.kernel
      && Jupyter.notebook.kernel.is_connected());
    await page.waitForSelector('#kernel_indicator_icon.kernel_idle_icon');
    // Run All, as a student would: Cell menu, Run All.
    await page.click('#celllink');
    await page.click('#run_all_cells');
    await page.waitForFunction(() => Jupyter.notebook.get_cells().every(
      c => c.cell_type !== 'code' || !c.get_text().trim() || (c.input_prompt_number !== null && c.input_prompt_number !== '*')),
      null, { timeout: 300000, polling: 500 });
    await page.waitForSelector('#kernel_indicator_icon.kernel_idle_icon');
    findings.errors = await page.$$eval('.output_error, .output_stderr', els => els.map(e => e.innerText.slice(0, 300)));
    await page.waitForFunction(() => Array.from(document.querySelectorAll('.output_area img')).every(
      img => img.complete), null, { timeout: 30000 });
    findings.images = await page.$$eval('.output_area img', imgs => imgs.map(i => ({ ok: i.complete && i.naturalWidth > 0, w: i.naturalWidth })));
    findings.svgs = await page.$$eval('.output_area svg', svgs => svgs.length);
    await page.screenshot({ path: screenshot, fullPage: true });

    // The stop button ends a runaway cell and the kernel answers again.
    await page.evaluate(() => {
      const cell = Jupyter.notebook.insert_cell_at_bottom('code');
      cell.set_text('long spins = 0;\nwhile (true) { spins++; }');
      cell.execute();
    });
    await page.waitForSelector('#kernel_indicator_icon.kernel_busy_icon');
    await page.waitForTimeout(1500);
    const started = Date.now();
    await page.click('button[data-jupyter-action="jupyter-notebook:interrupt-kernel"]');
    await page.waitForFunction(() => {
      const cells = Jupyter.notebook.get_cells();
      const last = cells[cells.length - 1];
      return last.output_area.outputs.some(o => o.output_type === 'error');
    }, null, { timeout: 10000 });
    findings.interruptSeconds = (Date.now() - started) / 1000;
    findings.interruptError = await page.evaluate(() => {
      const cells = Jupyter.notebook.get_cells();
      return cells[cells.length - 1].output_area.outputs.find(o => o.output_type === 'error').ename;
    });
    await page.waitForSelector('#kernel_indicator_icon.kernel_idle_icon');
    await page.evaluate(() => Jupyter.notebook.delete_cell(Jupyter.notebook.ncells() - 1));
    await page.evaluate(() => Jupyter.notebook.save_notebook());
    await page.waitForFunction(() => !Jupyter.notebook.dirty, null, { timeout: 30000 });
    findings.saved = true;
  } finally {
    await context.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
  console.log(JSON.stringify(findings));
}

main().catch(e => { console.error(e.stack || String(e)); process.exit(1); });
