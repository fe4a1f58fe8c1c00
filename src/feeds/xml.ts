import { xmlSafe } from '../xml-chars';

// XML's five predefined entities (XML 1.0 §4.6). Escaping `>` as well means `]]>` never
// appears in our output outside a CDATA section.
const XML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/** Character data: characters XML 1.0 forbids removed (§2.2), markup characters escaped. */
export function xmlText(text: string): string {
  return xmlSafe(text).replace(/[&<>"']/g, (c) => XML_ESCAPES[c]!);
}

/**
 * A double-quoted attribute value. Tab, LF and CR are written as references, or attribute-value
 * normalization (XML 1.0 §3.3.3) would turn them into spaces.
 */
export function xmlAttr(text: string): string {
  return xmlText(text).replace(/[\t\n\r]/g, (c) => `&#${c.charCodeAt(0)};`);
}
