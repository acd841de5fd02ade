"""Password hashes and the password policy (pure functions, real scrypt parameters)."""

from __future__ import annotations

import pytest

from app.domain.enums import Role
from app.errors import ValidationError
from app.security import accounts


def test_hash_is_salted_scrypt_with_stored_parameters() -> None:
    first = accounts.hash_password("Chief#Office-2026")
    second = accounts.hash_password("Chief#Office-2026")
    assert first != second  # a fresh salt each time
    scheme, log2_n, block, parallel, salt, key = first.split("$")
    assert (scheme, log2_n, block, parallel) == ("scrypt", "15", "8", "3")
    assert len(salt) >= 20 and len(key) >= 40
    assert accounts.verify_password("Chief#Office-2026", first)
    assert not accounts.verify_password("Chief#Office-2027", first)
    assert not accounts.needs_rehash(first)


def test_old_parameters_still_verify_and_ask_for_a_rehash() -> None:
    weak = accounts.hash_password("Chief#Office-2026", accounts.HashParameters(12, 8, 1))
    assert accounts.verify_password("Chief#Office-2026", weak)
    assert accounts.needs_rehash(weak)


@pytest.mark.parametrize(
    "stored", ["", "plain", "scrypt$15$8$3$!!$??", "scrypt$40$8$3$c2FsdA$a2V5", "md5$x$y$z$a$b"]
)
def test_malformed_stored_hash_verifies_nothing(stored: str) -> None:
    assert not accounts.verify_password("anything", stored)
    assert accounts.needs_rehash(stored)


@pytest.mark.parametrize(
    ("password", "why"),
    [
        ("Short#1a", "10"),
        ("alllowercaseletters", "3"),
        ("zhang#Field-2026", "用户名"),
        ("Password!2024", "常见"),
        ("Admin#12345678", "常见"),
        ("x" * 200 + "A1#", "128"),
    ],
)
def test_policy_refuses_weak_passwords_with_the_reason(password: str, why: str) -> None:
    problem = accounts.password_problem(password, "zhang")
    assert problem is not None and why in problem[0]
    with pytest.raises(ValidationError):
        accounts.check_password(password, "zhang")


def test_policy_accepts_a_long_mixed_password() -> None:
    assert accounts.password_problem("Field#Inspect-26", "zhang") is None
    assert accounts.password_problem("correct horse battery 42", "zhang") is None


def test_roles_encode_as_a_sorted_set_and_refuse_unknown_or_none() -> None:
    assert accounts.encode_roles(["reviewer", Role.ASSESSOR, "reviewer"]) == "assessor,reviewer"
    assert accounts.decode_roles("admin,reviewer") == {Role.ADMIN, Role.REVIEWER}
    with pytest.raises(ValidationError):
        accounts.encode_roles([])
    with pytest.raises(ValidationError):
        accounts.encode_roles(["boss"])


@pytest.mark.parametrize("name", ["a", "张", "bad name", "-lead", "_x", "x" * 65, "李\u3000四"])
def test_user_names_are_typeable(name: str) -> None:
    with pytest.raises(ValidationError):
        accounts.check_username(name)


@pytest.mark.parametrize("name", ["zhao.fh", "赵复核", "wang@office", "li-4"])
def test_user_names_may_be_chinese_as_cases_name_their_people(name: str) -> None:
    assert accounts.check_username(f"  {name} ") == name
