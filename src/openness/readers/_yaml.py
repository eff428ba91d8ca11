"""YAML documents, loaded safely; imported once a YAML document is read (PyYAML: ~15 ms).

Only plain data is built (``_PLAIN_TAGS``); depth, size and tags are checked on the event stream
before any node is built; duplicate keys and values YAML recognises but cannot build are errors
with a line and column.
"""

from __future__ import annotations

from typing import Any

import yaml

from openness.errors import InvalidReleaseError

from ._limits import MAX_DEPTH, MAX_NODES, _key

__all__ = ["load_yaml"]

# libyaml's parser when PyYAML has it: pure Python takes seconds on a megabyte scalar.
try:
    from yaml import CSafeLoader as _SafeLoader
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    from yaml import SafeLoader as _SafeLoader  # type: ignore[assignment]

_PLAIN_TAGS = frozenset(
    {
        "!",
        *(
            f"tag:yaml.org,2002:{t}"
            for t in ("str", "int", "float", "bool", "null", "seq", "map", "timestamp")
        ),
    }
)
"""The only explicit YAML tags allowed: plain data, never Python objects, sets or bytes."""


class _Refused(yaml.MarkedYAMLError):
    """A YAML document openness refuses to load, at a line and column."""

    def __init__(self, problem: str, mark: Any) -> None:
        super().__init__(problem=problem, problem_mark=mark)


class _Loader(_SafeLoader):
    """Safe loading, plus: duplicate keys and out-of-range values are errors with a line."""

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        try:
            return super().construct_object(node, deep)
        except (ValueError, OverflowError) as e:
            # PyYAML lets through e.g. "2024-13-45" (no month 13) and 5,000-digit integers.
            shown = str(node.value) if isinstance(node, yaml.ScalarNode) else node.tag
            shown = shown if len(shown) <= 40 else shown[:37] + "..."
            raise _Refused(
                f"invalid value {shown!r}: {str(e).split(';')[0]}", node.start_mark
            ) from None

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        # A key given twice is ambiguous: a reader sees the first value, PyYAML keeps the last.
        seen: set[Any] = set()
        for key_node, _ in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                continue
            key = self.construct_object(key_node, deep=True)
            try:
                duplicate = key in seen
            except TypeError:
                continue  # Unhashable: PyYAML's own check reports it.
            if duplicate:
                raise _Refused(f"duplicate key {_key(key)}", key_node.start_mark)
            seen.add(key)
        return super().construct_mapping(node, deep)


def _check_yaml_events(text: str) -> None:
    """Check depth, size and tags on the event stream, before any node is built.

    libyaml's composer recurses in C: a deep enough document would crash the interpreter. An
    alias counts as many values as its anchor's node holds once expanded: a nine-level alias bomb
    is a few hundred bytes of events but 387 million values to whatever walks the data.
    """
    depth = nodes = 0
    sizes: dict[str, int] = {}  # anchor -> the values its node holds, aliases expanded
    open_anchors: list[tuple[str | None, int]] = []  # each open collection's anchor, start
    for event in yaml.parse(text, Loader=_SafeLoader):
        if isinstance(event, yaml.AliasEvent):
            nodes = _expand_alias(event, sizes, nodes)
            continue
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                raise _Refused(f"nested more than {MAX_DEPTH} levels deep", event.start_mark)
            open_anchors.append((event.anchor, nodes))
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
            anchor, start = open_anchors.pop()
            if anchor is not None:
                sizes[anchor] = nodes - start
        if isinstance(event, yaml.NodeEvent):
            nodes += 1
            if nodes > MAX_NODES:
                raise _Refused(
                    f"document too large: more than {MAX_NODES:,} values", event.start_mark
                )
            if isinstance(event, yaml.ScalarEvent) and event.anchor is not None:
                sizes[event.anchor] = 1
            _check_tag(event)


def _expand_alias(event: yaml.AliasEvent, sizes: dict[str, int], nodes: int) -> int:
    """Return the count of values once *event*'s anchor is expanded; refuse past the limit."""
    nodes += sizes.get(event.anchor or "", 1)
    if nodes > MAX_NODES:
        raise _Refused(
            f"document too large: more than {MAX_NODES:,} values (a YAML alias bomb?)",
            event.start_mark,
        )
    return nodes


def _check_tag(event: yaml.NodeEvent) -> None:
    tag = getattr(event, "tag", None)
    if tag is not None and tag not in _PLAIN_TAGS:
        raise _Refused(
            f"YAML tag {tag!r} is not allowed: only plain data is read, never objects",
            event.start_mark,
        )


def _flow_depth(text: str) -> int:
    """Return how deep the flow collections (``[`` and ``{``) of *text* go, quotes skipped.

    A parser may refuse a deep document with limits of its own (libyaml, from PyYAML 6.0.3, at
    1,000 levels, while it reads ahead of the events that :func:`_check_yaml_events` counts): the
    refusal is then explained as openness's own limit, whatever the parser's words.
    """
    depth = deepest = 0
    quote = ""
    for char in text:
        if quote:
            if char == quote:
                quote = ""
        elif char in "'\"":
            quote = char
        elif char in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "]}":
            depth = max(0, depth - 1)
    return deepest


def load_yaml(text: str, source: str) -> Any:
    """Load one YAML document of plain data; raise :class:`InvalidReleaseError` on any problem."""
    try:
        try:
            _check_yaml_events(text)
        except yaml.YAMLError as e:
            if not isinstance(e, _Refused) and _flow_depth(text) > MAX_DEPTH:
                raise _Refused(f"nested more than {MAX_DEPTH} levels deep", None) from None
            raise
        return yaml.load(text, Loader=_Loader)  # noqa: S506 - _Loader is a SafeLoader
    except _Refused as e:
        mark = e.problem_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
        raise InvalidReleaseError(source, "", f"{where}{e.problem}") from None
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(e, "problem", None) or str(e).splitlines()[0]
        raise InvalidReleaseError(source, "", f"malformed YAML{where}: {problem}") from None
    except RecursionError:
        raise InvalidReleaseError(source, "", f"nested more than {MAX_DEPTH} levels deep") from None
