// The scale benchmark's content (scripts/bench/scale.ts): n Markdown articles, each the bundled
// article's body (its lines as paragraphs, its three exported tweets included) under another
// title and date, with two tags from a fixed vocabulary. Front matter holds only title, date and
// tags, which nashra and Hugo read alike. The same n always gives the same files, byte for byte.
import { readFileSync } from 'node:fs';
import { tagKey } from '../../src/urls';

const SOURCE = 'content/hasakah-ghwayran-prison-attack.txt';

// Words of a newsroom's tags: places, then topics. Single words, so that a tag's URL is the word.
const WORDS = `سوريا العراق لبنان الأردن فلسطين مصر ليبيا تونس الجزائر المغرب السودان اليمن قطر الكويت البحرين
السعودية الإمارات تركيا إيران الحسكة حلب دمشق حمص حماة إدلب الرقة اللاذقية طرطوس درعا القنيطرة السويداء بغداد الموصل
البصرة أربيل كركوك الأنبار بيروت صيدا صور القاهرة الإسكندرية الخرطوم صنعاء عدن تعز الحديدة الرياض جدة الدوحة أنقرة
إسطنبول طهران غزة القدس نابلس الخليل جنين مأرب بنغازي مصراتة وهران قسنطينة الرباط فاس مراكش نواكشوط مقديشو جيبوتي
اقتصاد سياسة رياضة ثقافة صحة تعليم بيئة مناخ زراعة طاقة نفط غاز كهرباء مياه جفاف فيضانات زلزال حرائق لاجئون نازحون
مخيمات سجون محاكم انتخابات برلمان حكومة رئاسة دستور أحزاب نقابات احتجاجات مظاهرات إضراب فساد قضاء حقوق حريات صحافة
إعلام رقابة إنترنت تكنولوجيا اتصالات فضاء علوم جامعات مدارس مستشفيات أوبئة لقاحات أدوية غذاء أسعار تضخم بطالة رواتب
ضرائب ديون بنوك عملة ذهب بورصة استثمار تجارة صادرات واردات موانئ مطارات طرق قطارات نقل سياحة آثار متاحف مسرح سينما
موسيقى أدب شعر روايات كتب معارض مهرجانات كرة دوري منتخب ملاعب أولمبياد جيش شرطة أمن مخابرات حدود تهريب مخدرات إرهاب
هجمات اغتيالات اشتباكات غارات قصف هدنة مفاوضات اتفاقيات عقوبات دبلوماسية سفارات قمة وساطة مساعدات إغاثة تبرعات منظمات
تحقيقات وثائق تقارير مقابلات آراء تحليلات شباب نساء أطفال عمال فلاحون مهاجرون أقليات قبائل عشائر أكراد تنظيم بلديات`;

/** How many tags the articles draw from. */
export const TAG_COUNT = 200;

/** The tag vocabulary: TAG_COUNT distinct words, each its own URL. */
export const TAGS: readonly string[] = (() => {
  const words = [...new Set(WORDS.split(/\s+/).filter(Boolean))];
  if (words.length < TAG_COUNT || new Set(words.map(tagKey)).size !== words.length) throw new Error('scale-content: the tag vocabulary is short or collides');
  return words.slice(0, TAG_COUNT);
})();

/** A small seeded generator (mulberry32): the same seed, the same numbers, on any machine. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The bundled article's body, one paragraph per non-empty line (the tweets' text and attribution lines included). */
function sourceParagraphs(): string[] {
  const text = readFileSync(SOURCE, 'utf8').replace(/\r\n?/g, '\n');
  const close = text.indexOf('\n---\n', 4);
  return text
    .slice(close + 5)
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.length > 0);
}

export interface ScaleArticle {
  /** The file name in content/: `<slug>.md`. */
  name: string;
  slug: string;
  tags: [string, string];
  /** Its date, RFC 3339 UTC: article i is i hours (and some minutes) after the first. */
  date: string;
  text: string;
}

/** Article i of n: slug `taqrir-000123`, a date that grows with i, two distinct tags. Newest is i = n - 1. */
export function scaleArticles(n: number): ScaleArticle[] {
  const body = sourceParagraphs().join('\n\n');
  const random = seeded(0x5ca1e + n);
  const pick = () => TAGS[Math.floor(random() * TAGS.length)]!;
  const start = Date.UTC(2012, 0, 1);
  const articles: ScaleArticle[] = [];
  for (let i = 0; i < n; i++) {
    const first = pick();
    let second = pick();
    while (second === first) second = pick();
    const minutes = Math.floor(random() * 60);
    const date = new Date(start + i * 3_600_000 + minutes * 60_000).toISOString().replace('.000Z', 'Z');
    const slug = `taqrir-${String(i).padStart(6, '0')}`;
    const title = `${first} و${second}: هجوم على سجن غويران، التقرير ${i + 1}`;
    articles.push({
      name: `${slug}.md`,
      slug,
      tags: [first, second],
      date,
      text: `---\ntitle: "${title}"\ndate: ${date}\ntags: [${first}, ${second}]\n---\n${body}\n`,
    });
  }
  return articles;
}

/** The text of article `a` after its `k`th edit: one paragraph added at the end of its body. */
export function editedText(a: ScaleArticle, k: number): string {
  return `${a.text}\nتحديث رقم ${k}: أضيفت هذه الفقرة بعد النشر.\n`;
}
