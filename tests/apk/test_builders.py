"""The fixture builders produce files an independent parser (androguard) accepts.

If these pass, analyzer tests built on the fixtures test the analyzer, not the fixtures.
"""

from __future__ import annotations

import hashlib
import struct
import xml.etree.ElementTree as ET
import zipfile
import zlib
from pathlib import Path

import pytest
from androguard.core.apk import APK
from androguard.core.axml import ARSCParser, AXMLParser, AXMLPrinter
from androguard.core.dex import DEX
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa

from tests.apk.builders import (
    AWS_KEY_ID,
    DexBuilder,
    ResourceTable,
    aosp_test_cert,
    build_apk,
    debug_cert,
    ec_cert,
    encode_axml,
    expired_cert,
    make_cert,
    manifest_xml,
    release_cert,
    rsa1024_cert,
)
from tests.apk.builders import dex as d
from tests.apk.builders.axml import ANDROID_ATTRS
from tests.apk.builders.samples import (
    CLEAN_PACKAGE,
    GOOGLE_API_KEY,
    HTTP_URL,
    VULNERABLE_PACKAGE,
    clean_dex,
    vulnerable_dex,
)

ANDROID = "{http://schemas.android.com/apk/res/android}"


# ---------------------------------------------------------------- AXML / ARSC


def test_attribute_ids_match_the_platform_public_xml() -> None:
    import androguard.core.resources as resources

    public = ET.parse(Path(resources.__file__).with_name("public.xml")).getroot()
    platform = {
        el.get("name"): int(el.get("id"), 16)
        for el in public.iter("public")
        if el.get("type") == "attr"
    }
    assert {name: res_id for name, (res_id, _) in ANDROID_ATTRS.items()} == {
        name: platform[name] for name in ANDROID_ATTRS
    }


@pytest.mark.parametrize("utf8", [False, True], ids=["utf16-pool", "utf8-pool"])
def test_manifest_reads_back_through_androguard(tmp_path: Path, utf8: bool) -> None:
    manifest = manifest_xml(
        package="com.example.readback",
        version_code=42,
        version_name="4.2 测试",
        min_sdk=21,
        target_sdk=30,
        permissions=["android.permission.CAMERA", "android.permission.READ_SMS"],
        application={"debuggable": True, "allowBackup": False, "testOnly": True},
        components='<activity android:name=".Main" android:exported="true"/>'
        '<provider android:name=".P" android:authorities="x.y" android:exported="true"'
        ' android:readPermission="a.READ" android:writePermission="a.WRITE"/>',
    )
    apk = APK(str(build_apk(tmp_path, manifest=manifest, sign=None, utf8_strings=utf8)))

    assert apk.is_valid_APK()
    assert apk.get_package() == "com.example.readback"
    assert apk.get_androidversion_code() == "42"
    assert apk.get_androidversion_name() == "4.2 测试"
    assert apk.get_min_sdk_version() == "21"
    assert apk.get_target_sdk_version() == "30"
    assert set(apk.get_permissions()) == {
        "android.permission.CAMERA",
        "android.permission.READ_SMS",
    }
    assert apk.get_activities() == ["com.example.readback.Main"]
    assert apk.get_attribute_value("application", "debuggable") == "true"
    assert apk.get_attribute_value("application", "allowBackup") == "false"
    assert apk.get_attribute_value("application", "testOnly") == "true"
    assert apk.get_attribute_value("provider", "readPermission") == "a.READ"
    assert apk.get_attribute_value("provider", "writePermission") == "a.WRITE"


def test_manifest_values_are_typed_like_aapt2() -> None:
    """Booleans and ints carry their Res_value type; the parser must not need raw strings."""
    xml = (
        '<manifest xmlns:android="http://schemas.android.com/apk/res/android" package="p"'
        ' android:versionCode="7"><application android:debuggable="true"'
        ' android:label="Label"/></manifest>'
    )
    parser = AXMLParser(encode_axml(xml))
    types: dict[str, tuple[int, int]] = {}
    for event in iter(lambda: next(parser), 1):  # until END_DOCUMENT
        if event == 2:  # START_TAG
            for i in range(parser.getAttributeCount()):
                types[parser.getAttributeName(i)] = (
                    parser.getAttributeValueType(i),
                    parser.getAttributeValueData(i),
                )
    assert types["versionCode"] == (0x10, 7)  # TYPE_INT_DEC
    assert types["debuggable"] == (0x12, 0xFFFFFFFF)  # TYPE_INT_BOOLEAN true
    assert types["label"][0] == 0x03  # TYPE_STRING
    assert types["package"][0] == 0x03


def test_manifest_reference_resolves_through_resources_arsc(tmp_path: Path) -> None:
    table = ResourceTable("com.example.app")
    debug_id = table.add("bool", "debug_mode", True)
    nsc_id = table.add("xml", "network_security_config", "res/xml/network_security_config.xml")
    manifest = manifest_xml(
        package="com.example.app",
        application={
            "debuggable": "@bool/debug_mode",
            "networkSecurityConfig": "@xml/network_security_config",
        },
    )
    apk = APK(
        str(
            build_apk(
                tmp_path,
                manifest=manifest,
                resources=table,
                xml_files={
                    "res/xml/network_security_config.xml": "<network-security-config>"
                    '<domain-config cleartextTrafficPermitted="true">'
                    '<domain includeSubdomains="true">legacy.example.com</domain>'
                    "</domain-config></network-security-config>"
                },
                sign=None,
            )
        )
    )

    assert debug_id == 0x7F010000 and nsc_id == 0x7F020000
    assert apk.get_attribute_value("application", "debuggable") == "@7F010000"
    arsc = apk.get_android_resources()
    assert arsc.get_packages_names() == ["com.example.app"]
    assert [value for _, value in arsc.get_resolved_res_configs(debug_id)] == ["true"]
    assert [value for _, value in arsc.get_resolved_res_configs(nsc_id)] == [
        "res/xml/network_security_config.xml"
    ]
    nsc = AXMLPrinter(apk.get_file("res/xml/network_security_config.xml")).get_xml_obj()
    domain_config = nsc.find("domain-config")
    assert domain_config.get("cleartextTrafficPermitted") == "true"
    assert domain_config.find("domain").text == "legacy.example.com"
    assert domain_config.find("domain").get("includeSubdomains") == "true"


def test_resource_reference_loops_are_encodable() -> None:
    table = ResourceTable("com.example.loop")
    a = table.add("bool", "a", "@bool/b")
    b = table.add("bool", "b", "@bool/a")
    arsc = ARSCParser(table.encode())
    entries = {
        ate.mResId: ate.key.get_data()
        for ate in arsc.packages["com.example.loop"]
        if hasattr(ate, "key") and hasattr(ate, "mResId")
    }
    assert entries == {a: b, b: a}


def test_long_strings_use_the_two_unit_length_form() -> None:
    label = "长" * 40000  # > 0x7FFF UTF-16 units
    xml = (
        '<manifest xmlns:android="http://schemas.android.com/apk/res/android" package="p">'
        f'<application android:label="{label}"/></manifest>'
    )
    tree = AXMLPrinter(encode_axml(xml)).get_xml_obj()
    assert tree.find("application").get(ANDROID + "label") == label


# ---------------------------------------------------------------- DEX


def _trust_manager_dex() -> bytes:
    dex = DexBuilder()
    trust_all = dex.add_class(
        "Lcom/example/TrustAll;", interfaces=["Ljavax/net/ssl/X509TrustManager;"]
    )
    trust_all.constructor()
    trust_all.method(
        "checkServerTrusted",
        "([Ljava/security/cert/X509Certificate;Ljava/lang/String;)V",
        [d.return_void()],
    )
    strict = dex.add_class("Lcom/example/Strict;", superclass="Lcom/example/TrustAll;")
    strict.add_field("TAG", "Ljava/lang/String;", access=d.ACC_STATIC | d.ACC_PRIVATE)
    strict.method(
        "checkServerTrusted",
        "([Ljava/security/cert/X509Certificate;Ljava/lang/String;)V",
        [
            d.new_instance(0, "Ljava/security/cert/CertificateException;"),
            d.const_string(1, "untrusted"),
            d.invoke_direct(
                "Ljava/security/cert/CertificateException;-><init>(Ljava/lang/String;)V", 0, 1
            ),
            d.throw(0),
        ],
    )
    return dex.encode()


def test_dex_parses_with_androguard_and_disassembles() -> None:
    dex = DEX(_trust_manager_dex())

    # Strict extends TrustAll, so TrustAll must be defined first.
    assert dex.get_classes_names() == ["Lcom/example/TrustAll;", "Lcom/example/Strict;"]
    trust_all, strict = dex.get_classes()
    assert trust_all.get_interfaces() == ["Ljavax/net/ssl/X509TrustManager;"]
    assert strict.get_superclassname() == "Lcom/example/TrustAll;"
    assert [f.get_name() for f in strict.get_fields()] == ["TAG"]

    def body(cls, name: str) -> list[tuple[str, str]]:
        (method,) = [m for m in cls.get_methods() if m.get_name() == name]
        return [(i.get_name(), i.get_output()) for i in method.get_instructions()]

    assert body(trust_all, "checkServerTrusted") == [("return-void", "")]
    assert body(strict, "checkServerTrusted") == [
        ("new-instance", "v0, Ljava/security/cert/CertificateException;"),
        ("const-string", 'v1, "untrusted"'),
        (
            "invoke-direct",
            "v0, v1, Ljava/security/cert/CertificateException;-><init>(Ljava/lang/String;)V",
        ),
        ("throw", "v0"),
    ]
    assert body(trust_all, "<init>") == [
        ("invoke-direct", "v0, Ljava/lang/Object;-><init>()V"),
        ("return-void", ""),
    ]


def test_dex_header_checksum_signature_and_map_are_consistent() -> None:
    image = _trust_manager_dex()
    assert image[:8] == b"dex\n035\x00"
    (checksum,) = struct.unpack_from("<I", image, 8)
    assert checksum == zlib.adler32(image[12:])
    assert image[12:32] == hashlib.sha1(image[32:]).digest()
    file_size, header_size, endian = struct.unpack_from("<III", image, 32)
    assert (file_size, header_size, endian) == (len(image), 0x70, 0x12345678)

    (map_off,) = struct.unpack_from("<I", image, 52)
    (count,) = struct.unpack_from("<I", image, map_off)
    items = [struct.unpack_from("<HHII", image, map_off + 4 + 12 * i) for i in range(count)]
    offsets = [offset for _, _, _, offset in items]
    assert offsets == sorted(offsets)
    kinds = {kind for kind, _, _, _ in items}
    # header, ids tables, class defs, type lists, class data, code, strings, map list
    assert {0x0000, 0x0001, 0x0002, 0x0003, 0x0004, 0x0005, 0x0006} <= kinds
    assert {0x1000, 0x1001, 0x2000, 0x2001, 0x2002} <= kinds

    # string_ids are sorted by content, as the format requires
    (string_count,) = struct.unpack_from("<I", image, 56)
    strings = DEX(image).get_strings()  # in string_ids order
    assert len(strings) == string_count
    assert strings == sorted(strings)


def test_dex_strings_survive_mutf8() -> None:
    dex = DexBuilder()
    odd = ["中文 URL http://例子.cn", "nul\x00inside", "emoji 😀"]
    for text in odd:
        dex.add_string(text)
    dex.add_class("La;")
    assert set(odd) <= set(DEX(dex.encode()).get_strings())


# ---------------------------------------------------------------- signing


def _manifest_digest_ok(zf: zipfile.ZipFile, algorithm: str, label: str) -> bool:
    """Recompute MANIFEST.MF per-entry digests (independently of the builder)."""
    import base64

    manifest = zf.read("META-INF/MANIFEST.MF").decode().replace("\r\n ", "")
    sections = [s for s in manifest.split("\r\n\r\n")[1:] if s]
    for section in sections:
        fields = dict(line.split(": ", 1) for line in section.split("\r\n"))
        expected = base64.b64encode(hashlib.new(algorithm, zf.read(fields["Name"])).digest())
        if fields[f"{label}-Digest"] != expected.decode():
            return False
    return len(sections) == len([n for n in zf.namelist() if not n.startswith("META-INF/")])


_V1_CASES = [
    ("sha256", "SHA-256", release_cert),
    ("sha1", "SHA1", release_cert),
    ("md5", "MD5", release_cert),
    ("sha1", "SHA1", rsa1024_cert),
    ("sha256", "SHA-256", ec_cert),
    ("sha1", "SHA1", ec_cert),
]


@pytest.mark.parametrize(("digest", "label", "cert_factory"), _V1_CASES)
def test_v1_signature_is_verified_by_androguard(
    tmp_path: Path, digest: str, label: str, cert_factory
) -> None:
    cert = cert_factory()
    path = build_apk(tmp_path, dex=[_trust_manager_dex()], sign="v1", cert=cert, v1_digest=digest)
    apk = APK(str(path))

    assert apk.is_signed_v1() and not apk.is_signed_v2() and not apk.is_signed_v3()
    # androguard returns the certificate only after verifying the PKCS#7 signature over .SF
    assert [c.dump() for c in apk.get_certificates_v1()] == [cert.der]
    signer = next(n for n in apk.get_signature_names())
    from asn1crypto import cms

    info = cms.ContentInfo.load(apk.get_file(signer))["content"]["signer_infos"][0]
    assert info["digest_algorithm"]["algorithm"].native == digest
    with zipfile.ZipFile(path) as zf:
        assert _manifest_digest_ok(zf, digest, label)


def test_v1_signature_breaks_when_sf_is_tampered(tmp_path: Path) -> None:
    """Proves androguard really verifies what we wrote (a check that can fail)."""
    path = build_apk(tmp_path, sign="v1")
    with zipfile.ZipFile(path) as zf:
        entries = {n: zf.read(n) for n in zf.namelist()}
    entries["META-INF/CERT.SF"] = entries["META-INF/CERT.SF"].replace(b"1.0", b"1.1", 1)
    from tests.apk.builders.apk import zip_entries

    tampered = tmp_path / "tampered.apk"
    tampered.write_bytes(zip_entries(entries))
    assert APK(str(tampered)).get_certificates_v1() == []


def _signing_block_pairs(data: bytes) -> dict[int, bytes]:
    """Minimal independent APK Signing Block reader."""
    eocd = data.rfind(b"PK\x05\x06")
    (cd_offset,) = struct.unpack_from("<I", data, eocd + 16)
    size, magic = struct.unpack_from("<Q16s", data, cd_offset - 24)
    assert magic == b"APK Sig Block 42"
    start = cd_offset - size - 8
    assert struct.unpack_from("<Q", data, start)[0] == size
    pairs, pos = {}, start + 8
    while pos < cd_offset - 24:
        length, key = struct.unpack_from("<QI", data, pos)
        pairs[key] = data[pos + 12 : pos + 8 + length]
        pos += 8 + length
    return pairs


def _lp_items(buf: bytes) -> list[bytes]:
    items, pos = [], 0
    while pos < len(buf):
        (n,) = struct.unpack_from("<I", buf, pos)
        items.append(buf[pos + 4 : pos + 4 + n])
        pos += 4 + n
    return items


def _unsigned_digest(data: bytes, block_start: int, cd_offset: int) -> bytes:
    """Content digest per the v2 scheme, recomputed from the signed file."""
    eocd_at = data.rfind(b"PK\x05\x06")
    eocd = bytearray(data[eocd_at:])
    struct.pack_into("<I", eocd, 16, block_start)
    chunks = []
    for section in (data[:block_start], data[cd_offset:eocd_at], bytes(eocd)):
        for i in range(0, len(section), 1 << 20):
            part = section[i : i + (1 << 20)]
            chunks.append(hashlib.sha256(b"\xa5" + struct.pack("<I", len(part)) + part).digest())
    return hashlib.sha256(b"\x5a" + struct.pack("<I", len(chunks)) + b"".join(chunks)).digest()


@pytest.mark.parametrize("sign", ["v2", "v3", "v1v2", "v2v3", "v1v2v3"])
@pytest.mark.parametrize("cert_factory", [release_cert, ec_cert])
def test_v2_v3_blocks_are_read_and_verify(tmp_path: Path, sign: str, cert_factory) -> None:
    cert = cert_factory()
    big_asset = bytes(range(256)) * 6000  # > 1 MiB stored: several digest chunks
    path = build_apk(
        tmp_path,
        dex=[_trust_manager_dex()],
        files={"assets/blob.bin": big_asset},
        sign=sign,
        cert=cert,
    )
    apk = APK(str(path))
    assert apk.is_signed_v1() == ("v1" in sign)
    assert apk.is_signed_v2() == ("v2" in sign)
    assert apk.is_signed_v3() == ("v3" in sign)
    if "v2" in sign:
        assert apk.get_certificates_der_v2() == [cert.der]
        assert apk.get_public_keys_der_v2() == [cert.public_key_der]
    if "v3" in sign:
        assert apk.get_certificates_der_v3() == [cert.der]

    data = path.read_bytes()
    eocd = data.rfind(b"PK\x05\x06")
    (cd_offset,) = struct.unpack_from("<I", data, eocd + 16)
    pairs = _signing_block_pairs(data)
    block_size = struct.unpack_from("<Q", data, cd_offset - 24)[0]
    expected = _unsigned_digest(data, cd_offset - block_size - 8, cd_offset)
    for block_id, scheme in ((0x7109871A, "v2"), (0xF05368C0, "v3")):
        if scheme not in sign:
            assert block_id not in pairs
            continue
        (signer,) = _lp_items(_lp_items(pairs[block_id])[0])
        (signed_length,) = struct.unpack_from("<I", signer)
        signed_data, rest = signer[4 : 4 + signed_length], signer[4 + signed_length :]
        if scheme == "v3":
            rest = rest[8:]  # minSdk, maxSdk
        signatures_seq, public_key = _lp_items(rest)
        ((algorithm, signature),) = [
            (struct.unpack_from("<I", s)[0], _lp_items(s[4:])[0]) for s in _lp_items(signatures_seq)
        ]
        ((digest_algorithm, digest),) = [
            (struct.unpack_from("<I", s)[0], _lp_items(s[4:])[0])
            for s in _lp_items(_lp_items(signed_data)[0])
        ]
        assert digest_algorithm == algorithm
        assert digest == expected
        key = serialization.load_der_public_key(public_key)
        if isinstance(key, rsa.RSAPublicKey):
            assert algorithm == 0x0103
            key.verify(signature, signed_data, padding.PKCS1v15(), hashes.SHA256())
        else:
            assert algorithm == 0x0201
            key.verify(signature, signed_data, ec.ECDSA(hashes.SHA256()))


def test_v1_sf_announces_v2_v3(tmp_path: Path) -> None:
    with zipfile.ZipFile(build_apk(tmp_path, sign="v1v2v3")) as zf:
        assert b"X-Android-APK-Signed: 2, 3\r\n" in zf.read("META-INF/CERT.SF")


# ---------------------------------------------------------------- certificates


def test_certificate_helpers() -> None:
    assert debug_cert().cert.subject.rfc4514_string() == "CN=Android Debug,O=Android,C=US"
    assert aosp_test_cert().cert.subject.rfc4514_string() == (
        "1.2.840.113549.1.9.1=android@android.com,CN=Android,OU=Android,O=Android,"
        "L=Mountain View,ST=California,C=US"
    )
    assert release_cert().key.key_size == 2048
    assert rsa1024_cert().key.key_size == 1024
    assert isinstance(ec_cert().key, ec.EllipticCurvePrivateKey)
    expired = expired_cert().cert
    assert expired.not_valid_after_utc.year == 2020
    assert release_cert() is release_cert()
    assert len({c().sha256 for c in (release_cert, debug_cert, rsa1024_cert, ec_cert)}) == 4
    for cert_hash in ("sha1", "md5"):
        cert = make_cert(cert_hash=cert_hash).cert
        loaded = x509.load_der_x509_certificate(cert.public_bytes(serialization.Encoding.DER))
        assert loaded.signature_hash_algorithm.name == cert_hash
        loaded.public_key().verify(
            loaded.signature,
            loaded.tbs_certificate_bytes,
            padding.PKCS1v15(),
            loaded.signature_hash_algorithm,
        )


# ---------------------------------------------------------------- assembled apps


def test_apk_layout_multidex_native_and_assets(tmp_path: Path) -> None:
    path = build_apk(
        tmp_path,
        dex=[_trust_manager_dex(), vulnerable_dex()],
        files={"lib/arm64-v8a/libnative.so": b"\x7fELF", "assets/config.json": b"{}"},
    )
    apk = APK(str(path))
    assert list(apk.get_dex_names()) == ["classes.dex", "classes2.dex"]
    assert apk.is_multidex()
    assert "lib/arm64-v8a/libnative.so" in apk.get_files()
    assert apk.get_file("assets/config.json") == b"{}"
    with zipfile.ZipFile(path) as zf:
        assert zf.testzip() is None


def test_vulnerable_and_clean_samples_parse_fully(
    vulnerable_apk: Path, clean_apk: Path, debug_signed_apk: Path
) -> None:
    vulnerable = APK(str(vulnerable_apk))
    assert vulnerable.get_package() == VULNERABLE_PACKAGE
    assert vulnerable.is_signed_v1() and not vulnerable.is_signed_v2()
    assert [c.dump() for c in vulnerable.get_certificates_v1()] == [rsa1024_cert().der]
    strings = set(DEX(vulnerable.get_dex()).get_strings())
    assert {HTTP_URL, AWS_KEY_ID, GOOGLE_API_KEY, "AES/ECB/PKCS5Padding", "MD5"} <= strings
    assert len(GOOGLE_API_KEY) == 39 and GOOGLE_API_KEY.startswith("AIza")

    clean = APK(str(clean_apk))
    assert clean.get_package() == CLEAN_PACKAGE
    assert clean.is_signed_v1() and clean.is_signed_v2() and clean.is_signed_v3()
    assert clean.get_certificates_der_v3() == [release_cert().der]
    names = DEX(clean.get_dex()).get_classes_names()
    assert all(len(n) <= len("La/a;") for n in names)

    debug = APK(str(debug_signed_apk))
    assert debug.get_certificates_der_v2() == [debug_cert().der]

    for apk in (vulnerable, clean):
        for cls in DEX(apk.get_dex()).get_classes():
            for method in cls.get_methods():
                assert all(i.get_name() for i in method.get_instructions())


def test_sample_dex_builders_are_deterministic() -> None:
    assert vulnerable_dex().encode() == vulnerable_dex().encode()
    assert clean_dex().encode() == clean_dex().encode()
