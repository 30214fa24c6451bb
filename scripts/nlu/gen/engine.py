import json
import re
import unicodedata

from synonyms import ACTIVITY, STAGE


def strip_acc(s):
    return "".join(c for c in unicodedata.normalize("NFD", s) if unicodedata.category(c) != "Mn")

def norm(s):
    return strip_acc(s.lower().strip())

SYN = {}
for kind, d in (("activity_type", ACTIVITY), ("stage", STAGE)):
    for v, forms in d.items():
        for f in forms + [v]:
            SYN[(kind, norm(f))] = v

PH = {"acc": "account", "con": "contact", "time": "time", "amt": "amount", "list": "list",
      "sector": "sector", "reason": "reason", "camp": "campaign", "email": "email", "phone": "phone"}
TOKEN_RE = re.compile(r"\{(\w+)\}|\[([^\]]+)\]\((\w+)\)")

def typo(s, rng):
    if len(s) < 6: return s
    i = rng.randrange(1, len(s) - 2)
    if s[i] == " " or s[i+1] == " ": return s
    op = rng.random()
    if op < 0.5:  # swap
        return s[:i] + s[i+1] + s[i] + s[i+2:]
    return s[:i] + s[i+1:]  # drop

class Filler:
    def __init__(self, pools, rng):
        self.pools, self.rng = pools, rng
        self.idx = {k: 0 for k in pools}
        for k in pools:
            rng.shuffle(self.pools[k])
    def take(self, k):
        p = self.pools[k]; i = self.idx[k] % len(p); self.idx[k] += 1
        return p[i]

def expand(template, filler, rng, allow_noise=True):
    segs = []  # (text, entity, value)
    pos = 0
    for m in TOKEN_RE.finditer(template):
        if m.start() > pos: segs.append((template[pos:m.start()], None, None))
        if m.group(1):
            key = m.group(1); ent = PH[key]
            val = filler.take(key)
            if ent == "account" and allow_noise:
                r = rng.random()
                if r < 0.12: val = val.lower()
                elif r < 0.18: val = typo(val, rng)
            segs.append((val, ent, None))
        else:
            text, ent = m.group(2), m.group(3)
            if ent in ("activity_type", "stage"):
                v = SYN.get((ent, norm(text)))
                if v is None: raise ValueError(f"no synonym for {ent}:{text!r} in {template!r}")
                segs.append((text, ent, v))
            else:
                segs.append((text, ent, None))
        pos = m.end()
    if pos < len(template): segs.append((template[pos:], None, None))
    if allow_noise:
        r = rng.random()
        if r < 0.30: segs = [(t.lower(), e, v) for t, e, v in segs]
        r = rng.random()
        if r < 0.25: segs = [(strip_acc(t), e, v) for t, e, v in segs]
        r = rng.random()
        if r < 0.3 and segs and segs[0][1] is None:
            segs[0] = (segs[0][0].lstrip("¿¡"), None, None)
        if r < 0.3 and segs and segs[-1][1] is None:
            segs[-1] = (segs[-1][0].rstrip("?!."), None, None)
    return segs

def render(segs):
    out = []
    for t, e, v in segs:
        if e is None: out.append(t)
        elif v is None or v == t: out.append(f"[{t}]({e})")
        else: out.append("[" + t + "]" + json.dumps({"entity": e, "value": v}, ensure_ascii=False))
    s = "".join(out)
    return re.sub(r"\s+", " ", s).strip()

def plain(segs):
    return re.sub(r"\s+", " ", "".join(t for t, _, _ in segs)).strip()

def generate(templates, filler, rng, per_template=2, target=None, noise=True):
    """returns list of (rendered, plain, segs)"""
    res, seen = [], set()
    def add(segs):
        p = plain(segs).lower()
        if p in seen: return
        seen.add(p); res.append((render(segs), plain(segs), segs))
    for t in templates:
        n = per_template if TOKEN_RE.search(t) and "{" in t else 1
        for j in range(n):
            add(expand(t, filler, rng, allow_noise=noise and j > 0 or (noise and rng.random() < 0.5)))
    # top up to target by refilling random templates with placeholders
    ph = [t for t in templates if "{" in t]
    tries = 0
    uses = {t: per_template for t in ph}
    while target and len(res) < target and ph and tries < 500:
        tries += 1
        t = rng.choice(ph)
        if uses[t] >= per_template + 2: continue
        uses[t] += 1
        add(expand(t, filler, rng, allow_noise=noise))
    return res
