// Tells workers-types what the main module exports (what `wrangler types` would generate), so
// `exports.default` from cloudflare:workers is typed in the Worker's tests.
declare namespace Cloudflare {
  interface GlobalProps {
    mainModule: typeof import('./index');
  }
  type Bindings = import('./config').Bindings;
  interface Env extends Bindings {}
}
