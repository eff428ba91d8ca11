"""Readers: every kind of source a user names, to a validated release and what was noticed.

A family with a registry (``_core.READERS``, in detection order): native releases and Model
Openness Tool records (``_core``), Hugging Face model cards (``_hfcard``), the expert indexes
(``_expert``: opening-up-chatgpt, ``_osai``: the European Open Source AI Index), CycloneDX
BOMs (``_cyclonedx``; ``openness._cyclonedx`` writes them); above them, model folders
(``_folder``), Hub ids (``_hub``) and the dispatch over all of them (``_sources``). Parsing
is safe and bounded (``_yaml``, ``_limits``). Each reader returns a ``Reading`` (a native
mapping, its findings, its line index) and never changes the source it is given.

Private: the public door is :mod:`openness`.
"""
