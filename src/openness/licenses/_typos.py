"""Mistyped licence ids and names: the known ones nearest to what was written.

A string no rule knows ("Apach-2.0", "MTI", "lama3", "LicenseRef-scancode-llama-3.1-licnese-2024")
is compared with every id, alias and name of the knowledge base, each *compacted* (case, spaces
and punctuation dropped: ``apache20``). The distance is the optimal string alignment distance
(Damerau-Levenshtein with adjacent transpositions), bounded: one edit up to five letters, two
above. A suggestion is never taken as the licence; it is what a finding's "did you mean" shows.

Finding the keys within the bound without comparing every one of them (5,500 keys):

- keys of up to :data:`_SHORT_KEY` letters by *symmetric deletion*: each key is indexed under
  itself and every string made by deleting one or two of its letters; a query within two edits
  shares one of its own deletions with it (a substitution or a transposition is one deletion on
  each side);
- longer keys by *partition* (pass-join): each key is cut into :data:`_PARTS` pieces; a query
  within two edits keeps one piece intact (two transpositions spoil at most four), shifted by at
  most two letters, and is probed for it.

Each candidate is then measured exactly. Candidates are ranked by edits, then by how often the
licence is named (:func:`openness._kb.popular_keys`, counted in real records: of two ids as near,
the one people write more is the one they more likely meant), then by similarity.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ._kb import get_license, known_keys, lookup_license, popular_keys
from ._names import name_key, successor_key

if TYPE_CHECKING:
    from ._kb import License

__all__ = ["closest", "compact", "distance", "nearest", "skeleton"]

_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})
_DROP = re.compile(r"[\s\-\u2013\u2014_.,/()\[\]'\":;]+")
_SHORT_KEY = 10
_PARTS = 5
_MOST = 2
_MAX_QUERY = 96
_ONE_EDIT_UP_TO = 5


def compact(text: str) -> str:
    """Return *text* lower-cased without spaces or punctuation: the form typos are measured on.

    >>> compact("LicenseRef-scancode-llama-3.1-license-2024")
    'licenserefscancodellama31license2024'
    """
    return _DROP.sub("", unicodedata.normalize("NFKC", text).translate(_QUOTES).lower())


def _middles(a: str, b: str) -> tuple[str, str]:
    """Return *a* and *b* without their common start and end, which cost no edit."""
    n, m = len(a), len(b)
    start = 0
    while start < n and start < m and a[start] == b[start]:
        start += 1
    end = 0
    while end < n - start and end < m - start and a[n - 1 - end] == b[m - 1 - end]:
        end += 1
    return a[start : n - end], b[start : m - end]


# Words every licence name may carry, and so may miss a letter of: dropped for the skeleton.
_FILLERS = ("license", "licence", "agreement", "version", "community")


def skeleton(text: str) -> str:
    """Return a name's compacted words without its filler words, misspelt ones included.

    "Apache Licnse, Version 2.0" and "Apache License 2.0" have the same skeleton: a name's
    typo in a word that tells no licence from another is still a typo of that name.

    >>> skeleton("Apache Licnse, Version 2.0"), skeleton("apache license 2.0")
    ('apache2', 'apache2')
    """
    kept = [w for w in name_key(text).split() if len(w) < 5 or not _filler(w)]
    return compact("".join(kept))


def _filler(word: str) -> bool:
    return any(distance(word, f, 1) <= 1 for f in _FILLERS)


def distance(a: str, b: str, bound: int = _MOST) -> int:
    """Return the optimal string alignment distance of *a* and *b*, or ``bound + 1`` if above.

    A common start and end are skipped ("licenserefscancode..."); only the cells within *bound*
    of the diagonal are computed, and the scan stops once a whole row is above *bound*.

    >>> distance("mti", "mit"), distance("apach20", "apache20"), distance("gpl", "mit")
    (1, 1, 3)
    """
    far = bound + 1
    if abs(len(a) - len(b)) > bound:
        return far
    # Reversed: keys share long starts (LicenseRef-scancode-), so differ sooner from the end.
    a, b = (m[::-1] for m in _middles(a, b))
    n, m = len(a), len(b)
    if not n or not m:
        return min(n or m, far)
    prev2: list[int] = []
    prev = [min(j, far) for j in range(m + 1)]
    for i in range(1, n + 1):
        cur = [far] * (m + 1)
        cur[0] = min(i, far)
        ca = a[i - 1]
        for j in range(max(1, i - bound), min(m, i + bound) + 1):
            cb = b[j - 1]
            v = min(prev[j - 1] + (ca != cb), prev[j] + 1, cur[j - 1] + 1)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                v = min(v, prev2[j - 2] + 1)
            cur[j] = min(v, far)
        if min(cur) > bound:
            return far
        prev2, prev = prev, cur
    return prev[m]


def _deletions(word: str, depth: int) -> set[str]:
    """Return *word* and every string made by deleting up to *depth* of its letters."""
    out = {word}
    frontier = {word}
    for _ in range(depth):
        frontier = {w[:i] + w[i + 1 :] for w in frontier for i in range(len(w))}
        out |= frontier
    return out


def _pieces(length: int) -> list[tuple[int, int]]:
    """Return (start, length) of the :data:`_PARTS` pieces a key of *length* is cut into."""
    size, extra = divmod(length, _PARTS)
    out: list[tuple[int, int]] = []
    start = 0
    for i in range(_PARTS):
        n = size + (1 if i >= _PARTS - extra else 0)
        out.append((start, n))
        start += n
    return out


def _letters(word: str) -> dict[str, int]:
    counts: dict[str, int] = {}
    for char in word:
        counts[char] = counts.get(char, 0) + 1
    return counts


def _bag(query: dict[str, int], key: dict[str, int]) -> int:
    """Return the bag distance, a lower bound of the edit distance: letters not in common."""
    extra = missing = 0
    for char, n in query.items():
        d = n - key.get(char, 0)
        if d > 0:
            extra += d
    for char, n in key.items():
        d = n - query.get(char, 0)
        if d > 0:
            missing += d
    return max(extra, missing)


@dataclass(frozen=True, slots=True)
class _Index:
    keys: list[str]
    """Compacted ids, aliases and names."""
    letters: list[dict[str, int]]
    """Per key: how often each letter occurs in it (for the bag distance, a quick bound)."""
    targets: list[tuple[str, ...]]
    """Per key: the licences (keys of the knowledge base) it names."""
    deletions: dict[str, list[int]]
    """A short key's deletion of up to two letters -> the keys it comes from."""
    pieces: dict[tuple[int, int, str], list[int]]
    """(key length, piece number, piece) -> the long keys with that piece."""
    rank: dict[str, int]
    """Licence key -> its place among the licences people name most (lower: more named)."""


@functools.cache
def _index() -> _Index:
    aliases, deprecated = known_keys()
    found: dict[str, set[str]] = {}
    for alias, target in aliases.items():
        if "/" in alias and " " not in alias:
            continue  # An address: typos of addresses are not looked for.
        live = successor_key(target) if target in deprecated else target
        if live is None:
            continue
        for key in {compact(alias), skeleton(alias)}:
            if 2 <= len(key) <= _MAX_QUERY:
                found.setdefault(key, set()).add(live)
    keys = sorted(found)
    targets = [tuple(sorted(found[k])) for k in keys]
    deletions: dict[str, list[int]] = {}
    pieces: dict[tuple[int, int, str], list[int]] = {}
    for i, key in enumerate(keys):
        if len(key) <= _SHORT_KEY:
            for d in _deletions(key, _MOST):
                deletions.setdefault(d, []).append(i)
        else:
            for p, (start, n) in enumerate(_pieces(len(key))):
                pieces.setdefault((len(key), p, key[start : start + n]), []).append(i)
    rank = {key: i for i, key in enumerate(popular_keys())}
    return _Index(keys, [_letters(k) for k in keys], targets, deletions, pieces, rank)


def _candidates(index: _Index, query: str, bound: int) -> set[int]:
    """Return the keys that may be within *bound* edits of *query* (a superset)."""
    n = len(query)
    found: set[int] = set()
    if n - bound <= _SHORT_KEY:
        for d in _deletions(query, bound):
            found.update(index.deletions.get(d, ()))
    for length in range(max(_SHORT_KEY + 1, n - bound), n + bound + 1):
        for p, (start, size) in enumerate(_pieces(length)):
            for s in range(max(0, start - bound), min(n - size, start + bound) + 1):
                found.update(index.pieces.get((length, p, query[s : s + size]), ()))
    return found


def _bound(key: str) -> int:
    return 1 if len(key) <= _ONE_EDIT_UP_TO else _MOST


def _ranked(text: str) -> list[tuple[str, tuple[int, int, float]]]:
    """Return (licence key, (edits, rank, -similarity)) of the licences near *text*, best first."""
    whole = compact(text)
    if not 2 <= len(whole) <= _MAX_QUERY or lookup_license(text) is not None:
        return []
    if not name_key(text):
        return []  # Only words every licence has ("license", "the licence agreement").
    index = _index()
    best: dict[str, tuple[int, int, float]] = {}
    for query in {whole, skeleton(text)}:
        if len(query) < 2:  # A letter is near too much.
            continue
        bound = _bound(query)
        letters = _letters(query)
        for i in _candidates(index, query, bound):
            if _bag(letters, index.letters[i]) > bound:
                continue
            key = index.keys[i]
            edits = distance(query, key, bound)
            if edits > bound:
                continue
            similarity = 1.0 - edits / max(len(query), len(key))
            for target in index.targets[i]:
                order = (edits, index.rank.get(target, len(index.rank)), -similarity)
                if target not in best or order < best[target]:
                    best[target] = order
    return sorted(best.items(), key=lambda kv: (kv[1], kv[0]))


def nearest(text: str, limit: int = 5) -> tuple[tuple[License, float], ...]:
    """Return the known licences whose id, alias or name is within one or two edits of *text*.

    Each comes with its similarity, ``1 - edits / length`` (not a probability), best first:
    fewest edits, then the licence people name most. Empty when *text* is itself known, is
    long, or is near nothing.

    >>> [lic.id for lic, _ in nearest("Apach-2.0")][:1]
    ['Apache-2.0']
    >>> [lic.id for lic, _ in nearest("MTI")][:1]
    ['MIT']
    >>> nearest("pubmed")
    ()
    """
    return tuple((get_license(t), -order[2]) for t, order in _ranked(text)[:limit])


def closest(text: str, limit: int = 3) -> tuple[str, ...]:
    """Return the ids of the licences nearest *text*, those with the fewest edits only.

    What a finding's "did you mean" names.

    >>> closest("Apach-2.0"), closest("my own licence")
    (('Apache-2.0',), ())
    """
    ranked = _ranked(text)
    fewest = ranked[0][1][0] if ranked else 0
    return tuple(get_license(t).id for t, order in ranked if order[0] == fewest)[:limit]
