"""openness: tells, with reasons, how open an AI model release really is.

>>> import openness
>>> a = openness.score({"name": "demo", "access": "open", "license": "MIT",
...                     "components": {"model_parameters_final": {}}})
>>> a.level
<Level.OPEN_WEIGHTS: 3>
"""

from . import errors
from ._batch import BatchError, score_many
from ._classifier import LicenseMatch, identify_license
from ._cyclonedx import to_cyclonedx
from ._findings import Finding, Severity
from ._frame import plot_scale, to_frame
from ._kb import License, LicenseGrade, get_license
from ._report import to_markdown
from ._rules import ClaimCheck, Level
from ._sarif import to_sarif
from ._schema import COMPONENTS, Access, Component, Release
from ._score import Assessment, Status, Verdict, score
from .errors import InvalidReleaseError, ModelFileError, OpennessError, UnknownLicenseError

__version__ = "0.1.0"

__all__ = [
    "COMPONENTS",
    "Access",
    "Assessment",
    "BatchError",
    "ClaimCheck",
    "Component",
    "Finding",
    "InvalidReleaseError",
    "Level",
    "License",
    "LicenseGrade",
    "LicenseMatch",
    "ModelFileError",
    "OpennessError",
    "Release",
    "Severity",
    "Status",
    "UnknownLicenseError",
    "Verdict",
    "__version__",
    "errors",
    "get_license",
    "identify_license",
    "plot_scale",
    "score",
    "score_many",
    "to_cyclonedx",
    "to_frame",
    "to_markdown",
    "to_sarif",
]


def __dir__() -> list[str]:
    return __all__
