// A strict JSON reader (RFC 8259) that keeps the line of every value, for files people edit by
// hand: JSON.parse names neither the line of a syntax error nor where a value stood.

export type JsonNode =
  | { kind: 'object'; line: number; entries: Map<string, { keyLine: number; value: JsonNode }> }
  | { kind: 'array'; line: number; items: JsonNode[] }
  | { kind: 'string'; line: number; value: string }
  | { kind: 'number'; line: number; value: number }
  | { kind: 'boolean'; line: number; value: boolean }
  | { kind: 'null'; line: number };

export class JsonSyntaxError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(message);
    this.name = 'JsonSyntaxError';
  }
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const ESCAPES: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

/** Reads one JSON document; throws JsonSyntaxError with the 1-based line of the first problem. */
export function readJson(text: string): JsonNode {
  let at = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;

  const fail = (message: string): never => {
    throw new JsonSyntaxError(line, message);
  };
  const show = () => (at >= text.length ? 'the end of the file' : `"${text[at]}"`);
  const space = () => {
    for (; at < text.length; at++) {
      const c = text[at];
      if (c === '\n') line++;
      else if (c !== ' ' && c !== '\t' && c !== '\r') return;
    }
  };
  const literal = (word: string) => {
    if (!text.startsWith(word, at)) fail(`unexpected ${show()}: expected a value`);
    at += word.length;
  };

  const string = (): string => {
    at++; // the opening quote
    let out = '';
    for (;;) {
      const c = text[at];
      if (c === undefined) return fail('unterminated string');
      if (c === '"') {
        at++;
        return out;
      }
      if (c === '\n') return fail('unterminated string (a line break inside a string must be written \\n)');
      if (c < ' ') return fail(`control character U+${c.charCodeAt(0).toString(16).padStart(4, '0')} inside a string (escape it)`);
      if (c !== '\\') {
        out += c;
        at++;
        continue;
      }
      const e = text[at + 1] ?? '';
      if (e === 'u') {
        const hex = text.slice(at + 2, at + 6);
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) fail(`bad escape \\u${hex}: expected four hex digits`);
        out += String.fromCharCode(Number.parseInt(hex, 16));
        at += 6;
      } else if (e in ESCAPES) {
        out += ESCAPES[e];
        at += 2;
      } else fail(`bad escape \\${e} in a string`);
    }
  };

  const value = (): JsonNode => {
    space();
    const start = line;
    const c = text[at];
    if (c === '{') {
      at++;
      const entries = new Map<string, { keyLine: number; value: JsonNode }>();
      space();
      if (text[at] === '}') {
        at++;
        return { kind: 'object', line: start, entries };
      }
      for (;;) {
        space();
        if (text[at] !== '"') fail(`unexpected ${show()}: expected a key in double quotes`);
        const keyLine = line;
        const key = string();
        if (entries.has(key)) fail(`key "${key}" appears twice in one object`);
        space();
        if (text[at] !== ':') fail(`unexpected ${show()}: expected ":" after the key "${key}"`);
        at++;
        entries.set(key, { keyLine, value: value() });
        space();
        if (text[at] === ',') {
          at++;
          continue;
        }
        if (text[at] === '}') {
          at++;
          return { kind: 'object', line: start, entries };
        }
        fail(`unexpected ${show()}: expected "," or "}"`);
      }
    }
    if (c === '[') {
      at++;
      const items: JsonNode[] = [];
      space();
      if (text[at] === ']') {
        at++;
        return { kind: 'array', line: start, items };
      }
      for (;;) {
        items.push(value());
        space();
        if (text[at] === ',') {
          at++;
          continue;
        }
        if (text[at] === ']') {
          at++;
          return { kind: 'array', line: start, items };
        }
        fail(`unexpected ${show()}: expected "," or "]"`);
      }
    }
    if (c === '"') return { kind: 'string', line: start, value: string() };
    if (c === 't' || c === 'f') {
      literal(c === 't' ? 'true' : 'false');
      return { kind: 'boolean', line: start, value: c === 't' };
    }
    if (c === 'n') {
      literal('null');
      return { kind: 'null', line: start };
    }
    NUMBER.lastIndex = at;
    const number = NUMBER.exec(text);
    if (!number) return fail(`unexpected ${show()}: expected a value`);
    at += number[0].length;
    return { kind: 'number', line: start, value: Number(number[0]) };
  };

  const root = value();
  space();
  if (at < text.length) fail(`unexpected ${show()} after the end of the JSON value`);
  return root;
}
