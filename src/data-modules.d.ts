// Data modules (wrangler's default rule for *.bin; vitest.config.ts does the same in Node): the
// rendered bodies' bytes, generated/content.bin.
declare module '*.bin' {
  const data: ArrayBuffer;
  export default data;
}
