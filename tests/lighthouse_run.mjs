// Lighthouse on several pages with one Chromium: node lighthouse_run.mjs NODE_MODULES CHROMIUM URL...
// Lighthouse's defaults (mobile, simulated throttling, storage reset before each page); the full-page
// screenshot is left out (it only illustrates the report). Writes one JSON line per URL to stdout:
// the category scores, the metrics, and every audit that scored below 1 with its items.
//
// The CPU slowdown is calibrated as Lighthouse's throttling guide says: its default 4x turns a
// high-end desktop (benchmark index 1500 and more) into the mid-tier phone the scores are about, and
// on a slower host (a shared CI machine: 800 to 1200 seen) the same 4x emulates a slower phone than
// that. A first run measures the host's benchmark index; when it is under 1500, the pages are
// measured with 4 x index / 1500 (at least 1), never more than the default.
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const [modules, chromePath, ...urls] = process.argv.slice(2);
const load = (name, file) => import(pathToFileURL(join(modules, name, file)).href);
const { default: lighthouse } = await load("lighthouse", "core/index.js");
const { throttling } = await load("lighthouse", "core/config/constants.js");
const chromeLauncher = await load("chrome-launcher", "dist/index.js");

const chrome = await chromeLauncher.launch({
  chromePath,
  chromeFlags: ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-features=Translate,OptimizationHints,MediaRouter"],
});
const flags = () => ({
  port: chrome.port, output: "json", logLevel: "error", disableFullPageScreenshot: true,
  onlyCategories: ["performance", "accessibility", "best-practices", "seo"],
});
try {
  const calibration = await lighthouse(urls[0], flags());
  const benchmarkIndex = calibration.lhr.environment.benchmarkIndex;
  const multiplier = Math.min(4, Math.max(1, (4 * benchmarkIndex) / 1500));
  const config = multiplier < 4 ? { extends: "lighthouse:default",
    settings: { throttling: { ...throttling.mobileSlow4G, cpuSlowdownMultiplier: multiplier } } } : undefined;
  for (const url of urls) {
    const started = Date.now();
    const result = await lighthouse(url, flags(), config);
    const lhr = result.lhr;
    const failing = {};
    for (const category of Object.values(lhr.categories)) {
      for (const ref of category.auditRefs) {
        const audit = lhr.audits[ref.id];
        if (audit.score !== null && audit.score < 1 && (ref.weight > 0 || category.id !== "performance")) {
          const items = (audit.details && audit.details.items) || [];
          failing[ref.id] = { category: category.id, score: audit.score, weight: ref.weight,
            title: audit.title, value: audit.displayValue || "",
            items: JSON.stringify(items.slice(0, 5)).slice(0, 2000) };
        }
      }
    }
    const metrics = {};
    for (const id of ["first-contentful-paint", "largest-contentful-paint", "total-blocking-time",
      "cumulative-layout-shift", "speed-index", "total-byte-weight"]) {
      metrics[id] = lhr.audits[id].numericValue;
    }
    const scores = Object.fromEntries(Object.values(lhr.categories).map((c) => [c.id, c.score]));
    process.stdout.write(JSON.stringify({ url, finalUrl: lhr.finalDisplayedUrl, scores, metrics, failing,
      runtimeError: lhr.runtimeError || null, seconds: (Date.now() - started) / 1000,
      benchmarkIndex, cpuSlowdownMultiplier: lhr.configSettings.throttling.cpuSlowdownMultiplier }) + "\n");
  }
} finally {
  await chrome.kill();
}
