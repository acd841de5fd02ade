"""Registry of hospital applications and their official release facts."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db.rows import ApplicationRow, OrganisationRow
from app.domain.enums import AppStatus, Platform
from app.domain.fingerprints import is_android_package, normalise_sha256
from app.domain.models import Application
from app.errors import ConflictError, ValidationError
from app.security import access
from app.services.lookup import get_row

if TYPE_CHECKING:
    from app.services.workspace import Workspace


@dataclass(frozen=True)
class ApplicationInput:
    """What a user enters for an application; validated by the service."""

    organisation_id: int
    name: str
    package: str
    platform: Platform = Platform.ANDROID
    official_cert_sha256: Sequence[str] = ()
    official_version_code: int | None = None
    official_version_name: str = ""
    official_apk_sha256: str = ""
    channels: Sequence[str] = field(default_factory=tuple)
    authorization_code: str = ""
    status: AppStatus = AppStatus.REGISTERED


class ApplicationService:
    def __init__(self, workspace: Workspace) -> None:
        self._ws = workspace

    def add(self, data: ApplicationInput) -> Application:
        access.require(self._ws, *access.REGISTER_EDITORS)
        values = _validated(data)
        with self._ws.session() as session:
            _require_organisation(session, data.organisation_id)
            _refuse_duplicate(session, values, None)
            row = ApplicationRow(**values)
            session.add(row)
            session.flush()
            return row.to_domain()

    def update(self, application_id: int, data: ApplicationInput) -> Application:
        access.require(self._ws, *access.REGISTER_EDITORS)
        values = _validated(data)
        with self._ws.session() as session:
            row = _get(session, application_id)
            if values["status"] != row.status:
                raise ConflictError(
                    "应用状态只能通过状态变更（写明理由）修改：ihsa app status 或应用详情",
                    "an application's status changes only through a status change with a "
                    "reason: ihsa app status, or the application details",
                )
            _require_organisation(session, data.organisation_id)
            _refuse_duplicate(session, values, application_id)
            for key, value in values.items():
                setattr(row, key, value)
            session.flush()
            return row.to_domain()

    def get(self, application_id: int) -> Application:
        with self._ws.session() as session:
            return _get(session, application_id).to_domain()

    def list(self, organisation_id: int | None = None) -> list[Application]:
        with self._ws.session() as session:
            query = select(ApplicationRow).order_by(ApplicationRow.name, ApplicationRow.id)
            if organisation_id is not None:
                query = query.where(ApplicationRow.organisation_id == organisation_id)
            return [r.to_domain() for r in session.scalars(query)]


def _validated(data: ApplicationInput) -> dict[str, object]:
    name, package = data.name.strip(), data.package.strip()
    if not name:
        raise ValidationError("应用名称不能为空", "application name must not be empty")
    if not package:
        raise ValidationError("包名不能为空", "package name must not be empty")
    if data.platform == Platform.ANDROID and not is_android_package(package):
        raise ValidationError(
            f"不是有效的 Android 包名：{package}", f"not a valid Android package name: {package}"
        )
    certs = []
    for text in data.official_cert_sha256:
        fingerprint = normalise_sha256(text)
        if fingerprint is None:
            raise ValidationError(
                f"证书指纹不是 SHA-256（64 位十六进制）：{text}",
                f"certificate fingerprint is not a SHA-256 (64 hex digits): {text}",
            )
        if fingerprint not in certs:
            certs.append(fingerprint)
    apk_sha = ""
    if data.official_apk_sha256.strip():
        apk_sha = normalise_sha256(data.official_apk_sha256) or ""
        if not apk_sha:
            raise ValidationError(
                f"APK 哈希不是 SHA-256：{data.official_apk_sha256}",
                f"APK hash is not a SHA-256: {data.official_apk_sha256}",
            )
    code = data.official_version_code
    if code is not None and not 0 < code < 2**31:
        raise ValidationError(
            f"versionCode 必须是 1 到 2147483647 之间的整数：{code}",
            f"versionCode must be an integer from 1 to 2147483647: {code}",
        )
    return {
        "organisation_id": data.organisation_id,
        "name": name,
        "package": package,
        "platform": Platform(data.platform).value,
        "official_cert_sha256": certs,
        "official_version_code": code,
        "official_version_name": data.official_version_name.strip(),
        "official_apk_sha256": apk_sha,
        "channels": [c.strip() for c in data.channels if c.strip()],
        "authorization_code": data.authorization_code.strip(),
        "status": AppStatus(data.status).value,
    }


def _require_organisation(session: Session, organisation_id: int) -> None:
    get_row(session, OrganisationRow, organisation_id, "机构", "organisation")


def _refuse_duplicate(session: Session, values: dict[str, object], own_id: int | None) -> None:
    query = select(ApplicationRow).where(
        ApplicationRow.organisation_id == values["organisation_id"],
        ApplicationRow.package == values["package"],
        ApplicationRow.platform == values["platform"],
    )
    existing = session.scalar(query)
    if existing is not None and existing.id != own_id:
        raise ConflictError(
            f"该机构已登记包名为 {values['package']} 的应用（编号 {existing.id}）",
            f"this organisation already registered {values['package']} (id {existing.id})",
        )


def _get(session: Session, application_id: int) -> ApplicationRow:
    return get_row(session, ApplicationRow, application_id, "应用", "application")
