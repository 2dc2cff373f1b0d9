/// <reference lib="dom" />
/**
 * The live health view as a user reads it: the rows of the `redisHa.health`
 * tree (label, description, the health its icon's colour says), the status bar
 * item, and waits on them that re-read the tree whenever the workbench redraws.
 */
import type { Workbench } from './workbench';

export type Health = 'ok' | 'warning' | 'error' | 'unreachable';

export interface TreeRow {
  label: string;
  description: string;
  /** 1 = a connection, 2 = a group, 3 = a node (as aria-level says). */
  level: number;
  /** undefined for a leaf. */
  expanded?: boolean;
  /** The codicon name, e.g. "database", "mirror", "eye", "debug-disconnect". */
  icon: string;
  /** The health the icon's colour stands for; undefined for an uncoloured icon. */
  health?: Health;
}

/** The view's id, and the title of its container in the activity bar (package.json). */
export const VIEW_ID = 'redisHa.health';
const CONTAINER = 'Redis HA';
/** The status bar item's element id: <extension id>.<item id>. */
const STATUS_ITEM = 'redis-ha.redis-ha.redisHa.health';

/** Shows the Redis HA view container (a click on its activity bar icon, unless it shows already). */
export async function openHealthView(wb: Workbench): Promise<void> {
  const icon = wb.page.locator(`.activitybar .action-item:has(a[aria-label^="${CONTAINER}"])`);
  if (!(await icon.getAttribute('class'))?.includes('checked')) await icon.locator('a').click();
  await wb.page.locator('.part.sidebar .title-label', { hasText: /Replication Health/i }).waitFor();
}

/**
 * The rows of the tree now drawn in the side bar. The health comes from the
 * icon: `debug-disconnect` is unreachable, otherwise its colour is the theme's
 * passed (ok), warning or error colour — what a user tells them apart by.
 */
export async function treeRows(wb: Workbench): Promise<TreeRow[]> {
  return wb.page.evaluate(() => {
    const probe = document.createElement('span');
    (document.querySelector('.monaco-workbench') ?? document.body).appendChild(probe);
    const colors: Array<[string, string]> = [];
    for (const [health, variable] of [
      ['ok', 'testing-iconPassed'],
      ['warning', 'problemsWarningIcon-foreground'],
      ['error', 'problemsErrorIcon-foreground'],
    ]) {
      probe.style.color = `var(--vscode-${variable})`;
      colors.push([getComputedStyle(probe).color, health]);
    }
    probe.remove();
    return Array.from(document.querySelectorAll<HTMLElement>('.part.sidebar .monaco-list-row[role="treeitem"]'))
      .sort((a, b) => a.getBoundingClientRect().top - b.getBoundingClientRect().top)
      .map((row) => {
        const iconEl = row.querySelector<HTMLElement>('.custom-view-tree-node-item-icon');
        const icon = /codicon-([\w-]+)/.exec(iconEl?.className ?? '')?.[1] ?? '';
        const color = iconEl ? getComputedStyle(iconEl).color : '';
        const expanded = row.getAttribute('aria-expanded');
        const health = icon === 'debug-disconnect' ? 'unreachable' : colors.find(([c]) => c === color)?.[1];
        return {
          label: (row.querySelector('.label-name')?.textContent ?? '').trim(),
          description: (row.querySelector('.label-description')?.textContent ?? '').trim(),
          level: Number(row.getAttribute('aria-level') ?? 0),
          ...(expanded === null ? {} : { expanded: expanded === 'true' }),
          icon,
          ...(health ? { health: health as 'ok' | 'warning' | 'error' | 'unreachable' } : {}),
        };
      });
  });
}

/** Waits (re-reading at every redraw of the workbench) until the tree's rows satisfy `accept`; returns them. */
export function waitForTree(wb: Workbench, accept: (rows: TreeRow[]) => boolean, what: string, timeoutMs?: number): Promise<TreeRow[]> {
  return wb.until(what, () => treeRows(wb), accept, timeoutMs);
}

/** The row labelled exactly `label`, if drawn. */
export function row(rows: TreeRow[], label: string): TreeRow | undefined {
  return rows.find((r) => r.label === label);
}

/** The Redis HA status bar item: its text and its kind (VS Code's warning/error background), or undefined while hidden. */
export async function statusItem(wb: Workbench): Promise<{ text: string; kind: 'normal' | 'warning' | 'error' } | undefined> {
  const item = wb.page.locator(`.statusbar-item[id="${STATUS_ITEM}"]`);
  if (!(await item.isVisible())) return undefined;
  const cls = (await item.getAttribute('class')) ?? '';
  return {
    text: (await item.innerText()).trim(),
    kind: /\berror-kind\b/.test(cls) ? 'error' : /\bwarning-kind\b/.test(cls) ? 'warning' : 'normal',
  };
}

/** Waits until the status bar item satisfies `accept`; returns it. */
export async function waitForStatusItem(
  wb: Workbench,
  accept: (s: { text: string; kind: string } | undefined) => boolean,
  what: string,
  timeoutMs?: number,
) {
  return wb.until(what, () => statusItem(wb), accept, timeoutMs);
}
