import { translateRe2 } from '../../../validate/schema/re2';

/** The translated expression, compiled as the schema validator compiles it. */
function re(pattern: string): RegExp {
  const t = translateRe2(pattern);
  if (!t.ok) throw new Error(`untranslatable: ${t.reason}`);
  return new RegExp(t.source, 'u');
}

describe('Go RE2 patterns translated to JavaScript', () => {
  test.each([
    // [pattern, matching, not matching]
    ['^(?i)(abort|warn)?$', ['Abort', 'WARN', ''], ['stop', 'abortx']],
    ['(?i:ab)c', ['ABc', 'aBc'], ['abC']],
    ['^(?i)a(?-i)b$', ['Ab'], ['AB']],
    ['^[[:alpha:]][[:alnum:]_-]*$', ['a1_-', 'Zed'], ['1a', 'a.b']],
    ['^[[:^digit:]]+$', ['abc'], ['a1']],
    ['^[^[:space:]]+$', ['a-b'], ['a b', 'a\tb']],
    ['^[[:upper:][:digit:]]+$', ['A1'], ['a1']],
    ['(?i)^[[:lower:]]+$', ['ABC'], ['A1']],
    ['^abc\\z', ['abc'], ['abc\n']],
    ['\\Aabc', ['abcd'], ['xabc']],
    ['^\\Qa.b*c\\E$', ['a.b*c'], ['aXbbc']],
    ['^\\Q[x]', ['[x]'], ['x']],
    ['^a.b$', ['a-b'], ['a\nb']],
    ['(?s)^a.b$', ['a\nb'], []],
    ['(?m)^b$', ['a\nb\nc'], ['abc']],
    ['^\\s$', [' ', '\t'], ['\v', '\u00a0']],
    ['^\\S+$', ['\u00a0x'], ['a b']],
    ['^\\d+$', ['42'], ['٤٢']],
    ['^a{,2}$', ['a{,2}'], ['aa']],
    ['^a{2}$', ['aa'], ['a']],
    ['^x{1,}$', ['xxx'], ['']],
    ['^\\#\\:\\@\\-\\~$', ['#:@-~'], []],
    ['^(?P<major>\\d+)\\.(?P<minor>\\d+)$', ['1.34'], ['1']],
    ['^\\pL+$', ['Ωmega'], ['a1']],
    ['^\\p{Greek}+$', ['Ωμ'], ['om']],
    ['^\\PN+$', ['ab'], ['a1']],
    ['^\\x41\\x{263a}$', ['A☺'], ['B☺']],
    ['^[\\w.-]+$', ['a.b-c_d'], ['a/b']],
    ['^\\.\\*$', ['.*'], ['ab']],
    ['(?U)^a+?$', ['aaa'], []],
    ['^[a-]+$', ['a-a'], ['b']],
    ['^[]a]+$', [']a'], ['b']],
  ])('%s', (pattern, yes, no) => {
    const r = re(pattern);
    for (const s of yes) expect([s, r.test(s)]).toEqual([s, true]);
    for (const s of no) expect([s, r.test(s)]).toEqual([s, false]);
  });

  test.each([
    ['(?=a)b', 'lookaround (?=a is not RE2'],
    ['(a)\\1', 'backreference \\1 is not RE2'],
    ['a\\C', '\\C (any byte) has no JavaScript equivalent'],
    ['[[:nope:]]', 'unknown POSIX class [:nope:]'],
    ['(a', 'missing closing )'],
    ['[a', 'missing closing ]'],
  ])('%s has no translation: %s', (pattern, reason) => {
    expect(translateRe2(pattern)).toEqual({ ok: false, reason });
  });
});
