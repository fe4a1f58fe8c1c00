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

/**
 * `key`'s object in the pack `file` streaming in as `body`, checked against its checksum. The pack
 * must be whole: its length is checked against `length` (the response's Content-Length) when it is
 * known, or by reading the stream to its end when it is not. Throws PackError naming the file.
 */
export async function readPackObject(body: ReadableStream<Uint8Array>, key: string, file: string, length: number | null): Promise<PackRead> {
  const source = byteReader(body.getReader(), file);
  try {
    const prefix = await source.read(PACK_PREFIX);
    const headLength = indexLength(prefix, file);
    const index = decodeIndex(await source.read(headLength), file);
    const whole = packLength(index, headLength);
    if (length !== null && length !== whole) throw new PackError(file, `it is ${length} bytes, its index says ${whole}`);
    const i = findKey(index, key);
    let object: Uint8Array | null = null;
    if (i >= 0) {
      await source.skip(index.offsets[i]!);
      object = checkObject(index, i, await source.read(index.lengths[i]!), file);
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

/** A stream's bytes in order, chunk by chunk; `file` names the stream in errors. */
function byteReader(reader: ReadableStreamDefaultReader<Uint8Array>, file: string) {
  let chunk: Uint8Array = new Uint8Array(0);
  let ended = false;
  const next = async () => {
    const { value, done } = await reader.read();
    if (done) ended = true;
    chunk = value ?? new Uint8Array(0);
  };
  /** Passes the next `n` bytes, copied into `into` when there is one. */
  const pass = async (n: number, into?: Uint8Array) => {
    for (let passed = 0; passed < n; ) {
      if (chunk.byteLength === 0) await next();
      if (ended) throw cutShort(file);
      const k = Math.min(chunk.byteLength, n - passed);
      into?.set(chunk.subarray(0, k), passed);
      chunk = chunk.subarray(k);
      passed += k;
    }
  };
  return {
    /** The next `n` bytes, in a buffer of their own. */
    async read(n: number): Promise<Uint8Array> {
      const bytes = new Uint8Array(n);
      await pass(n, bytes);
      return bytes;
    },
    skip: (n: number): Promise<void> => pass(n),
    /** How many bytes are left until the end of the stream, read and counted. */
    async rest(): Promise<number> {
      let left = chunk.byteLength;
      for (;;) {
        await next();
        if (ended) return left;
        left += chunk.byteLength;
      }
    },
    close: () => reader.cancel().catch(() => undefined),
  };
}
