/**
 * `redis-ha check --format junit`: a JUnit XML report for the test views of
 * CI servers (GitLab's `artifacts:reports:junit`, Jenkins, Azure DevOps).
 * One testsuite per file; each diagnostic is a testcase named by its position
 * and code, so a CI view lists every finding on its own line. Errors (the
 * findings that make the exit status 1) are failures; warnings, information
 * and hints pass, with their text as the testcase's output; a file without
 * findings is one passing testcase. An unreadable file is a testsuite with one
 * testcase in error (exit status 2). The durability summary (--summary) is the
 * testsuite's output.
 */
import type { FileReport } from './check';
import type { CheckRun, CheckedVersion, UnreadableFile } from './checkFormats';

/**
 * Characters XML 1.0 cannot carry at all, even as a character reference: C0
 * controls other than tab, LF and CR, lone surrogates, U+FFFE and U+FFFF.
 */
const NOT_XML =
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** A character XML cannot carry, written out as `\xHH` / `\uHHHH` text. */
function visible(c: string): string {
  const n = c.charCodeAt(0);
  return n < 0x100 ? `\\x${n.toString(16).padStart(2, '0')}` : `\\u${n.toString(16).padStart(4, '0')}`;
}

/**
 * Element text: `&`, `<`, `>` escaped, CR as a reference (a parser turns a raw one into LF);
 * characters XML cannot carry shown as escapes.
 */
export function xmlText(text: string): string {
  return text.replace(NOT_XML, visible).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\r/g, '&#13;');
}

/** An attribute value in double quotes: also quotes, and tab and LF as references (a parser would make them spaces). */
export function xmlAttr(text: string): string {
  return xmlText(text).replace(/"/g, '&quot;').replace(/\t/g, '&#9;').replace(/\n/g, '&#10;');
}

function attrs(list: Array<[string, string | number]>): string {
  return list.map(([k, v]) => ` ${k}="${xmlAttr(String(v))}"`).join('');
}

type Diagnostic = FileReport['diagnostics'][number];

function line(file: string, d: Diagnostic): string {
  return `${file}:${d.line}:${d.column}: ${d.severity} [${d.code}] ${d.message}`;
}

function testcase(file: string, d: Diagnostic): string {
  const head = `    <testcase${attrs([
    ['name', `${d.line}:${d.column} ${d.code}`],
    ['classname', file],
    ['file', file],
    ['line', d.line],
  ])}>`;
  const body =
    d.severity === 'error'
      ? `<failure${attrs([
          ['type', d.code],
          ['message', d.message],
        ])}>${xmlText(line(file, d))}</failure>`
      : `<system-out>${xmlText(line(file, d))}</system-out>`;
  return `${head}${body}</testcase>`;
}

function fileSuite(r: FileReport, version: CheckedVersion | undefined): { xml: string; tests: number; failures: number } {
  const failures = r.diagnostics.filter((d) => d.severity === 'error').length;
  const cases = r.diagnostics.length
    ? r.diagnostics.map((d) => testcase(r.file, d))
    : [
        `    <testcase${attrs([
          ['name', 'no findings'],
          ['classname', r.file],
          ['file', r.file],
        ])}/>`,
      ];
  const props = version
    ? [
        '    <properties>',
        `      <property${attrs([
          ['name', 'version'],
          ['value', version.label],
        ])}/>`,
        `      <property${attrs([
          ['name', 'version-source'],
          ['value', version.source],
        ])}/>`,
        '    </properties>',
      ]
    : [];
  const tests = cases.length;
  const head = `  <testsuite${attrs([
    ['name', r.file],
    ['tests', tests],
    ['failures', failures],
    ['errors', 0],
    ['skipped', 0],
  ])}>`;
  const out = r.summary === undefined ? [] : [`    <system-out>${xmlText(`${r.file}: ${r.summary}`)}</system-out>`];
  return { xml: [head, ...props, ...cases, ...out, '  </testsuite>'].join('\n'), tests, failures };
}

function unreadableSuite(u: UnreadableFile): string {
  const name = u.file === '-' ? 'standard input' : u.file;
  return [
    `  <testsuite${attrs([
      ['name', name],
      ['tests', 1],
      ['failures', 0],
      ['errors', 1],
      ['skipped', 0],
    ])}>`,
    `    <testcase${attrs([
      ['name', 'read'],
      ['classname', name],
    ])}><error${attrs([
      ['type', 'unreadable'],
      ['message', u.message],
    ])}>${xmlText(`cannot read ${name}: ${u.message}`)}</error></testcase>`,
    '  </testsuite>',
  ].join('\n');
}

export function renderJunit(run: CheckRun): string {
  const suites: string[] = [];
  let tests = 0;
  let failures = 0;
  run.reports.forEach((r, k) => {
    const s = fileSuite(r, run.versions[k]);
    suites.push(s.xml);
    tests += s.tests;
    failures += s.failures;
  });
  for (const u of run.unreadable) suites.push(unreadableSuite(u));
  const head = `<testsuites${attrs([
    ['name', 'redis-ha check'],
    ['tests', tests + run.unreadable.length],
    ['failures', failures],
    ['errors', run.unreadable.length],
  ])}>`;
  return ['<?xml version="1.0" encoding="UTF-8"?>', head, ...suites, '</testsuites>', ''].join('\n');
}
