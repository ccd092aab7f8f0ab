/**
 * `npm run bench`: castBallot against a bare Hono hello-world, same machine, same load tool, same run.
 *
 * Starts the real server (server/main.ts, temporary DATA_DIR, TRUSTED_PROXIES=127.0.0.1) and a hello-world on
 * the same @hono/node-server as child processes, loads each with autocannon at 50 connections for a bounded
 * time, then checks that every acknowledged ballot is counted. Prints, as its last line, one JSON object:
 * {"castBallotPerSec","helloPerSec","ratio","p50Ms","p99Ms","synchronous"} — `synchronous` as reported by the
 * server's ballot writer connection, not assumed. A benchmark, not a test: figures on a shared machine are noisy.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const CONNECTIONS = 50;
const DURATION_S = Number(process.env.BENCH_SECONDS ?? 10);
const WARMUP_S = 3;
/** Distinct ballots prepared per connection; past them a connection starts over (changes of a vote). */
const REQUESTS_PER_CONNECTION = 2_000;
const HARD_TIMEOUT_MS = (DURATION_S * 2 + WARMUP_S * 2 + 60) * 1000;
const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const TENANT = 'montjoli';
const ORIGIN = 'http://localhost:8080';
const CONSULTATION = 'vote-marche';
const OPTIONS = ['mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi', 'dimanche'];

async function helloWorld(port: number): Promise<void> {
  const { serve } = await import('@hono/node-server');
  const { Hono } = await import('hono');
  const app = new Hono().get('/', (c) => c.text('Hello Hono!'));
  serve({ fetch: app.fetch, port, hostname: '127.0.0.1' }, () => console.log('[bench] hello-world ready'));
}

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolvePort(port));
    });
  });
}

/** Spawns a child running TypeScript through tsx, collecting its output lines. */
function start(args: string[], env: Record<string, string>): { child: ChildProcess; lines: string[] } {
  const child = spawn(process.execPath, ['--import', 'tsx', ...args], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  const collect = (chunk: Buffer) => lines.push(...chunk.toString().split('\n').filter(Boolean));
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  return { child, lines };
}

async function waitFor(url: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms`);
}

interface LoadResult {
  perSec: number;
  ok: number;
  non2xx: number;
  errors: number;
  p50: number;
  p99: number;
}

async function load(options: Record<string, unknown>, seconds: number): Promise<LoadResult> {
  const { default: autocannon } = await import('autocannon');
  const result = await autocannon({ connections: CONNECTIONS, duration: seconds, ...options } as Parameters<typeof autocannon>[0]);
  return {
    perSec: result['2xx'] / seconds,
    ok: result['2xx'],
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    p50: result.latency.p50,
    p99: result.latency.p99,
  };
}

/**
 * Each request: a new anonymous participant from a new address (a new /24 too, so the caps do not quarantine).
 * Requests are built once per connection before the run, so autocannon spends per request what it spends on
 * the static hello-world request; a connection that exhausts its list starts over, and those ballots are
 * changes of a vote (the same work for the server).
 */
function ballotRequests(port: number) {
  const prefix = randomBytes(12).toString('base64url');
  let n = 0;
  return {
    url: `http://127.0.0.1:${port}/v1/tenants/${TENANT}/consultations/${CONSULTATION}/ballot`,
    setupClient: (client: { setRequests(requests: unknown[]): void }) => {
      const requests = Array.from({ length: REQUESTS_PER_CONNECTION }, () => {
        n++;
        return {
          method: 'PUT',
          headers: {
            'content-type': 'application/json',
            origin: ORIGIN,
            'civique-participant': `${prefix}${n.toString(36).padStart(8, '0')}`,
            'x-forwarded-for': `${11 + ((n >> 16) & 127)}.${(n >> 8) & 255}.${n & 255}.${1 + (n % 250)}`,
          },
          body: `{"choice":["${OPTIONS[n % OPTIONS.length]}"]}`,
        };
      });
      client.setRequests(requests);
    },
  };
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'civique-bench-'));
  const [apiPort, helloPort] = [await freePort(), await freePort()];
  const children: ChildProcess[] = [];
  const timer = setTimeout(() => {
    console.error('[bench] hard timeout: stopping');
    for (const child of children) child.kill('SIGKILL');
    process.exit(1);
  }, HARD_TIMEOUT_MS);
  try {
    const server = start(['server/main.ts'], {
      DATA_DIR: dataDir,
      PORT: String(apiPort),
      DEMO_PORT: '0',
      TRUSTED_PROXIES: '127.0.0.1',
      CIVIQUE_DEMO_STAFF_PASSWORD: randomBytes(18).toString('base64url'),
      WIDGETS_DIR: join(dataDir, 'no-widgets'),
    });
    const hello = start([fileURLToPath(import.meta.url), '--hello', String(helloPort)], {});
    children.push(server.child, hello.child);
    await Promise.all([waitFor(`http://127.0.0.1:${apiPort}/v1/health`), waitFor(`http://127.0.0.1:${helloPort}/`)]);

    console.log(`[bench] warming up (${WARMUP_S} s each)…`);
    const warm = await load(ballotRequests(apiPort), WARMUP_S);
    await load({ url: `http://127.0.0.1:${helloPort}/` }, WARMUP_S);

    console.log(`[bench] hello-world: ${CONNECTIONS} connections, ${DURATION_S} s`);
    const helloResult = await load({ url: `http://127.0.0.1:${helloPort}/` }, DURATION_S);
    console.log(`[bench] castBallot: ${CONNECTIONS} connections, ${DURATION_S} s`);
    const ballotResult = await load(ballotRequests(apiPort), DURATION_S);

    const results = (await (await fetch(`http://127.0.0.1:${apiPort}/v1/tenants/${TENANT}/consultations/${CONSULTATION}/results`, {
      headers: { origin: ORIGIN },
    })).json()) as { ballots: number };
    const acknowledged = warm.ok + ballotResult.ok;
    // A connection that went through its list cast changes of earlier votes: those add no ballot. Each run has
    // its own participants, so at most CONNECTIONS × REQUESTS_PER_CONNECTION ballots each.
    const capacity = CONNECTIONS * REQUESTS_PER_CONNECTION;
    const expected = Math.min(warm.ok, capacity) + Math.min(ballotResult.ok, capacity);
    console.log(
      `[bench] hello ${helloResult.perSec.toFixed(0)}/s (p99 ${helloResult.p99} ms); castBallot ${ballotResult.perSec.toFixed(0)}/s, ` +
        `p50 ${ballotResult.p50} ms, p99 ${ballotResult.p99} ms, non-2xx ${ballotResult.non2xx}, errors ${ballotResult.errors}; ` +
        `acknowledged ${acknowledged} (${expected} distinct participants), counted ${results.ballots}` +
        // Requests still in flight when a run stops are committed but not acknowledged to autocannon.
        (results.ballots >= expected && results.ballots <= expected + 2 * CONNECTIONS ? ' (every acknowledged ballot counted)' : ' — MISMATCH'),
    );
    const writerLine = server.lines.find((line) => line.includes('ballot writer'));
    if (writerLine) console.log(writerLine);
    const synchronous = /synchronous=(\w+)/.exec(writerLine ?? '')?.[1] ?? 'unknown';
    console.log(
      JSON.stringify({
        castBallotPerSec: Math.round(ballotResult.perSec),
        helloPerSec: Math.round(helloResult.perSec),
        ratio: Math.round((ballotResult.perSec / helloResult.perSec) * 1000) / 1000,
        p50Ms: ballotResult.p50,
        p99Ms: ballotResult.p99,
        synchronous,
      }),
    );
  } finally {
    clearTimeout(timer);
    for (const child of children) child.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 300));
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (process.argv[2] === '--hello') {
  void helloWorld(Number(process.argv[3]));
} else {
  main().catch((error) => {
    console.error('[bench] failed:', error);
    process.exit(1);
  });
}
