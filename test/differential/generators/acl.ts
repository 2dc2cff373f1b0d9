/**
 * rename-command and `user` ACL rules, over the real command table (read
 * from the running binary) and over whatever our catalog claims: every real
 * command renamed and allowed once, every real category, sub-commands, and
 * the rule syntax (passwords, hashes, key and channel patterns, selectors).
 *
 * A case names the commands and categories it relies on (`needs`): while the
 * catalog lacks one of them the case is reported as pending the catalog
 * rather than asserted, and it is asserted as soon as the generated catalog
 * knows it — no change here needed.
 */
import { catalog } from '../../../server/catalog/catalog';
import { CaseList, type Case, type GenContext } from '../support/cases';

const HASH = 'a'.repeat(64);
const SHA_OF_FOO = '2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae';

/** The real commands and categories a text names (those the catalog must know for our verdict to be right). */
function needsOf(words: string[], ctx: GenContext): Case['needs'] {
  const commands: string[] = [];
  const categories: string[] = [];
  const subcommandsOf: string[] = [];
  for (const w of words.flatMap((x) => x.replace(/^"?\(|\)"?$/g, '').split(' '))) {
    const m = /^[+-]?(@?)([^|]+)(\|?)/.exec(w);
    if (!m) continue;
    const name = m[2].toLowerCase();
    if (m[1] && ctx.aclCategories.includes(name)) categories.push(name);
    else if (!m[1] && ctx.commands.has(name)) {
      commands.push(name);
      if (m[3] && ctx.commands.get(name)!.length) subcommandsOf.push(name);
    }
  }
  return commands.length || categories.length ? { commands, categories, subcommandsOf } : undefined;
}

export function aclCases(ctx: GenContext): Case[] {
  const c = new CaseList('commands');
  const ours = catalog().forVersion(ctx.version);
  const realNames = [...ctx.commands.keys()].sort();
  const catalogOnly = (catalog().data.commands[ctx.version] ?? []).filter((n) => !ctx.commands.has(n));

  // rename-command: every real command, and any command only our catalog believes in
  for (const name of [...realNames, ...catalogOnly]) {
    c.add('rename-command', `rename ${name}`, `rename-command ${name} ${name}-renamed-x\n`, { needs: needsOf([name], ctx) });
  }
  const rn = (id: string, text: string) => c.add('rename-command', id, text, { needs: needsOf(text.split(/\s+/).slice(1), ctx) });
  rn('rename to nothing', 'rename-command CONFIG ""\n');
  rn('upper-case command', 'rename-command CONFIG myconfig\n');
  rn('unknown command', 'rename-command NOSUCHCMD foo\n');
  rn('empty command name', 'rename-command "" foo\n');
  rn('renamed twice', 'rename-command config c1\nrename-command config c2\n');
  rn('rename the new name again', 'rename-command config c1\nrename-command c1 c2\n');
  rn('removed then renamed', 'rename-command config ""\nrename-command config c2\n');
  rn('target is another command', 'rename-command config get\n');
  rn('target in upper case', 'rename-command config GET\n');
  rn('to its own name', 'rename-command config config\n');
  rn('to its own name in upper case', 'rename-command config CONFIG\n');
  rn('two commands to the same name', 'rename-command config x1\nrename-command flushall x1\n');
  rn('swap through a free name', 'rename-command config tmp1\nrename-command flushall config\nrename-command tmp1 flushall\n');
  rn('a sub-command', 'rename-command config|get x\n');
  rn('a sub-command that does not exist', 'rename-command config|nope x\n');
  rn('a target with a bar', 'rename-command config "a|b"\n');
  rn('one argument', 'rename-command config\n');
  rn('three arguments', 'rename-command config a b\n');
  rn('inline comment', 'rename-command config "" # disable\n');
  rn('no argument', 'rename-command\n');
  rn('quoted single argument', 'rename-command "config x"\n');

  // user: every real category and command once
  const user = (group: string, id: string, rules: string, extraText = '') => {
    const list = rules === '' ? [] : rules.split(' ');
    c.add(group, id, `${extraText}user alice ${rules}\n`.replace(/ \n$/, '\n'), { needs: needsOf(list, ctx) });
  };
  for (const cat of [...ctx.aclCategories, ...ours.aclCategories().filter((x) => !ctx.aclCategories.includes(x))]) {
    user('user categories', `+@${cat}`, `on nopass +@${cat}`);
  }
  for (const name of [...realNames, ...catalogOnly]) user('user commands', `+${name}`, `on nopass +${name}`);
  for (const [name, subs] of ctx.commands) {
    if (!subs.length) continue;
    user('user sub-commands', `+${name}|${subs[0]}`, `on nopass +${name}|${subs[0]}`);
    user('user sub-commands', `-${name}|${subs[0]}`, `on nopass +@all -${name}|${subs[0]}`);
    user('user sub-commands', `+${name}|nope`, `on nopass +${name}|nope`);
  }

  const rules: Array<[string, string]> = [
    ['the usual', 'on >pw ~* +@all'],
    ['name only', ''],
    ['nopass', 'on nopass'],
    ['off resetpass', 'off resetpass'],
    ['password hash', `on #${HASH}`],
    ['short hash', 'on #abc'],
    ['upper-case hash', `on #${HASH.toUpperCase()}`],
    ['hash of 65', `on #${HASH}a`],
    ['remove a set password', 'on >foo <foo'],
    ['remove an unset password', 'on <foo'],
    ['remove an unset hash', `on !${HASH}`],
    ['remove a hash set as a password', `on >foo !${SHA_OF_FOO}`],
    ['empty password', 'on >'],
    ['# alone', 'on #'],
    ['! alone', 'on !'],
    ['< alone', 'on <'],
    ['key pattern', 'on nopass ~key:*'],
    ['read pattern', 'on nopass %R~key:*'],
    ['write pattern', 'on nopass %W~key:*'],
    ['read-write pattern', 'on nopass %RW~key:*'],
    ['write-read pattern', 'on nopass %WR~k'],
    ['lower-case rw', 'on nopass %rw~k'],
    ['unknown key permission', 'on nopass %X~k'],
    ['% without ~', 'on nopass %R'],
    ['repeated permission', 'on nopass %RR~k'],
    ['%~ without flags', 'on nopass %~k'],
    ['channel pattern', 'on nopass &chan:*'],
    ['all channels', 'on nopass &*'],
    ['allchannels', 'on nopass allchannels'],
    ['resetchannels', 'on nopass resetchannels &x'],
    ['pattern after allkeys', 'on nopass allkeys ~foo'],
    ['pattern after ~*', 'on nopass ~* ~foo'],
    ['resetkeys then pattern', 'on nopass allkeys resetkeys ~foo'],
    ['channel after allchannels', 'on nopass allchannels &foo'],
    ['channel after &*', 'on nopass &* &foo'],
    ['-@all', 'on nopass -@all'],
    ['+@ALL in capitals', 'on nopass +@ALL'],
    ['allcommands', 'on nopass allcommands'],
    ['nocommands', 'on nopass nocommands'],
    ['+get', 'on nopass +get'],
    ['+GET', 'on nopass +GET'],
    ['-get', 'on nopass +@all -get'],
    ['+config|get', 'on nopass +config|get'],
    ['+config|GET', 'on nopass +config|GET'],
    ['+config|bogus', 'on nopass +config|bogus'],
    ['-config|get', 'on nopass +@all -config|get'],
    ['+config|', 'on nopass +config|'],
    ['+|get', 'on nopass +|get'],
    ['+select|0 first-arg', 'on nopass +select|0'],
    ['+get|x first-arg', 'on nopass +get|x'],
    ['+config|get|x', 'on nopass +config|get|x'],
    ['+bogus', 'on nopass +bogus'],
    ['+@bogus', 'on nopass +@bogus'],
    ['-@bogus', 'on nopass -@bogus'],
    ['+@', 'on nopass +@'],
    ['+', 'on nopass +'],
    ['-', 'on nopass -'],
    ['selector', 'on nopass (~key +get)'],
    ['a lone (', 'on nopass ('],
    ['a lone )', 'on nopass )'],
    ['( )', 'on nopass ( )'],
    ['pubsub pattern after allchannels default', 'on nopass &foo'],
    ['selector split over arguments', 'on nopass (~key +@read)'],
    ['quoted selector', 'on nopass "(~key +get)"'],
    ['unclosed selector', 'on nopass (~key +get'],
    ['empty selector', 'on nopass ()'],
    ['selector with a bad rule', 'on nopass (~key bogus)'],
    ['selector with a bad category', 'on nopass (~key +@bogus)'],
    ['selector with on', 'on nopass (on)'],
    ['selector with a password', 'on nopass (>pw)'],
    ['clearselectors', 'on nopass (~a +get) clearselectors'],
    ['reset', 'reset on nopass'],
    ['ON in capitals', 'ON NOPASS'],
    ['skip-sanitize-payload', 'on nopass skip-sanitize-payload'],
    ['sanitize-payload', 'on nopass sanitize-payload'],
    ['unknown rule', 'on bogus'],
    ['inline comment', 'on >pw ~* +@all # admin'],
    ['on and off', 'on off'],
    ['key pattern with a space', 'on nopass "~a b"'],
    ['channel with a space', 'on nopass "&a b"'],
    ['quoted rules in one argument', 'on nopass "~* +@all"'],
    ['empty rule', 'on nopass ""'],
    ['resetkeys', 'on nopass resetkeys'],
    ['allkeys', 'on nopass allkeys'],
  ];
  for (const [id, r] of rules) user('user rules', id, r);
  c.add('user rules', 'no name', 'user\n');
  c.add('user rules', 'empty name', 'user "" on nopass\n');
  c.add('user rules', 'name with a space', 'user "a b" on nopass\n');
  c.add('user rules', 'default user', 'user default on nopass ~* +@all\n');
  c.add('user rules', 'upper-case USER', 'USER alice on nopass\n');
  c.add('user rules', 'same name in another case', 'user alice on\nuser Alice on\n');
  c.add('user rules', 'a bad rule on line 3', 'port 6379\nuser alice on\nuser bob on #x\n');
  c.add('user rules', 'an unknown category on line 1 and a bad rule on line 2', 'user alice on +@bogus\nuser bob on #x\n');
  c.add('user rules', 'channel after acl-pubsub-default allchannels', 'acl-pubsub-default allchannels\nuser alice on nopass &foo\n');
  c.add('user rules', 'acl-pubsub-default allchannels after the user', 'user alice on nopass &foo\nacl-pubsub-default allchannels\n');
  c.add('user rules', 'reset under acl-pubsub-default allchannels', 'acl-pubsub-default allchannels\nuser alice reset &foo\n');
  c.add('user rules', 'unknown category then a name with a blank', 'user alice on +@bogus\nuser "a b" on\n');
  c.add('user rules', 'default user declared twice', 'user default on nopass\nuser default off\n');
  return c.list;
}
