// Strings beyond ASCII against gdb: in a UTF-8 locale gdb decodes them (printable characters as
// they are, other bytes escaped, `<incomplete sequence ...>` at a cut-off end); in the C locale
// every byte beyond ASCII is an octal escape. rdb follows the locale it runs in the same way.
// Wide characters: code points the host cannot show are escaped, octal to 0xff, hex beyond.
import { strict as assert } from 'assert';
import { localeIsUtf8 } from '../../src/expr';
import { describeOracle, useLocale, type Scenario } from '../helpers/oracle';

const commands = ['p word', 'p badbyte', 'p cut', 'p cutafter', 'p controls', 'p runs', 'p badruns', 'p emoji', 'p surrogate', 'p overlong', 'p bytes', 'p euro2', 'p greeting',
  'x/s word', 'x/2s cut', 'output word', 'p/x controls', 'p/c word', 'p word[1]', 'break count', 'run', 'bt', 'info args', 'p *s@4', 'p s[2]', 'finish',
  'set print elements 4', 'p runs', 'p controls', 'x/s controls', 'p greeting', 'set print elements 200', 'set print repeats 3', 'p runs', 'p word'];

const wide = ['p w1', 'p w2', 'p wc', 'p we', 'p wz', 'p wbig', 'p wbad', 'p wneg', 'p c16', 'p c32', 'p h', 'p H', 'p wp', 'p wn', 'p wempty', 'p/x wc', 'p/c wc', 'p/d w1', 'ptype w1', 'whatis w1',
  'whatis wc', 'p sizeof(wc)', 'p wc + 1', 'p *wp', 'output wc', 'p &w1', 'p *w1@3', 'break width', 'run', 'bt', 'p s', 'p s[1]', 'finish', 'set print elements 3', 'p w1', 'p wp', 'p w2', 'set print repeats 2', 'p c16'];

const scenarios: Scenario[] = [
  { name: 'strings, arrays, x/s, frame arguments and limits with bytes beyond ASCII', fixture: 'charset', relative: true, commands },
  { name: 'wide characters and strings (wchar_t, char16_t, char32_t): scalars, arrays, pointers, frame arguments, limits', fixture: 'widechars', relative: true, commands: wide },
];

describe('rdb matches gdb on strings beyond ASCII in a UTF-8 locale', () => {
  useLocale('C.UTF-8');
  describeOracle('C.UTF-8', scenarios);
});

describe('rdb matches gdb on strings beyond ASCII in the C locale', () => {
  describeOracle('C', scenarios);
});

describe('the host charset follows the environment\'s locale', () => {
  const none = (): string[] => [];
  it('takes LC_ALL, then LC_CTYPE, then LANG, and a UTF-8 locale only where it exists', () => {
    assert.equal(localeIsUtf8({ LANG: 'C.UTF-8' }, none), true);
    assert.equal(localeIsUtf8({ LC_ALL: 'C', LANG: 'C.UTF-8' }, none), false);
    assert.equal(localeIsUtf8({ LC_CTYPE: 'C.utf8', LANG: 'C' }, none), true);
    assert.equal(localeIsUtf8({}, none), false);
    assert.equal(localeIsUtf8({ LANG: 'en_US.UTF-8' }, none), false);
    assert.equal(localeIsUtf8({ LANG: 'en_US.UTF-8' }, () => ['C', 'en_US.utf8']), true);
    assert.equal(localeIsUtf8({ LANG: 'en_US.ISO-8859-1' }, () => ['en_US.iso88591']), false);
  });
});
