import { describe, expect, it } from 'vitest';
import { createProgress } from '../../../scripts/lib/cite/progress';

describe('the progress line', () => {
  const counts = (done: number) => ({ done, total: 3, resolved: done, unresolvable: 0 });

  it('rewrites one line in place on a terminal', () => {
    let out = '';
    const progress = createProgress({ isTTY: true, write: (s: string) => (out += s) });
    progress.show(counts(1));
    progress.show(counts(2));
    progress.end();
    expect(out).toBe(
      '\r\u001b[Knashra cite: 1/3 looked up · 1 resolved · 0 unresolvable' + '\r\u001b[Knashra cite: 2/3 looked up · 2 resolved · 0 unresolvable' + '\n',
    );
  });

  it('writes plain lines elsewhere (CI, a log)', () => {
    let out = '';
    const progress = createProgress({ write: (s: string) => (out += s) });
    progress.show(counts(1));
    progress.end();
    expect(out).toBe('nashra cite: 1/3 looked up · 1 resolved · 0 unresolvable\n');
  });
});
