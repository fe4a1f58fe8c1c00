// The Worker: the archive compiled ahead of serving (generated/, see scripts/compile-content.ts)
// published as feeds and pages. The request path only looks up, reads the store, and sends.
import { manifest } from '../generated/content';
import { createApp } from './http/app';

export default createApp({ manifest });
