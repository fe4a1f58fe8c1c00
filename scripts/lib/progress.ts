// A progress line for long jobs: count, rate and time left, so that nobody stares at a silent
// terminal. On a terminal one line is rewritten in place; elsewhere (CI, a pipe) a line every few
// seconds. Short jobs (under a second) print nothing.

export interface Progress {
  tick(done: number): void;
  end(): void;
}

export function progress(label: string, total: number, stream: NodeJS.WriteStream = process.stderr, now = () => performance.now()): Progress {
  const started = now();
  let shown = started;
  let printed = false;
  const line = (done: number) => {
    const seconds = (now() - started) / 1000;
    const rate = done / Math.max(seconds, 1e-3);
    const left = rate > 0 ? Math.ceil((total - done) / rate) : 0;
    return `nashra: ${label} ${done.toLocaleString('en')} of ${total.toLocaleString('en')} (${Math.round(rate).toLocaleString('en')}/s, ${left} s left)`;
  };
  return {
    tick(done) {
      const t = now();
      if (t - started < 1000 || t - shown < (stream.isTTY ? 200 : 5000)) return;
      shown = t;
      printed = true;
      if (stream.isTTY) stream.write(`\r${line(done)}\u001b[K`);
      else stream.write(`${line(done)}\n`);
    },
    end() {
      if (printed && stream.isTTY) stream.write('\r\u001b[K');
    },
  };
}
