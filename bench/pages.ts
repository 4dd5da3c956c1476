/**
 * `npm run bench:pages`: server response time of the dialogue overview and a driver page on the
 * seeded demo, signed in as the demo facilitator, on PGlite and on PostgreSQL. Each page gets a
 * warm-up, then 200 sequential requests with autocannon; `/api/health` on the same server is the
 * reference (the floor of the stack: custom server + Next routing, no data). One JSON line per
 * page and database.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import postgres from "postgres";
import { chromium } from "playwright-core";
import { buildIfMissing } from "../scripts/build";
import { harnessMonitor, percentile, round, startServer, type ServerProcess } from "./lib";

const REQUESTS = 200;
const WARMUP = 30;
const AUTH_SECRET = "bench-secret-not-for-production-0123456789";

interface Target {
  name: "overview" | "driver" | "health";
  path: string;
}

async function signIn(baseUrl: string): Promise<{ cookie: string; overviewPath: string; driverPath: string }> {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  try {
    const page = await browser.newPage();
    await page.goto(`${baseUrl}/login`);
    await page.getByRole("button", { name: /Karin Lindqvist/ }).click();
    await page.waitForURL(/\/dialogues$/);
    await page.locator("main li h2 a").first().click();
    await page.waitForURL(/\/dialogues\/[0-9a-f-]{36}$/);
    const overviewPath = new URL(page.url()).pathname;
    const driverHref = await page.locator(`main a[href^="${overviewPath}/drivers/"]`).first().getAttribute("href");
    const cookies = await page.context().cookies();
    const session = cookies.find((cookie) => cookie.name === "samsyn.session");
    if (!session || !driverHref) throw new Error("sign-in failed");
    return { cookie: `${session.name}=${session.value}`, overviewPath, driverPath: driverHref };
  } finally {
    await browser.close();
  }
}

async function measure(baseUrl: string, cookie: string, target: Target) {
  const run = (amount: number) =>
    new Promise<number[]>((resolve, reject) => {
      const times: number[] = [];
      let failures = 0;
      const instance = autocannon(
        { url: `${baseUrl}${target.path}`, connections: 1, amount, headers: { cookie } },
        (error) => (error ? reject(error) : failures ? reject(new Error(`${failures} non-200 responses`)) : resolve(times)),
      );
      instance.on("response", (_client: unknown, statusCode: number, _bytes: number, responseTime: number) => {
        if (statusCode !== 200) failures += 1;
        times.push(responseTime);
      });
    });
  await run(WARMUP);
  const sorted = (await run(REQUESTS)).sort((a, b) => a - b);
  return { requests: sorted.length, p50_ms: round(percentile(sorted, 50)), p95_ms: round(percentile(sorted, 95)) };
}

async function benchDatabase(db: "pglite" | "postgres", server: ServerProcess): Promise<void> {
  const { cookie, overviewPath, driverPath } = await signIn(server.baseUrl);
  const targets: Target[] = [
    { name: "health", path: "/api/health" },
    { name: "overview", path: overviewPath },
    { name: "driver", path: driverPath },
  ];
  for (const target of targets) {
    const stopMonitor = harnessMonitor();
    const result = await measure(server.baseUrl, cookie, target);
    const reference = target.name === "health" ? { reference: true } : {};
    console.log(JSON.stringify({ bench: "pages", case: target.name, db, ...result, ...reference, ...stopMonitor() }));
  }
}

async function withFreshPostgres<T>(work: (url: string) => Promise<T>): Promise<T | undefined> {
  const adminUrl = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  const name = `samsyn_bench_${Date.now()}`;
  try {
    await admin.unsafe(`create database ${name}`);
  } catch (error) {
    console.log(JSON.stringify({ bench: "pages", db: "postgres", skipped: `PostgreSQL unavailable: ${(error as Error).message}` }));
    await admin.end();
    return undefined;
  }
  try {
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    return await work(url.toString());
  } finally {
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}

async function main(): Promise<void> {
  buildIfMissing({ whenStale: true });
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "samsyn-bench-"));
  const startedAt = Date.now();
  const pglite = await startServer({ PGLITE_DATA_DIR: path.join(dataDir, "pglite"), DEMO_MODE: "1", AUTH_SECRET, DATABASE_URL: "" }, 3401);
  console.log(JSON.stringify({ bench: "pages", case: "first_start_to_healthy", db: "pglite", ms: Date.now() - startedAt }));
  try {
    await benchDatabase("pglite", pglite);
  } finally {
    await pglite.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
  await withFreshPostgres(async (url) => {
    const server = await startServer({ DATABASE_URL: url, DEMO_MODE: "1", AUTH_SECRET }, 3402);
    try {
      await benchDatabase("postgres", server);
    } finally {
      await server.stop();
    }
  });
}

await main();
