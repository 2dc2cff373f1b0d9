/**
 * How redis-server cuts a file into lines and arguments: quotes inside
 * tokens, escapes, a closing quote followed by a character, unbalanced
 * quotes, CR LF, tabs / \v / \f, NUL bytes, very long lines, empty quoted
 * arguments, '#' as an argument, a byte order mark.
 *
 * Left out: bytes that are not UTF-8 — a file reaches the language service
 * as decoded text, so a stray byte is already U+FFFD before we see it.
 */
import { CaseList, type Case } from '../support/cases';

export function tokenizerCases(): Case[] {
  const c = new CaseList('tokenizer');
  const add = (group: string, id: string, text: string) => c.add(group, id, text);

  // quotes inside and around tokens
  add('quotes', 'quote opened inside a token', 'masterauth abc"def"\n');
  add('quotes', 'single quote opened inside a token', "masterauth ab'c d'\n");
  add('quotes', 'two quoted parts in one token', 'masterauth "ab""cd"\n');
  add('quotes', 'double then single', `masterauth "ab"'cd'\n`);
  add('quotes', 'quoted number', 'port "6379"\n');
  add('quotes', 'quote in the middle of a number', 'port 63"79"\n');
  add('quotes', 'quoted part then digits', 'port "63"79\n');
  add('quotes', 'closing quote followed by a letter', 'port "6379"x\n');
  add('quotes', 'closing single quote followed by a letter', "port '6379'x\n");
  add('quotes', 'closing quote followed by a tab', 'port "6379"\t\n');
  add('quotes', 'closing quote followed by \\v', 'port "6379"\v\n');
  add('quotes', 'closing quote followed by \\f and more', 'port "6379"\fx\n');
  add('quotes', 'closing quote followed by a quote', 'masterauth "a""b"\n');
  add('quotes', 'closing quote then another argument', 'masterauth "a" b\n');
  add('quotes', 'unbalanced double quote', 'port "6379\n');
  add('quotes', 'unbalanced single quote', "port '6379\n");
  add('quotes', 'unbalanced quote on line 3', 'port 6379\n\nmasterauth "abc\n');
  add('quotes', 'escaped closing quote leaves it open', 'masterauth "abc\\"\n');
  add('quotes', 'backslash at the end of a quoted string', 'masterauth "abc\\\n');
  add('quotes', 'escaped single quote', "masterauth 'it\\'s'\n");
  add('quotes', 'backslashes in single quotes', "masterauth 'a\\\\b'\n");
  add('quotes', 'a lone double quote', 'masterauth "\n');
  add('quotes', 'a lone single quote', "masterauth '\n");
  add('quotes', 'a single quote inside double quotes', `masterauth "it's"\n`);
  add('quotes', 'single quotes holding double quotes', `masterauth 'say "hi"'\n`);
  add('quotes', 'quoted name', '"port" 6379\n');
  add('quotes', 'quoted name with a blank', '"port " 6379\n');
  add('quotes', 'name glued from quoted parts', 'po"rt" 6379\n');
  add('quotes', 'unbalanced quote in a comment line', '# "unbalanced\nport 6379\n');
  add('quotes', 'unbalanced quote after a valid line', 'port 6379\nmaxmemory "1gb\n');

  // escapes
  add('escapes', '\\xHH in a number', 'port "63\\x37\\x39"\n');
  add('escapes', '\\xHH upper-case hex', 'masterauth "\\x4A\\x4b"\n');
  add('escapes', '\\x with one hex digit', 'port "\\x3"\n');
  add('escapes', '\\x without digits', 'masterauth "\\x"\n');
  add('escapes', '\\x with a non-hex digit', 'masterauth "\\xg1"\n');
  add('escapes', '\\x00 in a password', 'masterauth "a\\x00b"\n');
  add('escapes', '\\x00 in a number', 'port "6379\\x00"\n');
  add('escapes', '\\x20 makes a blank inside a value', 'port "63\\x2079"\n');
  add('escapes', 'known escapes', 'masterauth "\\n\\r\\t\\b\\a\\\\\\""\n');
  add('escapes', 'unknown escape keeps the character', 'port "\\6\\3\\7\\9"\n');
  add('escapes', '\\xHH in single quotes is literal', "port '\\x36379'\n");
  add('escapes', 'escaped newline inside a bool', 'appendonly "y\\es"\n');
  add('escapes', '\\t inside a bool', 'appendonly "yes\\t"\n');
  add('escapes', '\\xHH in a directive name', '"p\\x6frt" 6379\n');

  // line ends and blanks
  add('blanks', 'CRLF line ends', 'port 6379\r\nmaxmemory 1mb\r\n');
  add('blanks', 'CRLF with an error on line 2', 'port 6379\r\nmaxmemory 1xb\r\n');
  add('blanks', 'a bare CR inside a line', 'port 6379\rmaxmemory 1mb\n');
  add('blanks', 'a bare CR before the value', 'port\r6379\n');
  add('blanks', 'a CR only line', '\r\nport 6379\n');
  add('blanks', 'tab between name and value', 'port\t6379\n');
  add('blanks', 'leading tabs and blanks', ' \t port 6379 \t\n');
  add('blanks', '\\v between name and value', 'port\v6379\n');
  add('blanks', 'blank then \\v before the value', 'port \v6379\n');
  add('blanks', '\\v at the start of a line', '\vport 6379\n');
  add('blanks', '\\v before a comment', '\v# comment\n');
  add('blanks', '\\f before a comment', '\f# comment\n');
  add('blanks', '\\f between name and value', 'port\f6379\n');
  add('blanks', 'blank then \\f before the value', 'port \f6379\n');
  add('blanks', 'trailing \\v', 'port 6379\v\n');
  add('blanks', 'trailing blank then \\v', 'port 6379 \v\n');
  add('blanks', 'only \\v on a line', '\v\nport 6379\n');
  add('blanks', 'many blanks between arguments', 'save      900      1\n');
  add('blanks', 'no newline at the end', 'port 6379');
  add('blanks', 'no newline at the end, broken', 'port 6379x');
  add('blanks', 'empty file', '');
  add('blanks', 'only blank lines', '\n\n \t\n\n');
  add('blanks', 'error after many blank lines', '\n\n\n\n\nport x\n');
  add('blanks', 'non-breaking space between name and value', 'port\u00a06379\n');
  add('blanks', 'byte order mark', '\ufeffport 6379\n');
  add('blanks', 'byte order mark before a comment', '\ufeff# comment\nport 6379\n');

  // NUL bytes: fgets stops copying at the NUL, the rest of that chunk is lost
  add('nul', 'NUL after a value glues the next line on', 'port 6379\0junk\nmaxmemory 1mb\n');
  add('nul', 'NUL before a comment line', 'port 6379\0\n# comment\n');
  add('nul', 'NUL at the start of a line', '\0port 6379\nmaxmemory 1mb\n');
  add('nul', 'NUL in a comment', '# a \0 comment\nport 6379\n');
  add('nul', 'NUL in the last line', 'port 6379\nmaxmemory 1mb\0');
  add('nul', 'NUL then a broken line', 'port 6379\0\nport x\n');
  add('nul', 'NUL glues a line that becomes valid', 'maxmemory 1\0\nport 6379\nmaxmemory 2mb\n');
  add('nul', 'NUL after 1024 bytes of a long line', `masterauth ${'a'.repeat(1100)}\0tail\nport 6379\n`);
  add('nul', 'NUL near a chunk boundary', `# ${'c'.repeat(1019)}\0\nport 6379\n`);

  // long lines (fgets reads 1024 bytes at a time and the pieces are joined again)
  add('long', 'a 5000-character password', `masterauth ${'p'.repeat(5000)}\n`);
  add('long', 'a 1 MB comment then a broken line', `# ${'x'.repeat(1 << 20)}\nport x\n`);
  add('long', 'a value across a 1024-byte boundary', `${' '.repeat(1020)}port 6379\n`);
  add('long', 'an error after a 3000-character line', `masterauth ${'p'.repeat(3000)}\nport 99999\n`);
  add('long', 'multi-byte characters across a chunk boundary', `masterauth ${'é'.repeat(700)}\nport 6379\n`);
  add('long', '20000 lines', 'port 6379\n'.repeat(20000));
  add('long', 'an error on line 20000', `${'port 6379\n'.repeat(19999)}port x\n`);

  // empty quoted arguments
  add('empty', 'only "" on a line', '""\n');
  add('empty', "only '' on a line", "''\n");
  add('empty', '"" as the name', '"" 6379\n');
  add('empty', '"" as a number', 'port ""\n');
  add('empty', 'an extra "" after a value', 'port 6379 ""\n');
  add('empty', '"" as a password', 'masterauth ""\n');
  add('empty', 'two empty arguments', 'masterauth "" ""\n');
  add('empty', '"" then a blank line', '""\n\nport 6379\n');

  // '#'
  add('hash', '# as a value', 'masterauth #\n');
  add('hash', 'quoted # as a value', 'masterauth "#"\n');
  add('hash', '# then more words', 'masterauth # x\n');
  add('hash', '# glued to a value', 'port 6379#\n');
  add('hash', '# glued to a password', 'masterauth pass#word\n');
  add('hash', 'commented-out directive', '#port 6379\n');
  add('hash', 'indented comment', '   # comment\n\t#tab comment\nport 6379\n');
  add('hash', 'quoted name starting with #', '"#port" 6379\n');
  add('hash', 'a line of only #', '#\n');
  add('hash', 'inline comment after a bool', 'appendonly yes # keep it\n');
  add('hash', 'inline comment without a blank', 'appendonly yes #keep\n');
  add('hash', 'inline comment after a memory value', 'maxmemory 1gb # cap\n');
  add('hash', 'a hash at the start of an argument', 'masterauth #secret\n');

  // the case of names and values
  add('case', 'upper-case name', 'PORT 6380\n');
  add('case', 'mixed-case name', 'MaxMemory 10mb\n');
  add('case', 'upper-case unit and bool', 'MAXMEMORY 10MB\nAPPENDONLY YES\n');
  add('case', 'non-ASCII look-alike letter in a name', 'p\u043ert 6379\n');
  add('case', 'Kelvin sign in a name', 'dir\u212a .\n');
  add('case', 'dotless i in a name', 'maxmemory-pol\u0131cy noeviction\n');
  add('case', 'German sharp s', 'ma\u00dfmemory 1mb\n');

  // non-ASCII text (UTF-8 in the file)
  add('unicode', 'UTF-8 password', 'masterauth pässwörd\n');
  add('unicode', 'emoji password', 'masterauth "🔑 key"\n');
  add('unicode', 'UTF-8 in a comment', '# café\nport 6379\n');
  add('unicode', 'UTF-8 in a number', 'port ６３７９\n');
  return c.list;
}
