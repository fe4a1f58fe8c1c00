import type { EdgeCache } from '../../src/http/edge-cache';
import type { Representation } from '../../src/http/representation';

/** An EdgeCache in a Map: the reference the contract suite holds every implementation to. */
export function memoryEdge(): EdgeCache {
  const entries = new Map<string, Representation>();
  return {
    get: async (key) => entries.get(key) ?? null,
    put: (key, rep) => {
      entries.set(key, { ...rep, body: rep.body.slice() });
    },
  };
}
