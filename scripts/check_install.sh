#!/usr/bin/env bash
# `make check-install` (part of `make test`): are the declared dependencies enough to run the app?
#
# In a fresh virtualenv (not .venv), install the package WITHOUT extras: only
# [project].dependencies, at the versions in requirements.lock (as constraints: name==version,
# since pip constraints cannot carry hashes). Then, with a throwaway SQLite database, run
# `flask db upgrade` and make real requests (/health, /login). A direct dependency missing from
# pyproject.toml (installed in .venv only through the dev extra or by chance) fails here with
# ModuleNotFoundError.
#
# It works on a copy of the files a clone has (tracked, plus new files not ignored by git), so
# nothing ignored (.env, instance/, .venv) takes part and the build leaves no build/ or
# *.egg-info in the tree. Everything lives in one temporary directory, removed on exit.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
started=$SECONDS

work=$(mktemp -d "${TMPDIR:-/tmp}/campaign-check-install.XXXXXX")
trap 'rm -rf "$work"' EXIT

# requirements.lock's pins, without hashes, markers or comments.
sed -n 's/^\([A-Za-z0-9][A-Za-z0-9._-]*==[^[:space:];\\]*\).*/\1/p' requirements.lock \
    >"$work/constraints.txt"

mkdir "$work/src"
git ls-files -z --cached --others --exclude-standard \
    | while IFS= read -r -d '' file; do
        if [ -e "$file" ]; then printf '%s\0' "$file"; fi # skip files deleted but not yet staged
    done \
    | tar --null --files-from=- -cf - | tar -xf - -C "$work/src"

"$PYTHON" -m venv "$work/venv"
"$work/venv/bin/pip" install --quiet --disable-pip-version-check \
    -c "$work/constraints.txt" "$work/src"

# Run from the copy, with the new venv's packages only: what a deployment from a checkout runs.
cd "$work/src"
unset PYTHONPATH
export DATABASE_URL="sqlite:///$work/check.db"
export SECRET_KEY=check-install-not-secret
"$work/venv/bin/flask" --app campaign db upgrade
"$work/venv/bin/python" - <<'EOF'
from campaign import create_app

client = create_app().test_client()
for path in ("/health", "/login"):
    response = client.get(path)
    assert response.status_code == 200, f"GET {path}: {response.status}"
print("check-install: /health and /login answer 200")
EOF
echo "check-install: passed in $((SECONDS - started))s (no extras, locked versions, fresh venv)"
