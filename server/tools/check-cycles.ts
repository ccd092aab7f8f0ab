/**
 * Fails (exit 1, the cycle printed) when the code imports in a circle:
 * - file cycles anywhere under server/ and widgets/ (every relative import, `import type` included);
 * - folder cycles among the server/* folders. Tests are left out of the folder graph (every folder's tests
 *   use server/testing/, which builds the whole app), and so are the files at server/'s root, the composition
 *   layer (app.ts, main.ts, store.ts…) that imports every feature.
 *
 * madge (`madge --circular`) does the file part too, but its optional peer TypeScript 5 conflicts with ours.
 *
 * @example
 * npx tsx server/tools/check-cycles.ts
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const IMPORT = /(?:^|[\s;])(?:import|export)\s[^'"]*?from\s*['"](\.{1,2}\/[^'"]+)['"]|import\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)/g;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (name === 'node_modules') return [];
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(ts|js|mjs)$/.test(name) && !name.endsWith('.d.ts') ? [path] : [];
  });
}

/** Relative imports of a file, resolved to files that exist. */
function importsOf(file: string, known: Set<string>): string[] {
  const text = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
  return [...text.matchAll(IMPORT)]
    .map((m) => resolve(dirname(file), m[1] ?? m[2]))
    .map((target) => (known.has(target) ? target : known.has(target.replace(/\.js$/, '.ts')) ? target.replace(/\.js$/, '.ts') : ''))
    .filter(Boolean);
}

/** One cycle of the graph as a path that ends where it starts, or undefined. */
export function findCycle(graph: Map<string, Set<string>>): string[] | undefined {
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (node: string): string[] | undefined => {
    state.set(node, 'open');
    stack.push(node);
    for (const next of [...(graph.get(node) ?? [])].sort()) {
      if (state.get(next) === 'open') return [...stack.slice(stack.indexOf(next)), next];
      if (!state.has(next)) {
        const cycle = visit(next);
        if (cycle) return cycle;
      }
    }
    stack.pop();
    state.set(node, 'done');
    return undefined;
  };
  for (const node of [...graph.keys()].sort()) {
    if (!state.has(node)) {
      const cycle = visit(node);
      if (cycle) return cycle;
    }
  }
  return undefined;
}

function main(): void {
  const files = ['server', 'widgets'].flatMap((dir) => sourceFiles(join(ROOT, dir)));
  const known = new Set(files);
  const fileGraph = new Map(files.map((file) => [file, new Set(importsOf(file, known))]));
  let failed = false;

  const fileCycle = findCycle(fileGraph);
  if (fileCycle) {
    failed = true;
    console.error(`[cycles] file cycle: ${fileCycle.map((f) => relative(ROOT, f)).join(' → ')}`);
  }

  const server = join(ROOT, 'server');
  const folderOf = (file: string) => {
    const parts = relative(server, file).split('/');
    return parts.length > 1 && !parts[0].startsWith('..') ? parts[0] : undefined;
  };
  const folderGraph = new Map<string, Set<string>>();
  const because = new Map<string, string>();
  for (const [file, targets] of fileGraph) {
    const from = folderOf(file);
    if (!from || /\.(test|e2e)\.ts$/.test(file)) continue;
    if (!folderGraph.has(from)) folderGraph.set(from, new Set());
    for (const target of targets) {
      const to = folderOf(target);
      if (!to || to === from) continue;
      folderGraph.get(from)!.add(to);
      if (!because.has(`${from}>${to}`)) because.set(`${from}>${to}`, `${relative(server, file)} imports ${relative(server, target)}`);
    }
  }
  const folderCycle = findCycle(folderGraph);
  if (folderCycle) {
    failed = true;
    console.error(`[cycles] folder cycle in server/: ${folderCycle.join(' → ')}`);
    for (let i = 0; i + 1 < folderCycle.length; i++) console.error(`  ${because.get(`${folderCycle[i]}>${folderCycle[i + 1]}`)}`);
  }
  if (failed) process.exit(1);
  console.log(`[cycles] none: ${files.length} files, ${folderGraph.size} server folders`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
