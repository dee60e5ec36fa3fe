#!/usr/bin/env bash
# The attack test (ctest DisclosureAttackOverHttp): tests/attack/run-attack.sh BUILD_DIR.
# Plants respondents in rare combinations into the bundled Citizen's Panel 2025 sample
# (plant_respondents.py), ingests it into a new store with a fixed cell key secret (so
# that a run is repeatable), writes the truth with the command line below the floor,
# starts the real `gapfinder serve` on loopback with a viewer account, and runs
# attack.py against it, and against the bundled staff survey: an attacker with unlimited queries who must recover no count
# under the threshold and no respondent's answer. Exits non-zero if it does.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
build=$(cd "${1:-$root/build}" && pwd)
gapfinder=$build/gapfinder
work=$(mktemp -d)
server=
cleanup() {
  [ -n "$server" ] && kill -INT "$server" 2>/dev/null && wait "$server" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

python3 "$root/tests/attack/plant_respondents.py" "$root/surveys/samples/citizens-panel-2025.csv" \
  "$work/planted-2025.csv" "$work/planted.json"
db=$work/store.db
common=(--db "$db" --surveys-dir "$root/surveys")
# The earlier wave too, so that the findings carry the trend (on by default).
"$gapfinder" ingest "$root/surveys/samples/citizens-panel-2024.csv" --survey citizens-panel --wave 2024 "${common[@]}" >/dev/null
"$gapfinder" ingest "$work/planted-2025.csv" --survey citizens-panel --wave 2025 "${common[@]}" >/dev/null
# A fixed secret: the perturbation, and so this test's outcome, is the same on every run.
sqlite3 "$db" "INSERT OR REPLACE INTO store_secret (name, value) VALUES ('cell_key', CAST('attack test secret, fixed' AS BLOB))"

# The staff survey too, as bundled: its filters are its dimensions (directorate, pay band...).
"$gapfinder" ingest "$root/surveys/samples/staff-survey-2025.csv" --survey staff-survey --wave 2025 "${common[@]}" >/dev/null

# The truth: every count, every cell, nothing hidden (the command line below the floor).
for survey in citizens-panel staff-survey; do
  "$gapfinder" analyse --survey "$survey" --wave 2025 --intersections --below-disclosure-floor --suppress-below 0 \
    --min-base 0 --format json -o "$work/truth-$survey.json" "${common[@]}" 2>/dev/null
done

password=attack-test-password-1
printf '%s\n' "$password" | "$gapfinder" user add mallory --role viewer --password-stdin --db "$db" >/dev/null
# Made before the server starts: the background job opens its output itself, and the
# loop below could read the file before it exists (a race that failed CI now and then).
: >"$work/serve.out"
"$gapfinder" serve --port 0 --bind 127.0.0.1 "${common[@]}" >"$work/serve.out" 2>"$work/serve.err" &
server=$!
port=
for _ in $(seq 300); do
  port=$(sed -n 's|^gapfinder serving .* on http://127\.0\.0\.1:\([0-9]*\)/.*|\1|p' "$work/serve.out")
  [ -n "$port" ] && break
  kill -0 "$server" 2>/dev/null || { echo "run-attack.sh: gapfinder serve exited:" >&2; cat "$work/serve.err" >&2; exit 1; }
  sleep 0.1
done
[ -n "$port" ] || { echo "run-attack.sh: gapfinder serve printed no port" >&2; exit 1; }

status=0
python3 "$root/tests/attack/attack.py" --url "http://127.0.0.1:$port" --user mallory --password "$password" \
  --survey citizens-panel --wave 2025 --truth "$work/truth-citizens-panel.json" --planted "$work/planted.json" || status=1
python3 "$root/tests/attack/attack.py" --url "http://127.0.0.1:$port" --user mallory --password "$password" \
  --survey staff-survey --wave 2025 --truth "$work/truth-staff-survey.json" || status=1
exit $status
