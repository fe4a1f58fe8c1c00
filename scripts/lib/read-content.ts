import { type Dirent, existsSync, readdirSync, readlinkSync, realpathSync, statSync } from 'node:fs';
import { dirname, relative, resolve, sep } from 'node:path';
import type { Diagnostic } from '../../src/content/diagnostics';

const ARTICLE = /\.(md|txt)$/;

/** A content file to compile: its path as diagnostics name it (relative to the root), where it is, and its name. */
export interface ContentEntry {
  path: string;
  absolute: string;
  /** Its name in the folder, which the citation record names it by. */
  name: string;
}

/**
 * The content files of `dir` (relative to `root`), not read yet, and a word about every entry that is not one:
 * a file in a subfolder, of another kind, or behind a symlink that leads out of the folder is not
 * compiled, and is reported rather than passed over. Dotfiles (.DS_Store, .gitkeep, editors'
 * swap files) are ignored without a word, as are the files `known` names (the citation record).
 */
export function readContent(
  root: string,
  dir: string,
  known: (name: string) => boolean = () => false,
): { files: ContentEntry[]; warnings: Diagnostic[]; errors: Diagnostic[] } {
  const top = resolve(root, dir);
  const realTop = realpathSync(top);
  const files: ContentEntry[] = [];
  const warnings: Diagnostic[] = [];
  const errors: Diagnostic[] = [];
  const name = (path: string) => relative(root, path).split(sep).join('/');
  // A file of the folder itself is named by string: path.relative for each of 10,000 files took 40 ms.
  const inTop = name(top);
  const nameInTop = (entry: string) => (inTop === '' ? entry : `${inTop}/${entry}`);
  const skip = (path: string, why: string) => warnings.push({ file: name(path), line: 1, message: `not compiled: ${why}` });

  const visit = (entry: Dirent, at: string, nested: boolean) => {
    // By string, as join gives it for a folder's entry (join normalizing each of 10,000 paths took 15 ms).
    const path = at.endsWith(sep) ? `${at}${entry.name}` : `${at}${sep}${entry.name}`;
    if (entry.name.startsWith('.') || (!nested && known(entry.name))) return;
    if (entry.isDirectory()) {
      for (const inner of entries(path)) visit(inner, path, true);
      return;
    }
    if (nested) return skip(path, 'files in subfolders of content/ are not read; move it into content/');
    if (entry.isSymbolicLink()) {
      // Lexically, so that a link into a folder that moves with the content is judged the same.
      const target = resolve(dirname(path), readlinkSync(path));
      if (!target.startsWith(`${top}${sep}`) || (existsSync(target) && !realpathSync(target).startsWith(`${realTop}${sep}`))) {
        errors.push({ file: name(path), line: 1, message: `symlink leads out of content/ (to ${name(target)}): copy the file into content/ instead` });
        return;
      }
      if (!existsSync(target)) {
        errors.push({ file: name(path), line: 1, message: `symlink to ${name(target)}, which does not exist` });
        return;
      }
      if (!statSync(target).isFile()) return skip(path, 'a symlink to a folder');
    } else if (!entry.isFile()) return skip(path, 'not a regular file');
    if (!ARTICLE.test(entry.name)) return skip(path, 'articles are .md (Markdown) or .txt (plain-text export) files');
    files.push({ path: nameInTop(entry.name), absolute: path, name: entry.name });
  };
  for (const entry of entries(top)) visit(entry, top, false);
  return { files, warnings, errors };
}

function entries(dir: string): Dirent[] {
  return readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1));
}
