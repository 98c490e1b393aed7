#!/usr/bin/env bash
# Smoke test of a built bundle, run as a practice would run it: packaging/smoke_test.sh DIST_DIR
#
#   packaging/smoke_test.sh dist/cybercabinet          (what `make smoke` runs)
#   SMOKE_STRICT=1 packaging/smoke_test.sh dist/...     (a skipped step counts as a failure)
#
# The executable runs with a throw-away data folder (CYBERCABINET_HOME), no CYBERCABINET_DB and
# QT_QPA_PLATFORM=offscreen. Each step prints OK, FAIL or "SKIPPED: command X not available yet"
# (a command the CLI does not list in its --help yet). Exit 1 when a step failed.
set -uo pipefail

DIST="${1:?usage: packaging/smoke_test.sh DIST_DIR (e.g. dist/cybercabinet)}"
DIST="$(cd "$DIST" && pwd)"
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
EXE="$DIST/cybercabinet"
[ -x "$EXE" ] || EXE="$DIST/cybercabinet.exe"
INTERNAL="$DIST/_internal"
if [ ! -x "$EXE" ] || [ ! -d "$INTERNAL" ]; then
  echo "smoke_test: no cybercabinet executable and _internal folder in $DIST" >&2
  exit 2
fi

WORK="$(mktemp -d "${TMPDIR:-/tmp}/cybercabinet-smoke.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
export CYBERCABINET_HOME="$WORK/home"
export QT_QPA_PLATFORM=offscreen
export SMOKE_PASSPHRASE="smoke test passphrase, not a secret 2026"
unset CYBERCABINET_DB
cd "$WORK" || exit 2  # nothing may depend on the current folder

PASSED=0 FAILED=0 SKIPPED=0
OUT="$WORK/out.txt" ERR="$WORK/err.txt"
UUID_RE='[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}'

ok() { PASSED=$((PASSED + 1)); echo "OK       $*"; }
skip() { SKIPPED=$((SKIPPED + 1)); echo "SKIPPED: $*"; }
fail() {
  FAILED=$((FAILED + 1)); echo "FAIL     $*"
  [ -s "$OUT" ] && sed 's/^/    stdout: /' "$OUT" | head -15
  [ -s "$ERR" ] && sed 's/^/    stderr: /' "$ERR" | head -15
  return 0
}
# Run the executable; its output goes to $OUT and $ERR, its exit code is returned.
cc() { "$EXE" "$@" >"$OUT" 2>"$ERR" </dev/null; }
# Whether a command exists: `cybercabinet practice add --help` succeeds only if both words do.
available() { "$EXE" "$@" --help >/dev/null 2>&1 </dev/null; }
# Whether a command's --help mentions an option.
has_option() {
  local option="$1"; shift
  [[ "$("$EXE" "$@" --help 2>/dev/null </dev/null)" == *"$option"* ]]
}
first_uuid() { grep -oE "$UUID_RE" "$OUT" | grep -v -x -F "${1:-none}" | head -1; }

echo "Smoke test of $EXE (data in $CYBERCABINET_HOME)"

# 1. The version, from the package metadata copied into the bundle (pyproject.toml's).
if cc --version; then
  version="$(cat "$OUT")"
  expected=""
  if [ -f "$HERE/../pyproject.toml" ]; then
    expected="$(sed -n 's/^version *= *"\(.*\)"/\1/p' "$HERE/../pyproject.toml" | head -1)"
  fi
  if [[ "$version" == *unknown* ]]; then
    fail "--version: '$version' (the package metadata is missing from the bundle)"
  elif [ -n "$expected" ] && [ "$version" != "CyberCabinet $expected" ]; then
    fail "--version: '$version', expected 'CyberCabinet $expected'"
  else
    ok "--version: $version"
  fi
else
  fail "--version exited $?"
fi

# 2. The resources are where app/paths.py and ReportLab look for them.
missing=()
for path in questionnaires i18n/fr/LC_MESSAGES/cybercabinet.mo i18n/de/LC_MESSAGES/cybercabinet.mo \
            i18n/it/LC_MESSAGES/cybercabinet.mo assets/app-icon.png app/storage/migrations/env.py \
            reportlab/fonts/Vera.ttf reportlab/fonts/VeraBd.ttf; do
  [ -e "$INTERNAL/$path" ] || missing+=("$path")
done
compgen -G "$INTERNAL/app/storage/migrations/versions/*.py" >/dev/null \
  || missing+=("app/storage/migrations/versions/*.py")
if [ ${#missing[@]} -eq 0 ]; then
  ok "bundled resources: questionnaires, catalogs, assets, migrations, Vera fonts"
else
  : >"$OUT"; : >"$ERR"; fail "bundled resources missing under _internal: ${missing[*]}"
fi

# 3. The bundled questionnaires are valid, and the catalog lists them.
if cc questionnaire validate "$INTERNAL/questionnaires"; then
  ok "questionnaire validate _internal/questionnaires: $(tr '\n' ' ' <"$OUT" | cut -c1-150)"
else
  fail "questionnaire validate _internal/questionnaires exited $?"
fi
if cc questionnaire list --json && grep -q '"id"' "$OUT"; then
  ok "questionnaire list: $(grep -o '"id": *"[^"]*"' "$OUT" | tr '\n' ' ')"
else
  fail "questionnaire list --json"
fi

# 4. The compiled catalogs load: the help speaks French when the system does.
env LC_ALL=en_GB.UTF-8 LANG=en_GB.UTF-8 "$EXE" --help >"$WORK/help-en.txt" 2>&1
env LC_ALL=fr_CH.UTF-8 LANG=fr_CH.UTF-8 "$EXE" --help >"$WORK/help-fr.txt" 2>&1
if ! cmp -s "$WORK/help-en.txt" "$WORK/help-fr.txt"; then
  ok "translations: --help in French differs from English"
else
  : >"$OUT"; cp "$WORK/help-fr.txt" "$ERR"; fail "translations: the French --help is the English one"
fi

# 5. A practice, an assessment, two answers (the storage and its Alembic migrations).
PRACTICE="" ASSESSMENT=""
if available practice add; then
  args=(practice add "Cabinet Smoke Test")
  has_option --country practice add && args+=(--country CH)
  has_option --json practice add && args+=(--json)
  if cc "${args[@]}" && PRACTICE="$(first_uuid)" && [ -n "$PRACTICE" ]; then
    ok "practice add: $PRACTICE"
  else
    PRACTICE=""; fail "practice add (${args[*]})"
  fi
else
  skip "command 'practice add' not available yet"
fi

if ! available assessment new; then
  skip "command 'assessment new' not available yet"
elif [ -z "$PRACTICE" ]; then
  skip "assessment new: no practice (see above)"
else
  args=(assessment new "$PRACTICE")
  has_option --json assessment new && args+=(--json)
  if cc "${args[@]}" && ASSESSMENT="$(first_uuid "$PRACTICE")" && [ -n "$ASSESSMENT" ]; then
    ok "assessment new: $ASSESSMENT"
  else
    ASSESSMENT=""; fail "assessment new (${args[*]})"
  fi
fi

if ! available assessment answer; then
  skip "command 'assessment answer' not available yet"
elif [ -z "$ASSESSMENT" ]; then
  skip "assessment answer: no assessment (see above)"
else
  # The country of the practice profile, then the first yes/partly/no question of the bank.
  question="$(grep -h -A1 -E '^  - id: ' "$INTERNAL"/questionnaires/*/themes/*.yaml 2>/dev/null \
              | grep -B1 -E 'type: yes_partly_no' | sed -n 's/^  - id: *//p' | head -1)"
  if cc assessment answer "$ASSESSMENT" PRF-COUNTRY ch \
     && cc assessment answer "$ASSESSMENT" "${question:-GOV-01}" yes; then
    ok "assessment answer: PRF-COUNTRY=ch, ${question:-GOV-01}=yes"
  else
    fail "assessment answer $ASSESSMENT (PRF-COUNTRY ch, ${question:-GOV-01} yes)"
  fi
fi

# 6. PostgreSQL support: the psycopg driver loads (the connection itself is refused here).
if available practice list; then
  cc practice list --db "postgresql+psycopg://smoke:smoke@127.0.0.1:9/smoke"
  if grep -qiE "No module named|Can't load plugin|NoSuchModule|internal error" "$ERR" "$OUT"; then
    fail "PostgreSQL driver: not usable from the bundle"
  else
    ok "PostgreSQL driver loads (connection refused as expected: $(head -1 "$ERR" | cut -c1-100))"
  fi
else
  skip "command 'practice list' not available yet (PostgreSQL driver check)"
fi

# 7. Reports: plain, then signed with a new identity, then verified (and a tampered copy refused).
if ! available report; then
  skip "command 'report' not available yet"
elif [ -z "$ASSESSMENT" ]; then
  skip "report: no assessment (see above)"
elif cc report "$ASSESSMENT" -o "$WORK/report.pdf" && head -c 5 "$WORK/report.pdf" | grep -q '%PDF-'; then
  ok "report: $(wc -c <"$WORK/report.pdf") bytes"
else
  fail "report $ASSESSMENT -o report.pdf"
fi

# Signing needs a completed assessment: answer every question still asked ("I don't know"
# where allowed, else the first allowed value), then complete it.
answer_any() {
  local question="$1" value
  cc assessment answer "$ASSESSMENT" "$question" unknown && return 0
  cc assessment answer "$ASSESSMENT" "$question" smoke-not-an-answer
  value="$(sed -n 's/.*allowed: \([^,.]*\).*/\1/p' "$ERR" | head -1)"
  [ -n "$value" ] && cc assessment answer "$ASSESSMENT" "$question" "$value" && return 0
  cc assessment answer "$ASSESSMENT" "$question" 1
}
COMPLETED=""
if ! available assessment complete; then
  skip "command 'assessment complete' not available yet (signing needs a completed assessment)"
elif [ -z "$ASSESSMENT" ]; then
  skip "assessment complete: no assessment (see above)"
elif ! command -v python3 >/dev/null; then
  skip "assessment complete: python3 is needed to read 'assessment show --json'"
elif has_option --allow-unanswered assessment complete; then
  if cc assessment complete "$ASSESSMENT" --allow-unanswered; then
    COMPLETED=1; ok "assessment complete --allow-unanswered"
  else
    fail "assessment complete $ASSESSMENT --allow-unanswered"
  fi
else
  # About 2 s per answer (each one starts the program): a few minutes for the whole bank.
  answered=0
  for _round in 1 2 3 4 5; do  # each answer can bring new questions (skip logic)
    cc assessment show "$ASSESSMENT" --json || break
    python3 -c 'import json, sys; print("\n".join(json.load(open(sys.argv[1]))["unanswered"]))' \
      "$OUT" >"$WORK/unanswered.txt" 2>/dev/null || break
    [ -s "$WORK/unanswered.txt" ] || break
    while read -r question; do
      answer_any "$question" && answered=$((answered + 1))
    done <"$WORK/unanswered.txt"
  done
  if cc assessment complete "$ASSESSMENT"; then
    COMPLETED=1; ok "assessment complete (after $answered more answers, mostly 'I don't know')"
  else
    fail "assessment complete $ASSESSMENT"
  fi
fi

# An identity (a key and a self-signed certificate): its .p12 path, or nothing if it failed.
create_identity() {
  local name="$1" role="$2" file="$3"
  local args=(identity create --name "$name" --role "$role" --practice "Cabinet Smoke Test"
              --email "smoke@example.ch" --passphrase-env SMOKE_PASSPHRASE)
  if has_option --output identity create; then args+=(--output "$file"); fi
  if ! cc "${args[@]}"; then
    fail "identity create --name '$name'"; return 0
  fi
  if [ ! -f "$file" ]; then  # no --output: the newest identity of the identities folder
    file="$(ls -t "$CYBERCABINET_HOME"/identities/*.p12 2>/dev/null | head -1)"
  fi
  if [ -n "$file" ] && [ -f "$file" ]; then
    ok "identity create: $name ($(basename "$file"))"; echo "$file" >"$WORK/identity.path"
  else
    fail "identity create --name '$name': no .p12 written"
  fi
}
# The certificate written beside an identity, for --trust.
certificate_of() { local pem="${1%.*}.pem"; [ -f "$pem" ] && echo "$pem"; }

IDENTITY="" AUDITOR=""
if ! available identity create; then
  skip "command 'identity create' not available yet"
else
  rm -f "$WORK/identity.path"; create_identity "Dr Smoke Test" "physician" "$WORK/practice.p12"
  [ -f "$WORK/identity.path" ] && IDENTITY="$(cat "$WORK/identity.path")"
fi

SIGNED=""
if ! available report || ! has_option --sign report; then
  skip "command 'report --sign' not available yet"
elif [ -z "$COMPLETED" ] || [ -z "$IDENTITY" ]; then
  skip "report --sign: no completed assessment or no identity (see above)"
elif cc report "$ASSESSMENT" -o "$WORK/signed.pdf" --sign "$IDENTITY" \
        --passphrase-env SMOKE_PASSPHRASE && [ -s "$WORK/signed.pdf" ]; then
  SIGNED="$WORK/signed.pdf"; ok "report --sign: $(wc -c <"$SIGNED") bytes"
else
  fail "report $ASSESSMENT -o signed.pdf --sign $IDENTITY --passphrase-env SMOKE_PASSPHRASE"
fi

COUNTERSIGNED=""
if ! available countersign; then
  skip "command 'countersign' not available yet"
elif [ -z "$SIGNED" ]; then
  skip "countersign: no signed report (see above)"
else
  rm -f "$WORK/identity.path"; create_identity "Auditor Smoke Test" "auditor" "$WORK/auditor.p12"
  [ -f "$WORK/identity.path" ] && AUDITOR="$(cat "$WORK/identity.path")"
  if [ -z "$AUDITOR" ]; then
    skip "countersign: no auditor identity (see above)"
  elif cc countersign --sign "$AUDITOR" --passphrase-env SMOKE_PASSPHRASE \
          -o "$WORK/countersigned.pdf" "$SIGNED" && [ -s "$WORK/countersigned.pdf" ]; then
    COUNTERSIGNED="$WORK/countersigned.pdf"; ok "countersign: $(wc -c <"$COUNTERSIGNED") bytes"
  else
    fail "countersign --sign $AUDITOR -o countersigned.pdf signed.pdf"
  fi
fi

if ! available verify; then
  skip "command 'verify' not available yet"
elif [ -z "$SIGNED" ]; then
  skip "verify: no signed report (see above)"
else
  trust=()
  if has_option --trust verify; then
    for identity in "$IDENTITY" "$AUDITOR"; do
      pem="$(certificate_of "$identity")" && trust+=(--trust "$pem")
    done
  fi
  for pdf in "$SIGNED" "$COUNTERSIGNED"; do
    [ -n "$pdf" ] || continue
    if cc verify "${trust[@]}" "$pdf"; then
      ok "verify $(basename "$pdf") (${#trust[@]} trust arguments): $(head -1 "$OUT" | cut -c1-100)"
    else
      fail "verify $(basename "$pdf") exited $?"
    fi
  done
  # One byte changed in the middle of the file: verification must fail.
  cp "$SIGNED" "$WORK/tampered.pdf"
  size=$(wc -c <"$SIGNED")
  printf 'X' | dd of="$WORK/tampered.pdf" bs=1 seek=$((size / 2)) conv=notrunc status=none
  if cc verify "${trust[@]}" "$WORK/tampered.pdf"; then fail "verify accepted a tampered report"
  else ok "verify refuses a tampered report (exit $?)"; fi
fi

# 8. The backup command.
if available db backup; then
  if cc db backup && [ -n "$(ls -A "$CYBERCABINET_HOME/backups" 2>/dev/null)" ]; then
    ok "db backup: $(ls "$CYBERCABINET_HOME/backups" | tail -1)"
  else
    fail "db backup"
  fi
else
  skip "command 'db backup' not available yet"
fi

# 8b. An exchange file for the auditor, protected by a passphrase, read into another database.
if ! available export || ! available import; then
  skip "commands 'export' / 'import' not available yet"
elif [ -z "${ASSESSMENT:-}" ]; then
  skip "export: no assessment (see above)"
elif ! cc export "$ASSESSMENT" -o "$WORK/audit.ccab" --passphrase-env SMOKE_PASSPHRASE; then
  fail "export $ASSESSMENT -o audit.ccab --passphrase-env SMOKE_PASSPHRASE"
elif grep -qa "$ASSESSMENT" "$WORK/audit.ccab"; then
  fail "export: the protected exchange file shows the assessment's id in clear"
elif cc import --db "sqlite:///$WORK/auditor.sqlite3" --passphrase-env SMOKE_PASSPHRASE \
        "$WORK/audit.ccab" && grep -q "$ASSESSMENT" "$OUT"; then
  ok "export + import of a protected exchange file: $(wc -c <"$WORK/audit.ccab") bytes"
else
  fail "import audit.ccab into a new database"
fi

# 8c. A database encrypted with a passphrase (SQLCipher, bundled as a compiled module).
if ! available db encrypt; then
  skip "command 'db encrypt' not available yet"
else
  SECRET_DB="sqlite:///$WORK/secret.sqlite3"
  if ! cc practice add --db "$SECRET_DB" "Cabinet Chiffré"; then
    fail "practice add in a new database"
  elif ! cc db encrypt --db "$SECRET_DB" --passphrase-env SMOKE_PASSPHRASE; then
    fail "db encrypt --passphrase-env SMOKE_PASSPHRASE"
  elif head -c 16 "$WORK/secret.sqlite3" | grep -qa "SQLite format"; then
    fail "db encrypt: the file still starts with SQLite's plain header"
  elif cc practice list --db "$SECRET_DB"; then
    fail "an encrypted database opened without its passphrase"
  elif CYBERCABINET_DB_PASSPHRASE="$SMOKE_PASSPHRASE" cc practice list --db "$SECRET_DB" \
        && grep -q "Cabinet Chiffré" "$OUT"; then
    ok "db encrypt: refused without the passphrase, read with it"
  else
    fail "practice list on the encrypted database with CYBERCABINET_DB_PASSPHRASE"
  fi
fi

# 9. The window opens (offscreen) and is still running after 8 seconds.
timeout 8 "$EXE" >"$OUT" 2>"$ERR"
code=$?
if [ "$code" = 124 ] || [ "$code" = 0 ]; then
  if grep -qE "Traceback|Could not load the Qt platform plugin|internal error" "$ERR"; then
    fail "GUI: errors while starting"
  else
    ok "GUI started offscreen ($([ "$code" = 124 ] && echo "still running after 8 s" || echo "exited 0"))"
  fi
else
  fail "GUI exited $code within 8 s"
fi

# 10. No bug was logged along the way.
if grep -rqs "Traceback" "$CYBERCABINET_HOME/logs"; then
  : >"$OUT"; grep -rh -B2 -A8 "Traceback" "$CYBERCABINET_HOME/logs" | head -20 >"$ERR"
  fail "the log has a traceback"
else
  ok "no traceback in the log"
fi

echo "Smoke test: $PASSED passed, $FAILED failed, $SKIPPED skipped"
[ "$FAILED" -eq 0 ] || exit 1
if [ "$SKIPPED" -gt 0 ] && [ "${SMOKE_STRICT:-0}" = 1 ]; then exit 1; fi
exit 0
