/**
 * The official SARIF 2.1.0 JSON schema (the copy @microsoft/jest-sarif ships,
 * draft-04, as published on SchemaStore), compiled once with Ajv's draft-04
 * class and its string formats (uri, uri-reference, date-time are checked).
 */
import { readFileSync } from 'node:fs';
import Ajv, { type ErrorObject } from 'ajv-draft-04';
import addFormats from 'ajv-formats';

export const SARIF_SCHEMA_FILE = require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json');

let compiled: ((log: unknown) => boolean) & { errors?: ErrorObject[] | null };

/** The schema's complaints about `log`, one line each; empty when it is a valid SARIF 2.1.0 log. */
export function sarifSchemaErrors(log: unknown): string[] {
  if (!compiled) {
    const schema = JSON.parse(readFileSync(SARIF_SCHEMA_FILE, 'utf8'));
    // the schema's patterns are not valid with the `u` flag (ajv's default)
    const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
    addFormats(ajv);
    compiled = ajv.compile(schema);
  }
  if (compiled(log)) return [];
  return (compiled.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
}
