/**
 * Where the live view's connections come from: the `redisHa.connections`
 * setting (ignored entirely while the workspace is untrusted — a workspace
 * could point us anywhere), passwords in SecretStorage only, and the guided
 * add / edit / remove flows.
 */
import * as vscode from 'vscode';
import {
  AddressError,
  connectionFromSetting,
  formatAddress,
  parseAddress as parseHostPort,
  type ConnectionSetting,
  type ConnectionSpec,
} from '../../health';
import { settingKey, SETTINGS_SECTION as SECTION, type SettingName } from '../settings';

const KEY = 'connections' satisfies SettingName;
const secretKey = (id: string) => `redisHa.password/${id}`;

export interface StoredConnection extends ConnectionSetting {
  name?: string;
  host?: string;
  port?: number;
}

export class ConnectionStore implements vscode.Disposable {
  private passwords = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires when the connections or a password change. */
  readonly onDidChange = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [this.changed];
  /** Problems in the settings (shown once per distinct message). */
  private warned = new Set<string>();

  constructor(
    private readonly secrets: vscode.SecretStorage,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.disposables.push(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration(settingKey(KEY))) void this.reload();
      }),
      vscode.workspace.onDidGrantWorkspaceTrust(() => void this.reload()),
      secrets.onDidChange((e) => {
        if (e.key.startsWith('redisHa.password/')) void this.reload();
      }),
    );
  }

  /** The connections to open: none while the workspace is untrusted. */
  specs(): ConnectionSpec[] {
    if (!vscode.workspace.isTrusted) return [];
    const raw = vscode.workspace.getConfiguration(SECTION).get<unknown[]>(KEY) ?? [];
    const out: ConnectionSpec[] = [];
    const seen = new Set<string>();
    (Array.isArray(raw) ? raw : []).forEach((entry, i) => {
      const spec = connectionFromSetting(entry as ConnectionSetting, i);
      if ('error' in spec) {
        this.warnOnce(spec.error);
        return;
      }
      if (seen.has(spec.id)) {
        this.warnOnce(`redisHa.connections: two connections are named '${spec.id}'; the second is ignored`);
        return;
      }
      if ((entry as Record<string, unknown>).password !== undefined) {
        this.warnOnce(
          `redisHa.connections '${spec.id}': "password" in settings is ignored; use the command "Redis HA: Enter Password" (stored in the OS keychain)`,
        );
      }
      seen.add(spec.id);
      out.push(spec);
    });
    return out;
  }

  password(id: string): string | undefined {
    return this.passwords.get(id);
  }

  async reload(): Promise<void> {
    const next = new Map<string, string>();
    for (const s of this.specs()) {
      const p = await this.secrets.get(secretKey(s.id));
      if (p !== undefined) next.set(s.id, p);
    }
    this.passwords = next;
    this.changed.fire();
  }

  async setPassword(id: string, password: string | undefined): Promise<void> {
    if (password === undefined || password === '') await this.secrets.delete(secretKey(id));
    else await this.secrets.store(secretKey(id), password);
    await this.reload();
  }

  /** Entries as written, with the settings scope that holds them. */
  entries(): Array<{ entry: StoredConnection; target: vscode.ConfigurationTarget }> {
    const info = vscode.workspace.getConfiguration(SECTION).inspect<StoredConnection[]>(KEY);
    const out: Array<{ entry: StoredConnection; target: vscode.ConfigurationTarget }> = [];
    const add = (list: StoredConnection[] | undefined, target: vscode.ConfigurationTarget) => {
      if (Array.isArray(list)) for (const entry of list) out.push({ entry, target });
    };
    if (vscode.workspace.isTrusted) {
      add(info?.workspaceFolderValue, vscode.ConfigurationTarget.WorkspaceFolder);
      add(info?.workspaceValue, vscode.ConfigurationTarget.Workspace);
    }
    add(info?.globalValue, vscode.ConfigurationTarget.Global);
    return out;
  }

  async save(entry: StoredConnection, target: vscode.ConfigurationTarget, replacing?: StoredConnection): Promise<void> {
    const config = vscode.workspace.getConfiguration(SECTION);
    const info = config.inspect<StoredConnection[]>(KEY);
    const current = [
      ...((target === vscode.ConfigurationTarget.Global
        ? info?.globalValue
        : target === vscode.ConfigurationTarget.Workspace
          ? info?.workspaceValue
          : info?.workspaceFolderValue) ?? []),
    ];
    const i = replacing ? current.indexOf(replacing) : -1;
    if (i >= 0) current[i] = entry;
    else current.push(entry);
    await config.update(KEY, current, target);
  }

  async remove(entry: StoredConnection, target: vscode.ConfigurationTarget): Promise<void> {
    const config = vscode.workspace.getConfiguration(SECTION);
    const info = config.inspect<StoredConnection[]>(KEY);
    const current =
      (target === vscode.ConfigurationTarget.Global
        ? info?.globalValue
        : target === vscode.ConfigurationTarget.Workspace
          ? info?.workspaceValue
          : info?.workspaceFolderValue) ?? [];
    await config.update(
      KEY,
      current.filter((e) => e !== entry),
      target,
    );
    const name = nameOf(entry);
    if (!this.entries().some((e) => nameOf(e.entry) === name)) await this.secrets.delete(secretKey(name));
  }

  private warnOnce(message: string): void {
    if (this.warned.has(message)) return;
    this.warned.add(message);
    this.log.warn(message);
    void vscode.window.showWarningMessage(`Redis HA: ${message}`);
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}

// ---------------------------------------------------------------- guided flows

/** The connection's id as connectionFromSetting makes it (also its password's key in the keychain). */
const nameOf = (e: StoredConnection) => e.name?.trim() || formatAddress(e.host ?? '', e.port ?? 6379);

function parseAddress(text: string): { host: string; port: number } | string {
  try {
    return parseHostPort(text, 6379);
  } catch (e) {
    return e instanceof AddressError
      ? `${e.message}. Write host:port, e.g. 127.0.0.1:26379 for a Sentinel, 127.0.0.1:6379 or [::1]:6379 for a node`
      : String(e);
  }
}

/** The TLS files of a connection, asked one by one; false when the user cancels. */
async function askTlsFiles(title: string, entry: StoredConnection, old: StoredConnection | undefined): Promise<boolean> {
  entry.tls = true;
  const ca = await vscode.window.showInputBox({
    title: `${title}: CA certificate (optional)`,
    prompt: 'Path of a PEM CA file; empty for the system CAs',
    value: typeof old?.ca === 'string' ? old.ca : '',
    ignoreFocusOut: true,
  });
  if (ca === undefined) return false;
  if (ca.trim()) entry.ca = ca.trim();
  const cert = await vscode.window.showInputBox({
    title: `${title}: client certificate (optional)`,
    prompt: 'Path of a PEM client certificate, for servers with tls-auth-clients; empty for none',
    value: typeof old?.cert === 'string' ? old.cert : '',
    ignoreFocusOut: true,
  });
  if (cert === undefined) return false;
  if (cert.trim()) {
    entry.cert = cert.trim();
    const key = await vscode.window.showInputBox({
      title: `${title}: client key`,
      prompt: 'Path of the PEM private key of that certificate',
      value: typeof old?.key === 'string' ? old.key : '',
      ignoreFocusOut: true,
    });
    if (key === undefined) return false;
    if (key.trim()) entry.key = key.trim();
  }
  return true;
}

/** Where a new connection is saved: user settings, or the workspace's when a folder is open; undefined when cancelled. */
async function askSaveTarget(title: string): Promise<vscode.ConfigurationTarget | undefined> {
  if (!vscode.workspace.workspaceFolders?.length) return vscode.ConfigurationTarget.Global;
  const where = await vscode.window.showQuickPick(
    [
      { label: 'User settings', description: 'every window', target: vscode.ConfigurationTarget.Global },
      {
        label: 'Workspace settings',
        description: 'this workspace only (.vscode/settings.json)',
        target: vscode.ConfigurationTarget.Workspace,
      },
    ],
    { title: `${title}: save to`, ignoreFocusOut: true },
  );
  return where?.target;
}

/** Add (no `existing`) or edit a connection, step by step; undefined when the user cancels. */
export async function connectionFlow(
  store: ConnectionStore,
  existing?: { entry: StoredConnection; target: vscode.ConfigurationTarget },
): Promise<void> {
  const title = existing ? `Edit connection '${nameOf(existing.entry)}'` : 'Add a Redis HA connection';
  const taken = new Set(
    store
      .entries()
      .map((e) => nameOf(e.entry))
      .filter((n) => !existing || n !== nameOf(existing.entry)),
  );
  const address = await vscode.window.showInputBox({
    title: `${title} (1/4): address`,
    prompt:
      'One seed address: a Sentinel (every group it monitors is shown), a cluster node (the whole cluster) or a plain node (its primary and replicas)',
    placeHolder: '127.0.0.1:26379',
    value: existing ? formatAddress(existing.entry.host ?? '', existing.entry.port ?? 6379) : '',
    ignoreFocusOut: true,
    validateInput: (v) => {
      const r = parseAddress(v);
      return typeof r === 'string' ? r : undefined;
    },
  });
  if (address === undefined) return;
  const hp = parseAddress(address) as { host: string; port: number };
  const name = await vscode.window.showInputBox({
    title: `${title} (2/4): name`,
    prompt: 'A name for the tree view (also the key of its password in the keychain)',
    value: existing?.entry.name ?? formatAddress(hp.host, hp.port),
    ignoreFocusOut: true,
    validateInput: (v) => (!v.trim() ? 'A name is needed' : taken.has(v.trim()) ? 'Another connection has this name' : undefined),
  });
  if (name === undefined) return;
  const tlsPick = await vscode.window.showQuickPick(
    [
      { label: 'No TLS', tls: false },
      { label: 'TLS', description: 'rediss: the server certificate is checked against the system CAs or a CA file', tls: true },
    ],
    { title: `${title} (3/4): transport`, ignoreFocusOut: true, placeHolder: existing?.entry.tls ? 'TLS' : 'No TLS' },
  );
  if (!tlsPick) return;
  const entry: StoredConnection = { name: name.trim(), host: hp.host, port: hp.port };
  if (tlsPick.tls && !(await askTlsFiles(title, entry, existing?.entry))) return;
  const user = await vscode.window.showInputBox({
    title: `${title} (4/4): ACL user`,
    prompt: 'ACL username (empty for the default user). The password is asked for when a node requires one, and kept in the OS keychain.',
    value: typeof existing?.entry.username === 'string' ? existing.entry.username : '',
    ignoreFocusOut: true,
  });
  if (user === undefined) return;
  if (user.trim()) entry.username = user.trim();
  if (typeof existing?.entry.master === 'string') entry.master = existing.entry.master;
  const target = existing ? existing.target : await askSaveTarget(title);
  if (target === undefined) return;
  if (existing && nameOf(existing.entry) !== entry.name) {
    const old = store.password(nameOf(existing.entry));
    if (old !== undefined) await store.setPassword(entry.name!, old);
    await store.setPassword(nameOf(existing.entry), undefined);
  }
  await store.save(entry, target, existing?.entry);
}

export async function pickConnection(
  store: ConnectionStore,
  placeHolder: string,
  id?: string,
): Promise<{ entry: StoredConnection; target: vscode.ConfigurationTarget } | undefined> {
  const all = store.entries();
  if (id) return all.find((e) => nameOf(e.entry) === id);
  if (!all.length) {
    void vscode.window.showInformationMessage('Redis HA: no connection is configured yet.');
    return undefined;
  }
  const pick = await vscode.window.showQuickPick(
    all.map((e) => ({
      label: nameOf(e.entry),
      description: `${formatAddress(e.entry.host ?? '', e.entry.port ?? 6379)}${e.target === vscode.ConfigurationTarget.Global ? '' : ' (workspace)'}`,
      e,
    })),
    { placeHolder },
  );
  return pick?.e;
}

export async function removeFlow(store: ConnectionStore, id?: string): Promise<void> {
  const found = await pickConnection(store, 'Connection to remove', id);
  if (!found) return;
  const ok = await vscode.window.showWarningMessage(
    `Remove the connection '${nameOf(found.entry)}' and forget its password?`,
    { modal: true },
    'Remove',
  );
  if (ok === 'Remove') await store.remove(found.entry, found.target);
}

export async function passwordFlow(store: ConnectionStore, id?: string, reason?: string): Promise<boolean> {
  const found = await pickConnection(store, 'Connection whose password to set', id);
  if (!found) return false;
  const name = nameOf(found.entry);
  const password = await vscode.window.showInputBox({
    title: `Password for '${name}'${found.entry.username ? ` (user ${found.entry.username})` : ''}`,
    prompt: `${reason ? `${reason}. ` : ''}Kept in the OS keychain (VS Code SecretStorage), never in settings. Empty to forget it.`,
    password: true,
    ignoreFocusOut: true,
  });
  if (password === undefined) return false;
  await store.setPassword(name, password);
  return true;
}
