# SPDX-License-Identifier: Apache-2.0
"""The CTest test onhand.tests.pip_install: `pip install .` from a fresh clone.

    pip_install_test.py <source dir> <expected version>

Clones the source tree's git repository (what is committed, not the working
tree) into a scratch directory, installs it with

    python3 -m pip install --no-build-isolation --no-deps --no-index --target <site> <clone>

(offline: Debian's setuptools and pip, setup.py driving CMake), then, from a
directory outside both trees and with only <site> on PYTHONPATH, imports
onhand and checks that it came from <site>, that every module of
bindings/python/onhand, the stubs `_core.pyi` and `py.typed` were installed,
that the version is the CMake project's, and that the package works: an
inventory on a SQLite file, a receipt and a shipment, reopened, its balance
and its position DataFrame.

Exits 77 (CTest's skip code here) when the source tree is not a git checkout.
The build is a Release build with CMAKE_ARGS (default: -O1, which builds
fastest of what a user would install); ccache, when present, hits across runs
because its base directory is the scratch directory.
"""
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile
import time

SKIP = 77

# Runs in a fresh interpreter with only the installed package on its path.
CHECK = r"""
import decimal, importlib.metadata, pathlib, sys
site, version, modules = pathlib.Path(sys.argv[1]), sys.argv[2], sys.argv[3].split(",")
import onhand
package = pathlib.Path(onhand.__file__).resolve().parent
assert package == site / "onhand", f"onhand imported from {package}, not {site}"
assert pathlib.Path(onhand._core.__file__).resolve().parent == package, onhand._core.__file__
missing = [name for name in modules + ["_core.pyi", "py.typed"] if not (package / name).is_file()]
assert not missing, f"not installed: {missing}"
assert onhand.__version__ == version, (onhand.__version__, version)
assert importlib.metadata.version("onhand") == version, importlib.metadata.version("onhand")

path = pathlib.Path.cwd() / "stock.db"
inv = onhand.open(path)
inv.define_location("3PL-EAST")
inv.define_item("FLOUR", unit="kg", decimals=3)
inv.receive("FLOUR", 120, to="3PL-EAST", key="po-1/1")
inv.ship("FLOUR", "45.5", source="3PL-EAST", key="so-1/1")
del inv
inv = onhand.open(path)  # what the file holds, read back
assert inv.balance("FLOUR", "3PL-EAST") == decimal.Decimal("74.5"), inv.balance("FLOUR", "3PL-EAST")
frame = inv.position("FLOUR", exact=True)
row = frame[frame["location"] == "3PL-EAST"]
assert len(row) == 1, frame
assert row["on_hand"].iloc[0] == decimal.Decimal("74.5"), frame
assert row["available"].iloc[0] == decimal.Decimal("74.5"), frame
print(f"onhand {onhand.__version__} from {package}: balance and position as posted")
"""


def run(step, command, **kwargs):
    """Runs a command; on failure prints its output and exits 1."""
    started = time.monotonic()
    done = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                          check=False, **kwargs)
    seconds = time.monotonic() - started
    if done.returncode != 0:
        print(done.stdout)
        print(f"pip install test: {step} failed (exit {done.returncode}): {command}")
        sys.exit(1)
    print(f"{step}: {seconds:.0f} s")
    return done.stdout


def git_checkout_root(source):
    """The top of the git work tree at `source`, or None when there is none."""
    if shutil.which("git") is None:
        return None
    done = subprocess.run(["git", "-C", str(source), "rev-parse", "--show-toplevel"],
                          stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                          check=False)
    if done.returncode != 0:
        return None
    return pathlib.Path(done.stdout.strip()).resolve()


def main():
    source, version = pathlib.Path(sys.argv[1]).resolve(), sys.argv[2]
    if git_checkout_root(source) != source:
        print(f"{source} is not a git checkout: nothing to clone, pip install test skipped")
        return SKIP
    with tempfile.TemporaryDirectory(prefix="onhand-pip-") as scratch:
        scratch = pathlib.Path(scratch)
        clone, site, elsewhere = scratch / "clone", scratch / "site", scratch / "elsewhere"
        elsewhere.mkdir()
        run("git clone", ["git", "clone", "--quiet", "--no-hardlinks", str(source), str(clone)])

        env = dict(os.environ)
        env.pop("PYTHONPATH", None)
        env.setdefault("CMAKE_ARGS", "-DCMAKE_CXX_FLAGS_RELEASE=-O1")
        if "CMAKE_BUILD_PARALLEL_LEVEL" not in env:
            env.setdefault("ONHAND_JOBS", str(os.cpu_count() or 2))
        # Paths under the scratch directory are hashed relative to it, so a
        # rerun (another random directory) hits the cache.
        env["CCACHE_BASEDIR"] = str(scratch)
        env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
        run("pip install", [sys.executable, "-m", "pip", "install", "--no-build-isolation",
                            "--no-deps", "--no-index", "--no-cache-dir", "--target", str(site),
                            str(clone)], env=env, cwd=elsewhere)

        modules = sorted(p.name for p in (clone / "bindings/python/onhand").glob("*.py"))
        env["PYTHONPATH"] = str(site)
        print(run("import and use", [sys.executable, "-s", "-c", CHECK, str(site.resolve()),
                                     version, ",".join(modules)], env=env, cwd=elsewhere),
              end="")
    return 0


if __name__ == "__main__":
    sys.exit(main())
