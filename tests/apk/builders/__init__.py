"""Small, valid (or deliberately broken) APK files built in pure Python for tests.

No Android SDK, no network, nothing committed: tests build what they need into
``tmp_path``. Everything is checked against androguard in tests/apk/test_builders.py.

Whole apps (tests/apk/builders/samples.py)
    vulnerable_apk(dir) -> Path     trips every rule in VULNERABLE_FIRES
    clean_apk(dir, cert=None, version_code=10) -> Path
                                    trips none of CLEAN_CLEAR (v1+v2+v3, RSA 2048)
    debug_signed_apk(dir) -> Path   the clean app signed by "CN=Android Debug,O=Android,C=US"
    VULNERABLE_PACKAGE, CLEAN_PACKAGE, HTTP_URL, AWS_KEY_ID, GOOGLE_API_KEY, HARDCODED_PASSWORD

Your own APK (apk.py)
    build_apk(dir_or_file, name="app.apk", manifest=..., dex=[...], resources=table,
              xml_files={"res/xml/x.xml": "<...>"}, files={"lib/arm64-v8a/libx.so": b""},
              sign="v1v2" | "v1" | "v2" | "v3" | "v1v2v3" | None, cert=..., v1_digest="sha256")
    manifest_xml(package=..., version_code=1, min_sdk=24, target_sdk=33,
                 permissions=[...], application={"debuggable": True}, components="<activity .../>")

    Example:
        table = ResourceTable("com.example.app")
        table.add("bool", "dbg", True)
        build_apk(tmp_path, resources=table,
                  manifest=manifest_xml(application={"debuggable": "@bool/dbg"}))

Pieces
    axml.encode_axml(xml_text_or_Element, utf8=False, resolve=None) -> bytes   binary XML
    axml.E / Element / Ref / Typed                    build elements, typed or raw values
    arsc.ResourceTable(package).add(type, name, value) -> res id; .encode(); .resolve("@t/n")
    dex.DexBuilder().add_class(...).method(name, proto, [insns...]); .encode() -> bytes
        instructions: const4, const16, const_string, const_class, new_instance,
        invoke_virtual/static/direct/super/interface, move_result(_object), return_void,
        return_value, return_object, throw, sget(_object), sput_object, iget_object,
        iput_object, if_eqz, if_nez, goto, nop, raw
    dex.seal(image) -> image with recomputed SHA-1 signature and adler32 checksum
    certs.release_cert / other_release_cert / rsa1024_cert / ec_cert / debug_cert /
        aosp_test_cert / expired_cert /
        make_cert(key=, common_name=, not_before=, not_after=, cert_hash=)
        -> SigningCert(.key, .cert, .der, .sha256)
    signing.jar_signature_files(entries, cert, digest="sha256"|"sha1"|"md5")
    signing.add_signing_block(zip_bytes, cert, schemes=(2, 3))
    signing.insert_signing_block(zip_bytes, [(block_id, value), ...])  (crafted blocks)

Broken input (malformed.py)
    malformed_corpus(dir) -> dict[name, Path]   one file per kind of damage; see
    MALFORMED_KINDS for what each one is.

Pytest fixtures (tests/apk/conftest.py): make_apk, vulnerable_apk, clean_apk,
debug_signed_apk, malformed_dir (session-scoped corpus).
"""

from .apk import build_apk, manifest_xml
from .arsc import ResourceTable
from .axml import E, Element, Ref, Typed, element_from_xml, encode_axml
from .certs import (
    SigningCert,
    aosp_test_cert,
    debug_cert,
    ec_cert,
    expired_cert,
    make_cert,
    other_release_cert,
    release_cert,
    rsa1024_cert,
)
from .dex import DexBuilder
from .samples import (
    AWS_KEY_ID,
    CLEAN_CLEAR,
    CLEAN_PACKAGE,
    GOOGLE_API_KEY,
    HARDCODED_PASSWORD,
    HTTP_URL,
    VULNERABLE_FIRES,
    VULNERABLE_PACKAGE,
    clean_apk,
    debug_signed_apk,
    vulnerable_apk,
)

__all__ = [
    "AWS_KEY_ID",
    "CLEAN_CLEAR",
    "CLEAN_PACKAGE",
    "GOOGLE_API_KEY",
    "HARDCODED_PASSWORD",
    "HTTP_URL",
    "VULNERABLE_FIRES",
    "VULNERABLE_PACKAGE",
    "DexBuilder",
    "E",
    "Element",
    "Ref",
    "ResourceTable",
    "SigningCert",
    "Typed",
    "aosp_test_cert",
    "build_apk",
    "clean_apk",
    "debug_cert",
    "debug_signed_apk",
    "ec_cert",
    "element_from_xml",
    "encode_axml",
    "expired_cert",
    "make_cert",
    "manifest_xml",
    "other_release_cert",
    "release_cert",
    "rsa1024_cert",
    "vulnerable_apk",
]
