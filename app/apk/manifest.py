"""AndroidManifest facts, computed the way the platform would read them.

Values that point into resources (``@bool/…``) are resolved through the resource
table; ``exported`` is computed from the explicit attribute, intent filters and
the SDK levels (implicit export before Android 12, providers before API 17).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from app.apk.arsc import ResValue
from app.apk.axml import (
    TYPE_INT_BOOLEAN,
    TYPE_INT_DEC,
    TYPE_INT_HEX,
    Attribute,
    Element,
)

# Framework attribute resource ids (android.R.attr).
ATTR_NAME = 0x01010003
ATTR_PERMISSION = 0x01010006
ATTR_READ_PERMISSION = 0x01010007
ATTR_WRITE_PERMISSION = 0x01010008
ATTR_DEBUGGABLE = 0x0101000F
ATTR_EXPORTED = 0x01010010
ATTR_VALUE = 0x01010024
ATTR_MIN_SDK = 0x0101020C
ATTR_VERSION_CODE = 0x0101021B
ATTR_VERSION_NAME = 0x0101021C
ATTR_TARGET_SDK = 0x01010270
ATTR_TEST_ONLY = 0x01010272
ATTR_ALLOW_BACKUP = 0x01010280
ATTR_USES_CLEARTEXT = 0x010104EC
ATTR_NETWORK_SECURITY_CONFIG = 0x01010527

COMPONENT_TAGS = ("activity", "activity-alias", "service", "receiver", "provider")
PERMISSION_TAGS = ("uses-permission", "uses-permission-sdk-23", "uses-permission-sdk-m")
ACTION_MAIN = "android.intent.action.MAIN"
LAUNCHER_CATEGORIES = {
    "android.intent.category.LAUNCHER",
    "android.intent.category.LEANBACK_LAUNCHER",
}

Resolver = Callable[[int], ResValue | None]


@dataclass
class Component:
    kind: str  # activity, activity-alias, service, receiver, provider
    name: str  # as declared (".Foo" stays ".Foo")
    full_name: str  # expanded against the package
    exported: bool
    exported_explicit: bool | None
    permission: str | None
    read_permission: str | None
    write_permission: str | None
    has_intent_filter: bool
    launcher: bool
    actions: list[str] = field(default_factory=list)

    @property
    def label(self) -> str:
        return f"{self.kind}:{self.name}"

    def guard(self, app_permission: str | None) -> str | None:
        """The permission that protects this component, or None when unprotected."""
        if self.permission:
            return self.permission
        if self.kind == "provider" and self.read_permission and self.write_permission:
            return f"read={self.read_permission}, write={self.write_permission}"
        return app_permission


@dataclass
class Manifest:
    package: str | None = None
    version_code: int | None = None
    version_name: str | None = None
    min_sdk: int | None = None
    target_sdk: int | None = None
    application_class: str | None = None
    app_permission: str | None = None
    debuggable: bool = False
    debuggable_evidence: str = ""
    allow_backup: bool = True
    allow_backup_explicit: bool = False
    test_only: bool = False
    uses_cleartext_traffic: bool | None = None
    network_security_config: str | None = None  # resource path, e.g. res/xml/nsc.xml
    network_security_config_ref: str | None = None  # as written, when unresolved
    permissions: list[str] = field(default_factory=list)
    components: list[Component] = field(default_factory=list)
    metadata: list[tuple[str, str | None]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def effective_min_sdk(self) -> int:
        return self.min_sdk if self.min_sdk is not None else 1

    @property
    def effective_target_sdk(self) -> int:
        return self.target_sdk if self.target_sdk is not None else self.effective_min_sdk

    def expand(self, name: str) -> str:
        """Expand ".Foo" / "Foo" against the package, as PackageParser does."""
        if not self.package or not name:
            return name
        if name.startswith("."):
            return self.package + name
        if "." not in name:
            return f"{self.package}.{name}"
        return name

    def exported_unprotected(self) -> list[str]:
        return [
            c.label
            for c in self.components
            if c.exported and not c.launcher and not c.guard(self.app_permission)
        ]

    def exported_launcher(self) -> list[str]:
        return [c.label for c in self.components if c.exported and c.launcher]

    def exported_with_permission(self) -> list[str]:
        out = []
        for c in self.components:
            guard = c.guard(self.app_permission)
            if c.exported and guard:
                out.append(f"{c.label} ({guard})")
        return out


class _Values:
    """Turns attributes into Python values, resolving resource references."""

    def __init__(self, resolve: Resolver | None) -> None:
        self._resolve = resolve
        self.unresolved: list[str] = []

    def _deref(self, attr: Attribute) -> tuple[int, int, str | None]:
        if attr.is_reference:
            value = self._resolve(attr.data) if self._resolve else None
            if value is None:
                self.unresolved.append(f"{attr.name}=@0x{attr.data:08x}")
                return -1, 0, None
            return value.dtype, value.data, value.string
        return attr.dtype, attr.data, attr.raw

    def boolean(self, attr: Attribute | None) -> bool | None:
        if attr is None:
            return None
        dtype, data, text = self._deref(attr)
        if dtype in (TYPE_INT_BOOLEAN, TYPE_INT_DEC, TYPE_INT_HEX):
            return data != 0
        if text is not None and text.strip().lower() in ("true", "false"):
            return text.strip().lower() == "true"
        return None

    def integer(self, attr: Attribute | None) -> int | None:
        if attr is None:
            return None
        dtype, data, text = self._deref(attr)
        if dtype in (TYPE_INT_DEC, TYPE_INT_HEX):
            return data - (1 << 32) if data >= 1 << 31 else data
        if text is not None:
            try:
                return int(text.strip(), 0)
            except ValueError:
                return None
        return None

    def string(self, attr: Attribute | None) -> str | None:
        if attr is None:
            return None
        dtype, data, text = self._deref(attr)
        if text is not None:
            return text
        if dtype in (TYPE_INT_DEC, TYPE_INT_HEX):
            return str(data)
        if dtype == TYPE_INT_BOOLEAN:
            return "true" if data else "false"
        return None

    def describe(self, attr: Attribute, value: object) -> str:
        shown = str(value).lower() if isinstance(value, bool) else str(value)
        if attr.is_reference:
            return f"android:{attr.name}=@0x{attr.data:08x} → {shown}"
        return f"android:{attr.name}={shown}"


def read_manifest(root: Element, resolve: Resolver | None) -> Manifest:
    values = _Values(resolve)
    m = Manifest()
    package_attr = root.plain_attr("package")
    m.package = values.string(package_attr) if package_attr else None
    m.version_code = values.integer(root.attr(ATTR_VERSION_CODE, "versionCode"))
    m.version_name = values.string(root.attr(ATTR_VERSION_NAME, "versionName"))
    uses_sdk = root.find_children("uses-sdk")
    if uses_sdk:
        m.min_sdk = values.integer(uses_sdk[0].attr(ATTR_MIN_SDK, "minSdkVersion"))
        m.target_sdk = values.integer(uses_sdk[0].attr(ATTR_TARGET_SDK, "targetSdkVersion"))
    for tag in PERMISSION_TAGS:
        for element in root.find_children(tag):
            name = values.string(element.attr(ATTR_NAME, "name"))
            if name and name not in m.permissions:
                m.permissions.append(name)
    for element in root.iter("meta-data"):
        name = values.string(element.attr(ATTR_NAME, "name"))
        if name:
            m.metadata.append((name, values.string(element.attr(ATTR_VALUE, "value"))))
    applications = root.find_children("application")
    if len(applications) > 1:
        m.notes.append(f"manifest declares {len(applications)} <application> elements")
    if applications:
        _read_application(applications[0], m, values)
    if values.unresolved:
        m.notes.append("unresolved resource references: " + ", ".join(values.unresolved[:5]))
    return m


def _read_application(app: Element, m: Manifest, values: _Values) -> None:
    name = values.string(app.attr(ATTR_NAME, "name"))
    m.application_class = m.expand(name) if name else None
    m.app_permission = values.string(app.attr(ATTR_PERMISSION, "permission")) or None

    attr = app.attr(ATTR_DEBUGGABLE, "debuggable")
    debuggable = values.boolean(attr)
    m.debuggable = bool(debuggable)
    if attr is not None and debuggable is not None:
        m.debuggable_evidence = values.describe(attr, debuggable)

    attr = app.attr(ATTR_ALLOW_BACKUP, "allowBackup")
    allow_backup = values.boolean(attr)
    m.allow_backup_explicit = allow_backup is not None
    m.allow_backup = True if allow_backup is None else allow_backup

    m.test_only = bool(values.boolean(app.attr(ATTR_TEST_ONLY, "testOnly")))
    m.uses_cleartext_traffic = values.boolean(app.attr(ATTR_USES_CLEARTEXT, "usesCleartextTraffic"))

    attr = app.attr(ATTR_NETWORK_SECURITY_CONFIG, "networkSecurityConfig")
    if attr is not None:
        path = values.string(attr)
        if path:
            m.network_security_config = path
        else:
            m.network_security_config_ref = f"@0x{attr.data:08x}" if attr.is_reference else "?"

    for element in app.children:
        if element.tag in COMPONENT_TAGS:
            component = _read_component(element, m, values)
            if component is not None:
                m.components.append(component)


def _read_component(element: Element, m: Manifest, values: _Values) -> Component | None:
    name = values.string(element.attr(ATTR_NAME, "name"))
    if not name:
        return None
    actions: list[str] = []
    launcher = False
    filters = element.find_children("intent-filter")
    for intent_filter in filters:
        filter_actions = [
            values.string(a.attr(ATTR_NAME, "name")) or ""
            for a in intent_filter.find_children("action")
        ]
        categories = {
            values.string(c.attr(ATTR_NAME, "name")) or ""
            for c in intent_filter.find_children("category")
        }
        actions.extend(a for a in filter_actions if a)
        if ACTION_MAIN in filter_actions and categories & LAUNCHER_CATEGORIES:
            launcher = element.tag in ("activity", "activity-alias")
    explicit = values.boolean(element.attr(ATTR_EXPORTED, "exported"))
    if explicit is not None:
        exported = explicit
    elif element.tag == "provider":
        exported = m.effective_min_sdk <= 16 or m.effective_target_sdk <= 16
    else:
        exported = bool(filters) and m.effective_target_sdk < 31
    return Component(
        kind=element.tag,
        name=name,
        full_name=m.expand(name),
        exported=exported,
        exported_explicit=explicit,
        permission=values.string(element.attr(ATTR_PERMISSION, "permission")) or None,
        read_permission=values.string(element.attr(ATTR_READ_PERMISSION, "readPermission")) or None,
        write_permission=values.string(element.attr(ATTR_WRITE_PERMISSION, "writePermission"))
        or None,
        has_intent_filter=bool(filters),
        launcher=launcher,
        actions=actions,
    )
