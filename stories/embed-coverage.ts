/**
 * Which embedding-error stories are missing: every element the loader knows that shows the embed's problems
 * (it extends `CivElement`, directly or through another class) needs one story per `EmbedProblem`, tagged
 * `embed-problem:<problem>`. Both lists are read from the code, so a new problem or a new element without its
 * stories fails `npm run test:stories`.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const WIDGETS = new URL('../widgets/', import.meta.url).pathname;

/** The union `EmbedProblem` of `widgets/core/session.ts`, as strings. */
export function embedProblems(): string[] {
  const source = readFileSync(join(WIDGETS, 'core/session.ts'), 'utf8');
  const union = /export type EmbedProblem =([^;]+);/.exec(source)?.[1];
  if (!union) throw new Error('EmbedProblem not found in widgets/core/session.ts');
  return [...union.matchAll(/'([a-z_]+)'/g)].map((match) => match[1]);
}

/**
 * The tags of the loader's element map with their module: `'civ-vote': () => import('./vote/vote.ts')`, or a
 * chunk several tags share, `'civ-proposals': proposals` with `const proposals = () => import('./proposals/proposals.ts')`.
 */
export function loaderElements(): { tag: string; module: string }[] {
  const source = readFileSync(join(WIDGETS, 'loader.ts'), 'utf8');
  const shared = new Map([...source.matchAll(/const (\w+) = \(\) => import\('\.\/([^']+)'\)/g)].map((match) => [match[1], match[2]]));
  return [...source.matchAll(/'(civ-[a-z-]+)': (?:\(\) => import\('\.\/([^']+)'\)|(\w+))/g)].map((match) => ({
    tag: match[1],
    module: join(WIDGETS, match[2] ?? shared.get(match[3])!),
  }));
}

/** True when the element's class reaches `CivElement`, following `extends` through the files it imports from. */
export function showsEmbedProblems(module: string): boolean {
  // `vote/vote.ts` registers the class of `vote/vote.element.ts`.
  let file = module.replace(/\.ts$/, '.element.ts');
  for (let depth = 0; depth < 5; depth++) {
    const source = readFileSync(file, 'utf8');
    // The last `extends` of the class line: a type parameter's own `extends` comes before it.
    const base = /export (?:abstract )?class \w+.*\bextends (\w+)(?:<.*>)? \{$/m.exec(source)?.[1];
    if (!base) return false;
    if (base === 'CivElement') return true;
    const from = new RegExp(`import \\{[^}]*\\b${base}\\b[^}]*\\} from '([^']+)'`).exec(source)?.[1];
    if (!from || !from.startsWith('.')) return false;
    file = join(dirname(file), from);
  }
  return false;
}

/** `Widgets/<tag> — embed-problem:<problem>` for each pair with no story in Storybook's index. */
export function missingEmbedStories(stories: { title: string; tags?: string[] }[]): string[] {
  const missing: string[] = [];
  for (const { tag, module } of loaderElements()) {
    if (!showsEmbedProblems(module)) continue;
    for (const problem of embedProblems()) {
      const wanted = `embed-problem:${problem}`;
      if (!stories.some((story) => story.title === `Widgets/${tag}` && story.tags?.includes(wanted))) missing.push(`Widgets/${tag} — ${wanted}`);
    }
  }
  return missing;
}
