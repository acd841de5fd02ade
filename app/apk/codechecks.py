"""Code-level checks over the DEX files: which weaknesses and protections the app code shows.

Each DEX is read once: its ids for the APIs, fields, types and strings that the
checks look for are resolved, the app methods that reference any of them are
found (codescan), and only those methods are decoded and judged. Results are
"signals" (e.g. ``trust_all``) with evidence ("com.app.net.Tls.checkServerTrusted
returns without checking"); the pipeline maps signals onto checks and rules.
"""

from __future__ import annotations

import bisect
import math
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from app.apk.bytecode import Invoke, MethodFacts, Value
from app.apk.codescan import AppMethod, DexScan
from app.apk.dex import ClassDef, DexFile

EVIDENCE_CAP = 10


@dataclass(frozen=True)
class Api:
    owner: str | None  # class descriptor; None matches the name on any class
    names: tuple[str, ...]


# -- what we look for ---------------------------------------------------------------

METHOD_TARGETS: dict[str, tuple[Api, ...]] = {
    "js_enabled": (Api(None, ("setJavaScriptEnabled",)),),
    "js_interface": (Api(None, ("addJavascriptInterface",)),),
    "file_access": (
        Api(
            None,
            (
                "setAllowFileAccessFromFileURLs",
                "setAllowUniversalAccessFromFileURLs",
                "setAllowFileAccess",
            ),
        ),
    ),
    "ssl_proceed": (Api("Landroid/webkit/SslErrorHandler;", ("proceed",)),),
    "cipher_get": (Api("Ljavax/crypto/Cipher;", ("getInstance",)),),
    "digest_get": (Api("Ljava/security/MessageDigest;", ("getInstance",)),),
    "weak_digest_helper": (
        Api(
            "Lorg/apache/commons/codec/digest/DigestUtils;",
            ("md5", "md5Hex", "sha1", "sha1Hex", "sha", "shaHex"),
        ),
    ),
    "key_spec": (
        Api("Ljavax/crypto/spec/SecretKeySpec;", ("<init>",)),
        Api("Ljavax/crypto/spec/PBEKeySpec;", ("<init>",)),
        Api("Ljavax/crypto/spec/DESKeySpec;", ("<init>",)),
    ),
    "iv_spec": (
        Api("Ljavax/crypto/spec/IvParameterSpec;", ("<init>",)),
        Api("Ljavax/crypto/spec/GCMParameterSpec;", ("<init>",)),
    ),
    "random_bytes": (Api("Ljava/util/Random;", ("nextBytes",)),),
    "sql_exec": (Api(None, ("rawQuery", "execSQL", "rawQueryWithFactory")),),
    "log": (
        Api("Landroid/util/Log;", ("v", "d", "i", "w", "e", "wtf", "println")),
        Api("Ljava/io/PrintStream;", ("println", "print")),
    ),
    "device_id": (
        Api(
            "Landroid/telephony/TelephonyManager;",
            (
                "getDeviceId",
                "getImei",
                "getMeid",
                "getSubscriberId",
                "getSimSerialNumber",
                "getLine1Number",
            ),
        ),
        Api("Landroid/net/wifi/WifiInfo;", ("getMacAddress",)),
        Api("Ljava/net/NetworkInterface;", ("getHardwareAddress",)),
        Api("Landroid/os/Build;", ("getSerial",)),
    ),
    "secure_setting": (
        Api("Landroid/provider/Settings$Secure;", ("getString",)),
        Api("Landroid/provider/Settings$System;", ("getString",)),
    ),
    "installed_apps": (Api(None, ("getInstalledPackages", "getInstalledApplications")),),
    "world_mode": (
        Api(None, ("openFileOutput", "getSharedPreferences", "getDir", "openOrCreateDatabase")),
    ),
    "external_public": (
        Api(
            "Landroid/os/Environment;",
            ("getExternalStorageDirectory", "getExternalStoragePublicDirectory"),
        ),
    ),
    "debugger": (Api("Landroid/os/Debug;", ("isDebuggerConnected", "waitingForDebugger")),),
    "signing_info": (
        Api(
            "Landroid/content/pm/SigningInfo;",
            ("getApkContentsSigners", "getSigningCertificateHistory"),
        ),
    ),
    "package_info": (Api(None, ("getPackageInfo",)),),
    "safety_attest": (
        Api("Lcom/google/android/gms/safetynet/SafetyNetClient;", ("attest",)),
        Api(
            "Lcom/google/android/play/core/integrity/IntegrityManager;", ("requestIntegrityToken",)
        ),
    ),
}

# Helpers the judges look at inside a method already selected; never scanned for.
AUX_METHODS: dict[str, tuple[Api, ...]] = {
    "concat": (
        Api("Ljava/lang/StringBuilder;", ("append",)),
        Api("Ljava/lang/StringBuffer;", ("append",)),
        Api("Ljava/lang/String;", ("concat", "format")),
    ),
    "string_equals": (Api("Ljava/lang/String;", ("equals", "equalsIgnoreCase", "contentEquals")),),
    "secure_random": (Api("Ljava/security/SecureRandom;", ("nextBytes", "generateSeed")),),
    "cipher_iv": (Api("Ljavax/crypto/Cipher;", ("getIV", "getParameters")),),
}

FIELD_TARGETS: dict[str, tuple[Api, ...]] = {
    "allow_all_hostname": (
        Api("Lorg/apache/http/conn/ssl/SSLSocketFactory;", ("ALLOW_ALL_HOSTNAME_VERIFIER",)),
    ),
    "device_id_field": (
        Api("Landroid/os/Build;", ("SERIAL",)),
        Api("Landroid/provider/Settings$Secure;", ("ANDROID_ID",)),
    ),
    "app_flags": (Api("Landroid/content/pm/ApplicationInfo;", ("flags",)),),
    "signatures": (Api("Landroid/content/pm/PackageInfo;", ("signatures", "signingInfo")),),
}

TYPE_TARGETS: dict[str, tuple[str, ...]] = {
    "allow_all_verifier": (
        "Lorg/apache/http/conn/ssl/AllowAllHostnameVerifier;",
        "Lorg/apache/http/conn/ssl/NoopHostnameVerifier;",
    ),
    "java_random": ("Ljava/util/Random;",),
}

# Substrings (lower case, matched case-insensitively) that select candidate strings.
STRING_MARKERS: dict[str, tuple[bytes, ...]] = {
    "root_marker": (
        b"superuser",
        b"supersu",
        b"/xbin/su",
        b"/bin/su",
        b"/sbin/su",
        b"/su/bin",
        b"test-keys",
        b"magisk",
        b"busybox",
        b"eu.chainfire",
        b"com.noshufou",
        b"koushikdutta",
        b"rootcloak",
        b"com.devadvance",
        b"goldfish",
        b"ranchu",
        b"qemu",
        b"genymotion",
        b"sdk_gphone",
        b"google_sdk",
        b"vbox86",
        b"bluestacks",
    ),
    "tracer": (b"tracerpid",),
    "http_url": (b"http://",),
    "secret_word": (b"secret", b"password", b"passwd", b"apikey", b"api_key", b"api key"),
    "android_id": (b"android_id",),
    "dex_name": (b"classes.dex",),
}
# Words that make a logged message sensitive (lower case).
SENSITIVE_WORDS = (
    b"password",
    b"passwd",
    b"pwd",
    b"passcode",
    b"token",
    b"secret",
    b"credential",
    b"credit card",
    b"card number",
    b"cardnumber",
    b"cvv",
    b"account",
    b"login",
    b"username",
    b"session",
    b"cookie",
    b"imei",
    b"id card",
    "身份证".encode(),
    "密码".encode(),
    "验证码".encode(),
    "手机号".encode(),
    "银行卡".encode(),
    "病历".encode(),
)

EXACT_STRINGS: dict[str, tuple[str, ...]] = {"root_marker": ("su",)}

# Known secret formats: (label, literal prefix selecting candidates, full pattern).
KNOWN_SECRETS: tuple[tuple[str, bytes, re.Pattern[str]], ...] = (
    ("AWS access key id", b"AKIA", re.compile(r"\bAKIA[0-9A-Z]{16}\b")),
    ("Google API key", b"AIza", re.compile(r"AIza[0-9A-Za-z_\-]{35}")),
    (
        "private key (PEM)",
        b"-----BEGIN",
        re.compile(r"-----BEGIN (?:RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP )?PRIVATE KEY"),
    ),
    (
        "JSON Web Token",
        b"eyJ",
        re.compile(r"eyJ[A-Za-z0-9_\-]{8,}\.eyJ[A-Za-z0-9_\-]{8,}\.[A-Za-z0-9_\-]{8,}"),
    ),
    ("Alibaba Cloud AccessKey id", b"LTAI", re.compile(r"\bLTAI[0-9A-Za-z]{12,28}\b")),
    ("Tencent Cloud SecretId", b"AKID", re.compile(r"\bAKID[0-9A-Za-z]{32}\b")),
    ("Stripe live key", b"sk_live_", re.compile(r"sk_live_[0-9A-Za-z]{24,}")),
    ("GitHub token", b"ghp_", re.compile(r"ghp_[0-9A-Za-z]{36}")),
    ("Slack token", b"xox", re.compile(r"xox[baprs]-[0-9A-Za-z\-]{10,}")),
)

WEAK_CIPHERS = ("DES", "DESEDE", "3DES", "TRIPLEDES", "RC4", "ARCFOUR", "BLOWFISH", "RC2")
WEAK_DIGESTS = {"MD5", "MD4", "MD2", "SHA-1", "SHA1", "SHA"}
GET_SIGNATURES = 0x40
GET_SIGNING_CERTIFICATES = 0x08000000
FLAG_DEBUGGABLE = 0x2
_CREDENTIAL_ASSIGNMENT = re.compile(
    r"(?i)(api[ _-]?key|password|passwd|pwd|secret|token)\s*[:=]\s*[^\s%{}]{3,}"
)
_SECRET_FIELD_NAME = re.compile(
    rb"(?i)(secret|passw|pwd|api_?key|private_?key|access_?key|aes_?key|enc\w*key"
    rb"|^key$|_key$|^key_|token|salt)"
)
_ALGORITHM_LIKE = re.compile(
    r"(?i)^(utf-?8|utf-?16|iso-8859-1|ascii|gbk|aes|des|desede|rsa|ec|hmac\w*|sha-?\d*|md5"
    r"|pbkdf2\w*|[a-z0-9]+(/[a-z0-9]+){1,2}|bc|androidopenssl|androidkeystore)$"
)
_HTTP_URL = re.compile(r"http://([^\s\"'<>/]*)")
_PLAIN_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]{2,}")
_IV_FIELD = re.compile(r"(?i)(^iv|iv$|ivbytes|_iv_|nonce)")
_HEX_TOKEN = re.compile(rb"[0-9a-fA-F]{32,128}")
_B64_TOKEN = re.compile(rb"[A-Za-z0-9+/]{24,200}={0,2}")  # hex tokens match this too
_PATH_LIKE = re.compile(rb"(?:[A-Za-z][A-Za-z0-9]*/)+[A-Za-z][A-Za-z0-9]*|[A-Za-z]+")
_DIGIT = re.compile(rb"[0-9]")
_HEX_LETTER = re.compile(rb"[a-fA-F]")
_UPPER = re.compile(rb"[A-Z]")
_LOWER = re.compile(rb"[a-z]")
_SEQUENCES = (b"abcdefgh", b"ABCDEFGH", b"0123456789", b"ghijklmn", b"GHIJKLMN")


# -- results -------------------------------------------------------------------------


@dataclass
class CodeFindings:
    """Evidence per signal, plus what the obfuscation and inventory need."""

    evidence: dict[str, list[str]] = field(default_factory=dict)
    counts: Counter[str] = field(default_factory=Counter)
    class_descriptors: set[str] = field(default_factory=set)
    app_class_names: list[str] = field(default_factory=list)
    app_method_names: list[str] = field(default_factory=list)
    dex_count: int = 0
    notes: list[str] = field(default_factory=list)

    def add(self, signal: str, text: str) -> None:
        self.counts[signal] += 1
        items = self.evidence.setdefault(signal, [])
        if text not in items and len(items) < EVIDENCE_CAP:
            items.append(text)

    def has(self, signal: str) -> bool:
        return self.counts[signal] > 0


@dataclass
class _Ids:
    """One DEX's ids for every target, by signal name."""

    methods: dict[str, set[int]]
    fields: dict[str, set[int]]
    types: dict[str, set[int]]
    strings: dict[str, set[int]]
    secret_labels: dict[int, str]  # string idx -> why it looks like a secret


def _resolve_methods(dex: DexFile, apis: Iterable[Api]) -> set[int]:
    found: set[int] = set()
    for api in apis:
        if api.owner is None:
            found.update(dex.find_methods_named(api.names))
        else:
            found.update(dex.find_methods(api.owner, api.names))
    return found


class _Literals:
    """The string constants the app code uses, searchable as one text."""

    def __init__(self, dex: DexFile, indices: list[int]) -> None:
        strings = dex.all_string_bytes()
        self.indices = indices
        self.values = [strings[i] for i in indices]
        self.text = b"\x00".join(self.values)
        self.lower = self.text.lower()
        self.starts = []
        position = 0
        for value in self.values:
            self.starts.append(position)
            position += len(value) + 1

    def containing(self, needle: bytes, ignore_case: bool = True) -> set[int]:
        text = self.lower if ignore_case else self.text
        found: set[int] = set()
        position = text.find(needle)
        while position >= 0:
            slot = bisect.bisect_right(self.starts, position) - 1
            found.add(self.indices[slot])
            position = text.find(needle, self.starts[slot] + len(self.values[slot]) + 1)
        return found


def _resolve(dex: DexFile, scan: DexScan) -> _Ids:
    methods = {tag: _resolve_methods(dex, apis) for tag, apis in METHOD_TARGETS.items()}
    methods.update({tag: _resolve_methods(dex, apis) for tag, apis in AUX_METHODS.items()})
    fields = {
        tag: {f for api in apis if api.owner for f in dex.find_fields(api.owner, api.names)}
        for tag, apis in FIELD_TARGETS.items()
    }
    types = {
        tag: {t for t in (dex.find_type(d) for d in descriptors) if t >= 0}
        for tag, descriptors in TYPE_TARGETS.items()
    }
    literals = _Literals(dex, scan.app_literals())
    strings: dict[str, set[int]] = {}
    for tag, needles in STRING_MARKERS.items():
        bucket = strings.setdefault(tag, set())
        for needle in needles:
            bucket.update(literals.containing(needle))
    for tag, exact in EXACT_STRINGS.items():
        strings[tag].update(i for i in (dex.find_string(s) for s in exact) if i >= 0)
    strings["http_url"] = {i for i in strings["http_url"] if _is_cleartext_url(dex.string(i))}
    secret_labels = _secret_candidates(dex, literals)
    strings["secret"] = set(secret_labels)
    return _Ids(methods, fields, types, strings, secret_labels)


def _is_cleartext_url(text: str) -> bool:
    """http:// URLs that reach a host, not XML namespaces / schema identifiers / localhost."""
    for match in _HTTP_URL.finditer(text):
        host = match.group(1).lower()
        rest = text[match.end() : match.end() + 60].lower()
        if host.startswith(("localhost", "127.", "10.0.2.2", "0.0.0.0")):
            continue
        if _is_schema_host(host, rest):
            continue
        return True
    return False


_SCHEMA_HOSTS = (
    "schemas.android.com",
    "schemas.xmlsoap.org",
    "schemas.microsoft.com",
    "schemas.openxmlformats.org",
    "www.w3.org",
    "w3.org",
    "xmlpull.org",
    "www.xmlpull.org",
    "ns.adobe.com",
    "purl.org",
    "xml.org",
    "www.apache.org",
    "apache.org",
    "java.sun.com",
    "xml.apache.org",
    "schema.org",
    "www.xml.org",
    "iptc.org",
    "ns.google.com",
    "www.opengis.net",
    "docs.oasis-open.org",
    "relaxng.org",
    "exslt.org",
)


def _is_schema_host(host: str, rest: str) -> bool:
    if host in _SCHEMA_HOSTS or host.endswith(".w3.org"):
        return True
    return "/ns/" in rest[:20] or rest.startswith(("/xmlns", "/ns"))


def _cipher_weakness(text: str) -> str | None:
    """'ecb' or 'weak_cipher' for a transformation / algorithm name, else None."""
    upper = text.strip().upper()
    if not upper or len(upper) > 40 or " " in upper:
        return None
    parts = upper.split("/")
    algorithm = parts[0]
    if algorithm in WEAK_CIPHERS or algorithm.startswith(("PBEWITHMD5ANDDES", "DESEDE")):
        return "weak_cipher"
    if len(parts) >= 2 and parts[1] == "ECB" and algorithm not in ("RSA", "EC", "ECIES"):
        return "ecb"
    return None


def _secret_candidates(dex: DexFile, literals: _Literals) -> dict[int, str]:
    """App string constants that look like keys or tokens: known formats, high-entropy
    tokens, and credentials written into strings ("password=…")."""
    labels: dict[int, str] = {}
    for label, prefix, pattern in KNOWN_SECRETS:
        for index in literals.containing(prefix, ignore_case=False):
            if pattern.search(dex.string(index)):
                labels[index] = label
    for index in literals.containing(b"password") | literals.containing(b"api"):
        text = dex.string(index)
        if len(text) < 300 and _CREDENTIAL_ASSIGNMENT.search(text):
            labels.setdefault(index, "credential in a string")
    for index, raw in zip(literals.indices, literals.values, strict=True):
        if len(raw) < 24 or len(raw) > 200 or b" " in raw:
            continue
        kind = _token_kind(raw)
        if kind:
            labels.setdefault(index, kind)
    return labels


def _token_kind(raw: bytes) -> str | None:
    if not _B64_TOKEN.fullmatch(raw) or _PATH_LIKE.fullmatch(raw):
        return None
    if any(seq in raw for seq in _SEQUENCES) or raw.startswith((b"sha256/", b"sha1/")):
        return None
    if _HEX_TOKEN.fullmatch(raw):
        if len(raw) % 8 == 0 and _DIGIT.search(raw) and _HEX_LETTER.search(raw):
            return "hex key-like constant"
        return None
    if _UPPER.search(raw) and _LOWER.search(raw) and _DIGIT.search(raw) and _entropy(raw) >= 4.2:
        return "high-entropy base64 constant"
    return None


def _sensitive(raw: bytes) -> bool:
    lowered = raw.lower()
    return any(word in lowered for word in SENSITIVE_WORDS)


def _entropy(raw: bytes) -> float:
    total = len(raw)
    return -sum(n / total * math.log2(n / total) for n in Counter(raw).values())


# -- judging a method ------------------------------------------------------------------


class _DexJudge:
    def __init__(self, dex: DexFile, scan: DexScan, ids: _Ids, out: CodeFindings) -> None:
        self.dex = dex
        self.scan = scan
        self.ids = ids
        self.out = out
        self._class_const_fields: dict[int, dict[int, Value]] = {}

    def where(self, method: AppMethod) -> str:
        return self.dex.method_label(method.method_idx)

    def text(self, value: Value | None, limit: int = 80) -> str:
        if value is None or value[0] not in ("str", "derived"):
            return "?"
        text = self.dex.string(value[1])
        return text if len(text) <= limit else text[: limit - 1] + "…"

    def judge(self, method: AppMethod, facts: MethodFacts) -> None:
        for rule in (
            self._webview,
            self._crypto,
            self._secrets,
            self._network_strings,
            self._sql_and_logging,
            self._resilience,
            self._privacy_and_storage,
        ):
            rule(method, facts)

    def _calls(self, facts: MethodFacts, tag: str) -> list[Invoke]:
        wanted = self.ids.methods.get(tag)
        return facts.calls(wanted) if wanted else []

    def _webview(self, method: AppMethod, facts: MethodFacts) -> None:
        where = self.where(method)
        for call in self._calls(facts, "js_enabled"):
            if _argument(call, 0) != ("int", 0):
                self.out.add("js_enabled", f"{where}: setJavaScriptEnabled(true)")
        for _call in self._calls(facts, "js_interface"):
            self.out.add("js_interface", f"{where}: addJavascriptInterface")
        for call in self._calls(facts, "file_access"):
            if _argument(call, 0) != ("int", 0):
                name = self.dex.method_name(call.method_idx)
                self.out.add("file_access", f"{where}: {name}(true)")
        if self._calls(facts, "ssl_proceed"):
            self.out.add("ssl_error", f"{where}: SslErrorHandler.proceed()")
        if (
            set(facts.field_reads) & self.ids.fields["allow_all_hostname"]
            or set(facts.new_instances) & self.ids.types["allow_all_verifier"]
        ):
            self.out.add("hostname", f"{where}: allow-all hostname verifier")

    def _crypto(self, method: AppMethod, facts: MethodFacts) -> None:
        where = self.where(method)
        for call in self._calls(facts, "cipher_get"):
            value = _argument(call, 0, static=True)
            if value and value[0] == "str":
                transformation = self.dex.string(value[1])
                weakness = _cipher_weakness(transformation)
                if transformation.strip().upper() in ("AES", "DES", "DESEDE", "BLOWFISH"):
                    weakness = weakness or "ecb"  # no mode given: the provider defaults to ECB
                if weakness:
                    self.out.add(weakness, f'{where}: Cipher.getInstance("{transformation}")')
        if self._calls(facts, "cipher_get") or self._calls(facts, "key_spec"):
            reported = {
                v[1]
                for c in self._calls(facts, "cipher_get")
                if (v := _argument(c, 0)) and v[0] == "str"
            }
            for index in set(facts.strings) - reported:
                text = self.dex.string(index)
                weakness = _cipher_weakness(text)
                if weakness:
                    self.out.add(weakness, f'{where}: "{text}"')
        for call in self._calls(facts, "digest_get"):
            value = _argument(call, 0, static=True)
            if value and value[0] == "str":
                name = self.dex.string(value[1])
                if name.strip().upper() in WEAK_DIGESTS:
                    self.out.add("weak_hash", f'{where}: MessageDigest.getInstance("{name}")')
        for call in self._calls(facts, "weak_digest_helper"):
            self.out.add("weak_hash", f"{where}: {self.dex.method_label(call.method_idx)}")
        for call in self._calls(facts, "iv_spec"):
            value = _argument(call, 0)
            if self._constant_bytes(method, value):
                self.out.add("static_iv", f"{where}: IV built from a constant")
        uses_crypto = bool(
            self._calls(facts, "cipher_get")
            or self._calls(facts, "key_spec")
            or self._calls(facts, "iv_spec")
        )
        if self._calls(facts, "random_bytes") or (
            uses_crypto and set(facts.new_instances) & self.ids.types["java_random"]
        ):
            self.out.add("insecure_random", f"{where}: java.util.Random for key material")

    def _constant_bytes(self, method: AppMethod, value: Value | None) -> bool:
        """Whether ``value`` is bytes fixed at build time (a literal array or string), or
        (passed in as a parameter) the class keeps its IV in a field set to a constant."""
        if value is None:
            return any(
                stored[0] in ("array", "derived")
                and _IV_FIELD.search(self.dex.string(self.dex.field_id(field_idx)[2]))
                for field_idx, stored in self._constant_fields(method.class_def).items()
            )
        if value[0] == "derived" or value in (("array", 0), ("array", 1)):
            return True
        if value[0] == "field":
            stored = self._constant_fields(method.class_def).get(value[1])
            return stored is not None and stored[0] in ("array", "derived", "str")
        return False

    def _constant_fields(self, cls: ClassDef) -> dict[int, Value]:
        """Fields of ``cls`` that its constructors set to constants."""
        cached = self._class_const_fields.get(cls.index)
        if cached is None:
            cached = {}
            for init in self.scan.methods_of(cls, {"<init>", "<clinit>"}):
                facts = self.scan.facts(init)
                if facts is None:
                    continue
                for field_idx, value in facts.field_writes:
                    if value is not None and value[0] in ("str", "derived", "array"):
                        cached[field_idx] = value
            self._class_const_fields[cls.index] = cached
        return cached

    def _secrets(self, method: AppMethod, facts: MethodFacts) -> None:
        where = self.where(method)
        for index in set(facts.strings) & self.ids.strings["secret"]:
            label = self.ids.secret_labels.get(index, "secret")
            self.out.add("secret", f"{where}: {label} {_mask(self.dex.string(index))}")
        if self._calls(facts, "key_spec"):
            for field_idx, stored in self._constant_fields(method.class_def).items():
                if stored[0] == "str":
                    self._secret_field(field_idx, stored[1])
        for call in self._calls(facts, "key_spec"):
            value = _argument(call, 0)
            if value and value[0] in ("derived", "str"):
                self.out.add("secret", f"{where}: key from constant {_mask(self.text(value))}")
            elif value and value[0] == "field":
                kept = self._constant_fields(method.class_def).get(value[1])
                if kept and kept[0] in ("derived", "str"):
                    label = self.dex.field_label(value[1])
                    self.out.add("secret", f"{label} = {_mask(self.text(kept))} (used as key)")
        for field_idx, value in facts.field_writes:
            if value and value[0] == "str":
                self._secret_field(field_idx, value[1])
        for call in facts.invokes:
            if call.method_idx not in self.scan.native_methods:
                continue
            for value in call.args:
                if value and value[0] == "derived" and len(self.dex.string_bytes(value[1])) >= 8:
                    native = self.dex.method_label(call.method_idx)
                    text = _mask(self.text(value))
                    self.out.add("secret", f"{where}: bytes of constant {text} passed to {native}")
        secret_words = self.ids.strings["secret_word"]
        for call in self._calls(facts, "string_equals"):
            for value in call.args:
                if value and value[0] == "str" and value[1] in secret_words:
                    text = self.dex.string(value[1])
                    if " " not in text and 6 <= len(text) <= 64:
                        self.out.add("secret", f"{where}: compares input with {_mask(text)}")

    def _secret_field(self, field_idx: int, string_idx: int) -> None:
        """A constant stored into a field whose name says it holds a secret."""
        name = self.dex.string_bytes(self.dex.field_id(field_idx)[2])
        if len(name) > 40 or not _SECRET_FIELD_NAME.search(name):
            return
        text = self.dex.string(string_idx)
        if 6 <= len(text) <= 200 and not _ALGORITHM_LIKE.match(text):
            self.out.add("secret", f"{self.dex.field_label(field_idx)} = {_mask(text)}")

    def _network_strings(self, method: AppMethod, facts: MethodFacts) -> None:
        where = self.where(method)
        for index in set(facts.strings) & self.ids.strings["http_url"]:
            self.out.add("http_url", f"{where}: {self.dex.string(index)[:120]}")

    def _sql_and_logging(self, method: AppMethod, facts: MethodFacts) -> None:
        where = self.where(method)
        concatenates = bool(self._calls(facts, "concat")) or facts.custom_calls > 0
        for call in self._calls(facts, "sql_exec"):
            sql = _argument(call, 0)
            if concatenates and (sql is None or sql[0] != "str"):
                name = self.dex.method_name(call.method_idx)
                self.out.add("raw_sql", f"{where}: {name}() with a concatenated query")
        logs = self._calls(facts, "log")
        sensitive = (
            [i for i in set(facts.strings) if _sensitive(self.dex.string_bytes(i))] if logs else []
        )
        if sensitive:
            for call in logs:
                message = call.args[-1] if call.args else None
                if message is None or message[0] not in ("str", "int"):
                    words = ", ".join(sorted(self.dex.string(i)[:40] for i in sensitive)[:2])
                    self.out.add("sensitive_log", f'{where}: logs data near "{words}"')
                    break

    def _resilience(self, method: AppMethod, facts: MethodFacts) -> None:
        where = self.where(method)
        for index in set(facts.strings) & self.ids.strings["root_marker"]:
            self.out.add("root_detect", f'{where}: "{self.dex.string(index)[:60]}"')
        for call in self._calls(facts, "debugger"):
            self.out.add("anti_debug", f"{where}: {self.dex.method_label(call.method_idx)}()")
        if set(facts.strings) & self.ids.strings["tracer"]:
            self.out.add("anti_debug", f"{where}: reads TracerPid")
        if set(facts.field_reads) & self.ids.fields["app_flags"] and (
            FLAG_DEBUGGABLE in facts.and_literals
        ):
            self.out.add("anti_debug", f"{where}: tests ApplicationInfo.FLAG_DEBUGGABLE")
        if set(facts.field_reads) & self.ids.fields["signatures"] or self._calls(
            facts, "signing_info"
        ):
            self.out.add("anti_tamper", f"{where}: reads the app's signing certificate")
        for call in self._calls(facts, "package_info"):
            flags = [v[1] for v in call.args if v and v[0] == "int"]
            if any(f & (GET_SIGNATURES | GET_SIGNING_CERTIFICATES) for f in flags):
                self.out.add("anti_tamper", f"{where}: getPackageInfo(GET_SIGNATURES)")
        if set(facts.strings) & self.ids.strings["dex_name"]:
            self.out.add("anti_tamper", f"{where}: inspects classes.dex")
        if self._calls(facts, "safety_attest"):
            self.out.add("anti_tamper", f"{where}: device attestation")
            self.out.add("root_detect", f"{where}: device attestation")

    def _privacy_and_storage(self, method: AppMethod, facts: MethodFacts) -> None:
        where = self.where(method)
        for call in self._calls(facts, "device_id"):
            self.out.add("device_id", f"{where}: {self.dex.method_label(call.method_idx)}()")
        for field_idx in set(facts.field_reads) & self.ids.fields["device_id_field"]:
            self.out.add("device_id", f"{where}: {self.dex.field_label(field_idx)}")
        if set(facts.strings) & self.ids.strings["android_id"] and self._calls(
            facts, "secure_setting"
        ):
            self.out.add("device_id", f"{where}: Settings.Secure ANDROID_ID")
        for call in self._calls(facts, "installed_apps"):
            self.out.add("installed_apps", f"{where}: {self.dex.method_name(call.method_idx)}()")
        for call in self._calls(facts, "world_mode"):
            modes = [v[1] for v in call.args[1:] if v and v[0] == "int"]
            if any(m in (1, 2, 3) for m in modes):
                name = self.dex.method_name(call.method_idx)
                self.out.add("world_readable", f"{where}: {name}(MODE_WORLD_READABLE/WRITEABLE)")
        for call in self._calls(facts, "external_public"):
            name = self.dex.method_name(call.method_idx)
            self.out.add("external_storage", f"{where}: Environment.{name}()")

    # -- class-level checks -------------------------------------------------------------

    def judge_classes(self) -> None:
        dex = self.dex
        trust_manager = dex.find_type("Ljavax/net/ssl/X509TrustManager;")
        extended = dex.find_type("Ljavax/net/ssl/X509ExtendedTrustManager;")
        verifier = dex.find_type("Ljavax/net/ssl/HostnameVerifier;")
        if trust_manager < 0 and extended < 0 and verifier < 0:
            return
        app_classes = self.scan.app_classes()
        implementing_tm: set[int] = set()
        for cls in app_classes:
            interfaces = set(dex.interfaces(cls)) if cls.interfaces_off else set()
            if (trust_manager >= 0 and trust_manager in interfaces) or (
                extended >= 0 and cls.superclass_idx == extended
            ):
                implementing_tm.add(cls.type_idx)
                self._judge_trust_manager(cls)
            if verifier >= 0 and verifier in interfaces:
                self._judge_verifier(cls)
        for cls in app_classes:  # one level of app-internal inheritance
            if cls.superclass_idx in implementing_tm and cls.type_idx not in implementing_tm:
                self._judge_trust_manager(cls)

    def _judge_trust_manager(self, cls: ClassDef) -> None:
        log_like = self.ids.methods["log"]
        for method in self.scan.methods_of(cls, {"checkServerTrusted"}):
            facts = self.scan.facts(method)
            if facts is None:
                continue
            real_calls = [c for c in facts.invokes if c.method_idx not in log_like]
            if not facts.throws and not real_calls:
                self.out.add("trust_all", f"{self.where(method)}: accepts every certificate")

    def _judge_verifier(self, cls: ClassDef) -> None:
        for method in self.scan.methods_of(cls, {"verify"}):
            facts = self.scan.facts(method)
            if facts is None or facts.invokes or not facts.returns:
                continue
            if all(value == ("int", 1) for value in facts.returns):
                self.out.add("hostname", f"{self.where(method)}: returns true for every host")


def _argument(call: Invoke, position: int, static: bool | None = None) -> Value | None:
    """The ``position``-th declared argument of a call (skipping ``this`` on instance calls)."""
    offset = 0 if (call.static if static is None else static) else 1
    index = offset + position
    return call.args[index] if index < len(call.args) else None


def _mask(text: str) -> str:
    text = text.replace("\n", " ")
    if len(text) <= 8:
        return f'"{text[:2]}…"'
    shown = max(2, min(6, len(text) // 6))
    return f'"{text[:shown]}…{text[-2:]}" ({len(text)} chars)'


# -- entry point ---------------------------------------------------------------------


def analyze_dex(
    dex: DexFile,
    library_prefixes: tuple[str, ...],
    out: CodeFindings,
    check_cancel: Callable[[], None],
) -> None:
    """Run every code check over one DEX, adding evidence to ``out``."""
    scan = DexScan(dex, library_prefixes)
    descriptors = scan.descriptors
    out.class_descriptors.update(descriptors)
    out.app_class_names.extend(descriptors[c.index] for c in scan.app_classes())
    ids = _resolve(dex, scan)
    check_cancel()
    targets_m = set().union(*(ids.methods[tag] for tag in METHOD_TARGETS))
    scan.app_methods()  # fills scan.native_methods
    targets_m |= scan.native_methods  # constants handed to native code may be keys
    targets_s = set().union(*ids.strings.values())
    targets_f = set().union(*ids.fields.values())
    targets_t = set().union(*ids.types.values())
    judge = _DexJudge(dex, scan, ids, out)
    candidates = scan.find_references(targets_m, targets_s, targets_f, targets_t)
    for count, method in enumerate(candidates):
        if count % 200 == 0:
            check_cancel()
        facts = scan.facts(method)
        if facts is not None:
            judge.judge(method, facts)
    judge.judge_classes()
    _hidden_methods(dex, scan, out)
    _sample_method_names(dex, scan, out)
    out.notes.extend(scan.notes)


def _hidden_methods(dex: DexFile, scan: DexScan, out: CodeFindings) -> None:
    """Ordinary methods flagged synthetic: decompilers hide them (an anti-analysis trick)."""
    for method_idx in scan.synthetic_methods:
        name = dex.method_name(method_idx)
        if _PLAIN_NAME.fullmatch(name) and name not in ("values", "valueOf"):
            out.add("anti_analysis", f"{dex.method_label(method_idx)} is marked synthetic")


def _sample_method_names(dex: DexFile, scan: DexScan, out: CodeFindings, limit: int = 3000) -> None:
    """Names of (up to ``limit``) app methods, for the obfuscation estimate."""
    methods = scan.app_methods()
    step = max(1, len(methods) // limit)
    for method in methods[::step]:
        out.app_method_names.append(dex.method_name(method.method_idx))
