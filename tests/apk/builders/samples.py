"""Ready-made apps: one that trips every check we can express, one that trips none.

`vulnerable_apk(dir)` / `clean_apk(dir)` / `debug_signed_apk(dir)` write the files;
`VULNERABLE_FIRES` and `CLEAN_CLEAR` name the analyzer rules (notes/apk_rule_ids.md)
each app was built to exercise, so analyzer tests can assert against them. Rules left
out of both sets cannot be expressed in a small synthetic file (official-certificate
comparisons need the caller's registered data; packers and SDKs need their markers).
"""

from __future__ import annotations

from pathlib import Path

from .apk import build_apk, manifest_xml
from .arsc import ResourceTable
from .certs import SigningCert, debug_cert, release_cert, rsa1024_cert
from .dex import (
    ACC_PUBLIC,
    ACC_STATIC,
    DexBuilder,
    const4,
    const16,
    const_string,
    iget_object,
    invoke_direct,
    invoke_static,
    invoke_virtual,
    move_result,
    move_result_object,
    new_instance,
    return_object,
    return_value,
    return_void,
    sget_object,
    throw,
)

VULNERABLE_PACKAGE = "com.example.vulnhospital"
CLEAN_PACKAGE = "com.example.safehospital"

# Values planted in the vulnerable app, for evidence assertions.
HTTP_URL = "http://api.vulnhospital.example.com/v1/patients"
AWS_KEY_ID = "AKIAIOSFODNN7EXAMPLE"  # AWS's documented example access key id
GOOGLE_API_KEY = "AIzaSyA1b2C3d4E5f6G7h8I9j0KlMnOpQrStUvW"
HARDCODED_PASSWORD = "password=Hospital@2024!"

VULNERABLE_FIRES = frozenset(
    {
        "APK-SIGN-WEAK-ALGO",  # RSA 1024 key, SHA-1 JAR digests
        "APK-SIGN-JANUS",  # v1 only, minSdk 19
        "APK-MAN-DEBUGGABLE",  # via @bool/debug_mode = true
        "APK-MAN-ALLOW-BACKUP",  # attribute absent -> platform default true
        "APK-MAN-TEST-ONLY",
        "APK-MAN-EXPORTED",  # exported activity, implicit service, provider
        "APK-NET-CLEARTEXT",  # usesCleartextTraffic and NSC base-config
        "APK-NET-USER-CA",
        "APK-NET-DEBUG-OVERRIDES",
        "APK-NET-HTTP-URL",
        "APK-PERM-DANGEROUS",
        "APK-PERM-IRRELEVANT",  # READ_SMS, READ_CALL_LOG, READ_CONTACTS
        "APK-PRIV-DEVICE-ID",
        "APK-PRIV-INSTALLED-APPS",
        "APK-WEB-JS-ENABLED",
        "APK-WEB-JS-INTERFACE",
        "APK-WEB-FILE-ACCESS",
        "APK-WEB-SSL-ERROR",
        "APK-TLS-TRUST-ALL",
        "APK-TLS-HOSTNAME",
        "APK-CRYPTO-ECB",
        "APK-CRYPTO-WEAK-CIPHER",
        "APK-CRYPTO-WEAK-HASH",
        "APK-CRYPTO-STATIC-IV",
        "APK-CRYPTO-INSECURE-RANDOM",
        "APK-CODE-RAW-SQL",
        "APK-CODE-SENSITIVE-LOG",
        "APK-CODE-HARDCODED-SECRET",
        "APK-STORE-WORLD-READABLE",
        "APK-STORE-EXTERNAL",
        "APK-RES-NO-ROOT-DETECT",
        "APK-RES-NO-ANTI-DEBUG",
        "APK-RES-NO-ANTI-TAMPER",
        "APK-RES-NO-OBFUSCATION",
        "APK-RES-NO-HARDENING",
    }
)

CLEAN_CLEAR = frozenset(
    {
        "APK-SIGN-UNSIGNED",
        "APK-SIGN-DEBUG-CERT",
        "APK-SIGN-WEAK-ALGO",
        "APK-SIGN-JANUS",
        "APK-SIGN-CERT-EXPIRED",
        "APK-MAN-DEBUGGABLE",
        "APK-MAN-ALLOW-BACKUP",
        "APK-MAN-TEST-ONLY",
        "APK-MAN-EXPORTED",  # only the launcher activity is exported
        "APK-NET-CLEARTEXT",
        "APK-NET-USER-CA",
        "APK-NET-DEBUG-OVERRIDES",
        "APK-NET-HTTP-URL",  # only https:// and the android namespace URI
        "APK-PERM-DANGEROUS",
        "APK-PERM-IRRELEVANT",
        "APK-PRIV-DEVICE-ID",
        "APK-PRIV-INSTALLED-APPS",
        "APK-WEB-JS-ENABLED",
        "APK-WEB-JS-INTERFACE",
        "APK-WEB-FILE-ACCESS",
        "APK-WEB-SSL-ERROR",
        "APK-TLS-TRUST-ALL",  # its TrustManager throws
        "APK-TLS-HOSTNAME",
        "APK-CRYPTO-ECB",
        "APK-CRYPTO-WEAK-CIPHER",
        "APK-CRYPTO-WEAK-HASH",
        "APK-CRYPTO-STATIC-IV",
        "APK-CRYPTO-INSECURE-RANDOM",
        "APK-CODE-RAW-SQL",
        "APK-CODE-SENSITIVE-LOG",
        "APK-CODE-HARDCODED-SECRET",
        "APK-STORE-WORLD-READABLE",
        "APK-STORE-EXTERNAL",
        "APK-RES-NO-ROOT-DETECT",  # su paths, Magisk package, test-keys
        "APK-RES-NO-ANTI-DEBUG",  # Debug.isDebuggerConnected
        "APK-RES-NO-ANTI-TAMPER",  # reads its own signing certificate and hashes it
        "APK-RES-NO-OBFUSCATION",  # a/a, a/b, ... names
        "APK-RES-NO-HARDENING",
    }
)

_CHECK_SERVER_TRUSTED = "([Ljava/security/cert/X509Certificate;Ljava/lang/String;)V"
_X509_TM = "Ljavax/net/ssl/X509TrustManager;"
_WEBVIEW = "Landroid/webkit/WebView;"
_SETTINGS = "Landroid/webkit/WebSettings;"
_STRING = "Ljava/lang/String;"
_SB = "Ljava/lang/StringBuilder;"


def vulnerable_dex() -> DexBuilder:
    """Readable class names, and one instance of every weakness the rules look for."""
    dex = DexBuilder()
    base = "Lcom/example/vulnhospital/"

    tm = dex.add_class(f"{base}net/TrustAllManager;", interfaces=[_X509_TM])
    tm.constructor()
    tm.method("checkServerTrusted", _CHECK_SERVER_TRUSTED, [return_void()])
    tm.method("checkClientTrusted", _CHECK_SERVER_TRUSTED, [return_void()])
    tm.method(
        "getAcceptedIssuers",
        "()[Ljava/security/cert/X509Certificate;",
        [const4(0, 0), return_object(0)],
    )

    hv = dex.add_class(
        f"{base}net/AllowAllVerifier;", interfaces=["Ljavax/net/ssl/HostnameVerifier;"]
    )
    hv.constructor()
    hv.method(
        "verify", "(Ljava/lang/String;Ljavax/net/ssl/SSLSession;)Z", [const4(0, 1), return_value(0)]
    )
    hv.method(
        "legacy",
        "()Lorg/apache/http/conn/ssl/X509HostnameVerifier;",
        [
            sget_object(
                0,
                "Lorg/apache/http/conn/ssl/SSLSocketFactory;->ALLOW_ALL_HOSTNAME_VERIFIER"
                ":Lorg/apache/http/conn/ssl/X509HostnameVerifier;",
            ),
            return_object(0),
        ],
        access=ACC_PUBLIC | ACC_STATIC,
    )

    client = dex.add_class(
        f"{base}web/InsecureClient;", superclass="Landroid/webkit/WebViewClient;"
    )
    client.method(
        "onReceivedSslError",
        "(Landroid/webkit/WebView;Landroid/webkit/SslErrorHandler;Landroid/net/http/SslError;)V",
        [invoke_virtual("Landroid/webkit/SslErrorHandler;->proceed()V", 2), return_void()],
        local_regs=0,  # this=v0, view=v1, handler=v2, error=v3
    )

    web = dex.add_class(f"{base}web/WebActivity;", superclass="Landroid/app/Activity;")
    web.method(
        "setUp",
        f"({_WEBVIEW})V",
        [
            invoke_virtual(f"{_WEBVIEW}->getSettings()Landroid/webkit/WebSettings;", 4),
            move_result_object(0),
            const4(1, 1),
            invoke_virtual(f"{_SETTINGS}->setJavaScriptEnabled(Z)V", 0, 1),
            invoke_virtual(f"{_SETTINGS}->setAllowFileAccess(Z)V", 0, 1),
            invoke_virtual(f"{_SETTINGS}->setAllowUniversalAccessFromFileURLs(Z)V", 0, 1),
            const_string(2, "HospitalBridge"),
            invoke_virtual(
                f"{_WEBVIEW}->addJavascriptInterface(Ljava/lang/Object;{_STRING})V", 4, 3, 2
            ),
            const_string(2, HTTP_URL),
            invoke_virtual(f"{_WEBVIEW}->loadUrl({_STRING})V", 4, 2),
            return_void(),
        ],
        local_regs=3,  # this=v3, webview=v4
    )

    crypto = dex.add_class(f"{base}util/CryptoUtil;")
    get_cipher = f"Ljavax/crypto/Cipher;->getInstance({_STRING})Ljavax/crypto/Cipher;"
    crypto.method(
        "encrypt",
        "()V",
        [
            const_string(0, "AES/ECB/PKCS5Padding"),
            invoke_static(get_cipher, 0),
            const_string(0, "DES/CBC/PKCS5Padding"),
            invoke_static(get_cipher, 0),
            const_string(0, "MD5"),
            invoke_static(
                f"Ljava/security/MessageDigest;->getInstance({_STRING})Ljava/security/MessageDigest;",
                0,
            ),
            const_string(0, "0102030405060708"),
            invoke_virtual(f"{_STRING}->getBytes()[B", 0),
            move_result_object(0),
            new_instance(1, "Ljavax/crypto/spec/IvParameterSpec;"),
            invoke_direct("Ljavax/crypto/spec/IvParameterSpec;-><init>([B)V", 1, 0),
            new_instance(1, "Ljava/util/Random;"),
            invoke_direct("Ljava/util/Random;-><init>()V", 1),
            invoke_virtual("Ljava/util/Random;->nextInt()I", 1),
            return_void(),
        ],
        access=ACC_PUBLIC | ACC_STATIC,
    )

    db = dex.add_class(f"{base}data/PatientDao;")
    db.method(
        "find",
        f"(Landroid/database/sqlite/SQLiteDatabase;{_STRING})Landroid/database/Cursor;",
        [
            new_instance(0, _SB),
            const_string(1, "SELECT * FROM patients WHERE name = '"),
            invoke_direct(f"{_SB}-><init>({_STRING})V", 0, 1),
            invoke_virtual(f"{_SB}->append({_STRING}){_SB}", 0, 5),
            invoke_virtual(f"{_SB}->toString(){_STRING}", 0),
            move_result_object(1),
            const4(2, 0),
            invoke_virtual(
                f"Landroid/database/sqlite/SQLiteDatabase;->rawQuery({_STRING}[{_STRING})"
                "Landroid/database/Cursor;",
                4,
                1,
                2,
            ),
            move_result_object(0),
            return_object(0),
        ],
        local_regs=3,  # this=v3, db=v4, name=v5
    )

    log = dex.add_class(f"{base}util/Logger;")
    log.method(
        "logLogin",
        f"({_STRING})V",
        [
            const_string(0, "Login"),
            const_string(1, "user password: "),
            invoke_static(f"Landroid/util/Log;->d({_STRING}{_STRING})I", 0, 1),
            invoke_static(f"Landroid/util/Log;->i({_STRING}{_STRING})I", 0, 2),
            return_void(),
        ],
        access=ACC_PUBLIC | ACC_STATIC,
        local_regs=2,
    )

    config = dex.add_class(f"{base}Config;")
    config.add_field("AWS_KEY", _STRING, access=ACC_PUBLIC | ACC_STATIC)
    config.method(
        "keys",
        f"(){_STRING}",
        [
            const_string(0, AWS_KEY_ID),
            const_string(0, GOOGLE_API_KEY),
            const_string(0, HARDCODED_PASSWORD),
            return_object(0),
        ],
        access=ACC_PUBLIC | ACC_STATIC,
    )

    ctx = "Landroid/content/Context;"
    device = dex.add_class(f"{base}util/DeviceInfo;")
    device.method(
        "collect",
        f"({ctx})V",
        [
            const_string(0, "phone"),
            invoke_virtual(f"{ctx}->getSystemService({_STRING})Ljava/lang/Object;", 3, 0),
            move_result_object(0),
            invoke_virtual(f"Landroid/telephony/TelephonyManager;->getDeviceId(){_STRING}", 0),
            invoke_virtual(f"Landroid/telephony/TelephonyManager;->getSubscriberId(){_STRING}", 0),
            invoke_virtual(f"{ctx}->getContentResolver()Landroid/content/ContentResolver;", 3),
            move_result_object(0),
            const_string(1, "android_id"),
            invoke_static(
                f"Landroid/provider/Settings$Secure;->getString(Landroid/content/ContentResolver;{_STRING}){_STRING}",
                0,
                1,
            ),
            invoke_virtual(f"{ctx}->getPackageManager()Landroid/content/pm/PackageManager;", 3),
            move_result_object(0),
            const4(1, 0),
            invoke_virtual(
                "Landroid/content/pm/PackageManager;->getInstalledPackages(I)Ljava/util/List;", 0, 1
            ),
            const_string(0, "prefs"),
            const4(1, 1),  # MODE_WORLD_READABLE
            invoke_virtual(
                f"{ctx}->getSharedPreferences({_STRING}I)Landroid/content/SharedPreferences;",
                3,
                0,
                1,
            ),
            const_string(0, "records.txt"),
            const4(1, 2),  # MODE_WORLD_WRITEABLE
            invoke_virtual(f"{ctx}->openFileOutput({_STRING}I)Ljava/io/FileOutputStream;", 3, 0, 1),
            invoke_static("Landroid/os/Environment;->getExternalStorageDirectory()Ljava/io/File;"),
            move_result_object(0),
            return_void(),
        ],
        access=ACC_PUBLIC | ACC_STATIC,
        local_regs=3,
    )
    for component, parent in (
        ("PatientRecordActivity", "Landroid/app/Activity;"),
        ("SyncService", "Landroid/app/Service;"),
        ("data/RecordProvider", "Landroid/content/ContentProvider;"),
        ("PushReceiver", "Landroid/content/BroadcastReceiver;"),
    ):
        dex.add_class(f"{base}{component};", superclass=parent).constructor()
    return dex


def clean_dex() -> DexBuilder:
    """Obfuscated names, strict TLS, strong crypto, and the resilience controls present."""
    dex = DexBuilder()
    dex.add_class("La/a;", interfaces=[_X509_TM]).method(
        "checkServerTrusted",
        _CHECK_SERVER_TRUSTED,
        [
            new_instance(0, "Ljava/security/cert/CertificateException;"),
            const_string(1, "untrusted server"),
            invoke_direct(
                "Ljava/security/cert/CertificateException;-><init>(Ljava/lang/String;)V", 0, 1
            ),
            throw(0),
        ],
    )
    dex.add_class("La/b;").method(
        "a",
        "()V",
        [
            const_string(0, "AES/GCM/NoPadding"),
            invoke_static(f"Ljavax/crypto/Cipher;->getInstance({_STRING})Ljavax/crypto/Cipher;", 0),
            const_string(0, "SHA-256"),
            invoke_static(
                f"Ljava/security/MessageDigest;->getInstance({_STRING})Ljava/security/MessageDigest;",
                0,
            ),
            new_instance(0, "Ljava/security/SecureRandom;"),
            invoke_direct("Ljava/security/SecureRandom;-><init>()V", 0),
            const_string(0, "https://api.safehospital.example.com/v1/"),
            const_string(0, "http://schemas.android.com/apk/res/android"),  # a namespace, not a URL
            return_void(),
        ],
        access=ACC_PUBLIC | ACC_STATIC,
    )
    file_cls = "Ljava/io/File;"
    dex.add_class("La/c;").method(
        "a",
        "()Z",
        [
            new_instance(0, file_cls),
            const_string(1, "/system/xbin/su"),
            invoke_direct(f"{file_cls}-><init>({_STRING})V", 0, 1),
            invoke_virtual(f"{file_cls}->exists()Z", 0),
            const_string(1, "/system/bin/su"),
            const_string(1, "su"),
            const_string(1, "com.topjohnwu.magisk"),
            sget_object(1, f"Landroid/os/Build;->TAGS:{_STRING}"),
            const_string(1, "test-keys"),
            const_string(1, "goldfish"),
            invoke_static("Landroid/os/Debug;->isDebuggerConnected()Z"),
            move_result(0),
            return_value(0),
        ],
        access=ACC_PUBLIC | ACC_STATIC,
    )
    ctx = "Landroid/content/Context;"
    pm = "Landroid/content/pm/PackageManager;"
    dex.add_class("La/d;").method(
        "a",
        f"({ctx})[B",
        [
            invoke_virtual(f"{ctx}->getPackageManager(){pm}", 3),
            move_result_object(0),
            invoke_virtual(f"{ctx}->getPackageName(){_STRING}", 3),
            move_result_object(1),
            const16(2, 0x40),  # PackageManager.GET_SIGNATURES
            invoke_virtual(
                f"{pm}->getPackageInfo({_STRING}I)Landroid/content/pm/PackageInfo;", 0, 1, 2
            ),
            move_result_object(0),
            iget_object(
                0, 0, "Landroid/content/pm/PackageInfo;->signatures:[Landroid/content/pm/Signature;"
            ),
            const_string(1, "SHA-256"),
            invoke_static(
                f"Ljava/security/MessageDigest;->getInstance({_STRING})Ljava/security/MessageDigest;",
                1,
            ),
            invoke_virtual("Landroid/content/pm/Signature;->toByteArray()[B", 0),
            move_result_object(0),
            return_object(0),
        ],
        access=ACC_PUBLIC | ACC_STATIC,
        local_regs=3,
    )
    for name, parent in (
        ("La/e;", "Landroid/app/Activity;"),
        ("La/f;", "Landroid/app/Service;"),
        ("La/g;", "Landroid/content/ContentProvider;"),
        ("La/h;", "Landroid/app/Application;"),
    ):
        dex.add_class(name, superclass=parent).constructor()
    return dex


_VULNERABLE_NSC = """<network-security-config>
  <base-config cleartextTrafficPermitted="true">
    <trust-anchors><certificates src="system"/><certificates src="user"/></trust-anchors>
  </base-config>
  <debug-overrides>
    <trust-anchors><certificates src="user"/></trust-anchors>
  </debug-overrides>
</network-security-config>"""

_CLEAN_NSC = """<network-security-config>
  <base-config cleartextTrafficPermitted="false">
    <trust-anchors><certificates src="system"/></trust-anchors>
  </base-config>
</network-security-config>"""

_VULNERABLE_COMPONENTS = """
<activity android:name=".web.WebActivity" android:exported="true">
  <intent-filter><action android:name="android.intent.action.MAIN"/>
  <category android:name="android.intent.category.LAUNCHER"/></intent-filter>
</activity>
<activity android:name=".PatientRecordActivity" android:exported="true"/>
<service android:name=".SyncService">
  <intent-filter><action android:name="com.example.vulnhospital.SYNC"/></intent-filter>
</service>
<provider android:name=".data.RecordProvider"
  android:authorities="com.example.vulnhospital.records" android:exported="true"/>
<receiver android:name=".PushReceiver" android:exported="true"
  android:permission="com.example.vulnhospital.permission.PUSH"/>
"""

_CLEAN_COMPONENTS = """
<activity android:name="a.e" android:exported="true">
  <intent-filter><action android:name="android.intent.action.MAIN"/>
  <category android:name="android.intent.category.LAUNCHER"/></intent-filter>
</activity>
<service android:name="a.f" android:exported="false"/>
<provider android:name="a.g" android:authorities="com.example.safehospital.files"
  android:exported="false" android:grantUriPermissions="true"/>
"""


def vulnerable_apk(where: Path, *, name: str = "vulnerable.apk") -> Path:
    """v1-only (SHA-1, RSA 1024), minSdk 19, debuggable via a resource, and so on."""
    table = ResourceTable(VULNERABLE_PACKAGE)
    table.add("bool", "debug_mode", True)
    table.add("xml", "network_security_config", "res/xml/network_security_config.xml")
    manifest = manifest_xml(
        package=VULNERABLE_PACKAGE,
        version_code=5,
        version_name="1.0.5",
        min_sdk=19,
        target_sdk=30,
        permissions=[
            "android.permission.INTERNET",
            "android.permission.READ_SMS",
            "android.permission.READ_CALL_LOG",
            "android.permission.READ_CONTACTS",
            "android.permission.READ_PHONE_STATE",
            "android.permission.ACCESS_FINE_LOCATION",
            "android.permission.WRITE_EXTERNAL_STORAGE",
        ],
        application={
            "debuggable": "@bool/debug_mode",
            "testOnly": True,
            "usesCleartextTraffic": True,
            "networkSecurityConfig": "@xml/network_security_config",
        },
        components=_VULNERABLE_COMPONENTS,
    )
    return build_apk(
        where,
        name=name,
        manifest=manifest,
        dex=[vulnerable_dex()],
        resources=table,
        xml_files={"res/xml/network_security_config.xml": _VULNERABLE_NSC},
        sign="v1",
        v1_digest="sha1",
        cert=rsa1024_cert(),
    )


def clean_apk(
    where: Path, *, name: str = "clean.apk", cert: SigningCert | None = None, version_code: int = 10
) -> Path:
    """v1+v2+v3 with RSA 2048 / SHA-256, minSdk 24, nothing to report."""
    table = ResourceTable(CLEAN_PACKAGE)
    table.add("xml", "network_security_config", "res/xml/network_security_config.xml")
    manifest = manifest_xml(
        package=CLEAN_PACKAGE,
        version_code=version_code,
        version_name=f"2.{version_code}",
        min_sdk=24,
        target_sdk=34,
        permissions=["android.permission.INTERNET", "android.permission.ACCESS_NETWORK_STATE"],
        application={
            "allowBackup": False,
            "usesCleartextTraffic": False,
            "networkSecurityConfig": "@xml/network_security_config",
            "name": "a.h",
        },
        components=_CLEAN_COMPONENTS,
    )
    return build_apk(
        where,
        name=name,
        manifest=manifest,
        dex=[clean_dex()],
        resources=table,
        xml_files={"res/xml/network_security_config.xml": _CLEAN_NSC},
        sign="v1v2v3",
        cert=cert or release_cert(),
    )


def debug_signed_apk(where: Path, *, name: str = "debug-signed.apk") -> Path:
    """The clean app, signed with an "Android Debug" certificate (fires APK-SIGN-DEBUG-CERT)."""
    return clean_apk(where, name=name, cert=debug_cert())
