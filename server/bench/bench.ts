/**
 * `npm run bench`: castBallot against a bare Hono hello-world, same machine, same load tool, same run.
 *
 * Starts the real server (server/main.ts, temporary DATA_DIR, TRUSTED_PROXIES=127.0.0.1), a hello-world on the
 * same @hono/node-server and a "reference" (below) as child processes, loads each at 50 connections for a
 * bounded time, in rounds of hello, ballots, then the reference's ballots (BENCH_ROUNDS, default 3; BENCH_SECONDS
 * each, default 10), then checks that every acknowledged ballot is counted. Figures are medians over the rounds
 * (each ratio: the median of each round's); each round's line is printed too. Prints, as its last line, one JSON
 * object: {"castBallotPerSec","helloPerSec","ratio","p50Ms","p99Ms","synchronous","cpuUsPerBallot",
 * "cpuUsPerHello","cpuRatio","cpuUsPerFloor","cpuUsPerReference","referenceCpuRatio"} — `synchronous` as
 * reported by the server's participation writer connection, not assumed. A benchmark, not a test: figures on a
 * shared machine are noisy.
 *
 * Requests per second mostly measure the load tool on a 2-core machine (it takes a core of its own), so the JSON
 * also gives each server's own cost: the CPU time of the server process (every thread, from /proc/<pid>/stat)
 * spent during the run divided by the acknowledged requests — `cpuUsPerBallot`, `cpuUsPerHello` and
 * `cpuRatio` (the first over the second).
 *
 * The reference is the least a durable ballot costs with this stack (see `reference`): `referenceCpuRatio` is its
 * share of hello in the same rounds, and what castBallot costs beyond it is what Civique's own rules cost
 * (tenants, the consultation, caps, quarantine, CORS, counters per district).
 *
 * Last, a "floor": the same ballot requests against raw node:http doing only what no ballot can skip (read and
 * parse the body, hash the participant id, the address and its prefix, answer with the API's own response
 * headers) — no framework, no validation, no database (`cpuUsPerFloor`; its share of hello's throughput is the
 * ceiling any castBallot can reach on this machine).
 *
 * `BENCH_COMPARE=<another checkout>`: castBallot of this checkout against the other one's instead (`compare`).
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { participantKey } from '../participation/participant.ts';
import { ParticipantId } from '../participation/participation.schemas.ts';
import { keyedHash, networkPrefix } from '../stuffing/ip-hash.ts';
import { CastBallotBody } from '../votes/votes.schemas.ts';
import { freePort } from '../testing/processes.ts';
import { median } from './median.ts';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const CONNECTIONS = 50;
const DURATION_S = Number(process.env.BENCH_SECONDS ?? 10);
/** Rounds of hello then ballots (BENCH_ROUNDS, default 3). */
const ROUNDS = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 3));
const WARMUP_S = 3;
/** Distinct ballots prepared per connection; past them a connection starts over (changes of a vote). */
const REQUESTS_PER_CONNECTION = 2_000;
const HARD_TIMEOUT_MS = (DURATION_S * (3 * ROUNDS + 1) + WARMUP_S * 4 + 60) * 1000;
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

/** The hashes no ballot can skip, by Civique's own rules: the participant's stored key and the address's two. */
function unavoidableHashes(key: Buffer, participantId: string, address: string): { participant: Buffer; ip: Buffer; prefix: Buffer } {
  return { participant: participantKey(participantId), ip: keyedHash(key, 'ip', address), prefix: keyedHash(key, 'prefix', networkPrefix(address)) };
}

/** The floor: a ballot's unavoidable work on raw node:http (see the header comment). */
async function floor(port: number, responseHeaders: [string, string][]): Promise<void> {
  const { createServer: createHttpServer } = await import('node:http');
  const key = randomBytes(32);
  const headers = responseHeaders.flat();
  createHttpServer((req, res) => {
    if (req.method === 'GET') return void res.writeHead(200).end('ok');
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      const { choice } = JSON.parse(body) as { choice: string[] };
      const { participant } = unavoidableHashes(key, String(req.headers['civique-participant']), String(req.headers['x-forwarded-for']));
      const answer = JSON.stringify({ participant: participant.toString('base64url'), choice, status: 'accepted', changed: false, castAt: Date.now() });
      res.writeHead(200, headers);
      res.end(answer);
    });
  }).listen(port, '127.0.0.1', () => console.log('[bench] floor ready'));
}

/**
 * The reference: the least a durable ballot costs with this stack, as a 40-line server would write it: Hono on
 * @hono/node-server, zod for the header and the body (castBallot's own schemas), the participant's key and
 * the address's two keyed hashes (`unavoidableHashes`),
 * then, in one group commit per turn of the event loop (WAL, synchronous=FULL, answered after the COMMIT), one
 * ballot row under a one-per-participant index (time-ordered keys, as Civique's), two trace rows appended to a
 * table with no other index, and a counter upsert. No tenants, no consultation, no caps, no quarantine, no CORS:
 * what castBallot does beyond it is what Civique's rules cost. (An index on the traces' hashes, to count the
 * caps in SQL, would write a random page per trace: Civique counts them in memory, see `TraceIndex`.)
 */
async function reference(port: number, dir: string): Promise<void> {
  const { serve } = await import('@hono/node-server');
  const { Hono } = await import('hono');
  const { default: Database } = await import('better-sqlite3');
  const db = new Database(join(dir, 'reference.db'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec(`
    CREATE TABLE ballots (id INTEGER PRIMARY KEY, participant BLOB NOT NULL UNIQUE, choice TEXT NOT NULL, cast_at INTEGER NOT NULL);
    CREATE TABLE traces (id INTEGER PRIMARY KEY, ballot_id INTEGER NOT NULL, hash BLOB NOT NULL, created_at INTEGER NOT NULL);
    CREATE TABLE tallies (option_id TEXT PRIMARY KEY, votes INTEGER NOT NULL);`);
  const insertBallot = db.prepare('INSERT INTO ballots (participant, choice, cast_at) VALUES (?, ?, ?)');
  const insertTrace = db.prepare('INSERT INTO traces (ballot_id, hash, created_at) VALUES (?, ?, ?)');
  const count = db.prepare('INSERT INTO tallies VALUES (?, 1) ON CONFLICT (option_id) DO UPDATE SET votes = votes + 1');
  type Job = { participant: Buffer; choice: string[]; ip: Buffer; prefix: Buffer; done: (id: number) => void };
  const commit = db.transaction((jobs: Job[]) =>
    jobs.map((job) => {
      const now = Date.now();
      const id = Number(insertBallot.run(job.participant, JSON.stringify(job.choice), now).lastInsertRowid);
      insertTrace.run(id, job.ip, now);
      insertTrace.run(id, job.prefix, now);
      for (const option of job.choice) count.run(option);
      return id;
    }),
  );
  let pending: Job[] = [];
  const flush = () => {
    const jobs = pending;
    pending = [];
    commit.immediate(jobs).forEach((id, i) => jobs[i].done(id));
  };
  const key = randomBytes(32);
  const app = new Hono().get('/health', (c) => c.text('ok'));
  app.put('/v1/tenants/:tenant/consultations/:slug/ballot', async (c) => {
    const participantId = ParticipantId.safeParse(c.req.header('civique-participant'));
    const body = CastBallotBody.safeParse(await c.req.json());
    if (!participantId.success || !body.success) return c.json({ error: 'invalid' }, 400);
    // Time-ordered participant keys, as Civique stores them: new participants append to the index.
    const job = { ...unavoidableHashes(key, participantId.data, c.req.header('x-forwarded-for') ?? ''), choice: body.data.choice };
    const id = await new Promise<number>((done) => {
      if (pending.push({ ...job, done }) === 1) setImmediate(flush);
    });
    return c.json({ ballot: { id, choice: job.choice, status: 'accepted' }, changed: false }, 201);
  });
  serve({ fetch: app.fetch, port, hostname: '127.0.0.1' }, () => console.log('[bench] reference ready'));
  // Stopped by SIGTERM: exit normally, so that --cpu-prof (BENCH_PROFILE_DIR) writes its profile.
  process.once('SIGTERM', () => process.exit(0));
}

/** Spawns a child running TypeScript through tsx, collecting its output lines. */
function start(args: string[], env: Record<string, string>, cwd = ROOT): { child: ChildProcess; lines: string[] } {
  // BENCH_PROFILE_DIR=<dir>: the API server and the reference each write a V8 CPU profile there when they stop (open
  // them in Chrome's DevTools; the reference's is the one whose process ran bench.ts), to compare the two.
  const profiled = args[0] === 'server/main.ts' || args[1] === '--reference';
  const profile = process.env.BENCH_PROFILE_DIR && profiled ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE_DIR}`] : [];
  const child = spawn(process.execPath, [...profile, '--import', 'tsx', ...args], {
    cwd,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
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

const CLOCK_TICKS_PER_SECOND = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;

/** CPU time (all threads) a process has used so far, in user and in system (kernel) mode, in microseconds. */
function cpuMicros(pid: number): { user: number; system: number } {
  // The command name (field 2) may hold spaces: the fields after it start past the last ')'.
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // utime and stime are fields 14 and 15 of the whole line, 12th and 13th after the command name.
  const micros = (ticks: string) => (Number(ticks) * 1_000_000) / CLOCK_TICKS_PER_SECOND;
  return { user: micros(fields[11]), system: micros(fields[12]) };
}

/** A load run with the server's CPU time per acknowledged request (and its kernel share: syscalls, fsync). */
async function measuredLoad(pid: number, target: Target, seconds: number): Promise<LoadResult & { cpuUsPerRequest: number; systemUsPerRequest: number }> {
  const before = cpuMicros(pid);
  const result = await load(target, seconds);
  const after = cpuMicros(pid);
  const requests = Math.max(1, result.ok);
  return {
    ...result,
    cpuUsPerRequest: (after.user + after.system - before.user - before.system) / requests,
    systemUsPerRequest: (after.system - before.system) / requests,
  };
}

type Target = { kind: 'hello'; url: string } | { kind: 'ballots'; port: number };
type Measured = Awaited<ReturnType<typeof measuredLoad>>;

/** A comparison server that refused the bench's ballots would measure nothing: stop there. */
function answeredWell(name: string, run: LoadResult): void {
  if (run.non2xx > 0 || run.ok === 0) throw new Error(`[bench] ${name} answered ${run.non2xx} requests with an error, ${run.ok} with success`);
}

/** Each figure of several runs of one load, as its median over the runs. */
function medianRun(runs: Measured[]): Measured {
  const of = (key: keyof Measured) => median(runs.map((run) => run[key]));
  return {
    perSec: of('perSec'),
    ok: of('ok'),
    non2xx: of('non2xx'),
    errors: of('errors'),
    p50: of('p50'),
    p99: of('p99'),
    cpuUsPerRequest: of('cpuUsPerRequest'),
    systemUsPerRequest: of('systemUsPerRequest'),
  };
}

const WRK = ['/usr/bin/wrk', '/usr/local/bin/wrk'].find((path) => existsSync(path));

interface LoadResult {
  perSec: number;
  ok: number;
  non2xx: number;
  errors: number;
  p50: number;
  p99: number;
}

/**
 * One load run. `wrk` (a C load generator, Debian's package) when it is installed: it leaves the server more of
 * the second core than autocannon, whose JavaScript event loop also inflates the latencies it reports. Otherwise
 * (or with BENCH_TOOL=autocannon) autocannon, from the npm install.
 */
async function load(target: Target, seconds: number): Promise<LoadResult> {
  return WRK && process.env.BENCH_TOOL !== 'autocannon' ? loadWithWrk(target, seconds) : loadWithAutocannon(target, seconds);
}

async function loadWithAutocannon(target: Target, seconds: number): Promise<LoadResult> {
  const { default: autocannon } = await import('autocannon');
  const options = target.kind === 'hello' ? { url: target.url } : ballotRequests(target.port);
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
 * Lua for wrk: each ballot a new anonymous participant from a new address and /24, as `ballotRequests`. Its id
 * is made as the widget makes one on a first ballot: the time in milliseconds (LuaJIT's ffi reads the clock),
 * then random-looking characters.
 */
const WRK_BALLOTS = `
local ffi = require("ffi")
ffi.cdef[[ typedef struct { long tv_sec; long tv_usec; } civique_timeval; int gettimeofday(civique_timeval *tv, void *tz); ]]
local tv = ffi.new("civique_timeval")
local function now_ms()
  ffi.C.gettimeofday(tv, nil)
  return tonumber(tv.tv_sec) * 1000 + math.floor(tonumber(tv.tv_usec) / 1000)
end
local counter = 0
request = function()
  counter = counter + 1
  local n = counter
  local ip = string.format("%d.%d.%d.%d", 11 + (math.floor(n / 65536) % 128), math.floor(n / 256) % 256, n % 256, 1 + n % 250)
  wrk.headers["civique-participant"] = string.format("%012x.%s%08x", now_ms(), os.getenv("BENCH_PREFIX"), n)
  wrk.headers["x-forwarded-for"] = ip
  return wrk.format("PUT", nil, nil, string.format('{"choice":["%s"]}', OPTIONS[1 + n % #OPTIONS]))
end
`;
/** Lua for wrk: the figures, as one JSON line. */
const WRK_DONE = `
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('WRK {"requests":%d,"non2xx":%d,"errors":%d,"p50":%.3f,"p99":%.3f}\\n',
    summary.requests, e.status, e.connect + e.read + e.write + e.timeout, latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
`;

async function loadWithWrk(target: Target, seconds: number): Promise<LoadResult> {
  const dir = mkdtempSync(join(tmpdir(), 'civique-wrk-'));
  const script = join(dir, 'load.lua');
  let url: string;
  let lua = WRK_DONE;
  if (target.kind === 'hello') url = target.url;
  else {
    url = `http://127.0.0.1:${target.port}/v1/tenants/${TENANT}/consultations/${CONSULTATION}/ballot`;
    lua =
      `wrk.method = "PUT"\nwrk.headers["content-type"] = "application/json"\nwrk.headers["origin"] = "${ORIGIN}"\n` +
      `OPTIONS = {${OPTIONS.map((o) => `"${o}"`).join(',')}}\n${WRK_BALLOTS}${lua}`;
  }
  writeFileSync(script, lua);
  try {
    // One thread: 50 connections are few for wrk, and the server keeps the other core.
    const output = await new Promise<string>((resolvePromise, reject) => {
      const child = spawn(WRK!, ['-t1', `-c${CONNECTIONS}`, `-d${seconds}s`, '--timeout', '10s', '-s', script, url], {
        env: { ...process.env, BENCH_PREFIX: randomBytes(12).toString('base64url') },
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      let out = '';
      child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
      child.on('error', reject);
      child.on('close', (code) => (code === 0 ? resolvePromise(out) : reject(new Error(`wrk exited with ${code}: ${out}`))));
    });
    const line = output.split('\n').find((l) => l.startsWith('WRK '));
    if (!line) throw new Error(`wrk printed no figures: ${output}`);
    const r = JSON.parse(line.slice(4)) as { requests: number; non2xx: number; errors: number; p50: number; p99: number };
    const ok = r.requests - r.non2xx;
    return { perSec: ok / seconds, ok, non2xx: r.non2xx, errors: r.errors, p50: r.p50, p99: r.p99 };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Each request: a new anonymous participant from a new address (a new /24 too, so the caps do not quarantine).
 * Its id starts with a creation time, as the widget's do; built ahead, the times are the start plus one
 * millisecond per request, in the order the requests are made.
 * Requests are built once per connection before the run, so autocannon spends per request what it spends on
 * the static hello-world request; a connection that exhausts its list starts over, and those ballots are
 * changes of a vote (the same work for the server).
 */
function ballotRequests(port: number) {
  const prefix = randomBytes(12).toString('base64url');
  const start = Date.now();
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
            'civique-participant': `${(start + n).toString(16).padStart(12, '0')}.${prefix}${n.toString(36).padStart(8, '0')}`,
            'x-forwarded-for': `${11 + ((n >> 16) & 127)}.${(n >> 8) & 255}.${n & 255}.${1 + (n % 250)}`,
          },
          body: `{"choice":["${OPTIONS[n % OPTIONS.length]}"]}`,
        };
      });
      client.setRequests(requests);
    },
  };
}

/** The API server (server/main.ts) of the checkout at `root`, on its own data directory, behind a trusted proxy. */
function startApi(dataDir: string, port: number, root = ROOT): { child: ChildProcess; lines: string[] } {
  const env = {
    DATA_DIR: dataDir,
    PORT: String(port),
    DEMO_PORT: '0',
    TRUSTED_PROXIES: '127.0.0.1',
    CIVIQUE_DEMO_STAFF_PASSWORD: randomBytes(18).toString('base64url'),
    WIDGETS_DIR: join(dataDir, 'no-widgets'),
  };
  return start(['server/main.ts'], env, root);
}

/**
 * `BENCH_COMPARE=<another checkout> npm run bench`: is a change cheaper? castBallot of this checkout (A) and of the
 * other one (B, with its own node_modules), both running, loaded in turn for BENCH_SECONDS (default 5) each,
 * BENCH_ROUNDS pairs (default 8), the order alternating (AB, BA, …). Each pair's B ÷ A is taken a few seconds
 * apart, so the machine's drift over minutes, which moves separate runs by ±15 % here, mostly cancels out.
 * Prints each pair, then one JSON line: {"cpuUsPerBallotA","cpuUsPerBallotB","ratioBA"} (medians).
 */
async function compare(otherRoot: string): Promise<void> {
  const seconds = Number(process.env.BENCH_SECONDS ?? 5);
  const pairs = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 8));
  const dirs = [mkdtempSync(join(tmpdir(), 'civique-bench-a-')), mkdtempSync(join(tmpdir(), 'civique-bench-b-'))];
  const ports = [await freePort(), await freePort()];
  const servers = [startApi(dirs[0], ports[0]), startApi(dirs[1], ports[1], resolve(otherRoot))];
  const timer = setTimeout(
    () => {
      console.error('[bench] hard timeout: stopping');
      for (const server of servers) server.child.kill('SIGKILL');
      process.exit(1);
    },
    (2 * pairs * seconds + 2 * WARMUP_S + 60) * 1000,
  );
  try {
    await Promise.all(ports.map((port) => waitFor(`http://127.0.0.1:${port}/v1/health`)));
    console.log(`[bench] A: ${ROOT}, B: ${resolve(otherRoot)}; warming up (${WARMUP_S} s each)…`);
    for (const port of ports) answeredWell('warm-up', await load({ kind: 'ballots', port }, WARMUP_S));
    const a: number[] = [];
    const b: number[] = [];
    for (let pair = 0; pair < pairs; pair++) {
      const order = pair % 2 === 0 ? [0, 1] : [1, 0];
      const cost = [0, 0];
      for (const i of order) {
        const run = await measuredLoad(servers[i].child.pid!, { kind: 'ballots', port: ports[i] }, seconds);
        answeredWell(i === 0 ? 'A' : 'B', run);
        cost[i] = run.cpuUsPerRequest;
      }
      a.push(cost[0]);
      b.push(cost[1]);
      console.log(
        `[bench]   pair ${pair + 1}/${pairs}: A ${cost[0].toFixed(1)} µs, B ${cost[1].toFixed(1)} µs per ballot, B ÷ A ${(cost[1] / cost[0]).toFixed(3)}`,
      );
    }
    const ratio = median(b.map((cost, i) => cost / a[i]));
    console.log(
      `[bench] castBallot, server CPU per ballot: A ${median(a).toFixed(1)} µs, B ${median(b).toFixed(1)} µs, B ÷ A ${ratio.toFixed(3)} (medians of ${pairs} pairs)`,
    );
    console.log(
      JSON.stringify({
        cpuUsPerBallotA: Math.round(median(a) * 10) / 10,
        cpuUsPerBallotB: Math.round(median(b) * 10) / 10,
        ratioBA: Math.round(ratio * 1000) / 1000,
      }),
    );
  } finally {
    clearTimeout(timer);
    for (const server of servers) server.child.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 300));
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  }
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
    const server = startApi(dataDir, apiPort);
    const hello = start([fileURLToPath(import.meta.url), '--hello', String(helloPort)], {});
    const referencePort = await freePort();
    const referenceChild = start([fileURLToPath(import.meta.url), '--reference', String(referencePort), dataDir], {});
    children.push(server.child, hello.child, referenceChild.child);
    await Promise.all([
      waitFor(`http://127.0.0.1:${apiPort}/v1/health`),
      waitFor(`http://127.0.0.1:${helloPort}/`),
      waitFor(`http://127.0.0.1:${referencePort}/health`),
    ]);

    console.log(`[bench] warming up (${WARMUP_S} s each)…`);
    const warm = await load({ kind: 'ballots', port: apiPort }, WARMUP_S);
    await load({ kind: 'hello', url: `http://127.0.0.1:${helloPort}/` }, WARMUP_S);
    await load({ kind: 'ballots', port: referencePort }, WARMUP_S);

    // Hello's own CPU per request drifts during a day on a shared machine: each round measures hello and then the
    // ballots back to back, and the figures are the medians over the rounds (the ratio: the median of each round's).
    // The reference runs in each round too, right after castBallot: the two are compared in the same conditions.
    const rounds: { hello: Measured; ballots: Measured; reference: Measured }[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      console.log(`[bench] round ${round}/${ROUNDS}: hello-world, castBallot, then the reference, ${CONNECTIONS} connections, ${DURATION_S} s each`);
      const helloRun = await measuredLoad(hello.child.pid!, { kind: 'hello', url: `http://127.0.0.1:${helloPort}/` }, DURATION_S);
      const ballotRun = await measuredLoad(server.child.pid!, { kind: 'ballots', port: apiPort }, DURATION_S);
      const referenceRun = await measuredLoad(referenceChild.child.pid!, { kind: 'ballots', port: referencePort }, DURATION_S);
      answeredWell('the reference', referenceRun);
      // Profiles cover the warm-up too: these counts turn a profile window into time per ballot.
      if (process.env.BENCH_PROFILE_DIR) console.log(`[bench]   acknowledged in this round: castBallot ${ballotRun.ok}, reference ${referenceRun.ok}`);
      console.log(
        `[bench]   hello ${helloRun.cpuUsPerRequest.toFixed(1)} µs, castBallot ${ballotRun.cpuUsPerRequest.toFixed(1)} µs of server CPU per request: ` +
          `${(ballotRun.cpuUsPerRequest / helloRun.cpuUsPerRequest).toFixed(2)} ×; castBallot p99 ${ballotRun.p99} ms; ` +
          `reference ${referenceRun.cpuUsPerRequest.toFixed(1)} µs (${(referenceRun.cpuUsPerRequest / helloRun.cpuUsPerRequest).toFixed(2)} ×), p99 ${referenceRun.p99} ms`,
      );
      rounds.push({ hello: helloRun, ballots: ballotRun, reference: referenceRun });
    }
    const helloResult = medianRun(rounds.map((r) => r.hello));
    const ballotResult = medianRun(rounds.map((r) => r.ballots));
    const referenceResult = medianRun(rounds.map((r) => r.reference));
    const cpuRatio = median(rounds.map((r) => r.ballots.cpuUsPerRequest / r.hello.cpuUsPerRequest));
    const referenceRatio = median(rounds.map((r) => r.reference.cpuUsPerRequest / r.hello.cpuUsPerRequest));

    // The floor answers with the headers the API just sent for a ballot (one more ballot, counted below).
    const probe = await fetch(`http://127.0.0.1:${apiPort}/v1/tenants/${TENANT}/consultations/${CONSULTATION}/ballot`, {
      method: 'PUT',
      headers: {
        'content-type': 'application/json',
        origin: ORIGIN,
        'civique-participant': `${Date.now().toString(16).padStart(12, '0')}.${randomBytes(16).toString('base64url')}`,
      },
      body: `{"choice":["${OPTIONS[0]}"]}`,
    });
    const probeHeaders = [...probe.headers].filter(([name]) => !['date', 'connection', 'keep-alive', 'content-length'].includes(name));
    await probe.arrayBuffer();
    const floorPort = await freePort();
    const floorChild = start([fileURLToPath(import.meta.url), '--floor', String(floorPort)], { BENCH_FLOOR_HEADERS: JSON.stringify(probeHeaders) });
    children.push(floorChild.child);
    await waitFor(`http://127.0.0.1:${floorPort}/health`);
    await load({ kind: 'ballots', port: floorPort }, WARMUP_S);
    console.log(`[bench] floor (raw node:http, no framework, no database): ${CONNECTIONS} connections, ${DURATION_S} s`);
    const floorResult = await measuredLoad(floorChild.child.pid!, { kind: 'ballots', port: floorPort }, DURATION_S);
    answeredWell('the floor', floorResult);

    const results = (await (
      await fetch(`http://127.0.0.1:${apiPort}/v1/tenants/${TENANT}/consultations/${CONSULTATION}/results`, {
        headers: { origin: ORIGIN },
      })
    ).json()) as { ballots: number };
    const acknowledged = warm.ok + rounds.reduce((sum, r) => sum + r.ballots.ok, 0);
    // A connection that went through its list cast changes of earlier votes: those add no ballot. Each run has
    // its own participants, so at most CONNECTIONS × REQUESTS_PER_CONNECTION ballots each.
    // (wrk makes a new participant for every request.)
    const capacity = WRK && process.env.BENCH_TOOL !== 'autocannon' ? Infinity : CONNECTIONS * REQUESTS_PER_CONNECTION;
    const expected = [warm, ...rounds.map((r) => r.ballots)].reduce((sum, run) => sum + Math.min(run.ok, capacity), 0) + (probe.ok ? 1 : 0);
    console.log(
      `[bench] hello ${helloResult.perSec.toFixed(0)}/s (p99 ${helloResult.p99} ms); castBallot ${ballotResult.perSec.toFixed(0)}/s, ` +
        `p50 ${ballotResult.p50} ms, p99 ${ballotResult.p99} ms (medians of ${ROUNDS} rounds), non-2xx ${rounds.reduce((n, r) => n + r.ballots.non2xx, 0)}, ` +
        `errors ${rounds.reduce((n, r) => n + r.ballots.errors, 0)}; ` +
        `acknowledged ${acknowledged} (${expected} distinct participants), counted ${results.ballots}` +
        // Requests still in flight when a run stops (the warm-up and each round) are committed but not acknowledged.
        (results.ballots >= expected && results.ballots <= expected + (ROUNDS + 1) * CONNECTIONS ? ' (every acknowledged ballot counted)' : ' — MISMATCH'),
    );
    const perRequest = (r: typeof helloResult) => `${r.cpuUsPerRequest.toFixed(1)} µs (kernel ${r.systemUsPerRequest.toFixed(1)})`;
    console.log(`[bench] server CPU per request: hello ${perRequest(helloResult)}, castBallot ${perRequest(ballotResult)}`);
    console.log(
      `[bench] floor ${floorResult.perSec.toFixed(0)}/s, ${((floorResult.perSec / helloResult.perSec) * 100).toFixed(0)} % of hello: ` +
        `the most any castBallot can reach here; castBallot reaches ${((ballotResult.perSec / floorResult.perSec) * 100).toFixed(0)} % of it`,
    );
    console.log(
      `[bench] server CPU per request: floor ${perRequest(floorResult)}; reference ${perRequest(referenceResult)}, p99 ${referenceResult.p99} ms, ` +
        `${referenceRatio.toFixed(2)} × hello; castBallot costs ${median(rounds.map((r) => r.ballots.cpuUsPerRequest / r.reference.cpuUsPerRequest)).toFixed(2)} × the reference`,
    );
    const writerLine = server.lines.find((line) => line.includes('participation writer'));
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
        cpuUsPerBallot: Math.round(ballotResult.cpuUsPerRequest * 10) / 10,
        cpuUsPerHello: Math.round(helloResult.cpuUsPerRequest * 10) / 10,
        cpuRatio: Math.round(cpuRatio * 100) / 100,
        cpuUsPerFloor: Math.round(floorResult.cpuUsPerRequest * 10) / 10,
        cpuUsPerReference: Math.round(referenceResult.cpuUsPerRequest * 10) / 10,
        referenceCpuRatio: Math.round(referenceRatio * 100) / 100,
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
} else if (process.argv[2] === '--reference') {
  void reference(Number(process.argv[3]), process.argv[4]);
} else if (process.argv[2] === '--floor') {
  void floor(Number(process.argv[3]), JSON.parse(process.env.BENCH_FLOOR_HEADERS ?? '[]') as [string, string][]);
} else {
  (process.env.BENCH_COMPARE ? compare(process.env.BENCH_COMPARE) : main()).catch((error) => {
    console.error('[bench] failed:', error);
    process.exit(1);
  });
}
