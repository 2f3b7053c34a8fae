#!/usr/bin/env bash
# Gradescope runs this once, when the autograder image is built (Ubuntu, as root).
# It installs Node.js 20 and the workbook's dependencies into /autograder/source.
set -euo pipefail

apt-get update
# bubblewrap: the OS sandbox of each submission (the grader falls back to Node's permission model where it cannot run).
apt-get install -y --no-install-recommends ca-certificates curl gnupg bubblewrap util-linux
if ! command -v node >/dev/null || [ "$(node -p 'process.versions.node.split(".")[0]')" -lt 20 ]; then
  curl -fsSL https://deb.nodesource.com/setup_20.x | bash -
  apt-get install -y --no-install-recommends nodejs
fi
node --version

cd /autograder/source
# Reproducible: exactly the versions of package-lock.json. Dev tools (tsc, playwright) are not needed to grade.
npm ci --omit=dev --no-audit --no-fund
chmod +x run_autograder
