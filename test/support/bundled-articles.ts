import { readFileSync } from 'node:fs';
import { manifest } from '../../generated/content';
import type { Article } from '../../src/model';
import { decodeFeedObject, feedBodiesKey, feedKey, withBodies } from '../../src/store/objects';
import { decodePack } from '../../src/store/pack';
import { packNumber, packPath } from '../../src/store/read-store';
import { SITE } from '../../src/urls';

/**
 * The newest articles with their bodies, as `npm run compile` stored them (the bundle holds their
 * heads only): the site's feed object and its bodies, read from generated/store as the Worker reads them.
 */
export function bundledArticles(): Article[] {
  const key = feedKey(SITE);
  const path = packPath(manifest.layout, 'feeds', packNumber(manifest.layout, 'feeds', key));
  const pack = decodePack(new Uint8Array(readFileSync(`generated/store/${path}`)), path);
  const { source } = decodeFeedObject(pack.get(key)!, `feeds:${key}`);
  return withBodies(source, pack.get(feedBodiesKey(SITE))!, `feeds:${feedBodiesKey(SITE)}`).articles;
}
