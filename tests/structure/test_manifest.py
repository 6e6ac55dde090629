"""Package.swift is honest (issue 24): every target declares exactly the modules its files
import, and the module dependency direction of DESIGN.md holds. Reads the manifest through
`swift package dump-package` (a scratch folder of its own, so a build in progress does not
block it) and the `import` lines of each target's Swift files."""

import json
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent.parent

# Modules of the toolchain and the OS: never declared in a manifest.
SYSTEM_MODULES = {
    "Foundation", "FoundationEssentials", "Glibc", "Musl", "Darwin", "Dispatch",
    "Synchronization", "Testing", "XCTest", "_Concurrency",
}

# Which of our modules each of ours may import (DESIGN.md's dependency table).
ALLOWED_OWN = {
    "MIME": set(),
    "IMAP": set(),
    "SMTP": {"MIME"},
    "ManageSieve": set(),
    "CZlib": set(),
    "Webmail": {"MIME", "IMAP", "SMTP", "ManageSieve", "CZlib"},
    "Deployment": {"Webmail", "IMAP", "SMTP", "ManageSieve"},
    "zioinfo-mail": {"Webmail", "Deployment"},
}

# A Swift import at the start of a line: `import X`, `@testable import X`, `import struct X.Y`.
IMPORT = re.compile(
    r"^(?:@\w+(?:\([^)]*\))?\s+)*import\s+(?:(?:struct|class|enum|protocol|func|var|let|typealias)\s+)?([A-Za-z_]\w*)",
    re.MULTILINE,
)


@pytest.fixture(scope="module")
def manifest():
    swift = shutil.which("swift")
    if swift is None:
        pytest.fail("swift is not on PATH")
    with tempfile.TemporaryDirectory() as scratch:
        result = subprocess.run(
            [swift, "package", "--scratch-path", scratch, "dump-package"],
            cwd=REPO_ROOT, capture_output=True, text=True, timeout=300, check=True,
        )
    return json.loads(result.stdout)


def target_folder(target):
    if target.get("path"):
        return REPO_ROOT / target["path"]
    return REPO_ROOT / ("Tests" if target["type"] == "test" else "Sources") / target["name"]


def imports_of(folder):
    found = set()
    for file in folder.rglob("*.swift"):
        found.update(IMPORT.findall(file.read_text(encoding="utf-8")))
    return found - SYSTEM_MODULES


def declared(target):
    names = set()
    for dependency in target["dependencies"]:
        (kind, value), = dependency.items()
        # byName/target: [name, condition]; product: [name, package, moduleAliases, condition].
        names.add(value[0])
    return names


def swift_targets(manifest):
    return [t for t in manifest["targets"] if t["type"] != "system"]


def test_every_target_declares_exactly_what_it_imports(manifest):
    problems = []
    for target in swift_targets(manifest):
        folder = target_folder(target)
        assert folder.is_dir(), folder
        imported, listed = imports_of(folder), declared(target)
        if imported - listed:
            problems.append(f"{target['name']} imports but does not declare {sorted(imported - listed)}")
        if listed - imported:
            problems.append(f"{target['name']} declares but never imports {sorted(listed - imported)}")
    assert problems == []


def test_our_modules_depend_in_the_designed_direction(manifest):
    ours = {t["name"] for t in manifest["targets"]}
    for target in manifest["targets"]:
        if target["type"] == "test":
            continue
        own = declared(target) & ours
        assert own <= ALLOWED_OWN[target["name"]], f"{target['name']} depends on {sorted(own)}"
