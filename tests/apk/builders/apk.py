"""Assemble an APK file: manifest, dex, resources, other files, then sign it."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Mapping, Sequence
from pathlib import Path

from .arsc import ResourceTable
from .axml import Element, encode_axml
from .certs import SigningCert, release_cert
from .dex import DexBuilder
from .signing import add_signing_block, jar_signature_files

_FIXED_TIME = (2024, 1, 1, 0, 0, 0)


def manifest_xml(
    *,
    package: str = "com.example.hospital",
    version_code: int = 1,
    version_name: str = "1.0",
    min_sdk: int = 24,
    target_sdk: int = 33,
    permissions: Sequence[str] = (),
    application: Mapping[str, str | bool | int] | None = None,
    components: str = "",
    extra: str = "",
) -> str:
    """Plain AndroidManifest.xml text. `application` holds android: attributes of
    <application> (``{"debuggable": True, "allowBackup": False}``); `components` is
    XML placed inside <application>, `extra` XML placed inside <manifest>."""
    app_attrs = "".join(
        f' android:{key}="{_xml_value(value)}"' for key, value in (application or {}).items()
    )
    uses = "".join(f'<uses-permission android:name="{p}"/>' for p in permissions)
    return (
        '<manifest xmlns:android="http://schemas.android.com/apk/res/android"'
        f' package="{package}" android:versionCode="{version_code}"'
        f' android:versionName="{version_name}">'
        f'<uses-sdk android:minSdkVersion="{min_sdk}" android:targetSdkVersion="{target_sdk}"/>'
        f"{uses}{extra}<application{app_attrs}>{components}</application></manifest>"
    )


def _xml_value(value: str | bool | int) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def parse_schemes(sign: str | None) -> tuple[int, ...]:
    """ "v1v2" -> (1, 2); None or "" -> ()."""
    if not sign:
        return ()
    if not re.fullmatch(r"(v[123])+", sign):
        raise ValueError(f"sign must look like 'v1', 'v2v3', 'v1v2v3', got {sign!r}")
    return tuple(sorted({int(d) for d in re.findall(r"v([123])", sign)}))


def build_apk(
    where: Path,
    *,
    name: str = "app.apk",
    manifest: str | Element | bytes | None = None,
    dex: Sequence[bytes | DexBuilder] = (),
    resources: ResourceTable | bytes | None = None,
    xml_files: Mapping[str, str | Element] | None = None,
    files: Mapping[str, bytes] | None = None,
    sign: str | None = "v1v2",
    cert: SigningCert | None = None,
    v1_digest: str = "sha256",
    utf8_strings: bool = False,
    v1_signed_attributes: bool = False,
    block_algorithm: int | None = None,
    corrupt_block_signature: bool = False,
) -> Path:
    """Write an APK and return its path (`where` itself, or `where / name` if a directory).

    manifest:   plain XML text (default `manifest_xml()`), an `axml.Element`, or raw bytes
                stored verbatim (e.g. already-compiled or deliberately broken AXML).
    dex:        DEX images or builders -> classes.dex, classes2.dex, ...
    resources:  a `ResourceTable` (the manifest's ``@type/name`` references resolve
                through it) or raw resources.arsc bytes.
    xml_files:  path -> plain XML / Element, compiled to binary XML
                (e.g. ``res/xml/network_security_config.xml``).
    files:      path -> bytes, stored as they are (assets, lib/<abi>/*.so, ...).
    sign:       None (unsigned) or a combination like "v1", "v2", "v1v2", "v3", "v1v2v3".
    cert:       signing identity (default `certs.release_cert()`).
    v1_digest:  "sha256" | "sha1" | "md5" for the JAR signature.
    v1_signed_attributes, block_algorithm, corrupt_block_signature: signature variants,
                see `signing.jar_signature_files` and `signing.add_signing_block`.
    """
    path = where / name if where.is_dir() else where
    resolve = resources.resolve if isinstance(resources, ResourceTable) else None
    entries: dict[str, bytes] = {}
    if manifest is None:
        manifest = manifest_xml()
    entries["AndroidManifest.xml"] = (
        manifest
        if isinstance(manifest, bytes)
        else encode_axml(manifest, utf8=utf8_strings, resolve=resolve)
    )
    for index, image in enumerate(dex, start=1):
        dex_name = "classes.dex" if index == 1 else f"classes{index}.dex"
        entries[dex_name] = image.encode() if isinstance(image, DexBuilder) else image
    if resources is not None:
        entries["resources.arsc"] = (
            resources.encode() if isinstance(resources, ResourceTable) else resources
        )
    for file_name, xml in (xml_files or {}).items():
        entries[file_name] = encode_axml(xml, utf8=utf8_strings, resolve=resolve)
    entries.update(files or {})

    schemes = parse_schemes(sign)
    signer = cert or release_cert()
    if 1 in schemes:
        entries.update(
            jar_signature_files(
                entries,
                signer,
                digest=v1_digest,
                apk_signed_schemes=[s for s in schemes if s > 1],
                signed_attributes=v1_signed_attributes,
            )
        )
    image = zip_entries(entries)
    v2plus = [s for s in schemes if s > 1]
    if v2plus:
        image = add_signing_block(
            image,
            signer,
            schemes=v2plus,
            algorithm=block_algorithm,
            corrupt_signature=corrupt_block_signature,
        )
    path.write_bytes(image)
    return path


def zip_entries(entries: Mapping[str, bytes]) -> bytes:
    """A deterministic ZIP image; resources.arsc stored, everything else deflated."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for entry_name, content in entries.items():
            info = zipfile.ZipInfo(entry_name, date_time=_FIXED_TIME)
            info.compress_type = (
                zipfile.ZIP_STORED if entry_name == "resources.arsc" else zipfile.ZIP_DEFLATED
            )
            archive.writestr(info, content)
    return buffer.getvalue()
