#!/usr/bin/env bash
# Installs the npm packages of tests/e2e (package-lock.json: openai, playwright-core) into
# tests/e2e/node_modules when any is missing. Needs node and npm (scripts/setup.sh installs them).
# Never fails the caller: a failed install is reported and the tests that need it skip.
set -uo pipefail
cd "$(dirname "$0")/../tests/e2e" || exit 0
if ! command -v npm >/dev/null; then
  echo "setup_node: npm not found; e2e tests that need npm packages will skip"
  exit 0
fi
if [ -d node_modules/openai ] && [ -d node_modules/playwright-core ]; then
  echo "setup_node: npm packages present"
  exit 0
fi
npm ci --no-audit --no-fund || echo "setup_node: npm ci failed; e2e tests that need it will skip"
exit 0
