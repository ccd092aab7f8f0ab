/**
 * Words typed in a search box as an FTS5 query: every word must appear (as a prefix), and nothing typed is read
 * as FTS5 syntax (each word is quoted). Empty when nothing searchable was typed. The tables it searches use
 * `tokenize = 'unicode61 remove_diacritics 2'`, so "renover" finds "Rénover".
 *
 * @example
 * searchQuery('Rénover "la" halle*'); // '"Rénover"* "la"* "halle"*'
 */
export function searchQuery(typed: string): string {
  const words = typed.match(/[\p{L}\p{N}]+/gu) ?? [];
  return words
    .slice(0, 12)
    .map((w) => `"${w}"*`)
    .join(' ');
}
