"""Whether the APK's signatures verify: per scheme, and for the schemes Android would use.

Reading certificates says who claims to have signed; only verification says the
file is still what they signed. ``signature_valid`` answers the inspector's
question "would Android install this file as signed?" over every Android version
the app supports (its minSdk and up): below 7.0 only v1 counts, 7.0–8.1 use v2
when present, 9+ use v3 when present (v3.1 on 13+), each falling back to the
older scheme when the newer is absent.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from app.apk.archive import ApkArchive
from app.apk.blockverify import verify_block
from app.apk.jarverify import JarResult, finish_jar, verify_jar

V2_MIN_SDK = 24  # Android 7.0
V3_MIN_SDK = 28  # Android 9


@dataclass
class Verification:
    v1: bool | None = None
    v2: bool | None = None
    v3: bool | None = None
    v31: bool | None = None
    signature_valid: bool | None = None
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    v1_signers: dict[str, bool | None] = field(default_factory=dict)  # block file -> verdict
    v1_orphans: list[str] = field(default_factory=list)  # v1 blocks without their .SF
    block_signers: dict[str, list[bool | None]] = field(default_factory=dict)  # scheme -> ...
    schemes_used: list[str] = field(default_factory=list)  # what signature_valid rests on
    jar: JarResult = field(default_factory=JarResult)

    def to_json(self) -> dict:
        return {
            "v1": self.v1,
            "v2": self.v2,
            "v3": self.v3,
            "v31": self.v31,
            "schemes_used": list(self.schemes_used),
            "problems": list(self.problems),
            "notes": list(self.notes),
        }

    def finish(self, archive: ApkArchive) -> None:
        """Check the v1 entry digests left pending and settle the verdicts (see
        ``verify_signatures(defer_entries=True)``); does nothing the second time."""
        if self.jar.pending is None:
            return
        problems = len(self.jar.problems)
        finish_jar(archive, self.jar)
        self.problems.extend(self.jar.problems[problems:])
        self.v1 = self.jar.valid
        self._settle()

    def _settle(self) -> None:
        verdicts = [getattr(self, scheme) for scheme in self.schemes_used]
        if False in verdicts:
            self.signature_valid = False
        elif not verdicts or None in verdicts:
            self.signature_valid = None
        else:
            self.signature_valid = True


def verify_signatures(
    archive: ApkArchive,
    block: bytes | None,
    *,
    min_sdk: int | None,
    defer_entries: bool = False,
) -> Verification:
    """Verify v2/v3/v3.1 (when a block is present) and v1; ``min_sdk`` None means unknown.

    With ``defer_entries`` the v1 entry digests wait for ``Verification.finish``, so a
    caller that inflates the DEX files anyway lets them be hashed on that one read.
    """
    result = Verification()
    schemes = verify_block(archive, block) if block is not None else {}
    for scheme, outcome in schemes.items():
        setattr(result, scheme, outcome.valid)
        result.problems.extend(outcome.problems)
        result.block_signers[scheme] = outcome.signers
    lowest = min_sdk if min_sdk is not None else 1
    relies_on_v1 = lowest < V2_MIN_SDK or not schemes
    jar = verify_jar(archive, check_entries=relies_on_v1, block_schemes=set(schemes))
    result.jar = jar
    result.v1 = None if jar.pending and jar.valid is not False else jar.valid
    result.v1_signers = jar.signers
    result.v1_orphans = jar.orphans
    result.problems.extend(jar.problems)
    result.notes.extend(jar.notes)
    result.schemes_used = schemes_android_uses(lowest, has_v1=bool(jar.signers), block=set(schemes))
    if not defer_entries:
        result.finish(archive)
    result._settle()
    return result


def schemes_android_uses(lowest_sdk: int, *, has_v1: bool, block: set[str]) -> list[str]:
    """The schemes some Android version from ``lowest_sdk`` up verifies the APK with."""
    used: list[str] = []

    def use(*preference: str) -> None:
        for scheme in preference:
            if (scheme == "v1" and has_v1) or scheme in block:
                if scheme not in used:
                    used.append(scheme)
                return

    if lowest_sdk < V2_MIN_SDK:
        use("v1")
    if lowest_sdk < V3_MIN_SDK:
        use("v2", "v1")
    use("v3", "v2", "v1")
    if "v31" in block:
        use("v31")
    return used
