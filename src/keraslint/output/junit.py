"""JUnit XML, for CI systems that show test reports (GitLab, Jenkins, Azure Pipelines).

One ``<testsuite>`` per reported file, one failing ``<testcase>`` per report. A run without
reports is a single passing test case, so the CI still shows that keraslint ran. Text from
files (paths, messages) has its control characters escaped, which XML 1.0 could not hold; the
document is ASCII with character references, whatever the stream's encoding.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from itertools import groupby
from typing import TextIO

from keraslint.diagnostics import Diagnostic
from keraslint.engine import RunResult
from keraslint.output.text import clean


def _place(d: Diagnostic) -> str:
    """``path:row:col``, or ``path:cell N:row:col`` in a notebook (as in the concise format)."""
    cell = f"cell {d.cell}:" if d.cell is not None else ""
    return clean(f"{d.path}:{cell}{d.location.row}:{d.location.column}")


def _testcase(suite: ET.Element, d: Diagnostic) -> None:
    path = clean(d.path)
    place = _place(d)
    message = clean(d.message)
    case = ET.SubElement(suite, "testcase", classname=path, name=f"{d.code} {place}")
    failure = ET.SubElement(case, "failure", message=message, type=d.code)
    failure.text = f"{place}: {d.code} [{d.severity}] {message}"


def to_xml(result: RunResult) -> ET.Element:
    """The run as a ``<testsuites>`` element."""
    diagnostics = result.diagnostics
    count = str(len(diagnostics))
    root = ET.Element("testsuites", name="keraslint", tests=count, failures=count, errors="0")
    if not diagnostics:
        root.set("tests", "1")
        suite = ET.SubElement(root, "testsuite", name="keraslint", tests="1", failures="0", errors="0")
        ET.SubElement(suite, "testcase", classname="keraslint", name="keraslint")
        return root
    for path, group in groupby(diagnostics, key=lambda d: d.path):
        reports = list(group)
        n = str(len(reports))
        suite = ET.SubElement(root, "testsuite", name=clean(path), tests=n, failures=n, errors="0")
        for d in reports:
            _testcase(suite, d)
    return root


def render(result: RunResult, stream: TextIO) -> None:
    """Write the run as a JUnit XML document."""
    root = to_xml(result)
    ET.indent(root)
    stream.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    stream.write(ET.tostring(root, encoding="us-ascii", xml_declaration=False).decode("ascii") + "\n")
