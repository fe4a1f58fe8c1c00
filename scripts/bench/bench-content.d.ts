// The synthetic content of a render bench, a JSON module esbuild puts in place (scripts/bench.ts).
declare module 'nashra-bench-content' {
  const content: unknown;
  export default content;
}
