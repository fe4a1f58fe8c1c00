import type { EntryPiece, MarkupPiece } from '../model';
import { escapeMarkup } from '../render/escape';
import { xmlSafe } from '../xml-chars';

/** Character data: characters XML 1.0 forbids removed (§2.2), markup characters escaped (§4.6). */
export function xmlText(text: string): string {
  return escapeMarkup(xmlSafe(text), '&apos;');
}

/**
 * A double-quoted attribute value. Tab, LF and CR are written as references, or attribute-value
 * normalization (XML 1.0 §3.3.3) would turn them into spaces.
 */
export function xmlAttr(text: string): string {
  return xmlText(text).replace(/[\t\n\r]/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * Text for inside a CDATA section (XML 1.0 §2.7), which the first `]]>` would end: each one is
 * split across two sections. `text` must be XML-safe already. Bodies go in CDATA rather than
 * escaped: the same text, without an escaping pass over every body.
 */
export function cdataText(text: string): string {
  return text.includes(']]>') ? text.replaceAll(']]>', ']]]]><![CDATA[>') : text;
}

/** The body pieces inside a CDATA section: strings split where they would end it. */
export function bodyInCdata(body: readonly MarkupPiece[]): EntryPiece[] {
  return ['<![CDATA[', ...body.map((piece) => (typeof piece === 'string' ? cdataText(piece) : piece)), ']]>'];
}
