import { CompiledPattern, noMatch, PatternMatch } from './compiled-pattern';
import { invalidPattern, invalidTerm } from './errors';

const WORD = /^[A-Za-z0-9_]+$/;

interface Terms {
  required: string[];
  excluded: string[];
  optional: string[];
}

/** Splits an unstructured pattern into its terms (spec §4.2). */
function parseTerms(text: string): Terms {
  const terms: Terms = { required: [], excluded: [], optional: [] };
  let i = 0;
  while (i < text.length) {
    if (text[i] === ' ' || text[i] === '\t') { i++; continue; }
    const prefix = text[i] === '-' || text[i] === '?' ? text[i] : '';
    if (prefix) i++;
    let term: string;
    if (text[i] === '"') {
      // A quoted phrase: exact text between the quotes; \" and \\ are escapes.
      term = '';
      let j = i + 1;
      for (; j < text.length && text[j] !== '"'; j++) {
        if (text[j] === '\\' && (text[j + 1] === '"' || text[j + 1] === '\\')) j++;
        term += text[j];
      }
      if (j >= text.length) invalidPattern(`the quoted term starting at position ${i + 1} has no closing double quote`);
      i = j + 1;
      if (i < text.length && text[i] !== ' ' && text[i] !== '\t') invalidPattern(`a quoted term must be followed by a space, not '${text[i]}'`);
    } else {
      let j = i;
      while (j < text.length && text[j] !== ' ' && text[j] !== '\t') j++;
      term = text.slice(i, j);
      if (!WORD.test(term)) invalidTerm(term === '' ? prefix : term);
      i = j;
    }
    (prefix === '-' ? terms.excluded : prefix === '?' ? terms.optional : terms.required).push(term);
  }
  return terms;
}

/**
 * Compiles an unstructured pattern: case-sensitive substring terms, ANDed; `-term` excludes;
 * `?term`s are ORed, but ignored when plain terms are present (FP-NOW:
 * `?ERROR ?ARGUMENTS REQUEST` behaves like `REQUEST`).
 */
export function compileTermsPattern(text: string): CompiledPattern {
  const { required, excluded, optional } = parseTerms(text);
  const anyOf = required.length > 0 ? [] : optional;
  const test = (m: string): boolean => {
    for (const t of required) if (!m.includes(t)) return false;
    for (const t of excluded) if (m.includes(t)) return false;
    if (anyOf.length === 0) return true;
    for (const t of anyOf) if (m.includes(t)) return true;
    return false;
  };
  return {
    kind: 'terms',
    text,
    regexCount: 0,
    supportsDimensions: false,
    fieldNames: [],
    test,
    // Unstructured patterns extract nothing: TestMetricFilter reports `{}` (spec §4.3, CLI-EX).
    match: (m: string): PatternMatch => (test(m) ? { matched: true, extractedValues: {} } : noMatch()),
  };
}
