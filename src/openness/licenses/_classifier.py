"""The licence classifier: a licence text, a messy name or an address → a :class:`License`.

Rules first, where they are certain: a known id, alias or name (the knowledge base), a known
address, a Hugging Face card's ``license:`` field. The rest goes to two small models trained by
``tasks/train_classifier.py`` from the licence texts and names in ``data/`` (docs/classifier.md):

- texts: TF-IDF over word uni- and bigrams, each class a centroid of its training texts;
- names and addresses: TF-IDF over character n-grams, nearest known name.

Each candidate's similarity, its margin over the strongest other candidate and that margin
measured against how far apart the two references are go through a logistic calibrator, fitted
on held-out augmentation kinds: its output is the probability that the candidate is right. Below
the threshold chosen on validation data the licence is reported unknown, never guessed.

The model ships in the package as two files, read lazily, once: ``data/classifier.json`` (the
layout version, vocabularies, classes, addresses, calibration, the training record and the
SHA-256 of the arrays) and ``data/classifier.npz`` (NumPy arrays only). The JSON is parsed only
after its SHA-256 matches :data:`MODEL_SHA256`, the arrays only after theirs matches the JSON's,
and with ``allow_pickle=False``: nothing is unpickled, no scikit-learn object is stored, so the
running scikit-learn version does not matter; inference needs only NumPy.
"""

from __future__ import annotations

import functools
import hashlib
import itertools
import math
import os
import re
import stat
import threading
from collections import Counter
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING, Any

from openness.errors import LicenseArgumentError, ModelFileError, OpennessError

from ._kb import License, get_license, normalise_name
from ._names import NameHit, read_name, read_title, version_conflict, versions
from ._typos import nearest

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

    import numpy as np
    from numpy.typing import NDArray

__all__ = [
    "FORMAT",
    "MODEL_SHA256",
    "LicenseMatch",
    "argument_text",
    "char_wb_ngrams",
    "identify_card",
    "identify_text",
    "loaded_model",
    "word_ngrams",
]

MODEL_SHA256 = "fa1c37765f1332f9739b7b517603d6722b135a7eb2b01abc6641562933238cd0"
"""SHA-256 of ``data/classifier.json`` (which pins the arrays); the training script writes it."""

FORMAT = 2
"""Layout version of the model file this module reads."""

_MAX_TEXT = 1_000_000
_NAME_WORDS = 16
_TOP = 8
# The same tokens as scikit-learn's r"(?u)\b\w+\b" (a run of word characters is bounded by
# word boundaries), found faster.
_WORD = re.compile(r"\w+")
_SPACES = re.compile(r"\s\s+")
_NOT_A_NAME = {"other", "unknown", "noassertion", "none", ""}


def word_ngrams(text: str) -> list[str]:
    r"""Return the word uni- and bigrams of *text*, exactly as scikit-learn's analyzer does.

    The training script fits ``TfidfVectorizer(token_pattern=r"(?u)\b\w+\b",
    ngram_range=(1, 2))``; a test checks that this function gives the same features.

    >>> word_ngrams("Apache License 2.0")
    ['apache', 'license', '2', '0', 'apache license', 'license 2', '2 0']
    """
    tokens = _WORD.findall(text.lower())
    return tokens + [f"{a} {b}" for a, b in itertools.pairwise(tokens)]


def char_wb_ngrams(text: str, low: int = 2, high: int = 4) -> list[str]:
    """Return the character n-grams inside word boundaries, as scikit-learn's ``char_wb``.

    >>> char_wb_ngrams("MIT", 2, 3)
    [' m', 'mi', 'it', 't ', ' mi', 'mit', 'it ']
    """
    out: list[str] = []
    for word in _SPACES.sub(" ", text.lower()).split():
        w = f" {word} "
        size = len(w)
        for n in range(low, high + 1):
            offset = 0
            out.append(w[offset : offset + n])
            while offset + n < size:
                offset += 1
                out.append(w[offset : offset + n])
            if offset == 0:
                break
    return out


@dataclass(frozen=True, slots=True)
class LicenseMatch:
    """What :func:`identify_license` recognised, how, and how sure it is."""

    license: License | None
    """The licence, or ``None`` when nothing was recognised with enough confidence."""
    confidence: float
    """Calibrated probability (0..1) that :attr:`guess` is right; 1.0 for exact rules."""
    alternatives: tuple[tuple[License, float], ...] = ()
    """The next best candidates after :attr:`guess`, each with its confidence; for a typo
    (``how == "typo"``) the known ids nearest to it, each with its similarity (``1 - edits /
    length``), none of them taken as the licence."""
    how: str = "none"
    """``id``, ``url``, ``model-card``, ``expression`` or ``title`` (exact rules),
    ``classifier``, ``typo`` or ``repository-file`` (an address of a file in a repository, whose
    words say nothing of its licence), or ``none``."""
    guess: License | None = None
    """The best candidate, also when below the threshold (then not counted)."""
    threshold: float = 1.0
    """The confidence a classifier answer needs to count (chosen on validation data)."""
    parts: tuple[License, ...] = ()
    """Every licence of an expression (``how == "expression"``: they all apply, AND); then
    :attr:`license` is the least open of them."""
    reason: str = ""
    """One sentence on what the rules read ("did you mean 'Apache-2.0'?"); empty otherwise."""

    @property
    def known(self) -> bool:
        """Whether a licence was recognised."""
        return self.license is not None

    def to_dict(self) -> dict[str, Any]:
        """Return the match as a JSON-safe mapping (licences by id)."""
        return {
            "license": self.license.id if self.license else None,
            "confidence": round(self.confidence, 4),
            "how": self.how,
            "guess": self.guess.id if self.guess else None,
            "threshold": round(self.threshold, 4),
            "alternatives": [
                {"license": lic.id, "confidence": round(p, 4)} for lic, p in self.alternatives
            ],
            "parts": [lic.id for lic in self.parts],
            "reason": self.reason,
        }


class _WordCounter:
    """Count a text's word uni- and bigrams that are features, with NumPy.

    :func:`word_ngrams` and a vocabulary lookup give the same counts, several times slower.
    """

    __slots__ = ("bi_fid", "bi_key", "tokens", "uni_fid")

    def __init__(self, terms: list[str]) -> None:
        import numpy as np  # noqa: PLC0415

        self.tokens: dict[str, int] = {}
        for term in terms:
            for tok in term.split(" "):
                self.tokens.setdefault(tok, len(self.tokens))
        n = len(self.tokens)
        self.uni_fid = np.full(n, -1, dtype=np.int64)
        keys: list[int] = []
        fids: list[int] = []
        for fid, term in enumerate(terms):
            a, _, b = term.partition(" ")
            if b:
                keys.append(self.tokens[a] * n + self.tokens[b])
                fids.append(fid)
            else:
                self.uni_fid[self.tokens[a]] = fid
        order = np.argsort(keys)
        self.bi_key = np.asarray(keys, dtype=np.int64)[order]
        self.bi_fid = np.asarray(fids, dtype=np.int64)[order]

    def count(self, text: str) -> tuple[NDArray[np.int64], NDArray[np.float64], int]:
        """Return the feature ids in *text*, their counts and the number of n-grams."""
        import numpy as np  # noqa: PLC0415

        words = _WORD.findall(text.lower())
        found = map(self.tokens.get, words, itertools.repeat(-1))
        tids = np.fromiter(found, np.int64, len(words))
        uni = self.uni_fid[tids[tids >= 0]]
        a, b = tids[:-1], tids[1:]
        both = (a >= 0) & (b >= 0)
        keys = a[both] * len(self.uni_fid) + b[both]
        pos = np.searchsorted(self.bi_key, keys)
        pos[pos == len(self.bi_key)] = 0
        hit = self.bi_key[pos] == keys if len(self.bi_key) else np.zeros(len(keys), bool)
        fids = np.concatenate([uni[uni >= 0], self.bi_fid[pos[hit]]])
        idx, counts = np.unique(fids, return_counts=True)
        return idx, counts.astype(np.float64), len(words) + max(len(words) - 1, 0)


_ID_WORD = re.compile(r"[^\W\d_]+|\d+(?:\.\d+)*")


def _tokens(text: str) -> frozenset[str]:
    """Return the words and numbers of a name or id (versions without a trailing ``.0``)."""
    return frozenset(
        re.sub(r"(?:\.0)+$", "", w) if w[0].isdigit() else w for w in _ID_WORD.findall(text.lower())
    )


def _agree(written: frozenset[str], known: frozenset[str]) -> float:
    if not written:
        return 0.0
    return 1.0 if written & known else -1.0


def _recall(words: frozenset[str], id_words: frozenset[str]) -> float:
    return len(words & id_words) / len(id_words) if id_words else 0.0


class _Index:
    """References of one model: TF-IDF rows grouped by class, searched by feature postings."""

    __slots__ = (
        "analyzer",
        "classes",
        "coef",
        "crowd",
        "data",
        "gram",
        "id_tokens",
        "id_versions",
        "idf",
        "indices",
        "indptr",
        "intercept",
        "power",
        "rdat",
        "rind",
        "row_class",
        "rptr",
        "starts",
        "sublinear",
        "threshold",
        "vocab",
        "words",
    )

    def __init__(self, part: dict[str, Any], analyzer: Callable[[str], list[str]]) -> None:
        self.analyzer = analyzer
        self.classes: list[str] = list(part["classes"])
        terms: list[str] = part["vocab"]
        self.vocab: dict[str, int] = {t: i for i, t in enumerate(terms)}
        self.words = _WordCounter(terms) if analyzer is word_ngrams else None
        self.idf: NDArray[np.float64] = part["idf"]
        # Feature-major postings: feature f occurs in rows indices[indptr[f]:indptr[f + 1]].
        self.indptr: NDArray[np.int64] = part["indptr"]
        self.indices: NDArray[np.int32] = part["indices"]
        self.data: NDArray[np.float32] = part["data"]
        # Rows are sorted by class; starts[c] is the first row of class c.
        self.row_class: NDArray[np.int32] = part["row_class"]
        self.starts: NDArray[np.int64] = part["starts"]
        # How alike two references are: a class-by-class matrix (texts: one row per class), or
        # the rows themselves to take dot products of (names: many rows per class).
        self.gram: NDArray[np.float32] | None = part.get("gram")
        rows = part.get("rows") or {}
        self.rptr: NDArray[np.int64] | None = rows.get("indptr")
        self.rind: NDArray[np.int32] | None = rows.get("indices")
        self.rdat: NDArray[np.float32] | None = rows.get("data")
        # Per row: how alike the nearest row of another class is (a crowded place is riskier).
        self.crowd: NDArray[np.float32] = part["crowd"]
        self.coef: NDArray[np.float64] | None = part.get("coef")
        self.intercept = float(part.get("intercept", 0.0))
        self.threshold = float(part.get("threshold", 1.0))
        self.sublinear = bool(part["sublinear"])
        # Ranking score: cosine times coverage to this power (chosen on validation data).
        self.power = int(part.get("power", 1))
        # Names: each class's id as words and versions, for the two features only names have.
        names = analyzer is char_wb_ngrams
        self.id_tokens = [_tokens(c) for c in self.classes] if names else None
        self.id_versions = [versions(c) for c in self.classes] if names else None

    def query(self, text: str) -> tuple[NDArray[np.int64], NDArray[np.float64], int]:
        """Return the query's known features, their L2-normalised TF-IDF weights, its length."""
        import numpy as np  # noqa: PLC0415 - NumPy only once a model is used

        if self.words is not None:
            idx, tf, length = self.words.count(text)
        else:
            grams = self.analyzer(text)
            counts = Counter(grams)
            vocab = self.vocab
            known = [(vocab[g], n) for g, n in counts.items() if g in vocab]
            idx = np.fromiter((i for i, _ in known), np.int64, len(known))
            tf = np.fromiter((n for _, n in known), np.float64, len(known))
            length = len(grams)
        if self.sublinear:
            tf = np.log(tf) + 1.0
        w = tf * self.idf[idx]
        norm = float(np.sqrt(w @ w))
        return idx, (w / norm if norm else w), length

    def scores(
        self, idx: NDArray[np.int64], w: NDArray[np.float64]
    ) -> tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.float64]]:
        """Return, per row: cosine similarity, coverage and the ranking score.

        Coverage is the share of the query's weight on features the reference has: a part of a
        text is wholly covered by its licence even when the cosine drops with what is missing.
        """
        import numpy as np  # noqa: PLC0415

        starts = self.indptr[idx]
        lens = self.indptr[idx + 1] - starts
        total = int(lens.sum())
        offsets = np.repeat(starts - np.cumsum(lens) + lens, lens) + np.arange(total)
        rows = self.indices[offsets]
        weights = np.repeat(w, lens)
        n = len(self.row_class)
        cos = np.bincount(rows, self.data[offsets] * weights, n).astype(np.float64, copy=False)
        cov = np.bincount(rows, weights, n) / w.sum()
        return cos, cov, cos * cov**self.power

    def _alike(self, a: int, b: int) -> float:
        """Cosine similarity of rows *a* and *b* (names: several rows per class)."""
        import numpy as np  # noqa: PLC0415

        assert self.rptr is not None
        assert self.rind is not None
        assert self.rdat is not None
        sa, sb = slice(self.rptr[a], self.rptr[a + 1]), slice(self.rptr[b], self.rptr[b + 1])
        _, xa, xb = np.intersect1d(
            self.rind[sa], self.rind[sb], assume_unique=True, return_indices=True
        )
        return float(self.rdat[sa][xa].astype(np.float64) @ self.rdat[sb][xb])

    def features(self, text: str) -> tuple[NDArray[np.int64], NDArray[np.float64]] | None:
        """Return the best classes and each one's calibrator features (see docs/classifier.md).

        For candidate ``c`` (its best reference) and its strongest rival ``o``: the cosine
        similarity, the coverage, the ranking score ``r_c``, the margin ``r_c - r_o``, that
        margin over the distance between the two references (how much of what tells them apart
        the text carries), how alike ``c``'s nearest other class is, and the log of the text's
        length in features.
        """
        import numpy as np  # noqa: PLC0415

        idx, w, length = self.query(text)
        if not len(idx):
            return None
        cos, cov, rank = self.scores(idx, w)
        if self.gram is not None:  # One reference per class: rows are classes.
            best = rank
            top = np.argsort(-best, kind="stable")[:_TOP]
            rows = top
        else:
            best = np.maximum.reduceat(rank, self.starts)
            top = np.argsort(-best, kind="stable")[:_TOP]
            ends = np.append(self.starts[1:], len(rank))
            rows = np.array([self.starts[c] + rank[self.starts[c] : ends[c]].argmax() for c in top])
        rival = np.zeros(len(top), dtype=np.int64)
        rival[0] = 1 if len(top) > 1 else 0
        if len(top) > 1:
            margin = best[top] - best[top[rival]]
            if self.gram is not None:
                alike = self.gram[top, top[rival]].astype(np.float64)
            else:
                alike = np.array(
                    [self._alike(int(r), int(rows[o])) for r, o in zip(rows, rival, strict=True)]
                )
        else:
            margin, alike = best[top], np.zeros(1)
        dist = np.sqrt(np.maximum(2.0 - 2.0 * alike, 1e-4))
        columns: list[NDArray[Any]] = [
            cos[rows],
            cov[rows],
            best[top],
            margin,
            margin / dist,
            self.crowd[rows],
            np.full(len(top), math.log1p(length)),
        ]
        if self.id_tokens is not None and self.id_versions is not None:
            words, written = _tokens(text), versions(text)
            # Whether the versions written are the licence's (1), another's (-1) or none (0),
            # and the share of the licence id's words the name has ("cc-by-4.0" has all of
            # CC-BY-4.0's, two thirds of CC-BY-NC-ND-4.0's).
            columns.append(np.array([_agree(written, self.id_versions[c]) for c in top]))
            columns.append(np.array([_recall(words, self.id_tokens[c]) for c in top]))
        return top, np.column_stack(columns)

    def candidates(self, text: str) -> list[tuple[int, float]]:
        """Return the best classes with their calibrated probabilities, best first."""
        import numpy as np  # noqa: PLC0415

        found = self.features(text)
        if found is None or self.coef is None:
            return []
        top, feats = found
        p = 1.0 / (1.0 + np.exp(-(feats @ self.coef + self.intercept)))
        order = np.argsort(-p, kind="stable")
        return [(int(top[i]), float(p[i])) for i in order]


class _Model:
    __slots__ = ("names", "texts", "urls")

    def __init__(self, doc: dict[str, Any], arrays: dict[str, NDArray[Any]]) -> None:
        self.urls: dict[str, str] = dict(doc["urls"])
        self.texts = _Index(_part(doc, arrays, "text"), word_ngrams)
        self.names = _Index(_part(doc, arrays, "name"), char_wb_ngrams)


def _part(doc: dict[str, Any], arrays: dict[str, NDArray[Any]], label: str) -> dict[str, Any]:
    """Return one index's part: its JSON fields and its arrays (``name.rows.data`` → nested)."""
    part: dict[str, Any] = dict(doc[label])
    for key, value in arrays.items():
        head, _, rest = key.partition(".")
        if head != label:
            continue
        group, _, leaf = rest.rpartition(".")
        (part.setdefault(group, {}) if group else part)[leaf] = value
    return part


_LOCK = threading.Lock()
_RETRAIN = "reinstall openness or run python tasks/train_classifier.py"


def _check(what: str, data: bytes, sha256: str) -> None:
    """Raise :class:`ModelFileError` unless *data* has the pinned SHA-256 (before any parsing)."""
    digest = hashlib.sha256(data).hexdigest()
    if digest != sha256:
        raise ModelFileError(
            f"classifier {what} SHA-256 {digest[:12]}... does not match the pinned "
            f"{sha256[:12]}...: {_RETRAIN}"
        )


def load_model_file(doc: bytes, arrays: bytes, sha256: str = MODEL_SHA256) -> _Model:
    """Check the JSON's SHA-256 against the pin and the arrays' against the JSON, then read them.

    Each check comes before its file is parsed; the arrays are read with ``allow_pickle=False``.
    The training script passes the digest of the JSON it has just made, to evaluate it.
    """
    import json  # noqa: PLC0415

    _check("file classifier.json", doc, sha256)
    try:
        meta = json.loads(doc)
        layout = meta.get("format") if isinstance(meta, dict) else None
    except ValueError as e:
        raise ModelFileError(f"classifier file classifier.json is not JSON: {e}: {_RETRAIN}") from e
    if layout != FORMAT:
        raise ModelFileError(
            f"classifier file has layout {layout!r}, this openness reads {FORMAT}: "
            "run python tasks/train_classifier.py"
        )
    try:
        pinned = str(meta["arrays"]["sha256"])
        model = meta["model"]
    except (KeyError, TypeError) as e:
        raise ModelFileError(f"classifier file classifier.json lacks {e}: {_RETRAIN}") from e
    _check("file classifier.npz", arrays, pinned)
    import io  # noqa: PLC0415

    import numpy as np  # noqa: PLC0415 - only once a model is used

    try:
        with np.load(io.BytesIO(arrays), allow_pickle=False) as npz:
            loaded = {name: npz[name] for name in npz.files}
        return _Model(model, loaded)
    except (OSError, ValueError, KeyError, TypeError) as e:
        raise ModelFileError(f"classifier files cannot be read: {e!r}: {_RETRAIN}") from e


@functools.cache
def loaded_model() -> _Model:
    with _LOCK:
        doc, arrays = _read("classifier.json"), _read("classifier.npz")
        return load_model_file(doc, arrays)


def _read(name: str) -> bytes:
    try:
        return (files("openness") / "data" / name).read_bytes()
    except OSError as e:
        raise ModelFileError(f"classifier file data/{name} is missing: {_RETRAIN}") from e


def _is_url(text: str) -> bool:
    return "://" in text or text.lower().startswith("www.")


def _match(index: _Index, text: str) -> LicenseMatch:
    ranked = index.candidates(text)
    if not ranked:
        return LicenseMatch(None, 0.0, (), "none", None, index.threshold)
    classes = index.classes
    guess, p = get_license(classes[ranked[0][0]]), ranked[0][1]
    alternatives = tuple((get_license(classes[c]), q) for c, q in ranked[1:6])
    found = guess if p >= index.threshold else None
    return LicenseMatch(found, p, alternatives, "classifier", guess, index.threshold)


def _exact(lic: License, how: str) -> LicenseMatch:
    return LicenseMatch(lic, 1.0, (), how, lic, 1.0)


def _name(model: _Model, text: str) -> LicenseMatch:
    hit = read_name(text)
    if hit is not None and hit.kind != "repository-file":
        return _ruled(hit)
    # Only a table that names this very address (SPDX's and ScanCode's text addresses, some of
    # them files in repositories) knows what it holds.
    target = model.urls.get(normalise_name(text)) if _is_url(text) else None
    if target is not None:
        return _exact(get_license(target), "url")
    if hit is not None:
        return LicenseMatch(None, 0.0, (), "repository-file", None, 1.0, reason=hit.reason)
    near = nearest(text)
    if near:
        # A known id one or two edits away: suggested, never taken.
        return LicenseMatch(
            None, 0.0, near, "typo", None, 1.0, reason=f"did you mean {near[0][0].id!r}?"
        )
    m = _match(model.names, normalise_name(text))
    if m.license is not None and version_conflict(text, m.license):
        # The words are alike, the version is not the licence's: a guess, never the answer.
        reason = f"{text!r} writes a version {m.license.id} does not have"
        return LicenseMatch(None, m.confidence, m.alternatives, m.how, m.guess, m.threshold,
                            reason=reason)  # fmt: skip
    return m


def _ruled(hit: NameHit) -> LicenseMatch:
    if hit.kind == "expression":
        # Every part applies: the least open one is what the licensee can count on.
        least = min(hit.licenses, key=lambda lic: lic.grade)
        return LicenseMatch(least, 1.0, (), "expression", least, 1.0, hit.licenses, hit.reason)
    return _exact(hit.licenses[0], hit.kind)


def _family(lic: License) -> str:
    return lic.family or lic.id.partition("-")[0]


def _text(model: _Model, text: str) -> LicenseMatch:
    """Recognise a licence text, whole or quoted in a card, a README or a comment."""
    m = _match(model.texts, text)
    titled = read_title(text)
    # The title line decides between licences whose texts differ in a word or two (the CC 4.0
    # family shares its whole preamble); it never overrules the model's answer of another family.
    if titled is None or (m.license is not None and m.license.id == titled.id):
        return m
    if m.license is None or _family(m.license) == _family(titled):
        return LicenseMatch(titled, 1.0, (), "title", titled, m.threshold)
    return m


def identify_card(model: _Model, meta: Mapping[str, str], body: str) -> LicenseMatch | None:
    """Recognise a model card's licence from its fields and body, as the card reader parsed them.

    *meta* holds the card's ``license``, ``license_name`` and ``license_link`` as text; this
    module never parses a card (a licence text is not a document), the card reader does, with its
    limits.
    """
    names = [str(meta.get(k) or "").strip() for k in ("license", "license_name", "license_link")]
    for value in (v for v in names if v.lower() not in _NOT_A_NAME):
        m = _name(model, value)
        if m.license is not None and m.how not in {"classifier", "expression"}:
            return _exact(m.license, "model-card")
        if m.license is not None and m.how == "expression":
            return LicenseMatch(m.license, 1.0, (), "model-card", m.license, 1.0, m.parts, m.reason)
        if m.license is not None and value != names[0]:
            return m
    return _text(model, body) if body.strip() else None


def argument_text(given: object) -> str:
    """Return the text *given* is, or a file's text as the command line reads it.

    A path is read only when it names a regular file (never a FIFO or device that could block),
    at most :data:`_MAX_TEXT` bytes, as UTF-8 with undecodable bytes replaced.
    """
    if isinstance(given, str):
        return given
    if not isinstance(given, os.PathLike):
        raise LicenseArgumentError(
            f"identify_license: expected a licence text (str) or a file path (os.PathLike), "
            f"got {type(given).__name__}"
        )
    path = Path(os.fsdecode(os.fspath(given)))
    try:
        if not stat.S_ISREG(path.stat().st_mode):
            raise OpennessError(f"{path}: not a regular file")
        with path.open("rb") as f:
            data = f.read(_MAX_TEXT)
    except OSError as e:
        raise OpennessError(f"{path}: cannot read: {e.strerror or e}") from None
    return data.decode("utf-8", errors="replace")


def identify_text(model: _Model, text: str) -> LicenseMatch:
    """Recognise a licence from its text, a name or an address (not a card: see ``_identify``)."""
    text = text[:_MAX_TEXT].strip()
    if not text:
        return LicenseMatch(None, 0.0, (), "none", None, model.texts.threshold)
    if "\n" not in text and len(text.split()) <= _NAME_WORDS:
        return _name(model, text)
    return _text(model, text)
