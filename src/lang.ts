import type { Direction } from './model';

// Languages and scripts written right to left. A fixed table rather than Intl.Locale#textInfo,
// which differs between runtimes (a getter in V8 11, a method later): output must not.
const RTL_LANGUAGES = new Set(['ar', 'arc', 'ckb', 'dv', 'fa', 'he', 'iw', 'ks', 'lrc', 'mzn', 'nqo', 'ps', 'sd', 'syr', 'ug', 'ur', 'yi']);
const RTL_SCRIPTS = new Set(['arab', 'hebr', 'thaa', 'syrc', 'nkoo', 'adlm', 'rohg', 'mand', 'samr']);
const LTR_SCRIPTS = new Set(['latn', 'cyrl', 'grek', 'deva', 'hans', 'hant', 'jpan', 'kore']);

/** Base direction of a BCP 47 language tag; an explicit script subtag wins over the language. */
export function directionOf(lang: string): Direction {
  const parts = lang.toLowerCase().split('-');
  const script = parts.find((p, i) => i > 0 && p.length === 4 && /^[a-z]{4}$/.test(p));
  if (script && RTL_SCRIPTS.has(script)) return 'rtl';
  if (script && LTR_SCRIPTS.has(script)) return 'ltr';
  return RTL_LANGUAGES.has(parts[0] ?? '') ? 'rtl' : 'ltr';
}

/** The canonical form of a BCP 47 tag, or null when it is not well-formed. */
export function canonicalLang(tag: string): string | null {
  try {
    const [canonical] = Intl.getCanonicalLocales(tag);
    return canonical ?? null;
  } catch {
    return null;
  }
}
