import { readFileSync } from 'node:fs';
import { manifest } from '../../generated/content';
import type { Article } from '../../src/model';
import { decodeFeedObject, feedKey } from '../../src/store/objects';
import { decodePack } from '../../src/store/pack';
import { packNumber, packPath } from '../../src/store/read-store';
import { SITE } from '../../src/urls';

/**
 * The newest articles with their bodies, as `npm run compile` stored them (the bundle holds their
 * heads only): the site's feed object, read from generated/store as the Worker reads it.
 */
export function bundledArticles(): Article[] {
  const key = feedKey(SITE);
  const path = packPath(manifest.layout, 'feeds', packNumber(manifest.layout, 'feeds', key));
  const pack = decodePack(new Uint8Array(readFileSync(`generated/store/${path}`)), path);
  return decodeFeedObject(pack.get(key)!, `feeds:${key}`).source.articles;
}
