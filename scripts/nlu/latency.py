"""Parse latency of a trained NLU model: median/p95 over 200 held-out messages.
usage: python latency.py MODEL.tar.gz [tests/nlu/test_nlu.yml] [--server URL]"""
import asyncio
import json
import os
import re
import statistics
import sys
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

def messages(path):
    out = []
    for l in open(path, encoding="utf-8"):
        m = re.match(r"\s+- (.*)", l)
        if m:
            t = re.sub(r"\[([^\]]+)\](\{[^}]+\}|\([^)]+\))", r"\1", m.group(1))
            out.append(t)
    return out

def pct(xs, p):
    xs = sorted(xs); return xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))]

LOWC=[0]
async def main():
    model = sys.argv[1]
    msgs = messages(sys.argv[2] if len(sys.argv) > 2 and not sys.argv[2].startswith("--") else "tests/nlu/test_nlu.yml")
    msgs = (msgs * 2)[:200]
    if "--server" in sys.argv:
        import urllib.request
        url = sys.argv[sys.argv.index("--server") + 1].rstrip("/") + "/model/parse"
        def parse(t):
            req = urllib.request.Request(url, data=json.dumps({"text": t}).encode(), headers={"Content-Type": "application/json"})
            return json.load(urllib.request.urlopen(req))
        for t in msgs[:10]: parse(t)
        lat = []
        for t in msgs:
            s = time.perf_counter(); parse(t); lat.append((time.perf_counter() - s) * 1000)
    else:
        from rasa.core.agent import Agent
        agent = Agent.load(model)
        for t in msgs[:10]: await agent.parse_message(t)
        lat = []
        for t in msgs:
            s = time.perf_counter(); r = await agent.parse_message(t); lat.append((time.perf_counter() - s) * 1000)
            LOWC[0] += r['intent']['name'] == 'nlu_fallback'
    print(json.dumps({"n": len(lat), "below_0.5": LOWC[0], "median_ms": round(statistics.median(lat), 1), "p95_ms": round(pct(lat, 95), 1)}))

asyncio.run(main())
