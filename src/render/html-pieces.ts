import type { AnchorBase, HtmlPiece, Markup } from '../model';
import { escapeHtml } from './escape';

// A body is rendered into pieces, then put together for where it is shown: on the article's page
// links stay relative, in a feed they are made absolute against the article's URL (readers show
// items away from their page, and RSS has no xml:base). Only those links depend on where the body
// goes, so the rest can be written once, ahead, in each format (src/feeds/prerender-entries.ts).

/** Where the anchor base goes: a `#source-n` or `#cite-n` link follows. */
export const ANCHOR_BASE: AnchorBase = { anchorBase: true };

/** The pieces as one HTML string, links resolved against `anchorBase` ('' keeps them relative). */
export function joinPieces(pieces: readonly HtmlPiece[], anchorBase: string): string {
  return resolveMarkup(fillAnchorBase(pieces, anchorBase), anchorBase);
}

/** The anchor base written in, HTML-escaped, as the attribute text it stands in; markup kept for later. */
export function fillAnchorBase(pieces: readonly HtmlPiece[], anchorBase: string): (string | Markup)[] {
  const base = escapeHtml(anchorBase);
  return mergePieces(pieces.map((piece) => (typeof piece === 'string' || 'markup' in piece ? piece : base)));
}

/** Markup's links resolved against `base` ('' keeps them relative), all in one HTML string. */
export function resolveMarkup(pieces: readonly (string | Markup)[], base: string): string {
  let html = '';
  for (const piece of pieces) html += typeof piece === 'string' ? piece : base ? absolutizeLinks(piece.markup, base) : piece.markup;
  return html;
}

/** Adjacent strings merged into one, empty ones dropped: fewer pieces to walk later. */
export function mergePieces<P extends object>(pieces: readonly (string | P)[]): (string | P)[] {
  const merged: (string | P)[] = [];
  for (const piece of pieces) {
    const last = merged.length - 1;
    if (typeof piece === 'string' && typeof merged[last] === 'string') merged[last] += piece;
    else if (piece !== '') merged.push(piece);
  }
  return merged;
}

/** Sanitized Markdown markup as a piece: plain text unless it has links to resolve. */
export function markupPiece(markup: string): HtmlPiece {
  return absolutizeLinks(markup, PROBE) === markup ? markup : { markup };
}
const PROBE = 'https://probe.invalid/a/b';

const ATTRIBUTE_URL = /\b(href|src|cite)="([^"]*)"/g;
const ENTITY: Record<string, string> = { '&amp;': '&', '&quot;': '"', '&lt;': '<', '&gt;': '>', '&#39;': "'" };

/**
 * Resolves relative and fragment-only links against `base`. Runs over Markdown's sanitized
 * markup, whose attributes sanitize-html always writes double-quoted.
 */
export function absolutizeLinks(html: string, base: string): string {
  return html.replace(ATTRIBUTE_URL, (whole, name: string, value: string) => {
    if (/^[a-z][a-z0-9+.-]*:/i.test(value)) return whole;
    const raw = value.replace(/&(amp|quot|lt|gt|#39);/g, (e) => ENTITY[e]!);
    try {
      return `${name}="${escapeHtml(new URL(raw, base).href)}"`;
    } catch {
      return whole;
    }
  });
}
