/** What a validation pattern proves about the value it matched whole. */
import { describe, expect, it } from 'vitest';
import { capturedPattern, patternSanitizers, removalSanitizers } from '../../src/analysis/patterns.js';

describe('patternSanitizers', () => {
  it('an anchored sequence of identifier classes is an identifier, a shell word and, without `.`, one path component', () => {
    expect(patternSanitizers('^[A-Za-z_][A-Za-z0-9_]{0,127}$', 'search')).toEqual(['sql-identifier', 'shell-quoted', 'path-basename']);
    expect(patternSanitizers('\\A[\\w-]+\\Z', 'match')).toEqual(['sql-identifier', 'shell-quoted', 'path-basename']);
    expect(patternSanitizers('[a-z0-9_]+', 'fullmatch')).toEqual(['sql-identifier', 'shell-quoted', 'path-basename']);
    // with `.`: no separator still, so a part of a file name (`..` can match, so not a path component of its own)
    expect(patternSanitizers('^[a-z0-9_.-]+$', 'search')).toEqual(['sql-identifier', 'shell-quoted', 'path-segment']);
    expect(patternSanitizers('^v\\d+$', 'search')).toEqual(['sql-identifier', 'shell-quoted', 'path-basename']);
  });

  it('groups, alternatives inside them and escaped `.`, `-`, `_` admit what their characters admit', () => {
    // deepagents' check of a temporary file's suffix: empty or `.` and a short extension
    expect(patternSanitizers('(?:\\.[A-Za-z0-9][A-Za-z0-9._-]{0,31})?', 'fullmatch')).toEqual(['sql-identifier', 'shell-quoted', 'path-segment']);
    // (it starts with a character that is never `.`: no match is `..`)
    expect(patternSanitizers('^[a-zA-Z0-9_-]+(\\.[a-zA-Z0-9_-]+){2,}$', 'search')).toEqual(['sql-identifier', 'shell-quoted', 'path-basename']);
    expect(patternSanitizers('^(a|b)$', 'search')).toEqual(['sql-identifier', 'shell-quoted', 'path-basename']);
    expect(patternSanitizers('^(?:v\\d+|latest)$', 'search')).toEqual(['sql-identifier', 'shell-quoted', 'path-basename']);
    // a whole match holds an alternation whole
    expect(patternSanitizers('[a-z]+|[0-9]+', 'fullmatch')).toEqual(['sql-identifier', 'shell-quoted', 'path-basename']);
  });

  it('a class of digits, operators, parentheses, `.` and spaces is arithmetic, the digits written as `0-9`, `\\d` or one by one; a class missing a digit or with a letter is not', () => {
    expect(patternSanitizers('^[0-9+\\-*/(). ]+$', 'search')).toEqual(['arithmetic']);
    expect(patternSanitizers('^[\\d+\\-*/(). ]+$', 'search')).toEqual(['arithmetic']);
    expect(patternSanitizers('^[0123456789+\\-*/(). ]+$', 'search')).toEqual(['arithmetic']);
    expect(patternSanitizers('^[012345678+\\-*/(). ]+$', 'search')).not.toContain('arithmetic');
    expect(patternSanitizers('^[0123456789+\\-*/(). x]+$', 'search')).not.toContain('arithmetic');
  });

  it('unanchored, open-ended, negated or wider patterns prove nothing', () => {
    // JS `test` and Python `search` find the pattern anywhere; `match` anchors only the start
    expect(patternSanitizers('[a-z_]+', 'search')).toEqual([]);
    expect(patternSanitizers('^[a-z_]+', 'search')).toEqual([]);
    expect(patternSanitizers('[a-z_]+', 'match')).toEqual([]);
    expect(patternSanitizers('^[^;]+$', 'search')).toEqual([]);
    expect(patternSanitizers("^[A-Za-z_ ;'-]+$", 'search')).toEqual([]);
    expect(patternSanitizers('^.+$', 'search')).toEqual([]);
    expect(patternSanitizers('^[\\s\\w]+$', 'search')).toEqual([]);
    expect(patternSanitizers('^[!-~]+$', 'search')).toEqual([]);
    // an alternation outside a group splits the anchors: `^a|b$` is `^a` (then anything) or (anything then) `b$`
    expect(patternSanitizers('^a|b$', 'search')).toEqual([]);
    expect(patternSanitizers('^[a-z]+|[0-9]+$', 'match')).toEqual([]);
    // lookarounds, unbalanced groups and escapes of other characters
    expect(patternSanitizers('^(?=a)[a-z;]+$', 'search')).toEqual([]);
    expect(patternSanitizers('^(?!\.)[a-z]+$', 'search')).toEqual([]);
    expect(patternSanitizers('^(a$', 'search')).toEqual([]);
    expect(patternSanitizers('^a)$', 'search')).toEqual([]);
    expect(patternSanitizers('^[a-z]+\/[a-z]+$', 'search')).toEqual([]);
    expect(patternSanitizers('^[a-z]+\\$', 'search')).toEqual([]);
  });
});

describe('removalSanitizers', () => {
  it('removing everything outside a class without `.`, `/` or `\\` leaves one path component; without whitespace either, a plain word', () => {
    expect(removalSanitizers('[^a-zA-Z0-9_-]', '')).toEqual(['path-basename', 'sql-identifier', 'shell-quoted']);
    expect(removalSanitizers('[^\\w\\s-]', '')).toEqual(['path-basename']);
    expect(removalSanitizers('[^\\w-]+', '_')).toEqual(['path-basename', 'sql-identifier', 'shell-quoted']);
  });

  it('removing `$`, backquotes, `"` and `\\` leaves text inert between double quotes of a shell line; a class body may escape its brackets', () => {
    expect(removalSanitizers('[.:\\[\\]\\s$\'"`\\\\]', '_')).toEqual(['dquote-inert']);
    expect(removalSanitizers('[$`"\\\\/.]', '')).toEqual(['dquote-inert', 'path-basename']);
    // one of the four kept, or put back by the replacement
    expect(removalSanitizers('[$`"]', '')).toEqual([]);
    expect(removalSanitizers('[$`"\\\\]', '$')).toEqual([]);
  });

  it('a class that keeps a separator or a dot, a replacement that puts one back, or another pattern proves nothing', () => {
    expect(removalSanitizers('[^A-Za-z0-9_./-]', '')).toEqual([]);
    expect(removalSanitizers('[^\\w\\W]', '')).toEqual([]);
    expect(removalSanitizers('[^\\w-]', '/')).toEqual([]);
    expect(removalSanitizers('[,-0]', '')).toEqual([]);
    expect(removalSanitizers('\\.\\.', '')).toEqual([]);
  });
});

describe('capturedPattern', () => {
  it('finds a group by its number (opening parentheses counted, non-capturing ones skipped) or its name', () => {
    expect(capturedPattern('name\\s*=\\s*["\']([a-zA-Z0-9_-]+)["\']', 1)).toBe('[a-zA-Z0-9_-]+');
    expect(capturedPattern('(?:x|y)(a(b+))(c)', 1)).toBe('a(b+)');
    expect(capturedPattern('(?:x|y)(a(b+))(c)', 2)).toBe('b+');
    expect(capturedPattern('(?:x|y)(a(b+))(c)', 3)).toBe('c');
    expect(capturedPattern('(?P<name>[\\w-]+)@(?<host>[a-z.]+)', 'name')).toBe('[\\w-]+');
    expect(capturedPattern('(?P<name>[\\w-]+)@(?<host>[a-z.]+)', 2)).toBe('[a-z.]+');
  });

  it('is not fooled by escaped parentheses or parentheses in a class, and gives nothing for a missing group or an unclosed pattern', () => {
    expect(capturedPattern('\\((\\d+)\\)', 1)).toBe('\\d+');
    expect(capturedPattern('[(]([^)]+)[)]', 1)).toBe('[^)]+');
    expect(capturedPattern('(a)', 2)).toBeUndefined();
    expect(capturedPattern('(a', 1)).toBeUndefined();
    expect(capturedPattern('([a', 1)).toBeUndefined();
  });

  it('with patternSanitizers, says what the group can hold: plain characters, or anything', () => {
    expect(patternSanitizers(capturedPattern('name="([\\w-]+)"', 1)!, 'fullmatch')).toEqual(['sql-identifier', 'shell-quoted', 'path-basename']);
    expect(patternSanitizers(capturedPattern('path="([^"]+)"', 1)!, 'fullmatch')).toEqual([]);
  });
});

describe('patternSanitizers: named groups and names that are never all dots', () => {
  it('a named group is a group; with `.` admitted, a character outside the groups that is never `.` keeps every match from being `.` or `..`', () => {
    // screenshot-to-code's report names: `^prompt_report_(?P<date>\d{8})_..._(?P<model>[A-Za-z0-9.-]+)\.json$`
    expect(patternSanitizers('^prompt_report_(?P<date>\\d{8})_(?P<model>[A-Za-z0-9.-]+)\\.json$', 'match')).toEqual(['sql-identifier', 'shell-quoted', 'path-basename']);
    expect(patternSanitizers('^(?<name>[a-z]+)\\.json$', 'search')).toEqual(['sql-identifier', 'shell-quoted', 'path-basename']);
    expect(patternSanitizers('^[a-z0-9][a-z0-9.-]*$', 'search')).toEqual(['sql-identifier', 'shell-quoted', 'path-basename']);
    // every required character may be `.`, only a group or an optional one holds the others, or an alternative leaves them out
    expect(patternSanitizers('^[a-z0-9.-]+$', 'search')).toEqual(['sql-identifier', 'shell-quoted', 'path-segment']);
    expect(patternSanitizers('^(?P<name>[a-z]+)?[.]+$', 'search')).toEqual(['sql-identifier', 'shell-quoted', 'path-segment']);
    expect(patternSanitizers('^[a-z]?[a-z.]+$', 'search')).toEqual(['sql-identifier', 'shell-quoted', 'path-segment']);
    expect(patternSanitizers('[a-z]+|[.]+', 'fullmatch')).toEqual(['sql-identifier', 'shell-quoted', 'path-segment']);
    // lookbehinds and other `(?` forms still prove nothing
    expect(patternSanitizers('^(?<=a)[a-z]+$', 'search')).toEqual([]);
  });
});
