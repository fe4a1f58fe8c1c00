// The Worker: the content compiled ahead of serving (src/generated, see scripts/compile-content.ts)
// published as feeds and pages. The request path only looks up and sends.
import { content } from './generated/content';
import { createApp } from './http/app';

export default createApp({ content });
