import { type ArchivePlan, type ManifestParts, manifestParts, packKeys } from '../../src/archive/assemble-archive';
import type { Topic } from '../../src/model';
import { type Family, packNumber, type StoreLayout } from '../../src/store/read-store';

// What a build needs of the archive's plan (src/archive/assemble-archive.ts) once it has written the
// lists: the order, the feeds, the layout and the manifest's parts. A plan is made from every
// article's head (its ArticleMeta) and takes reading them all; its outline is kept with the store's
// state and used again while no head changed (compile-site.ts), as after an edit of a body.

export interface Outline {
  /** What the plan was made from: the code, the options and each file's path and head (compile-site.ts). */
  key: string;
  /** Slugs, newest first. */
  order: string[];
  layout: StoreLayout;
  /** Each feed (the site's, topic null; each tag's and language's): key, topic, slugs, in the plan's order. */
  feeds: [string, Topic | null, string[]][];
  /** Each list pack's signature, by pack number: a list page is made from heads alone. */
  lists: string[];
  /** What the manifest takes from the plan (manifestFrom makes the manifest of them). */
  manifest: ManifestParts;
}

/** The outline of `plan`, its list packs signed by `listSignature` (given the keys of a pack). */
export function outlineOf(plan: ArchivePlan, key: string, listSignature: (keys: string[]) => string): Outline {
  return {
    key,
    order: plan.order.map((m) => m.slug),
    layout: plan.layout,
    feeds: [...plan.feeds].map(([k, feed]) => [k, feed.topic, feed.slugs]),
    lists: [...packKeys(plan, 'lists').values()].map(listSignature),
    manifest: manifestParts(plan),
  };
}

/** `keys` by the pack of `family` that holds each, as packKeys groups them. */
export function byPack<T>(layout: StoreLayout, family: Family, keys: readonly T[], keyOf: (item: T) => string): Map<number, T[]> {
  const packs = new Map<number, T[]>();
  for (let n = 0; n < layout[family]; n++) packs.set(n, []);
  for (const item of keys) packs.get(packNumber(layout, family, keyOf(item)))!.push(item);
  return packs;
}

/** Whether `value` has an outline's shape (a state file is read back from disk). */
export function isOutline(value: unknown): value is Outline {
  const o = value as Outline | null;
  return (
    typeof o === 'object' &&
    o !== null &&
    typeof o.key === 'string' &&
    Array.isArray(o.order) &&
    Array.isArray(o.feeds) &&
    Array.isArray(o.lists) &&
    typeof o.layout === 'object' &&
    typeof o.manifest === 'object'
  );
}
