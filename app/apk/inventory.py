"""What an APK contains, as needed to recognise packers and third-party SDKs.

The pipeline fills it from the cheap layers (ZIP directory, manifest, DEX type
tables); the fingerprint matchers read it. Nothing here parses files.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Inventory:
    # Every ZIP entry name, as stored (e.g. "assets/libjiagu.so", "lib/arm64-v8a/libx.so").
    entry_names: list[str] = field(default_factory=list)
    # Class type descriptors defined in any DEX file, e.g. "Lcom/stub/StubApp;".
    class_descriptors: set[str] = field(default_factory=set)
    # Fully qualified names from the manifest: application class, activities,
    # services, receivers and providers (already expanded from ".Foo" shorthands).
    manifest_components: list[str] = field(default_factory=list)
    # <meta-data android:name=...> names anywhere in the manifest.
    manifest_metadata: list[str] = field(default_factory=list)
    # Basenames of native libraries under lib/<abi>/ (e.g. "libjiagu.so").
    native_libs: list[str] = field(default_factory=list)
    # Manifest package name, to tell the app's own classes from third-party ones.
    package: str = ""
