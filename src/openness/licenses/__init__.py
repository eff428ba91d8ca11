"""Licences: the knowledge base of terms, how a text names licences, and the classifier.

``_kb`` holds the licences and their terms as data (pinned by SHA-256), ``_names`` the rules
for names and addresses, ``_typos`` the nearest known ids of a misspelt one, ``_expression``
SPDX expressions, ``_classifier`` the trained model for texts and names (a pinned artefact read
without unpickling), and ``_resolve`` puts them together: a component's licence text to the
licences it names and what they allow.

Private: the public door is :mod:`openness`.
"""
