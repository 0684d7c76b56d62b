import { describe, expect, it } from 'vitest';
import { ignoreMatcher, matchesGlob } from '../../src/analysis/glob.js';

/** The cases of gitignore's documentation (PATTERN FORMAT and EXAMPLES), paths relative to the ignore file's directory. */
describe('ignore patterns follow gitignore', () => {
  const cases: [string[], string, boolean][] = [
    // a blank line and a comment match nothing; `\#` matches a leading hash
    [['', '# comment'], '# comment', false],
    [['\\#file.py'], '#file.py', true],
    // trailing spaces are ignored unless escaped
    [['trail.py   '], 'trail.py', true],
    [['space\\ '], 'space ', true],
    // `!` re-includes what an earlier pattern excluded; `\!` matches a leading `!`
    [['*.py', '!keep.py'], 'keep.py', false],
    [['*.py', '!keep.py'], 'drop.py', true],
    [['\\!important!.txt'], '!important!.txt', true],
    // a file cannot be re-included when a parent directory is excluded
    [['build/', '!build/keep.py'], 'build/keep.py', true],
    // a separator at the start or in the middle anchors the pattern to the ignore file's directory
    [['/debug.log'], 'debug.log', true],
    [['/debug.log'], 'logs/debug.log', false],
    [['doc/frotz/'], 'doc/frotz/a.py', true],
    [['doc/frotz/'], 'a/doc/frotz/a.py', false],
    // without one it matches at any level
    [['frotz/'], 'a/frotz/b.py', true],
    [['debug.log'], 'logs/debug.log', true],
    // a trailing separator matches directories only
    [['out/'], 'out', false],
    [['out/'], 'out/x.py', true],
    // `*` does not cross a separator; `doc/*.txt` is anchored
    [['doc/*.txt'], 'doc/notes.txt', true],
    [['doc/*.txt'], 'doc/server/arch.txt', false],
    [['*.min.js'], 'dist/a/app.min.js', true],
    // `?` is one character other than `/`; ranges
    [['file?.py'], 'file1.py', true],
    [['file?.py'], 'file10.py', false],
    [['file[0-9].py'], 'file7.py', true],
    [['file[!0-9].py'], 'filex.py', true],
    // leading `**/` matches in all directories; trailing `/**` everything inside; `/**/` zero or more directories
    [['**/foo'], 'foo', true],
    [['**/foo'], 'a/b/foo', true],
    [['**/foo/bar'], 'x/foo/bar', true],
    [['abc/**'], 'abc/d/e.py', true],
    [['abc/**'], 'x/abc/d.py', false],
    [['a/**/b'], 'a/b', true],
    [['a/**/b'], 'a/x/y/b', true],
    [['a/**/b'], 'c/a/x/b', false],
    // the last matching pattern wins
    [['!a.py', 'a.py'], 'a.py', true],
  ];
  it.each(cases)('%j on %j -> %s', (patterns, file, ignored) => {
    expect(matchesGlob(file, patterns)).toBe(ignored);
    expect(ignoreMatcher(patterns)(file)).toBe(ignored);
  });

  it('never matches paths outside the base directory, and accepts ./ and backslashes', () => {
    expect(matchesGlob('../x.py', ['*.py'])).toBe(false);
    expect(matchesGlob('./src/x.py', ['src/'])).toBe(true);
    expect(matchesGlob('src/x.py', ['src\\x.py'])).toBe(false); // a backslash escapes the next character, as in gitignore
    expect(matchesGlob('vendor/a.js', [])).toBe(false);
  });
});
