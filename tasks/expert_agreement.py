"""Agreement with expert grading: openness's score against the opening-up-chatgpt openness sum.

For every project in data/opening-up-chatgpt/df.csv (46 systems, graded open / partial / closed on
14 dimensions by Liesenfeld, Lopez & Dingemanse, CC-BY-4.0), score its YAML record with openness
(the "opening-up-chatgpt" reader, which never reads the sum) and compare:

- Spearman's rank correlation between ``Assessment.score`` and the expert openness sum;
- the level ordering: the median expert sum of each level, which should not fall as levels rise.

With ``--index osai``, the same over the 193 graded records of the 2026 European Open Source AI
Index (data/osai/records, 12 dimensions, CC-BY-4.0; the "osai-index" reader, which never reads
the index's score), against the index's own score (scores.csv ``score_12``: the unweighted mean
of the 12 dimensions, open 1, partial 0.5, closed 0).

Run: ``python tasks/expert_agreement.py [--index osai]`` (``--json`` for machine-readable output).
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
OSAI = ROOT / "data" / "osai"


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


def osai_rows() -> list[tuple[str, float, openness.Assessment]]:
    """Return (record file, index score, assessment) for every record in the index's scores.csv."""
    out = []
    with (OSAI / "scores.csv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            path = OSAI / "records" / row["file"]
            out.append((path.name, float(row["score_12"]), openness.score(path)))
    return out


def agreement(index: str = "opening-up-chatgpt") -> dict[str, object]:
    """Compute the agreement figures against *index* ("opening-up-chatgpt" or "osai")."""
    data = osai_rows() if index == "osai" else rows()
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
        "most_disagreeing": _most_disagreeing(data),
        "records": [
            {"file": f, "openness_sum": s, "score": a.score, "level": a.level.name}
            for f, s, a in sorted(data, key=lambda r: -r[1])
        ],
    }


def _most_disagreeing(
    data: list[tuple[str, float, openness.Assessment]],
) -> list[dict[str, object]]:
    """Return the ten records whose rank by score is farthest from their rank by the index."""
    by_score = ranks([a.score for _, _, a in data])
    by_index = ranks([s for _, s, _ in data])
    gaps = sorted(range(len(data)), key=lambda i: -abs(by_score[i] - by_index[i]))[:10]
    return [
        {
            "file": data[i][0],
            "index": data[i][1],
            "score": data[i][2].score,
            "level": data[i][2].level.name,
            "rank_gap": by_score[i] - by_index[i],
        }
        for i in gaps
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument(
        "--index", choices=["opening-up-chatgpt", "osai"], default="opening-up-chatgpt"
    )
    args = parser.parse_args(argv)
    result = agreement(args.index)
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
    print("most disagreeing (rank by score minus rank by the index):")
    for r in result["most_disagreeing"]:
        print(
            f"  {r['file']:32} {r['index']:6.2f} {r['score']:6.1f} "
            f"{r['rank_gap']:+7.1f}  {r['level']}"
        )
    print()
    print(f"{'record':34} {'expert':>6} {'score':>6}  level")
    for r in result["records"]:
        print(f"{r['file']:34} {r['openness_sum']:6.1f} {r['score']:6.1f}  {r['level']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
