// Feeds are rendered to UTF-8; tests read them back as text. `fatal` makes invalid UTF-8 (a
// sequence cut in half where two pieces meet) fail the test instead of becoming U+FFFD.
const decoder = new TextDecoder('utf-8', { fatal: true });

export function decode(bytes: Uint8Array): string {
  return decoder.decode(bytes);
}
