# SPDX-License-Identifier: Apache-2.0
"""Builds the onhand Python package with CMake: `pip install .`.

pyproject.toml holds the metadata; this file adds what it cannot say:

- the version, read from `project(onhand VERSION ...)` in CMakeLists.txt,
  the one place it is written;
- the native module onhand._core, built by configuring this source tree with
  CMake and building the `_core` target alone (the libraries it links, no
  tests, examples or install rules);
- the pure-Python files: every module of bindings/python/onhand, taken from
  the directory, plus the stubs `_core.pyi` and the marker `py.typed`.

It runs with the setuptools and pip of Debian 12 and needs no network:

    python3 -m pip install --no-build-isolation --no-deps .

Environment:
  CMAKE_ARGS                  extra CMake arguments (shell syntax), after ours,
                              so they win: -DCMAKE_BUILD_TYPE=RelWithDebInfo,
                              -DONHAND_UNITY_BUILD=OFF, -DCMAKE_CXX_FLAGS_RELEASE=-O1
  ONHAND_JOBS                 parallel build jobs (else CMAKE_BUILD_PARALLEL_LEVEL,
                              which CMake reads itself, else the generator's default)
  CMAKE_GENERATOR             as for CMake; Ninja when it is on PATH, else CMake's default

ccache compiles when it is on PATH (unless CMAKE_ARGS names a compiler
launcher).
"""
import os
import pathlib
import re
import shlex
import shutil
import sys

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

ROOT = pathlib.Path(__file__).resolve().parent
PACKAGE_DIR = "bindings/python/onhand"


def cmake_project_version():
    """The VERSION of project(onhand ...) in CMakeLists.txt."""
    text = (ROOT / "CMakeLists.txt").read_text(encoding="utf-8")
    match = re.search(r"project\(\s*onhand\b[^)]*?\bVERSION\s+([0-9][0-9A-Za-z.]*)", text)
    if match is None:
        raise RuntimeError("CMakeLists.txt: no `project(onhand VERSION x.y.z ...)`")
    return match.group(1)


class CMakeExtension(Extension):
    """A native module that a CMake target builds (no sources for setuptools)."""

    def __init__(self, name, target):
        super().__init__(name, sources=[])
        self.target = target


class CMakeBuild(build_ext):
    """Configures the source tree into build_temp and builds one target per extension."""

    def build_extension(self, ext):
        build_dir = pathlib.Path(self.build_temp).resolve() / "cmake"
        build_dir.mkdir(parents=True, exist_ok=True)
        self.spawn(["cmake", "-S", str(ROOT), "-B", str(build_dir), *self.cmake_arguments()])
        command = ["cmake", "--build", str(build_dir), "--target", ext.target]
        jobs = os.environ.get("ONHAND_JOBS")
        if jobs:
            command += ["--parallel", jobs]
        elif self.parallel:
            command += ["--parallel", str(self.parallel)]
        self.spawn(command)

        # bindings/python/CMakeLists.txt puts the module beside its copy of
        # the package; the suffix is this interpreter's (EXT_SUFFIX).
        built = build_dir / "bindings" / "python" / "onhand" / pathlib.Path(
            self.get_ext_filename(ext.name)).name
        if not built.is_file():
            raise RuntimeError(f"CMake built no {built}")
        destination = pathlib.Path(self.get_ext_fullpath(ext.name))
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(built, destination)

    def cmake_arguments(self):
        user = shlex.split(os.environ.get("CMAKE_ARGS", ""))
        arguments = []
        if "CMAKE_GENERATOR" not in os.environ and not any(a.startswith("-G") for a in user) \
                and shutil.which("ninja"):
            arguments += ["-G", "Ninja"]
        arguments += [
            "-DCMAKE_BUILD_TYPE=Release",
            f"-DPython3_EXECUTABLE={sys.executable}",
            "-DONHAND_BUILD_PYTHON=ON",
            "-DONHAND_BUILD_TESTS=OFF",
            "-DONHAND_BUILD_EXAMPLES=OFF",
            "-DONHAND_BUILD_BENCHMARKS=OFF",
            "-DONHAND_BUILD_FUZZERS=OFF",
            "-DONHAND_INSTALL=OFF",
            "-DONHAND_DEV_WARNINGS=OFF",
            # The module's binding files compiled as a few large files
            # (docs/decisions.md says why the libraries are not).
            "-DONHAND_UNITY_BUILD=ON",
            # A unity file parses pybind11 once anyway; without a precompiled
            # header ccache caches every file with its default settings.
            "-DONHAND_PRECOMPILE_HEADERS=OFF",
        ]
        if shutil.which("ccache") and not any("COMPILER_LAUNCHER" in a for a in user):
            arguments.append("-DCMAKE_CXX_COMPILER_LAUNCHER=ccache")
        # Last, so that the user's values win over ours.
        return arguments + user


setup(
    version=cmake_project_version(),
    packages=["onhand"],
    package_dir={"onhand": PACKAGE_DIR},
    package_data={"onhand": ["_core.pyi", "py.typed"]},
    ext_modules=[CMakeExtension("onhand._core", target="_core")],
    cmdclass={"build_ext": CMakeBuild},
    zip_safe=False,
)
