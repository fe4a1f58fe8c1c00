import { type ArchiveOptions, assembleArchive } from '../../src/archive/assemble-archive';
import type { Article } from '../../src/model';
import { type AssetFetcher, createStore } from '../../src/store/read-store';

/**
 * An archive assembled in memory by the compiler's own code, and an ASSETS stand-in serving its
 * packs: what `createApp` takes in the Worker's tests. `fetches` counts the reads.
 */
export function makeArchive(articles: Article[], version = `v${Date.now()}-${Math.random()}`, options: Partial<ArchiveOptions> = {}) {
  const archive = assembleArchive(articles, version, { siteLang: 'ar', siteAuthor: 'Desk', feedItems: 50, ...options });
  const fetches: string[] = [];
  const assets: AssetFetcher = {
    async fetch(request) {
      const path = new URL(request.url).pathname.slice(1);
      fetches.push(path);
      const bytes = archive.packs.get(path);
      return bytes ? new Response(bytes.slice()) : new Response(null, { status: 404 });
    },
  };
  return { manifest: archive.manifest, packs: archive.packs, assets, fetches, store: () => createStore(assets, archive.manifest.layout) };
}
