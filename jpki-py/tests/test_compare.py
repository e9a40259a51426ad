"""What the applicant wrote against the certificate's 4 basic info: substitutes,
normalization, mismatches, and the three ways to give a birth date."""

from __future__ import annotations

import datetime

import pytest

import jpki
from support import AT, World, at_path

CERT_NAME = "高橋\u3000太郎"
CERT_ADDRESS = "東京都千代田区霞が関二丁目1番2号"


def compare(world: World, **fields: str) -> jpki.Comparison:
    applicant = jpki.Applicant(
        name=fields.get("name"),
        birth_date=fields.get("birth_date"),
        address=fields.get("address"),
    )
    return world.taro.signing.compare(applicant)


def test_substitute_character_is_equivalent(world: World) -> None:
    # The register's 髙 where the certificate has its substitute 高 (marked at 0).
    result = compare(world, name="髙橋\u3000太郎").name
    assert result.field == "name"
    assert result.result == "equivalent_by_substitution"
    assert result.is_match
    assert result.positions == [0]
    assert result.normalized == []
    # With an ASCII space as well: the space rule is needed too.
    spaced = compare(world, name="髙橋 太郎").name
    assert spaced.result == "equivalent_by_substitution"
    assert spaced.positions == [0]
    assert spaced.normalized == ["space"]
    assert spaced.to_dict()["result"] == "equivalent_by_substitution"


def test_substitute_only_in_the_table_direction(world: World) -> None:
    # 﨑 maps to 崎, not to 高: a different character at the marked position.
    wrong = compare(world, name="﨑橋　太郎").name
    assert wrong.result == "mismatch"
    assert not wrong.is_match
    assert wrong.position == 0
    # At an unmarked position a substitute never matches: 𣘺 → 橋 is in the
    # table, but position 1 is not marked.
    unmarked = compare(world, name="高𣘺　太郎").name
    assert unmarked.result == "mismatch"
    assert unmarked.position == 1


def test_exact_and_normalized_names(world: World) -> None:
    exact = compare(world, name=CERT_NAME).name
    assert exact.result == "exact"
    assert exact.is_match
    assert exact.normalized == []
    assert exact.positions == []
    no_space = compare(world, name="高橋太郎").name
    assert no_space.result == "normalized"
    assert no_space.normalized == ["space"]
    ascii_space = compare(world, name="高橋 太郎").name
    assert ascii_space.result == "normalized"
    assert ascii_space.normalized == ["space"]


def test_name_mismatch_names_both_values_and_position(world: World) -> None:
    result = compare(world, name="高田 太郎").name
    assert result.result == "mismatch"
    assert not result.is_match
    # Both values as compared: width and spaces normalized.
    assert result.expected == "高橋太郎"
    assert result.found == "高田太郎"
    assert result.position == 1
    assert "高橋太郎" in result.message and "高田太郎" in result.message
    assert result.message.startswith("name")
    d = result.to_dict()
    assert d["expected"] == "高橋太郎"
    assert d["found"] == "高田太郎"
    assert d["position"] == 1
    assert d["match"] is False


def test_address_block_numbers_and_dashes(world: World) -> None:
    blocks = compare(world, address="東京都千代田区霞が関2-1-2").address
    assert blocks.result == "normalized"
    assert blocks.is_match
    assert blocks.normalized == ["block_number"]
    dashes = compare(world, address="東京都千代田区霞が関2−1−2").address  # U+2212
    assert dashes.result == "normalized"
    assert dashes.normalized == ["dash", "block_number"]
    kanji = compare(world, address="東京都千代田区霞が関2丁目1番2号").address
    assert kanji.result == "normalized"
    assert kanji.normalized == ["block_number"]
    wide = compare(world, address="東京都千代田区霞が関２丁目１番２号").address
    assert wide.result == "normalized"
    assert wide.normalized == ["width", "block_number"]
    same = compare(world, address=CERT_ADDRESS).address
    assert same.result == "exact"


def test_address_mismatch(world: World) -> None:
    result = compare(world, address="東京都千代田区霞が関2-1-3").address
    assert result.result == "mismatch"
    assert result.expected == "東京都千代田区霞が関2-1-2"
    assert result.found == "東京都千代田区霞が関2-1-3"
    position = result.position
    assert position is not None
    assert result.expected[:position] == result.found[:position]
    assert result.expected[position] != result.found[position]
    assert position == 14


@pytest.mark.parametrize(
    "written",
    [datetime.date(1950, 4, 1), "1950-04-01", "昭和25年4月1日", "S25.4.1"],
)
def test_birth_date_forms(world: World, written: datetime.date | str) -> None:
    applicant = jpki.Applicant(birth_date=written)
    assert applicant.birth_date == datetime.date(1950, 4, 1)
    result = world.taro.signing.compare(applicant).birth_date
    assert result.result == "exact"
    assert result.is_match


@pytest.mark.parametrize("written", [datetime.date(1950, 4, 2), "1950-04-02", "昭和25年4月2日"])
def test_birth_date_mismatch(world: World, written: datetime.date | str) -> None:
    result = world.taro.signing.compare(jpki.Applicant(birth_date=written)).birth_date
    assert result.result == "mismatch"
    assert result.expected == "昭和25年4月1日"
    assert result.found == "昭和25年4月2日"
    assert result.position is None
    assert result.message == "birth date: expected 昭和25年4月1日, found 昭和25年4月2日"


@pytest.mark.parametrize("text", ["1950-02-30", "昭和99年13月1日", "yesterday", ""])
def test_birth_date_text_that_is_no_date(text: str) -> None:
    with pytest.raises(ValueError):
        jpki.Applicant(birth_date=text)


def test_sex(world: World) -> None:
    same = world.taro.signing.compare(jpki.Applicant(sex="male")).sex
    assert same.result == "exact"
    other = world.taro.signing.compare(jpki.Applicant(sex="female")).sex
    assert other.result == "mismatch"
    assert other.expected == "male"
    assert other.found == "female"
    with pytest.raises(ValueError):
        jpki.Applicant(sex="m")  # type: ignore[arg-type]


def test_all_and_provided_match(world: World) -> None:
    full = jpki.Applicant(
        name="髙橋 太郎",
        birth_date="昭和25年4月1日",
        sex="male",
        address="東京都千代田区霞が関2-1-2",
    )
    assert full.name == "髙橋 太郎"
    assert full.sex == "male"
    assert full.address == "東京都千代田区霞が関2-1-2"
    result = world.taro.signing.compare(full)
    assert result.all_match
    assert result.provided_match
    assert [f.field for f in result.fields] == ["name", "birth_date", "sex", "address"]
    assert all(f.is_match for f in result.fields)

    partial = world.taro.signing.compare(jpki.Applicant(name="高橋太郎"))
    assert not partial.all_match
    assert partial.provided_match
    assert partial.sex.result == "not_provided"
    assert not partial.sex.is_match

    nothing = world.taro.signing.compare(jpki.Applicant())
    assert not nothing.provided_match
    assert not nothing.all_match

    one_wrong = world.taro.signing.compare(
        jpki.Applicant(name="髙橋 太郎", birth_date="1950-04-01", sex="female")
    )
    assert not one_wrong.provided_match
    assert not one_wrong.all_match


def test_comparison_in_a_verdict(world: World) -> None:
    verifier = world.verifier(crl=world.crl_before)
    applicant = jpki.Applicant(name="髙橋 太郎", birth_date="S25.4.1", address="霞が関")
    verdict = verifier.verify(world.taro_signed, applicant=applicant, at=AT)
    assert verdict.comparison is not None
    assert verdict.comparison.name.result == "equivalent_by_substitution"
    assert verdict.comparison.address.result == "mismatch"
    assert not verdict.personal_info.passed
    assert verdict.personal_info.result == "failed"
    # The other checks still pass: only the application differs.
    assert verdict.signature.passed and verdict.certificate.passed and verdict.revocation.passed
    assert not verdict.valid
    d = verdict.to_dict()
    assert at_path(d, "comparison", "fields", "address", "result") == "mismatch"
    assert at_path(d, "checks", "personal_info", "result") == "failed"
