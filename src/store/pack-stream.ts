import { checkObject, decodeIndex, findKey, indexLength, PACK_PREFIX, PackError, type PackIndex, packLength } from './pack';

// One object read out of a pack as the pack streams in, without holding the pack: the Worker
// keeps the index and the object; the chunks the stream delivers are garbage at once. Reading the
// whole pack into one buffer cost a feed's request up to 5 MB (a pack holds a few objects) and an
// article's 160 KB for 8 KB: memory that lives until V8's next collection, and that workerd's
// allocator keeps once it has grown to it (issue 10's memory measure at 10,000 articles, medians
// of interleaved runs: 263 -> 219 MB after the requests, 121 -> 113 MB with a collection after
// each response; docs/benchmarks.md). A BYOB reader straight into the object's buffer measured
// worse in workerd (306 MB against 255 MB, one run each): each of its reads hands back memory of
// its own.

/** What a read of a pack found: its index (kept to answer unknown keys), and the object or null. */
export interface PackRead {
  index: PackIndex;
  object: Uint8Array | null;
}

interface Source {
  /** Fills `target` whole, and returns it. */
  fill(target: Uint8Array): Promise<Uint8Array>;
  /** Passes `n` bytes by. */
  skip(n: number): Promise<void>;
  /** The bytes left until the end of the stream, read and counted. */
  rest(): Promise<number>;
  close(): Promise<void>;
}

/**
 * `key`'s object in the pack `file` streaming in as `body`, checked against its checksum. The pack
 * must be whole: its length is checked against `length` (the response's Content-Length) when it is
 * known, or by reading the stream to its end when it is not. Throws PackError naming the file.
 */
export async function readPackObject(body: ReadableStream<Uint8Array>, key: string, file: string, length: number | null): Promise<PackRead> {
  const source = chunkSource(body.getReader(), file);
  try {
    const prefix = await source.fill(new Uint8Array(PACK_PREFIX));
    const headLength = indexLength(prefix, file);
    const index = decodeIndex(await source.fill(new Uint8Array(headLength)), file);
    const whole = packLength(index, headLength);
    if (length !== null && length !== whole) throw new PackError(file, `it is ${length} bytes, its index says ${whole}`);
    const i = findKey(index, key);
    let object: Uint8Array | null = null;
    if (i >= 0) {
      await source.skip(index.offsets[i]!);
      object = checkObject(index, i, await source.fill(new Uint8Array(index.lengths[i]!)), file);
    }
    if (length === null) {
      const read = PACK_PREFIX + headLength + (i < 0 ? 0 : index.offsets[i]! + index.lengths[i]!);
      const rest = await source.rest();
      if (read + rest !== whole) throw new PackError(file, `it is ${read + rest} bytes, its index says ${whole}`);
    }
    return { index, object };
  } finally {
    await source.close();
  }
}

const cutShort = (file: string) => new PackError(file, 'it ends before the object read from it');

function chunkSource(reader: ReadableStreamDefaultReader<Uint8Array>, file: string): Source {
  let chunk: Uint8Array = new Uint8Array(0);
  let ended = false;
  const next = async () => {
    const { value, done } = await reader.read();
    if (done) ended = true;
    chunk = value ?? new Uint8Array(0);
  };
  return {
    async fill(target) {
      for (let filled = 0; filled < target.byteLength; ) {
        if (chunk.byteLength === 0) await next();
        if (ended) throw cutShort(file);
        const n = Math.min(chunk.byteLength, target.byteLength - filled);
        target.set(chunk.subarray(0, n), filled);
        chunk = chunk.subarray(n);
        filled += n;
      }
      return target;
    },
    async skip(n) {
      for (let passed = 0; passed < n; ) {
        if (chunk.byteLength === 0) await next();
        if (ended) throw cutShort(file);
        const k = Math.min(chunk.byteLength, n - passed);
        chunk = chunk.subarray(k);
        passed += k;
      }
    },
    async rest() {
      let passed = chunk.byteLength;
      for (;;) {
        await next();
        if (ended) return passed;
        passed += chunk.byteLength;
      }
    },
    close: () => reader.cancel().catch(() => undefined),
  };
}
