#!/usr/bin/env bash
# Regenerate requirements/test.lock: exact versions and hashes of everything the
# test suite installs, resolved from pyproject.toml (main dependencies and every
# extra, so extras added later are locked too). CI installs it with
#   pip install --require-hashes -r requirements/test.lock
# Run it after changing dependencies in pyproject.toml; it needs PyPI. Pins
# already in the lock are kept and only new or changed requirements are
# resolved; pass --upgrade (or --upgrade-package NAME) to move to the newest
# versions pyproject.toml allows, and run the tests on what you locked.
set -euo pipefail
cd "$(dirname "$0")/.."
python -m pip install -q "pip-tools>=7.4,<8"
# --allow-unsafe pins setuptools too: kg's editable install builds with it, without build isolation.
CUSTOM_COMPILE_COMMAND="scripts/lock.sh" python -m piptools compile --quiet --generate-hashes --allow-unsafe \
    --all-extras --strip-extras --no-emit-index-url --no-emit-find-links \
    --output-file requirements/test.lock pyproject.toml "$@"
