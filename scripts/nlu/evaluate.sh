#!/bin/bash
# Trains the NLU model from nlu/ with config.yml in a scratch dir and scores it on the held-out set.
# usage: scripts/nlu/evaluate.sh [WORKDIR]   (default /tmp/rumbo-nlu-eval)
# Prints intent macro-F1, CRF entity micro-F1, training wall/CPU time and parse latency.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
W=${1:-/tmp/rumbo-nlu-eval}
RASA=${RASA:-$ROOT/.venv-rasa/bin/rasa}
mkdir -p "$W" && cd "$W" && rm -rf models results
export TF_CPP_MIN_LOG_LEVEL=3
/usr/bin/time -f "%e s wall, %U s user, %S s sys" -o train_time.txt \
  "$RASA" train nlu --config "$ROOT/config.yml" --nlu "$ROOT/nlu" --out models --fixed-model-name nlu > train.log 2>&1
"$RASA" test nlu --nlu "$ROOT/tests/nlu/test_nlu.yml" --model models/nlu.tar.gz --out results > test.log 2>&1
python3 - <<'PY'
import json
i = json.load(open("results/intent_report.json")); e = json.load(open("results/CRFEntityExtractor_report.json"))
print("intent macro-F1 %.3f  entity micro-F1 %.3f (P %.2f / R %.2f)" % (
    i["macro avg"]["f1-score"], e["micro avg"]["f1-score"], e["micro avg"]["precision"], e["micro avg"]["recall"]))
PY
echo "training: $(cat train_time.txt)"
"$(dirname "$RASA")/python" "$ROOT/scripts/nlu/latency.py" models/nlu.tar.gz "$ROOT/tests/nlu/test_nlu.yml"
