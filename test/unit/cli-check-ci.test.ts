/**
 * `redis-ha check --format sarif|github|junit`: each format on clean, warning,
 * error and unreadable input; SARIF against the official 2.1.0 schema; the
 * escaping of hostile messages and paths; exit codes the same in every format.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, describe, test } from 'node:test';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type * as Sarif from 'sarif';
import { main } from '../../cli/main';
import type { FileReport } from '../../cli/check';
import { CHECK_FORMATS, escapeData, escapeProperty, renderGithub, type CheckRun } from '../../cli/checkFormats';
import { renderJunit } from '../../cli/checkJunit';
import { HELP_ANCHORS, renderSarif } from '../../cli/checkSarif';
import { CODES, RULES, SEVERITY_NAMES } from '../../server/service';
import { CLI, memoryIO } from '../support/cli';
import { sarifSchemaErrors } from '../support/sarif';

const io = memoryIO;

const dir = mkdtempSync(join(tmpdir(), 'redis-ha-ci-'));
after(() => rmSync(dir, { recursive: true, force: true }));
function file(name: string, text: string | Buffer): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

const BASE = ['check', '--target-version', '7.0', '--rpo', 'none'];
/** The four kinds of input every format is run on. */
const INPUTS: Record<string, { files: string[]; code: number }> = {
  clean: { files: [file('clean.conf', 'port 6379\nappendonly yes\nrepl-backlog-size 64mb\n')], code: 0 },
  warning: { files: [file('warning.conf', 'port 6379\nport 6380\nappendonly yes\n')], code: 0 },
  error: { files: [file('error.conf', 'port 6379\nappendonly maybe\n')], code: 1 },
  unreadable: { files: [file('ok.conf', 'appendonly yes\n'), join(dir, 'missing.conf')], code: 2 },
};

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const o = io();
  const code = await main(args, o);
  return { code, out: o.out, err: o.err };
}

/** The JSON format's diagnostics of the same input: what every other format must carry. */
async function jsonOf(files: string[]): Promise<FileReport[]> {
  return JSON.parse((await run([...BASE, '--format', 'json', ...files])).out).files;
}

/** The CLI as a process in `cwd` (relative paths, standard input). */
function spawnCli(args: string[], cwd: string, input?: string) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, input, encoding: 'utf8', timeout: 30_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('check --format: exit codes', () => {
  test('every format exits as text does, on clean, warning, error and unreadable input', async () => {
    for (const [kind, { files, code }] of Object.entries(INPUTS)) {
      for (const format of CHECK_FORMATS) {
        const r = await run([...BASE, '--format', format, ...files]);
        assert.equal(r.code, code, `${kind} --format ${format}: ${r.err}`);
        if (kind === 'unreadable') assert.match(r.err, /cannot read .*missing\.conf: no such file/, format);
        else assert.equal(r.err, '', `${kind} ${format}`);
      }
    }
  });
});

describe('check --format sarif', () => {
  test('every input gives a log the official SARIF 2.1.0 schema accepts, carrying what json carries', async () => {
    for (const [kind, { files }] of Object.entries(INPUTS)) {
      const log: Sarif.Log = JSON.parse((await run([...BASE, '--format', 'sarif', ...files])).out);
      assert.deepEqual(sarifSchemaErrors(log), [], kind);
      const [sarifRun] = log.runs;
      const json = (await jsonOf(files)).flatMap((r) => r.diagnostics.map((d) => ({ ...d, file: r.file })));
      assert.equal(sarifRun.results?.length, json.length, kind);
      sarifRun.results?.forEach((res, k) => {
        const d = json[k];
        const loc = res.locations?.[0]?.physicalLocation;
        assert.equal(res.ruleId, d.code);
        assert.equal(sarifRun.tool.driver.rules?.[res.ruleIndex ?? -1]?.id, d.code, 'ruleIndex points at its rule');
        assert.equal(res.level, d.severity === 'error' ? 'error' : d.severity === 'warning' ? 'warning' : 'note');
        assert.equal(res.message.text, d.message);
        assert.deepEqual(loc?.region, { startLine: d.line, startColumn: d.column, endLine: d.endLine, endColumn: d.endColumn });
        assert.equal(fileURLToPath(loc?.artifactLocation?.uri ?? ''), d.file, 'a file outside the working directory is an absolute URI');
      });
      if (kind === 'clean') assert.deepEqual(sarifRun.results, []);
      if (kind === 'warning') assert.ok(sarifRun.results?.some((r) => r.ruleId === 'overridden' && r.level === 'warning'));
      if (kind === 'error') assert.ok(sarifRun.results?.some((r) => r.ruleId === 'invalid-bool' && r.level === 'error'));
      const inv = sarifRun.invocations?.[0];
      assert.equal(inv?.executionSuccessful, kind !== 'unreadable');
      assert.equal(inv?.toolExecutionNotifications?.length, kind === 'unreadable' ? 1 : 0);
    }
  });

  test('an unreadable file is an error notification naming it; the readable ones are still checked', async () => {
    const missing = join(dir, 'missing.conf');
    const log: Sarif.Log = JSON.parse((await run([...BASE, '--format', 'sarif', ...INPUTS.unreadable.files])).out);
    const [n] = log.runs[0].invocations?.[0].toolExecutionNotifications ?? [];
    assert.equal(n.level, 'error');
    assert.equal(n.message.text, `cannot read ${missing}: no such file`);
    assert.equal(fileURLToPath(n.locations?.[0].physicalLocation?.artifactLocation?.uri ?? ''), missing);
    assert.deepEqual(
      log.runs[0].properties?.files.map((f: { file: string }) => f.file),
      [INPUTS.unreadable.files[0]],
    );
  });

  test('the driver and its rules come from the code table, with the README section that documents each', () => {
    const log = renderSarif({ reports: [], versions: [], unreadable: [], cwd: dir });
    assert.deepEqual(sarifSchemaErrors(log), []);
    const driver = log.runs[0].tool.driver;
    const pkg = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8'));
    assert.equal(driver.name, 'redis-ha');
    assert.equal(driver.version, pkg.version);
    assert.equal(driver.informationUri, pkg.homepage);
    assert.deepEqual(
      driver.rules?.map((r) => r.id),
      Object.keys(CODES),
    );
    for (const r of driver.rules ?? []) {
      const info = CODES[r.id as keyof typeof CODES];
      assert.equal(r.shortDescription?.text, info.summary);
      const sev = SEVERITY_NAMES[info.severity];
      assert.equal(r.defaultConfiguration?.level, sev === 'error' ? 'error' : sev === 'warning' ? 'warning' : 'note', r.id);
    }
    const ruleIds = new Set<string>(RULES.map((r) => r.id));
    for (const r of driver.rules ?? []) {
      const anchor = ruleIds.has(r.id) ? HELP_ANCHORS.rule : HELP_ANCHORS.checker;
      assert.equal(r.helpUri, `https://github.com/redis-ha/redis-ha#${anchor}`);
      assert.equal(!!r.help?.text, ruleIds.has(r.id), `${r.id}: durability rules carry their fix as help`);
    }
    // the anchors are the GitHub slugs of README headings
    const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');
    const slugs = new Set(
      [...readme.matchAll(/^#{1,6} (.+)$/gm)].map((m) =>
        m[1]
          .toLowerCase()
          .replace(/[^\p{L}\p{N} _-]/gu, '')
          .replace(/ /g, '-'),
      ),
    );
    for (const a of Object.values(HELP_ANCHORS)) assert.ok(slugs.has(a), `README has a heading for #${a}`);
  });

  test('paths inside the working directory are %SRCROOT%-relative URIs, percent-encoded, that resolve back to the file', () => {
    const root = mkdtempSync(join(dir, 'repo-'));
    mkdirSync(join(root, 'sub dir'));
    const name = 'we,ird:#%?ü <&>.conf';
    writeFileSync(join(root, 'sub dir', name), 'port 6379\nappendonly maybe\n');
    const r = spawnCli([...BASE, '--format', 'sarif', `sub dir/${name}`], root);
    assert.equal(r.code, 1, r.err);
    const log: Sarif.Log = JSON.parse(r.out);
    assert.deepEqual(sarifSchemaErrors(log), []);
    const base = log.runs[0].originalUriBaseIds?.['%SRCROOT%']?.uri ?? '';
    assert.equal(fileURLToPath(base), `${root}/`);
    for (const res of log.runs[0].results ?? []) {
      const loc = res.locations?.[0].physicalLocation?.artifactLocation;
      assert.equal(loc?.uriBaseId, '%SRCROOT%');
      assert.match(loc?.uri ?? '', /^sub%20dir\/we%2Cird%3A%23%25%3F%C3%BC%20%3C%26%3E\.conf$/);
      assert.equal(fileURLToPath(new URL(loc?.uri ?? '', base)), join(root, 'sub dir', name));
    }
  });

  test('standard input has no URI: the location says so, and the message names it', () => {
    const r = spawnCli([...BASE, '--format', 'sarif', '--language', 'redis-conf', '-'], dir, 'appendonly maybe\n');
    assert.equal(r.code, 1, r.err);
    const log: Sarif.Log = JSON.parse(r.out);
    assert.deepEqual(sarifSchemaErrors(log), []);
    const res = log.runs[0].results?.find((x) => x.ruleId === 'invalid-bool');
    assert.deepEqual(res?.locations?.[0].physicalLocation?.artifactLocation, { description: { text: 'standard input' } });
    assert.match(res?.message.text ?? '', /^standard input:1:12: appendonly/);
  });

  test('--summary and the checked version are run properties, per file', async () => {
    const p = file('valkey-summary.conf', 'appendonly yes\n');
    const log: Sarif.Log = JSON.parse((await run(['check', '--format', 'sarif', '--summary', p])).out);
    assert.deepEqual(sarifSchemaErrors(log), []);
    const [f] = log.runs[0].properties?.files ?? [];
    assert.equal(f.file, p);
    assert.equal(f.versionSource, 'file-name');
    assert.match(f.versionLabel, /^Valkey \d/);
    assert.match(f.summary, /RPO/);
    const plain: Sarif.Log = JSON.parse((await run(['check', '--format', 'sarif', p])).out);
    assert.equal(plain.runs[0].properties?.files[0].summary, undefined);
  });
});

/** A workflow command line: `::name k=v,k=v::message`, with no raw `,` `:` in values and no CR/LF anywhere. */
const COMMAND = /^::(error|warning|notice)(?: ([A-Za-z]+=[^,:\r\n]*(?:,[A-Za-z]+=[^,:\r\n]*)*))?::([^\r\n]*)$/;

function parseCommands(out: string): Array<{ name: string; props: Record<string, string>; message: string }> {
  if (!out) return [];
  assert.ok(out.endsWith('\n'));
  return out
    .slice(0, -1)
    .split('\n')
    .map((line) => {
      const m = COMMAND.exec(line);
      assert.ok(m, `not a workflow command: ${JSON.stringify(line)}`);
      const decode = (s: string) => decodeURIComponent(s);
      const props = Object.fromEntries((m[2] ?? '').split(',').map((kv) => [kv.split('=')[0], decode(kv.slice(kv.indexOf('=') + 1))]));
      return { name: m[1], props, message: decode(m[3]) };
    });
}

describe('check --format github', () => {
  test('one annotation per diagnostic, file-level error for an unreadable file, nothing for a clean file', async () => {
    for (const [kind, { files }] of Object.entries(INPUTS)) {
      const out = (await run([...BASE, '--format', 'github', ...files])).out;
      const cmds = parseCommands(out);
      const json = (await jsonOf(files)).flatMap((r) => r.diagnostics.map((d) => ({ ...d, file: r.file })));
      const readable = cmds.filter((c) => c.props.title !== 'unreadable');
      assert.equal(readable.length, json.length, kind);
      readable.forEach((c, k) => {
        const d = json[k];
        assert.equal(c.name, d.severity === 'error' ? 'error' : d.severity === 'warning' ? 'warning' : 'notice');
        assert.deepEqual(c.props, {
          file: d.file,
          line: String(d.line),
          col: String(d.column),
          endLine: String(d.endLine),
          endColumn: String(Math.max(d.column, d.endColumn - 1)),
          title: d.code,
        });
        assert.equal(c.message, d.message);
      });
      if (kind === 'clean') assert.equal(out, '');
      const unreadable = cmds.filter((c) => c.props.title === 'unreadable');
      assert.equal(unreadable.length, kind === 'unreadable' ? 1 : 0);
      if (kind === 'unreadable') assert.deepEqual(unreadable[0].props.file, join(dir, 'missing.conf'));
    }
  });

  test('the workflow-command escapes: % CR LF in data, and : , as well in properties', () => {
    assert.equal(escapeData('50%\r\nnext: a,b'), '50%25%0D%0Anext: a,b');
    assert.equal(escapeProperty('50%\r\nnext: a,b'), '50%25%0D%0Anext%3A a%2Cb');
    assert.equal(escapeData('%0A'), '%250A', 'an escape in the text stays text');
  });

  test('a hostile path and message cannot end the command, start another, or colour the log', () => {
    const hostile = 'we,ird:name%0A\r\n::error::injected \x1b[31mred\u202e, ü';
    const reports: FileReport[] = [
      {
        file: `sub/${hostile}.conf`,
        version: { id: '7.0', label: 'Redis 7.0', source: 'setting' },
        summary: 'RPO: 1, s\nnext',
        diagnostics: [
          { line: 2, column: 3, endLine: 4, endColumn: 1, severity: 'hint', code: 'x,y:z', message: hostile },
          { line: 1, column: 5, endLine: 1, endColumn: 5, severity: 'information', code: 'c', message: 'empty range' },
        ],
      },
    ];
    const out = renderGithub({ reports, versions: [], unreadable: [{ file: 'a,b.conf', message: 'no\nsuch' }], cwd: '/work' });
    const cmds = parseCommands(out);
    assert.equal(cmds.length, 4, out);
    const shown = (s: string) => s.replace('\x1b', '\\x1b').replace('\u202e', '\\u202e');
    assert.deepEqual(cmds[0], {
      name: 'notice',
      props: { file: shown(`sub/${hostile}.conf`), title: 'durability summary' },
      message: 'RPO: 1, s\nnext',
    });
    // a range over several lines has no columns (the runner would ignore them)
    assert.deepEqual(cmds[1].props, { file: shown(`sub/${hostile}.conf`), line: '2', endLine: '4', title: 'x,y:z' });
    assert.equal(cmds[1].message, shown(hostile));
    assert.deepEqual(cmds[2].props, { file: shown(`sub/${hostile}.conf`), line: '1', col: '5', endLine: '1', endColumn: '5', title: 'c' });
    assert.deepEqual(cmds[3], {
      name: 'error',
      props: { file: 'a,b.conf', title: 'unreadable' },
      message: 'cannot read a,b.conf: no\nsuch',
    });
  });

  test('bytes of a hostile config quoted in messages arrive escaped; paths are relative to the working directory', () => {
    const root = mkdtempSync(join(dir, 'gh-'));
    writeFileSync(join(root, 'h,1:.conf'), Buffer.from('maxmem<&>,:%\u00e9\x01\x1b 1gb\n', 'utf8'));
    const r = spawnCli([...BASE, '--format', 'github', 'h,1:.conf'], root);
    assert.equal(r.code, 1, r.err);
    assert.doesNotMatch(r.out, /[\x00-\x09\x0b-\x1f]/, 'no raw control character');
    const cmds = parseCommands(r.out);
    const unknown = cmds.find((c) => c.props.title === 'unknown-directive');
    assert.equal(unknown?.props.file, 'h,1:.conf');
    assert.match(unknown?.message ?? '', /'maxmem<&>,:%é\\x01\\x1b'/);
  });

  test('standard input: no file property, the message says where', () => {
    const r = spawnCli([...BASE, '--format', 'github', '--language', 'redis-conf', '-'], dir, 'appendonly maybe\n');
    assert.equal(r.code, 1);
    const c = parseCommands(r.out).find((x) => x.props.title === 'invalid-bool');
    assert.equal(c?.props.file, undefined);
    assert.match(c?.message ?? '', /^<stdin>:1:12: appendonly/);
  });
});

const xml = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  htmlEntities: true,
  parseAttributeValue: false,
  parseTagValue: false,
  trimValues: false,
  isArray: (name) => name === 'testsuite' || name === 'testcase' || name === 'property',
});

/** Characters XML 1.0 cannot carry. */
const NOT_XML =
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

// biome-ignore lint/suspicious/noExplicitAny: the parsed XML tree
function parseJunit(out: string): any {
  assert.equal(XMLValidator.validate(out), true);
  assert.doesNotMatch(out, NOT_XML);
  return xml.parse(out).testsuites;
}

describe('check --format junit', () => {
  test('a testsuite per file, a testcase per diagnostic, errors as failures, an unreadable file as an error', async () => {
    for (const [kind, { files }] of Object.entries(INPUTS)) {
      const out = (await run([...BASE, '--format', 'junit', ...files])).out;
      const root = parseJunit(out);
      const reports = await jsonOf(files);
      const suites = root.testsuite;
      assert.equal(suites.length, files.length, kind);
      const errors = reports.flatMap((r) => r.diagnostics).filter((d) => d.severity === 'error').length;
      assert.equal(root['@failures'], String(errors));
      assert.equal(root['@errors'], kind === 'unreadable' ? '1' : '0');
      reports.forEach((r, k) => {
        const s = suites[k];
        assert.equal(s['@name'], r.file);
        assert.equal(s.properties.property[0]['@value'], 'Redis 7.0');
        const cases = s.testcase;
        assert.equal(s['@tests'], String(cases.length));
        if (!r.diagnostics.length) {
          assert.equal(cases.length, 1);
          assert.equal(cases[0]['@name'], 'no findings');
          assert.equal(cases[0].failure, undefined);
        }
        r.diagnostics.forEach((d, i) => {
          assert.equal(cases[i]['@name'], `${d.line}:${d.column} ${d.code}`);
          if (d.severity === 'error') {
            assert.equal(cases[i].failure['@type'], d.code);
            assert.equal(cases[i].failure['@message'], d.message);
          } else assert.equal(cases[i]['system-out'], `${r.file}:${d.line}:${d.column}: ${d.severity} [${d.code}] ${d.message}`);
        });
      });
      if (kind === 'unreadable') {
        const s = suites[suites.length - 1];
        assert.equal(s['@name'], join(dir, 'missing.conf'));
        assert.equal(s.testcase[0].error['@message'], 'no such file');
      }
    }
  });

  test('hostile text is escaped: markup, quotes, newlines in attributes, characters XML cannot carry', () => {
    const hostile = 'a<b>&c"d\'e ]]> f\nline2\ttab\r\x00\x01\x1b ü 🙂 \ud800 end';
    const shown = 'a<b>&c"d\'e ]]> f\nline2\ttab\r\\x00\\x01\\x1b ü 🙂 \\ud800 end';
    const run: CheckRun = {
      reports: [
        {
          file: `x&<"${hostile}.conf`,
          version: { id: '7.0', label: 'Redis 7.0', source: 'setting' },
          summary: hostile,
          diagnostics: [{ line: 1, column: 1, endLine: 1, endColumn: 2, severity: 'error', code: 'c<&>', message: hostile }],
        },
      ],
      versions: [{ id: '7.0', label: 'Redis 7.0', source: 'setting' }],
      unreadable: [{ file: '-', message: hostile }],
      cwd: '/',
    };
    const root = parseJunit(renderJunit(run));
    const [s, u] = root.testsuite;
    assert.equal(s['@name'], `x&<"${shown}.conf`);
    assert.equal(s.testcase[0].failure['@message'], shown);
    assert.equal(s.testcase[0].failure['@type'], 'c<&>');
    assert.equal(s.testcase[0].failure['#text'], `x&<"${shown}.conf:1:1: error [c<&>] ${shown}`);
    assert.equal(s['system-out'], `x&<"${shown}.conf: ${shown}`);
    assert.equal(u['@name'], 'standard input');
    assert.equal(u.testcase[0].error['@message'], shown);
  });

  test('a hostile config file run through the CLI is valid XML', async () => {
    const p = file('hostile.conf', Buffer.from('maxmem<&>\u00e9\x01\x1b 1gb\nport 1\nport 2\n', 'utf8'));
    const r = await run([...BASE, '--format', 'junit', p]);
    assert.equal(r.code, 1);
    const root = parseJunit(r.out);
    const failure = root.testsuite[0].testcase.find((c: { failure?: unknown }) => c.failure).failure;
    assert.match(failure['@message'], /'maxmem<&>é\\x01\\x1b'/);
  });

  test('--summary is the testsuite output', async () => {
    const r = await run([...BASE, '--format', 'junit', '--summary', INPUTS.clean.files[0]]);
    const root = parseJunit(r.out);
    assert.match(root.testsuite[0]['system-out'], /clean\.conf: .*RPO/);
  });
});
