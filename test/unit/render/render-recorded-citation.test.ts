import { describe, expect, it } from 'vitest';
import { archiveUrl, citationJson, relatedUrl, renderCitationHtml, renderSourcesHtml, renderSourcesText } from '../../../src/render/render-citation';
import { FSI, LRI, makeTweet, PDI } from '../../support/make-tweet';

// A tweet completed from the citation record (content/citations.json): its own link, its exact
// time, and the archived capture that was found.

const AR = { lang: 'ar', dir: 'rtl' } as const;
const STATUS = 'https://twitter.com/Hanzpal2/status/1484512536723865377';
const CAPTURE = `https://web.archive.org/web/20220121140000/${STATUS}`;
const recorded = () =>
  makeTweet({
    text: 'الهجوم استمر ساعات pic.twitter.com/sRFnMHOkDB',
    authorName: 'Hanzala',
    handle: 'Hanzpal2',
    media: ['https://t.co/sRFnMHOkDB'],
    lang: 'ar',
    dir: 'rtl',
    statusUrl: STATUS,
    time: '2022-01-21T13:05:44.321Z',
    archiveUrl: CAPTURE,
  });

describe('a citation completed from the record', () => {
  it('links the tweet, gives its exact time, and links the capture', () => {
    expect(renderCitationHtml(recorded(), 2, AR)).toBe(
      `<blockquote cite="${STATUS}" lang="ar" dir="rtl" id="cite-2"><p>` +
        'الهجوم استمر ساعات <a href="https://t.co/sRFnMHOkDB">pic.twitter.com/sRFnMHOkDB</a>' +
        '</p><footer lang="ar" dir="rtl"><a href="#source-2">[2]</a> — ' +
        `${FSI}Hanzala${PDI} <a href="https://twitter.com/Hanzpal2">${LRI}@Hanzpal2${PDI}</a>` +
        ' · <time datetime="2022-01-21T13:05:44.321Z">21 يناير 2022</time>' +
        ` · <a href="${STATUS}">عرض التغريدة</a>` +
        ` · <a href="${CAPTURE}">نسخة مؤرشفة</a>` +
        '</footer></blockquote>',
    );
    expect(renderSourcesHtml([recorded()], AR)).toContain(` · <a href="${STATUS}">عرض التغريدة</a> · <a href="${CAPTURE}">نسخة مؤرشفة</a> <a href="#cite-1"`);
    expect(renderSourcesText([recorded()], AR)).toBe(`المصادر\n1. ${FSI}Hanzala${PDI} (${LRI}@Hanzpal2${PDI}) — 21 يناير 2022 — ${STATUS} — ${CAPTURE}`);
  });

  it('carries the status, time and capture in Atom and JSON Feed', () => {
    expect(relatedUrl(recorded())).toBe(STATUS);
    expect(citationJson(recorded())).toMatchObject({ status_url: STATUS, time: '2022-01-21T13:05:44.321Z', archive_url: CAPTURE });
  });

  it('links the archive by year when no capture was found', () => {
    const { archiveUrl: _, ...without } = recorded();
    expect(archiveUrl(without)).toBe(`https://web.archive.org/web/2022/${STATUS}`);
  });
});
