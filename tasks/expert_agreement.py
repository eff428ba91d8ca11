"""Agreement with expert grading: openness's score against the opening-up-chatgpt openness sum.

For every project in data/opening-up-chatgpt/df.csv (46 systems, graded open / partial / closed on
14 dimensions by Liesenfeld, Lopez & Dingemanse, CC-BY-4.0), score its YAML record with openness
(the "opening-up-chatgpt" reader, which never reads the sum) and compare:

- Spearman's rank correlation between ``Assessment.score`` and the expert openness sum;
- the level ordering: the median expert sum of each level, which should not fall as levels rise.

Run: ``python tasks/expert_agreement.py`` (``--json`` for machine-readable output).
"""

from __future__ import annotations

import argparse
import csv
import itertools
import json
import statistics
import sys
from pathlib import Path

import openness

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data" / "opening-up-chatgpt"


def ranks(values: list[float]) -> list[float]:
    """Return the ranks of *values* (1-based), ties sharing their average rank."""
    order = sorted(range(len(values)), key=values.__getitem__)
    out = [0.0] * len(values)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and values[order[j + 1]] == values[order[i]]:
            j += 1
        for k in range(i, j + 1):
            out[order[k]] = (i + j) / 2 + 1
        i = j + 1
    return out


def spearman(x: list[float], y: list[float]) -> float:
    """Spearman's rho: scipy's when installed, else Pearson's r of the average ranks (the same)."""
    try:
        from scipy.stats import spearmanr  # noqa: PLC0415 - optional
    except ImportError:
        rx, ry = ranks(x), ranks(y)
        mx, my = statistics.fmean(rx), statistics.fmean(ry)
        cov = sum((a - mx) * (b - my) for a, b in zip(rx, ry, strict=True))
        sx = sum((a - mx) ** 2 for a in rx) ** 0.5
        sy = sum((b - my) ** 2 for b in ry) ** 0.5
        return cov / (sx * sy)
    return float(spearmanr(x, y).statistic)


def rows() -> list[tuple[str, float, openness.Assessment]]:
    """Return (project file, expert openness sum, assessment) for every project in df.csv."""
    out = []
    with (DATA / "df.csv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            path = DATA / row["source.file"].lstrip("/")
            out.append((path.name, float(row["openness"]), openness.score(path)))
    return out


def agreement() -> dict[str, object]:
    """Compute the agreement figures."""
    data = rows()
    scores = [a.score for _, _, a in data]
    sums = [s for _, s, _ in data]
    by_level: dict[str, list[float]] = {}
    for _, s, a in sorted(data, key=lambda r: r[2].level):
        by_level.setdefault(a.level.name, []).append(s)
    medians = {level: statistics.median(v) for level, v in by_level.items()}
    ordered = list(medians.values())
    return {
        "n": len(data),
        "spearman_rho": round(spearman(scores, sums), 4),
        "spearman_level_rho": round(spearman([float(a.level) for _, _, a in data], sums), 4),
        "level_median_sum": medians,
        "level_counts": {k: len(v) for k, v in by_level.items()},
        "levels_monotone": all(a <= b for a, b in itertools.pairwise(ordered)),
        "records": [
            {"file": f, "openness_sum": s, "score": a.score, "level": a.level.name}
            for f, s, a in sorted(data, key=lambda r: -r[1])
        ],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    result = agreement()
    if args.json:
        json.dump(result, sys.stdout, indent=2)
        print()
        return 0
    print(f"records: {result['n']}")
    print(f"Spearman rho (score vs expert openness sum): {result['spearman_rho']:.3f}")
    print(f"Spearman rho (level vs expert openness sum): {result['spearman_level_rho']:.3f}")
    print(f"median expert sum per level (levels_monotone={result['levels_monotone']}):")
    for level, median in result["level_median_sum"].items():
        print(f"  {level:20} {median:5.2f}  (n={result['level_counts'][level]})")
    print()
    print(f"{'record':34} {'expert':>6} {'score':>6}  level")
    for r in result["records"]:
        print(f"{r['file']:34} {r['openness_sum']:6.1f} {r['score']:6.1f}  {r['level']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
