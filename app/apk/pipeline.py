"""``analyze_file``: the whole APK analysis, cheapest layer first, as one JSON-ready dict.

ZIP directory and hash → manifest and resources → signatures → DEX tables and
targeted bytecode → packer / SDK fingerprints → native libraries → checks. A
damaged part becomes a ``completeness.degraded`` note; only a file that is not
an Android package at all raises ``ApkError``.
"""

from __future__ import annotations

import re
import tempfile
import time
from collections.abc import Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath

from app import __version__
from app.apk import assess, fingerprints
from app.apk.archive import ApkArchive
from app.apk.arsc import ResourceTable
from app.apk.axml import parse_axml
from app.apk.bundle import MANIFEST, Bundle, extract, find_bundle, read_split_names
from app.apk.catalog import analyzer_data, checklist_items
from app.apk.codechecks import CodeFindings, analyze_dex
from app.apk.dex import DexFile
from app.apk.errors import ApkError, ParseError
from app.apk.inventory import Inventory
from app.apk.manifest import Manifest, read_manifest
from app.apk.native import NativeLib, preferred_abi_libs, read_elf
from app.apk.nsc import NetworkSecurity, read_network_security
from app.apk.signing import SIGNATURE_FILE_SUFFIXES, SigningInfo, read_signing
from app.errors import KnownError
from app.jobs import CancelToken, ProgressSink, no_progress

ANALYZER_VERSION = f"{__version__}+apk.1"
_DEX_NAME = re.compile(r"classes(\d*)\.dex")
MANIFEST_CAP = 16 * 1024 * 1024
RESOURCES_CAP = 128 * 1024 * 1024
NATIVE_CAP = 96 * 1024 * 1024


@dataclass
class Facts:
    """Everything read from the package, before judging."""

    path: Path
    size: int = 0
    sha256: str = ""
    entry_names: list[str] = field(default_factory=list)
    dex_names: list[str] = field(default_factory=list)
    manifest: Manifest | None = None
    manifest_anomalies: list[str] = field(default_factory=list)
    nsc: NetworkSecurity | None = None
    signing: SigningInfo = field(default_factory=SigningInfo)
    code: CodeFindings = field(default_factory=CodeFindings)
    dex_failures: int = 0
    packers: list[dict] = field(default_factory=list)
    sdks: list[dict] = field(default_factory=list)
    native_libs: list[NativeLib] = field(default_factory=list)
    unreadable_libs: list[str] = field(default_factory=list)
    key_files: list[str] = field(default_factory=list)
    degraded: list[str] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    bundle: Bundle | None = None  # set when the file is a bundle of APKs (XAPK, APKS)
    bundle_file: dict = field(default_factory=dict)  # name, size, sha256 of that bundle


def analyze_file(
    path: str | Path,
    *,
    official_certs: Sequence[str] = (),
    official_version_code: int | None = None,
    official_package: str | None = None,
    progress: ProgressSink = no_progress,
    cancel: CancelToken | None = None,
) -> dict:
    """Analyse one APK (or the base APK of a bundle) in this process; the report dict."""
    facts = _Run(Path(path), progress, cancel or CancelToken()).read()
    started = time.perf_counter()
    report = assess.build_report(
        facts,
        official_certs=official_certs,
        official_version_code=official_version_code,
        official_package=official_package,
        now=datetime.now(UTC),
        analyzer_version=ANALYZER_VERSION,
    )
    facts.timings["checks"] = round(time.perf_counter() - started, 4)
    facts.timings["total"] = round(sum(v for k, v in facts.timings.items() if k != "total"), 4)
    report["timings"] = dict(facts.timings)
    progress(1.0, "done")
    return report


class _Run:
    def __init__(self, path: Path, progress: ProgressSink, cancel: CancelToken) -> None:
        self.facts = Facts(path)
        self.progress = progress
        self.cancel = cancel

    @contextmanager
    def stage(self, name: str, fraction: float):  # type: ignore[no-untyped-def]
        self.cancel.raise_if_cancelled()
        self.progress(fraction, name)
        started = time.perf_counter()
        try:
            yield
        finally:
            self.facts.timings[name] = round(time.perf_counter() - started, 4)

    def read(self) -> Facts:
        facts = self.facts
        self.cancel.raise_if_cancelled()
        self.progress(0.0, "zip")
        started = time.perf_counter()
        with ExitStack() as cleanup:  # a bundle's temporary folder, removed last
            archive = self._open(facts.path, cleanup)
            try:
                self._read_all(archive, started)
            finally:
                archive.close()
        self.cancel.raise_if_cancelled()
        self.progress(0.96, "checks")
        return facts

    def _read_all(self, archive: ApkArchive, started: float) -> None:
        """Every layer of one APK, cheapest first."""
        facts = self.facts
        facts.size = archive.size
        facts.sha256 = archive.sha256()
        facts.entry_names = archive.names()
        facts.degraded.extend(archive.notes)
        facts.dex_names = _dex_names(facts.entry_names)
        self._require_android_content(archive)
        facts.timings["zip"] = round(time.perf_counter() - started, 4)
        with self.stage("manifest", 0.05):
            self._read_manifest(archive)
        with self.stage("signing", 0.12):
            min_sdk = facts.manifest.min_sdk if facts.manifest else None
            facts.signing = read_signing(archive, min_sdk, defer_entries=True)
            facts.degraded.extend(facts.signing.notes)
        self._read_dex(archive)
        with self.stage("fingerprints", 0.86):
            self._fingerprints()
        with self.stage("native", 0.9):
            self._read_native(archive)
            self._find_key_files(archive)
        with self.stage("signing:entries", 0.94):  # after the reads that hash entries
            facts.signing.finish_verification(archive)

    def _open(self, path: Path, cleanup: ExitStack) -> ApkArchive:
        """The APK itself, or the base APK copied out of a bundle (XAPK, APKS…)."""
        archive = ApkArchive(path)
        try:
            bundle = find_bundle(archive)
        except BaseException:
            archive.close()
            raise
        if bundle is None:
            return archive
        try:
            self.progress(0.01, "bundle")
            self.facts.bundle = bundle
            self.facts.bundle_file = {
                "name": path.name,
                "size": archive.size,
                "sha256": archive.sha256(),
            }
            scratch = Path(cleanup.enter_context(tempfile.TemporaryDirectory(prefix="ihsa-apk-")))
            base = extract(archive, bundle.base, scratch, PurePosixPath(bundle.base).name)
            read_split_names(archive, bundle, scratch)
        finally:
            archive.close()
        self.facts.path = base
        return ApkArchive(base)

    def _require_android_content(self, archive: ApkArchive) -> None:
        names = self.facts.entry_names
        has_signature = any(
            n.startswith("META-INF/") and n.upper().endswith(SIGNATURE_FILE_SUFFIXES) for n in names
        )
        try:
            has_block = archive.signing_block() is not None
        except ParseError:
            has_block = True
        if (
            MANIFEST not in archive
            and not self.facts.dex_names
            and not has_signature
            and not (has_block)
        ):
            raise ApkError(
                f"不是 Android 安装包(没有 AndroidManifest.xml、DEX 或签名):{archive.path.name}",
                f"Not an Android package (no AndroidManifest.xml, DEX or signature): "
                f"{archive.path.name}",
            )
        if MANIFEST not in archive:
            self.facts.degraded.append("no AndroidManifest.xml in the archive")

    # -- manifest and resources -----------------------------------------------------

    def _read_manifest(self, archive: ApkArchive) -> None:
        facts = self.facts
        if MANIFEST not in archive:
            return
        table: list[ResourceTable | None] = []

        def resolve(res_id: int):  # type: ignore[no-untyped-def]
            if not table:
                table.append(self._resources(archive))
            return table[0].resolve(res_id) if table[0] else None

        try:
            document = parse_axml(archive.read(MANIFEST, cap=MANIFEST_CAP))
        except ParseError as exc:
            facts.degraded.append(f"AndroidManifest.xml: {exc}")
            return
        facts.degraded.extend(document.notes)
        facts.manifest_anomalies = document.anomalies
        assert document.root is not None
        facts.manifest = read_manifest(document.root, resolve)
        facts.degraded.extend(facts.manifest.notes)
        self._read_network_security(archive, facts.manifest)

    def _resources(self, archive: ApkArchive) -> ResourceTable | None:
        if "resources.arsc" not in archive:
            self.facts.degraded.append("manifest refers to resources but resources.arsc is missing")
            return None
        try:
            return ResourceTable(archive.read("resources.arsc", cap=RESOURCES_CAP))
        except ParseError as exc:
            self.facts.degraded.append(f"resources.arsc: {exc}")
            return None

    def _read_network_security(self, archive: ApkArchive, manifest: Manifest) -> None:
        if manifest.network_security_config_ref:
            self.facts.nsc = NetworkSecurity(present=True, readable=False)
            self.facts.degraded.append(
                f"network_security_config {manifest.network_security_config_ref} not resolvable"
            )
            return
        path = manifest.network_security_config
        if not path:
            return
        try:
            document = parse_axml(archive.read(path, cap=MANIFEST_CAP))
            assert document.root is not None
            self.facts.nsc = read_network_security(document.root, path)
        except ParseError as exc:
            self.facts.nsc = NetworkSecurity(present=True, path=path, readable=False)
            self.facts.degraded.append(f"network_security_config {path}: {exc}")

    # -- code ---------------------------------------------------------------------

    def _read_dex(self, archive: ApkArchive) -> None:
        facts = self.facts
        names = facts.dex_names
        libraries = analyzer_data().library_prefixes
        code = facts.code
        code.dex_count = len(names)
        for index, name in enumerate(names):
            with self.stage(f"dex:{name}", 0.15 + 0.7 * index / max(1, len(names))):
                try:
                    dex = DexFile(archive.read(name), name)
                    analyze_dex(dex, libraries, code, self.cancel.raise_if_cancelled)
                except ParseError as exc:
                    facts.dex_failures += 1
                    facts.degraded.append(f"{name}: {exc}")
                except (IndexError, ValueError) as exc:  # damage our bounds checks missed
                    facts.dex_failures += 1
                    facts.degraded.append(f"{name}: malformed ({type(exc).__name__}: {exc})")
        facts.degraded.extend(code.notes)

    # -- packers and SDKs ------------------------------------------------------------

    def _fingerprints(self) -> None:
        facts = self.facts
        manifest = facts.manifest
        split_names = facts.bundle.split_entry_names if facts.bundle else []
        inventory = Inventory(
            entry_names=facts.entry_names + split_names,
            class_descriptors=facts.code.class_descriptors,
            manifest_components=_component_names(manifest),
            manifest_metadata=[name for name, _value in manifest.metadata] if manifest else [],
            native_libs=sorted(
                {
                    n.rsplit("/", 1)[-1]
                    for n in facts.entry_names + split_names
                    if n.startswith("lib/") and n.endswith(".so")
                }
            ),
            package=(manifest.package or "") if manifest else "",
        )
        facts.packers = fingerprints.detect_packers(inventory)
        facts.sdks = fingerprints.detect_sdks(inventory)

    # -- native libraries and key files ----------------------------------------------

    def _read_native(self, archive: ApkArchive) -> None:
        for name in preferred_abi_libs(self.facts.entry_names):
            self.cancel.raise_if_cancelled()
            try:
                self.facts.native_libs.append(read_elf(name, archive.read(name, cap=NATIVE_CAP)))
            except ParseError as exc:
                # A .so that is no ELF (a packer's payload, a placeholder) is a fact, not damage.
                self.facts.unreadable_libs.append(str(exc))

    def _find_key_files(self, archive: ApkArchive) -> None:
        for name in self.facts.entry_names:
            lower = name.lower()
            if not lower.startswith(("assets/", "res/raw/")):
                continue
            if lower.endswith((".p12", ".pfx")):
                self.facts.key_files.append(f"{name}: PKCS#12 key store")
            elif lower.endswith((".pem", ".key")):
                entry = archive.get(name)
                if entry is None or entry.size > 1024 * 1024:
                    continue
                try:
                    if b"PRIVATE KEY-----" in archive.read(entry, cap=1024 * 1024):
                        self.facts.key_files.append(f"{name}: PEM private key")
                except ParseError:
                    continue


def _dex_names(names: list[str]) -> list[str]:
    """classes.dex, classes2.dex, … in the order the platform loads them."""
    found = []
    for name in names:
        match = _DEX_NAME.fullmatch(name)
        if match and (match.group(1) == "" or int(match.group(1)) >= 2):
            found.append((int(match.group(1) or 1), name))
    return [name for _, name in sorted(set(found))]


def _component_names(manifest: Manifest | None) -> list[str]:
    if manifest is None:
        return []
    names = [manifest.application_class] if manifest.application_class else []
    names.extend(c.full_name for c in manifest.components)
    return names


def _load_bundled_data() -> None:
    """Read the bundled rule data (YAML) when the analyzer is imported, like code.

    The fork server imports this module once and every analysis child forked
    from it starts with the data and the rule pack's checklist links in memory,
    paying only for reading its APK. Broken data is not an import error: the
    analysis reports it when it runs.
    """
    sample = Inventory(  # touches every matcher once, so patterns are compiled now
        entry_names=["AndroidManifest.xml", "classes.dex", "assets/a.bin", "lib/arm64-v8a/a.so"],
        class_descriptors={"La/b/C;"},
        manifest_components=["a.b.C"],
        manifest_metadata=["a.b"],
        native_libs=["a.so"],
        package="a.b",
    )
    try:
        analyzer_data()
        checklist_items()
        fingerprints.detect_packers(sample)
        fingerprints.detect_sdks(sample)
    except (KnownError, OSError):
        pass


_load_bundled_data()
