// Types of scripts/vsix.mjs for the TypeScript tests that read a .vsix.
export interface ZipEntry {
  name: string;
  bytes(): Buffer;
}
export function readZip(file: string): ZipEntry[];
export function missingEntries(file: string): string[];
