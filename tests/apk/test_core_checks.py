"""Code checks on small hand-assembled DEX files: what must fire and what must not."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from app.apk.pipeline import analyze_file
from tests.apk.builders import DexBuilder
from tests.apk.builders import dex as asm

MakeApk = Callable[..., Path]
APP = "Lcom/example/hospital/"
CERTS = "([Ljava/security/cert/X509Certificate;Ljava/lang/String;)V"
STATIC = asm.ACC_PUBLIC | asm.ACC_STATIC


def _checks(make_apk: MakeApk, dex: DexBuilder, name: str = "app.apk") -> dict:
    return analyze_file(make_apk(name=name, dex=[dex]))


def test_trust_manager_that_accepts_everything_fires_and_a_delegating_one_does_not(
    make_apk: MakeApk,
) -> None:
    trusting = DexBuilder()
    trusting.add_class(
        f"{APP}net/TrustAll;", interfaces=["Ljavax/net/ssl/X509TrustManager;"]
    ).method("checkServerTrusted", CERTS, [asm.return_void()])
    report = _checks(make_apk, trusting)
    assert report["checks"]["insecure_trustmanager"]["result"] is True
    assert "TrustAll.checkServerTrusted" in report["checks"]["insecure_trustmanager"]["evidence"][0]

    delegating = DexBuilder()
    delegate = f"Ljavax/net/ssl/X509TrustManager;->checkServerTrusted{CERTS}"
    delegating.add_class(
        f"{APP}net/Pinned;", interfaces=["Ljavax/net/ssl/X509TrustManager;"]
    ).method(
        "checkServerTrusted",
        CERTS,
        [
            asm.iget_object(0, 1, f"{APP}net/Pinned;->inner:Ljavax/net/ssl/X509TrustManager;"),
            asm.invoke_interface(delegate, 0, 2, 3),
            asm.return_void(),
        ],
        local_regs=1,
    )
    report = _checks(make_apk, delegating, "pinned.apk")
    assert report["checks"]["insecure_trustmanager"]["result"] is False
    assert report["rule_status"]["APK-TLS-TRUST-ALL"] == "clear"


def test_hostname_verifier_returning_true_fires(make_apk: MakeApk) -> None:
    dex = DexBuilder()
    dex.add_class(f"{APP}net/AnyHost;", interfaces=["Ljavax/net/ssl/HostnameVerifier;"]).method(
        "verify",
        "(Ljava/lang/String;Ljavax/net/ssl/SSLSession;)Z",
        [asm.const4(0, 1), asm.return_value(0)],
        local_regs=1,
    )
    report = _checks(make_apk, dex)
    assert report["checks"]["insecure_hostname_verifier"]["result"] is True


def test_javascript_disabled_explicitly_does_not_fire(make_apk: MakeApk) -> None:
    dex = DexBuilder()
    dex.add_class(f"{APP}Web;").method(
        "setUp",
        "(Landroid/webkit/WebSettings;)V",
        [
            asm.const4(0, 0),
            asm.invoke_virtual("Landroid/webkit/WebSettings;->setJavaScriptEnabled(Z)V", 2, 0),
            asm.return_void(),
        ],
        local_regs=1,
    )
    assert _checks(make_apk, dex)["checks"]["webview_js_enabled"]["result"] is False


def test_library_code_is_not_judged_as_the_app(make_apk: MakeApk) -> None:
    bridge = (
        "Landroid/webkit/WebView;->addJavascriptInterface(Ljava/lang/Object;Ljava/lang/String;)V"
    )
    dex = DexBuilder()
    dex.add_class("Lcom/google/android/gms/ads/Bridge;").method(
        "attach",
        "(Landroid/webkit/WebView;)V",
        [
            asm.const_string(0, "ads"),
            asm.invoke_virtual(bridge, 2, 1, 0),
            asm.return_void(),
        ],
        local_regs=2,
    )
    dex.add_class(f"{APP}MainActivity;").constructor()
    report = _checks(make_apk, dex)
    assert report["checks"]["webview_js_interface"]["result"] is False


def test_raw_sql_fires_only_when_the_query_is_built_at_run_time(make_apk: MakeApk) -> None:
    raw_query = (
        "Landroid/database/sqlite/SQLiteDatabase;->rawQuery"
        "(Ljava/lang/String;[Ljava/lang/String;)Landroid/database/Cursor;"
    )
    append = "Ljava/lang/StringBuilder;->append(Ljava/lang/String;)Ljava/lang/StringBuilder;"
    to_string = "Ljava/lang/StringBuilder;->toString()Ljava/lang/String;"
    signature = "(Landroid/database/sqlite/SQLiteDatabase;Ljava/lang/String;)V"
    dex = DexBuilder()
    dao = dex.add_class(f"{APP}data/Dao;")
    dao.method(
        "constant",
        signature,
        [
            asm.const_string(0, "SELECT * FROM doctors"),
            asm.const4(1, 0),
            asm.invoke_virtual(raw_query, 3, 0, 1),
            asm.return_void(),
        ],
        local_regs=3,
    )
    report = _checks(make_apk, dex)
    assert report["checks"]["sql_injection"]["result"] is False

    dao.method(
        "concatenated",
        signature,
        [
            asm.new_instance(0, "Ljava/lang/StringBuilder;"),
            asm.invoke_direct("Ljava/lang/StringBuilder;-><init>()V", 0),
            asm.const_string(1, "SELECT * FROM patients WHERE name = '"),
            asm.invoke_virtual(append, 0, 1),
            asm.invoke_virtual(append, 0, 4),
            asm.invoke_virtual(to_string, 0),
            asm.move_result_object(1),
            asm.const4(2, 0),
            asm.invoke_virtual(raw_query, 3, 1, 2),
            asm.return_void(),
        ],
        local_regs=3,
    )
    report = _checks(make_apk, dex, "concatenated.apk")
    assert report["checks"]["sql_injection"]["result"] is True
    assert "Dao.concatenated" in report["checks"]["sql_injection"]["evidence"][0]


def test_iv_from_a_constant_fires_and_iv_from_the_caller_does_not(make_apk: MakeApk) -> None:
    iv_init = "Ljavax/crypto/spec/IvParameterSpec;-><init>([B)V"
    get_bytes = "Ljava/lang/String;->getBytes()[B"
    spec = "()Ljavax/crypto/spec/IvParameterSpec;"
    dex = DexBuilder()
    crypto = dex.add_class(f"{APP}Crypto;")
    crypto.method(
        "fromCaller",
        "([B)Ljavax/crypto/spec/IvParameterSpec;",
        [
            asm.new_instance(0, "Ljavax/crypto/spec/IvParameterSpec;"),
            asm.invoke_direct(iv_init, 0, 1),
            asm.return_object(0),
        ],
        access=STATIC,
        local_regs=1,
    )
    assert _checks(make_apk, dex)["rule_status"]["APK-CRYPTO-STATIC-IV"] == "clear"

    crypto.method(
        "fixed",
        spec,
        [
            asm.const_string(0, "0102030405060708"),
            asm.invoke_virtual(get_bytes, 0),
            asm.move_result_object(0),
            asm.new_instance(1, "Ljavax/crypto/spec/IvParameterSpec;"),
            asm.invoke_direct(iv_init, 1, 0),
            asm.return_object(1),
        ],
        access=STATIC,
    )
    report = _checks(make_apk, dex, "fixed.apk")
    assert report["rule_status"]["APK-CRYPTO-STATIC-IV"] == "fired"
    assert report["checks"]["weak_crypto"]["result"] is True


def test_root_and_debugger_checks_are_positive_controls(make_apk: MakeApk) -> None:
    exists = "Ljava/io/File;->exists()Z"
    debugger = "Landroid/os/Debug;->isDebuggerConnected()Z"
    dex = DexBuilder()
    guard = dex.add_class(f"{APP}Guard;")
    guard.method(
        "rooted",
        "()Z",
        [
            asm.new_instance(0, "Ljava/io/File;"),
            asm.const_string(1, "/system/xbin/su"),
            asm.invoke_direct("Ljava/io/File;-><init>(Ljava/lang/String;)V", 0, 1),
            asm.invoke_virtual(exists, 0),
            asm.move_result(0),
            asm.return_value(0),
        ],
        access=STATIC,
    )
    guard.method(
        "debugged",
        "()Z",
        [asm.invoke_static(debugger), asm.move_result(0), asm.return_value(0)],
        access=STATIC,
    )
    report = _checks(make_apk, dex)
    assert report["checks"]["root_detection"]["result"] is True
    assert report["checks"]["anti_debug"]["result"] is True
    assert report["rule_status"]["APK-RES-NO-ROOT-DETECT"] == "clear"
    assert report["rule_status"]["APK-RES-NO-ANTI-DEBUG"] == "clear"


def test_obfuscated_names_are_recognised(make_apk: MakeApk) -> None:
    dex = DexBuilder()
    for name in ("a", "b", "c", "d"):
        dex.add_class(f"Lcom/example/hospital/{name};").method(
            "a", "()V", [asm.return_void()], access=STATIC
        )
    dex.add_class(f"{APP}MainActivity;").constructor()
    report = _checks(make_apk, dex)
    assert report["checks"]["obfuscation"]["result"] is True
    assert report["rule_status"]["APK-RES-NO-OBFUSCATION"] == "clear"
