"""openness: tells, with reasons, how open an AI model release really is.

>>> import openness
>>> a = openness.score({"name": "demo", "access": "open", "license": "MIT",
...                     "components": {"model_parameters_final": {}}})
>>> a.level
<Level.OPEN_WEIGHTS: 3>
"""

from . import errors
from ._assessment import Assessment, Status, Verdict
from ._batch import BatchError, score_many
from ._cyclonedx import to_cyclonedx
from ._findings import Finding, Severity
from ._frame import plot_scale, safe_cell, to_frame
from ._identify import identify_license
from ._policy import Decision, Policy, Reason, check
from ._report import to_markdown
from ._rules import ClaimCheck, Level
from ._sarif import to_sarif
from ._schema import COMPONENTS, Access, Component, Release
from ._score import score
from ._spdx import to_spdx
from .errors import (
    InvalidPolicyError,
    InvalidReleaseError,
    ModelFileError,
    OpennessError,
    UnknownLicenseError,
)
from .licenses._classifier import LicenseMatch
from .licenses._kb import License, LicenseGrade, get_license

__version__ = "0.1.0"

__all__ = [
    "COMPONENTS",
    "Access",
    "Assessment",
    "BatchError",
    "ClaimCheck",
    "Component",
    "Decision",
    "Finding",
    "InvalidPolicyError",
    "InvalidReleaseError",
    "Level",
    "License",
    "LicenseGrade",
    "LicenseMatch",
    "ModelFileError",
    "OpennessError",
    "Policy",
    "Reason",
    "Release",
    "Severity",
    "Status",
    "UnknownLicenseError",
    "Verdict",
    "__version__",
    "check",
    "errors",
    "get_license",
    "identify_license",
    "plot_scale",
    "safe_cell",
    "score",
    "score_many",
    "to_cyclonedx",
    "to_frame",
    "to_markdown",
    "to_sarif",
    "to_spdx",
]


# Public classes say where users find them (repr, pickling, docs), not the private module.
for _name in __all__:
    _obj = globals()[_name]
    if isinstance(_obj, type) and _obj.__module__.startswith(
        ("openness._", "openness.readers", "openness.licenses")
    ):
        _obj.__module__ = __name__
del _name, _obj


def __dir__() -> list[str]:
    return __all__
