import { canonicalLang, directionOf } from './lang';
import type { AssetFetcher } from './store/read-store';
import type { SiteConfig } from './model';
import { xmlSafe } from './xml-chars';

/** The Worker's bindings: site metadata as [vars] in wrangler.toml (README, "Configuration"). */
export interface Bindings {
  SITE_TITLE: string;
  SITE_DESCRIPTION: string;
  SITE_LANG: string;
  SITE_AUTHOR: string;
  /** Absolute base URL; every absolute URL in a feed is built from it, never from the request. */
  SITE_URL: string;
  /** How many articles a feed lists, newest first (default 50). */
  FEED_ITEMS?: string;
  /** Cache-Control max-age in seconds, the poll interval readers are asked to keep (default 900). */
  MAX_AGE?: string;
  /** Seconds Cloudflare's cache keeps a response before asking the Worker again (default 60). */
  EDGE_MAX_AGE?: string;
  /** Workers Static Assets ([assets] in wrangler.toml): the store of the archive (src/store). */
  ASSETS?: AssetFetcher;
}

/** A configuration that cannot be served; `problems` names each bad value. */
export class ConfigError extends Error {
  constructor(
    readonly problems: string[],
    where: string,
  ) {
    super(`nashra: invalid configuration in ${where}: ${problems.join('; ')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Validates the bindings once; a misconfigured deploy fails loudly instead of serving bad feeds.
 * The same rules at build time (scripts/compile-content.ts reads wrangler.toml through this) and
 * at run time; `where` names the source in the error.
 */
export function readSiteConfig(env: Bindings, where = 'wrangler.toml [vars]'): SiteConfig {
  const problems: string[] = [];
  const text = (name: keyof Bindings, value: string | undefined) => {
    const v = xmlSafe(value ?? '').trim();
    if (!v) problems.push(`${name} is ${value === undefined ? 'not set' : 'empty'}`);
    return v;
  };
  const int = (name: keyof Bindings, value: string | undefined, fallback: number, min: number, max: number) => {
    if (value === undefined || value === '') return fallback;
    const n = Number(value);
    if (!Number.isInteger(n) || n < min || n > max) problems.push(`${name} must be a whole number from ${min} to ${max}, got "${value}"`);
    return n;
  };
  const baseUrl = readBaseUrl(env.SITE_URL, problems);
  const lang = canonicalLang(env.SITE_LANG ?? '');
  if (!lang) problems.push(env.SITE_LANG === undefined ? 'SITE_LANG is not set' : `SITE_LANG must be a BCP 47 language tag, got "${env.SITE_LANG}"`);
  const config: SiteConfig = {
    title: text('SITE_TITLE', env.SITE_TITLE),
    description: text('SITE_DESCRIPTION', env.SITE_DESCRIPTION),
    author: text('SITE_AUTHOR', env.SITE_AUTHOR),
    lang: lang ?? 'und',
    dir: directionOf(lang ?? 'und'),
    baseUrl,
    feedItems: int('FEED_ITEMS', env.FEED_ITEMS, 50, 1, 10_000),
    maxAge: int('MAX_AGE', env.MAX_AGE, 900, 0, 31_536_000),
    // Short at the edge, so a new article is served within about a minute; stale-while-revalidate
    // keeps readers from ever waiting on that (README, "Caching"). Readers may keep theirs longer.
    edgeMaxAge: int('EDGE_MAX_AGE', env.EDGE_MAX_AGE, 60, 0, 31_536_000),
  };
  if (problems.length > 0) throw new ConfigError(problems, where);
  return config;
}

/** SITE_URL as the base every URL is joined to: absolute http(s), no query or fragment, ending in '/'. */
function readBaseUrl(value: string | undefined, problems: string[]): string {
  if (value === undefined) {
    problems.push('SITE_URL is not set');
    return '';
  }
  let url: URL | null = null;
  try {
    url = new URL(value);
  } catch {
    // reported below
  }
  if (!url || !/^https?:$/.test(url.protocol) || url.search || url.hash) {
    problems.push(`SITE_URL must be an absolute http(s) URL without query or fragment, got "${value}"`);
    return '';
  }
  // The Worker answers its routes at the root of its host, and pages link root-relative (urls.ts).
  if (url.pathname !== '/') {
    problems.push(`SITE_URL must be the root of its host, without a path (the site is served from /), got "${value}"`);
    return '';
  }
  return url.href;
}
