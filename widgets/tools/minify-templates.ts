import type { Plugin } from 'rollup';

/**
 * Shrinks the static text of Lit's `html` and `css` tagged templates in the widgets' own code: indentation
 * and blank lines go, CSS loses the spaces around `{ } ; , > :`. Line breaks are kept (HTML: one per run of
 * whitespace that had one; CSS: all moved to its end) so the code after a template stays on its lines and
 * source maps stay right. HTML whitespace is collapsed, never removed: a space between two inline elements
 * is text. The widgets hold no `<pre>` or `<textarea>` whose whitespace would matter.
 */
export function minifyTemplates(options: { include: RegExp }): Plugin {
  return {
    name: 'civique-minify-templates',
    transform(code, id) {
      if (!options.include.test(id) || !/\b(html|css)`/.test(code)) return null;
      return { code: minifyTaggedTemplates(code), map: null };
    },
  };
}

function minifyHtml(text: string): string {
  return text.replace(/\s+/g, (run) => (run.includes('\n') ? '\n' : ' '));
}

/**
 * CSS keeps no line breaks inside, but as many at its end, so the code after the template stays on its
 * lines. A space after `:` never matters (`a :hover` has one before); one before may, and stays.
 */
function minifyCss(text: string): string {
  const lines = text.split('\n').length - 1;
  const css = text
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/\s+/g, ' ')
    .replace(/ ?([{};,>]) ?/g, '$1')
    .replace(/: /g, ':')
    .trim();
  return css + '\n'.repeat(lines);
}

/**
 * Rewrites the text parts of every html`…` and css`…` in `code`, leaving the `${…}` expressions as they
 * are (they may hold nested templates, which are handled in turn). A small scanner, not a parser: it knows
 * strings, template literals, comments and braces, which is all the widgets' code needs.
 */
export function minifyTaggedTemplates(code: string): string {
  let out = '';
  let i = 0;

  /** Copies a template literal starting after its opening backtick; returns the index after the closing one. */
  const template = (start: number, kind: 'html' | 'css' | undefined): number => {
    let j = start;
    let text = '';
    const flush = () => {
      out += kind === 'html' ? minifyHtml(text) : kind === 'css' ? minifyCss(text) : text;
      text = '';
    };
    while (j < code.length) {
      const c = code[j];
      if (c === '\\') {
        text += code.slice(j, j + 2);
        j += 2;
      } else if (c === '`') {
        flush();
        out += '`';
        return j + 1;
      } else if (c === '$' && code[j + 1] === '{') {
        flush();
        out += '${';
        j = expression(j + 2);
      } else {
        text += c;
        j++;
      }
    }
    flush();
    return j;
  };

  /** Copies code up to the `}` closing a `${`; returns the index after it. */
  const expression = (start: number): number => {
    let depth = 0;
    let j = start;
    while (j < code.length) {
      const next = token(j);
      if (next !== undefined) {
        j = next;
        continue;
      }
      const c = code[j];
      if (c === '{') depth++;
      if (c === '}') {
        if (depth === 0) {
          out += '}';
          return j + 1;
        }
        depth--;
      }
      out += c;
      j++;
    }
    return j;
  };

  /** Strings, comments and template literals at `j`, copied whole; undefined when `j` starts none. */
  const token = (j: number): number | undefined => {
    const c = code[j];
    if (c === '"' || c === "'") {
      let k = j + 1;
      while (k < code.length && code[k] !== c) k += code[k] === '\\' ? 2 : 1;
      out += code.slice(j, k + 1);
      return k + 1;
    }
    if (c === '/' && code[j + 1] === '/') {
      const k = code.indexOf('\n', j);
      const end = k === -1 ? code.length : k;
      out += code.slice(j, end);
      return end;
    }
    if (c === '/' && code[j + 1] === '*') {
      const k = code.indexOf('*/', j + 2);
      const end = k === -1 ? code.length : k + 2;
      out += code.slice(j, end);
      return end;
    }
    if (c === '/' && regexAllowed(j)) {
      let k = j + 1;
      let inClass = false;
      while (k < code.length && (inClass || code[k] !== '/') && code[k] !== '\n') {
        if (code[k] === '\\') k++;
        else if (code[k] === '[') inClass = true;
        else if (code[k] === ']') inClass = false;
        k++;
      }
      out += code.slice(j, k + 1);
      return k + 1;
    }
    if (c === '`') {
      const tag = /\b(html|css)\s*$/.exec(code.slice(Math.max(0, j - 8), j))?.[1] as 'html' | 'css' | undefined;
      out += '`';
      return template(j + 1, tag);
    }
    return undefined;
  };

  /** A `/` starts a regular expression, not a division, after an operator, a bracket or `return`. */
  const regexAllowed = (j: number): boolean => {
    const before = code.slice(Math.max(0, j - 12), j).trimEnd();
    return before === '' || /[(,=:[!&|?{};+\-*%<>~^]$/.test(before) || /\b(return|typeof|case|in|of)$/.test(before);
  };

  while (i < code.length) {
    const next = token(i);
    if (next !== undefined) {
      i = next;
    } else {
      out += code[i];
      i++;
    }
  }
  return out;
}
