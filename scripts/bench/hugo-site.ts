// The Hugo site the scale benchmark (scripts/bench/scale.ts) builds beside nashra, over the same
// content files: every article page, the home page, the tags page and each tag's page, each list
// paginated by 50 as nashra's are, and an RSS feed for the home page and every tag (Hugo's own RSS
// template, all items). Minimal layouts: the point is Hugo's build time, not its looks.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const CONFIG = (contentDir: string) => `baseURL = "https://nashra.example.com/"
languageCode = "ar"
title = "نشرة"
contentDir = ${JSON.stringify(contentDir)}
paginate = 50
disableKinds = ["sitemap", "robotsTXT", "404"]

[taxonomies]
tag = "tags"

[outputs]
home = ["HTML", "RSS"]
section = ["HTML", "RSS"]
taxonomy = ["HTML", "RSS"]
term = ["HTML", "RSS"]
`;

const LAYOUTS: Record<string, string> = {
  'baseof.html': `<!doctype html>
<html lang="ar" dir="rtl">
<head><meta charset="utf-8"><title>{{ .Title }}</title>{{ range .AlternativeOutputFormats }}<link rel="{{ .Rel }}" type="{{ .MediaType.Type }}" href="{{ .Permalink }}">{{ end }}</head>
<body>{{ block "main" . }}{{ end }}</body>
</html>
`,
  'single.html': `{{ define "main" }}<article><h1>{{ .Title }}</h1><time datetime="{{ .Date.Format "2006-01-02T15:04:05Z07:00" }}">{{ .Date.Format "2006-01-02" }}</time>
{{ .Content }}
<ul>{{ range .GetTerms "tags" }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>{{ end }}</ul></article>{{ end }}
`,
  'list.html': `{{ define "main" }}<h1>{{ .Title }}</h1>
{{ $pager := .Paginate .Pages }}<ul>{{ range $pager.Pages }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a> <time>{{ .Date.Format "2006-01-02" }}</time></li>{{ end }}</ul>
{{ with $pager.Prev }}<a rel="prev" href="{{ .URL }}">السابق</a>{{ end }} {{ with $pager.Next }}<a rel="next" href="{{ .URL }}">التالي</a>{{ end }}{{ end }}
`,
};

/** Writes the site into `dir` (config.toml, layouts/_default/), reading its content from `contentDir`. */
export function writeHugoSite(dir: string, contentDir: string): void {
  mkdirSync(join(dir, 'layouts/_default'), { recursive: true });
  writeFileSync(join(dir, 'config.toml'), CONFIG(contentDir));
  for (const [name, text] of Object.entries(LAYOUTS)) writeFileSync(join(dir, 'layouts/_default', name), text);
}
