import { isMap, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';
import { trimSpaces } from '../trim-spaces';
import { firstUnsafeChar, xmlSafe } from '../xml-chars';
import type { Diagnostic } from './diagnostics';

/** One front-matter key with its value (strings only: the YAML failsafe schema) and its line. */
export interface Field {
  value: string | string[] | null;
  line: number;
}

export interface SplitFile {
  fields: Map<string, Field>;
  warnings: Diagnostic[];
  body: string;
  /** File line of the body's first line. */
  bodyLine: number;
}

const FENCE = /^---[ \t]*$/;
// Front matter is a few short fields. A YAML parser takes ~20 µs per key: 10,000 keys took 0.2 s
// before a word of the body was read, and as many errors were reported.
const MAX_FRONT_MATTER = 16_384;

/**
 * Splits `---\nYAML\n---\nbody` and reads the YAML. The failsafe schema keeps every scalar a
 * string, so `date: 2022-01-21` is not turned into a Date and `title: 1984` stays text.
 */
export function splitFrontMatter(text: string, file: string): { ok: SplitFile } | { errors: Diagnostic[] } {
  const lines = text.split('\n');
  if (!FENCE.test(lines[0] ?? '')) {
    return { errors: [{ file, line: 1, message: 'missing front matter: the file must start with a line "---"' }] };
  }
  const close = lines.findIndex((l, i) => i > 0 && (FENCE.test(l) || /^\.\.\.[ \t]*$/.test(l)));
  if (close < 0) {
    return { errors: [{ file, line: 1, message: 'front matter is not closed: add a line "---" after it' }] };
  }
  const yamlText = lines.slice(1, close).join('\n');
  if (yamlText.length > MAX_FRONT_MATTER) {
    return { errors: [{ file, line: 2, message: `front matter is ${yamlText.length} characters long; at most ${MAX_FRONT_MATTER} are allowed` }] };
  }
  const simple = readSimpleFields(yamlText);
  const read = simple ? { fields: simple, warnings: [] } : readYamlFields(yamlText, file);
  if ('errors' in read) return read;
  return { ok: { ...read, body: lines.slice(close + 1).join('\n'), bodyLine: close + 2 } };
}

// Front matter as nearly everyone writes it: one `key: value` a line, the value a plain word or
// sentence, a quoted string without escapes, or a flow list of plain words. The YAML parser took
// an eighth of a clean compile's parsing for these lines; read by these patterns they give the
// same fields (a property test holds them to the parser's). Anything else goes to the parser.
const SIMPLE_LINE = /^([A-Za-z_][A-Za-z0-9_-]*):( +)(.*)$/;
// Plain scalars (YAML 1.2 §7.3.3): not starting with an indicator or a space, with no `: ` or ` #`
// inside, not ending in `:` or a space; no tab or other control anywhere.
const PLAIN = /^(?![-?:,[\]{}#&*!|>'"%@`\s])(?:(?![:] |\s#)[^\t\r\n\u0000-\u001f\u007f-\u009f\uFEFF\u2028\u2029])*(?<![:\s])$/u;
const QUOTED = /^(?:"([^"\\\t\r\n\u0000-\u001f\u007f-\u009f\uFEFF\u2028\u2029]*)"|'([^'\t\r\n\u0000-\u001f\u007f-\u009f\uFEFF\u2028\u2029]*)')$/u;
// A flow list's items: plain, and without the flow indicators `,[]{}` or a `:` or `#`.
const FLOW_ITEM =
  /^(?![-?!&*|>'"%@`])[^\s,[\]{}:#\t\r\n\u0000-\u001f\u007f-\u009f\uFEFF\u2028\u2029](?:[^,[\]{}:#\t\r\n\u0000-\u001f\u007f-\u009f\uFEFF\u2028\u2029]*[^\s,[\]{}:#\t\r\n\u0000-\u001f\u007f-\u009f\uFEFF\u2028\u2029])?$/u;

/** The fields of front matter that is simple throughout; null when any line is not, or a key repeats. */
export function readSimpleFields(yamlText: string): Map<string, Field> | null {
  // What XML cannot carry is removed and reported by the parser's way.
  if (firstUnsafeChar(yamlText) >= 0) return null;
  const fields = new Map<string, Field>();
  const lines = yamlText.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const m = SIMPLE_LINE.exec(lines[i]!);
    if (!m || fields.has(m[1]!)) return null;
    const value = simpleValue(m[3]!);
    if (value === undefined) return null;
    // YAML line 1 is file line 2.
    fields.set(m[1]!, { value, line: i + 2 });
  }
  return fields;
}

function simpleValue(text: string): Field['value'] | undefined {
  if (text === '') return undefined;
  if (PLAIN.test(text)) return text;
  const quoted = QUOTED.exec(text);
  if (quoted) return (quoted[1] ?? quoted[2]!) === '' ? null : (quoted[1] ?? quoted[2]!);
  if (!text.startsWith('[') || !text.endsWith(']')) return undefined;
  const inner = text.slice(1, -1);
  if (trimSpaces(inner) === '') return [];
  const items = inner.split(',').map(trimSpaces);
  return items.every((item) => FLOW_ITEM.test(item)) ? items : undefined;
}

/** Front matter read by the YAML parser, which reports what is wrong with it. */
export function readYamlFields(yamlText: string, file: string): Pick<SplitFile, 'fields' | 'warnings'> | { errors: Diagnostic[] } {
  const lineCounter = new LineCounter();
  // Unique keys are checked below: the parser's own check compares each key with every other one.
  const doc = parseDocument(yamlText, { schema: 'failsafe', lineCounter, prettyErrors: false, uniqueKeys: false });
  // YAML line 1 is file line 2.
  const lineAt = (offset: number) => lineCounter.linePos(offset).line + 1;
  if (doc.errors.length > 0) {
    return {
      errors: doc.errors.map((e) => ({
        file,
        line: lineAt(e.pos[0]),
        message: `malformed YAML in front matter: ${e.message.replace(/ at line \d+, column \d+[:]?[\s\S]*$/, '')}`,
      })),
    };
  }
  const fields = new Map<string, Field>();
  const errors: Diagnostic[] = [];
  const warnings: Diagnostic[] = [];
  const contents = doc.contents;
  if (contents !== null && !isMap(contents)) {
    return { errors: [{ file, line: 2, message: 'front matter must be a YAML mapping of keys to values' }] };
  }
  for (const pair of contents?.items ?? []) {
    const key = pair.key;
    const keyLine = isScalar(key) && key.range ? lineAt(key.range[0]) : 2;
    if (!isScalar(key)) {
      errors.push({ file, line: keyLine, message: 'front-matter keys must be plain words' });
      continue;
    }
    const name = String(key.value);
    if (fields.has(name)) {
      errors.push({ file, line: keyLine, message: 'malformed YAML in front matter: Map keys must be unique' });
      continue;
    }
    const node = pair.value;
    let value: Field['value'];
    // YAML escapes ("\u0001", "\ud800") can produce what the file's text could not hold.
    const clean = (v: unknown) => {
      const text = String(v);
      const safe = xmlSafe(text);
      if (safe !== text) warnings.push({ file, line: keyLine, message: `removed characters not allowed in XML from "${name}"` });
      return safe;
    };
    if (node === null || node === undefined || (isScalar(node) && node.value === '')) value = null;
    else if (isScalar(node)) value = clean(node.value);
    else if (isSeq(node) && node.items.every((item) => isScalar(item))) value = node.items.map((item) => clean((item as { value: unknown }).value));
    else {
      errors.push({ file, line: keyLine, message: `"${name}" must be text or a list of text` });
      continue;
    }
    fields.set(name, { value, line: keyLine });
  }
  if (errors.length > 0) return { errors };
  return { fields, warnings };
}
