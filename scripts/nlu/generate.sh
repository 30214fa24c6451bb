#!/bin/bash
# Regenerates the NLU training data in nlu/ from the templates and name pools in scripts/nlu/gen/.
# Deterministic (fixed seeds): running it on an unchanged tree reproduces the committed files exactly.
# The held-out test set (tests/nlu/test_nlu.yml) is not generated here and must never be written to nlu/.
set -euo pipefail
cd "$(dirname "$0")/../.."
PY=${PYTHON:-python3}
rm -rf nlu/es nlu/en nlu/synonyms.yml nlu/regex.yml nlu/lookups.yml
"$PY" scripts/nlu/gen/build.py nlu
"$PY" scripts/nlu/gen/build_static.py nlu
