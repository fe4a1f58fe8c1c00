const NEEDS_ESCAPE = /[&<>"']/;

/**
 * Escapes text for HTML and XML, in content and in quoted attributes alike. Escaping `>` also
 * means `]]>` can never appear in our markup, so it never ends a CDATA section early.
 * (A test, then chained literal replaces: the fastest of the forms measured in V8 for the short
 * strings this sees; a callback replace or a char-code loop with a lookup table were slower.)
 */
export function escapeHtml(text: string): string {
  if (!NEEDS_ESCAPE.test(text)) return text;
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}
