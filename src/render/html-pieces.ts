import type { AnchorBase, HtmlPiece, MarkupPiece } from '../model';
import { escapeHtml } from './escape';

// A body is rendered into pieces, then put together for where it is shown: on the article's page
// links stay relative, in a feed they are made absolute against the article's URL (readers show
// items away from their page, and RSS has no xml:base). Only those links depend on where the body
// goes, so the rest can be written once, ahead, in each format (src/feeds/prerender-entries.ts).
// The links of Markdown markup arrive as pieces of their own (src/content/sanitize-markup.ts):
// nothing here reads HTML, and text that merely looks like a link is never touched.

/** Where the anchor base goes: a `#source-n` or `#cite-n` link follows. */
export const ANCHOR_BASE: AnchorBase = { anchorBase: true };

/** The pieces as one HTML string, links resolved against `anchorBase` ('' keeps them relative). */
export function joinPieces(pieces: readonly HtmlPiece[], anchorBase: string): string {
  return resolveMarkup(fillAnchorBase(pieces, anchorBase), anchorBase);
}

/** The anchor base written in, HTML-escaped, as the attribute text it stands in; relative links kept for later. */
export function fillAnchorBase(pieces: readonly HtmlPiece[], anchorBase: string): MarkupPiece[] {
  const base = escapeHtml(anchorBase);
  return mergePieces(pieces.map((piece) => (typeof piece === 'string' || 'relativeUrl' in piece ? piece : base)));
}

/** The pieces in one HTML string, relative links resolved against `base` ('' keeps them relative). */
export function resolveMarkup(pieces: readonly MarkupPiece[], base: string): string {
  let html = '';
  for (const piece of pieces) html += typeof piece === 'string' ? piece : linkHtml(piece.relativeUrl, base);
  return html;
}

/** A relative link as attribute text: resolved against `base` ('' keeps it as written), HTML-escaped. */
export function linkHtml(relativeUrl: string, base: string): string {
  if (!base) return escapeHtml(relativeUrl);
  try {
    return escapeHtml(new URL(relativeUrl, base).href);
  } catch {
    return escapeHtml(relativeUrl);
  }
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
