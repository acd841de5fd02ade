"""The APK page's summary of one analysis result."""

from __future__ import annotations

from ui.wizard.apk_summary import alerts, summary_html

RESULT = {
    "file": {"name": "hospital.xapk", "size": 1234, "sha256": "ab" * 32},
    "package": "cn.example.hospital",
    "signing": {"v2": True, "signed": True, "signature_valid": False, "verified": {}},
    "consistency": {"package": "match", "cert": "match", "version": "outdated"},
    "bundle": {
        "format": "xapk",
        "analysed": "cn.example.hospital.apk",
        "splits": ["config.arm64_v8a.apk"],
        "notes": ["split config.zh.apk not read: broken"],
    },
    "findings": [],
}


def test_a_bundle_names_the_apk_analysed_inside_and_its_notes(qapp) -> None:
    text = summary_html(RESULT, None)
    assert "xapk bundle: analysed cn.example.hospital.apk; 1 split APK(s)" in text
    assert "split config.zh.apk not read" in text


def test_alerts_name_what_must_stop_the_inspector(qapp) -> None:
    assert alerts(RESULT) == [
        "The signature does not verify.",
        "Older than the registered release.",
    ]
    assert alerts({"signing": {"signature_valid": True}, "consistency": {}}) == []
