// Own month tables rather than Intl: ICU releases have changed Arabic's default digits, and the
// same content must give byte-identical output in Node, in local workerd and on Cloudflare.
const MONTHS = {
  en: ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'],
  ar: ['يناير', 'فبراير', 'مارس', 'أبريل', 'مايو', 'يونيو', 'يوليو', 'أغسطس', 'سبتمبر', 'أكتوبر', 'نوفمبر', 'ديسمبر'],
};

/** 'ar' or 'en' when `lang` is one of the languages nashra has words for, else null. */
export function labelLanguage(lang: string): 'ar' | 'en' | null {
  const base = lang.slice(0, 3).toLowerCase();
  return base === 'ar' || base === 'ar-' ? 'ar' : base === 'en' || base === 'en-' ? 'en' : null;
}

/**
 * A date (YYYY-MM-DD, or an RFC 3339 instant, taken in UTC) written out in `lang`: Arabic and
 * English have month names, other languages get the ISO date.
 */
export function formatDate(date: string, lang: string): string {
  const key = `${date.slice(0, 10)} ${lang}`;
  let written = formatted.get(key);
  if (written === undefined) formatted.set(key, (written = format(date.slice(0, 10), lang)));
  return written;
}

// Content has few distinct dates and each is written several times (citation, sources, text).
const formatted = new Map<string, string>();

function format(date: string, lang: string): string {
  const language = labelLanguage(lang);
  const [year, month, day] = date.split('-');
  const name = language && MONTHS[language][Number(month) - 1];
  if (!language || !name || !year || !day) return date;
  return language === 'ar' ? `${Number(day)} ${name} ${year}` : `${name} ${Number(day)}, ${year}`;
}
