import { xmlSafe } from '../xml-chars';

/** Character data: characters XML 1.0 forbids removed (§2.2), markup characters escaped (§4.6). */
export function xmlText(text: string): string {
  const safe = xmlSafe(text);
  if (!/[&<>"']/.test(safe)) return safe;
  return safe.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

/**
 * A double-quoted attribute value. Tab, LF and CR are written as references, or attribute-value
 * normalization (XML 1.0 §3.3.3) would turn them into spaces.
 */
export function xmlAttr(text: string): string {
  return xmlText(text).replace(/[\t\n\r]/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * A CDATA section (XML 1.0 §2.7) holding `text` exactly, less what XML forbids: each `]]>` is
 * split across two sections. For the large HTML bodies, which then need no escaping pass.
 */
export function xmlCdata(text: string): string {
  return `<![CDATA[${xmlSafe(text).replaceAll(']]>', ']]]]><![CDATA[>')}]]>`;
}
