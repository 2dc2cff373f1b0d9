#!/usr/bin/env bash
# Installs code-server — the VS Code build that serves its workbench to a
# browser — into DEST, for the end-to-end tests and `npm start`.
#
#   scripts/install-code-server.sh DEST        (the project uses .cache/code-server)
#
# It works on a machine whose only outside reach is the npm registry and
# Debian's packages, running Node 20:
# - code-server 4.100.x is the newest line that accepts Node 20 (CODE_SERVER_VERSION overrides);
# - its postinstall downloads ripgrep from GitHub, so packages are installed
#   with --ignore-scripts, Debian's `rg` is put where @vscode/ripgrep looks for
#   its binary, and the native modules are rebuilt by name against Node's headers;
# - node-gyp is installed next to code-server (not globally) for those rebuilds.
# Idempotent: a finished install leaves DEST/.installed-VERSION and a second run
# returns at once; an interrupted one is redone. Concurrent runs wait on a lock.
# As root it installs the Debian packages it needs; otherwise it names them.
set -euo pipefail
DEST=${1:?usage: install-code-server.sh DEST}
VERSION=${CODE_SERVER_VERSION:-4.100.3}
ENTRY=node_modules/code-server/out/node/entry.js

installed() { [ -f "$DEST/.installed-$VERSION" ] && [ -f "$DEST/$ENTRY" ]; }
if installed; then echo "code-server $VERSION already installed under $DEST"; exit 0; fi

# Native modules build against these headers; ripgrep serves VS Code's search.
DEB_PACKAGES=(g++ make python3 pkg-config libkrb5-dev libx11-dev libxkbfile-dev libsecret-1-dev ripgrep)
missing=()
for p in "${DEB_PACKAGES[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if ((${#missing[@]})); then
  if [ "$(id -u)" = 0 ]; then
    echo "installing Debian packages for code-server: ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "code-server needs these Debian packages: ${missing[*]}" >&2
    echo "install them with: sudo apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
fi
command -v rg >/dev/null || { echo "ripgrep is installed but 'rg' is not on PATH" >&2; exit 1; }

mkdir -p "$DEST"
DEST=$(cd "$DEST" && pwd)
exec 9>"$DEST/.install.lock"
flock 9
if installed; then echo "code-server $VERSION already installed under $DEST"; exit 0; fi
rm -f "$DEST"/.installed-*

started=$(date +%s)
echo "installing code-server $VERSION under $DEST (one time; a few minutes)"
cd "$DEST"
[ -f package.json ] || echo '{"private":true,"description":"code-server for redis-ha e2e tests and npm start (generated)"}' > package.json
npm install --no-audit --no-fund --ignore-scripts --loglevel=error "code-server@$VERSION" node-gyp@12
export PATH="$DEST/node_modules/.bin:$PATH"
npm_config_yes=true npm rebuild --loglevel=error argon2

cd node_modules/code-server/lib/vscode
npm install --omit=dev --ignore-scripts --no-audit --no-fund --loglevel=error
mkdir -p node_modules/@vscode/ripgrep/bin
cp "$(command -v rg)" node_modules/@vscode/ripgrep/bin/rg
npm_config_yes=true npm rebuild --loglevel=error @parcel/watcher @vscode/deviceid @vscode/spdlog kerberos native-watchdog node-pty
ln -sfn node_modules node_modules.asar
(cd extensions && npm install --omit=dev --no-audit --no-fund --loglevel=error)

cd "$DEST"
node "$ENTRY" --version >/dev/null
touch "$DEST/.installed-$VERSION"
echo "code-server $VERSION installed under $DEST in $(( $(date +%s) - started )) s"
