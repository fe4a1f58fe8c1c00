// The progress line: on a terminal one line rewritten in place, elsewhere (CI, a log) plain lines.

export interface Counts {
  done: number;
  total: number;
  resolved: number;
  unresolvable: number;
}

export function progressLine(c: Counts): string {
  return `nashra cite: ${c.done}/${c.total} looked up · ${c.resolved} resolved · ${c.unresolvable} unresolvable`;
}

export function createProgress(out: { isTTY?: boolean; write(text: string): unknown }): { show(c: Counts): void; end(): void } {
  let shown = false;
  return {
    show(c) {
      // \r and "erase to end of line" (ECMA-48 EL) rewrite the line in place.
      if (out.isTTY) out.write(`\r\u001b[K${progressLine(c)}`);
      else out.write(`${progressLine(c)}\n`);
      shown = true;
    },
    end() {
      if (out.isTTY && shown) out.write('\n');
    },
  };
}
