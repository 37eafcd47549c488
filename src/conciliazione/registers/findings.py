"""The findings of register ingestion: one code per reason a row is rejected.

Every failing cell is one finding, with the file, the row number, the column, the value and a
stable code. Each code is a :class:`~conciliazione.findings.FindingType`, catalogued like the
core rules' codes (:func:`register_finding_types`), so that the documentation lists them and a
pipeline can store them next to the data.
"""

from __future__ import annotations

import attrs

from conciliazione.findings import Finding, FindingType, Severity
from conciliazione.registers.layout import ColumnSpec

REQUIRED_MISSING = "register-required-missing"
NOT_IN_CODELIST = "register-not-in-codelist"
BAD_DATE = "register-bad-date"
BAD_NUMBER = "register-bad-number"
BAD_BOOLEAN = "register-bad-boolean"
OUT_OF_RANGE = "register-out-of-range"
BAD_ISTAT_CODE = "register-bad-istat-code"
BAD_CODICE_FISCALE = "register-bad-codice-fiscale"
BAD_PARTITA_IVA = "register-bad-partita-iva"
MALFORMED_ROW = "register-malformed-row"
DUPLICATE_ID = "register-duplicate-id"
ATS_MISMATCH = "register-ats-mismatch"

_TYPES = (
    FindingType(
        REQUIRED_MISSING,
        Severity.ERROR,
        "A required cell is empty",
        "The layout requires a value in this column, and the cell is empty (or only spaces).",
        "Fill in the cell, or check that the row is not a note or a total line.",
    ),
    FindingType(
        NOT_IN_CODELIST,
        Severity.ERROR,
        "A value is not one of the allowed values",
        "The column takes values from a list (an ATS id, a service typology A–F, a member "
        "category); the cell holds something else. Case and surrounding spaces do not matter.",
        "Use one of the values the layout lists, or add the label to the layout's value map.",
    ),
    FindingType(
        BAD_DATE,
        Severity.ERROR,
        "A date is not dd/mm/yyyy or does not exist",
        "Dates are read as day/month/year (31/01/2024); 31/02/2024 or 2024-01-31 are refused.",
        "Write the date as dd/mm/yyyy, or format the spreadsheet column as a date.",
    ),
    FindingType(
        BAD_NUMBER,
        Severity.ERROR,
        "A number is not in Italian format",
        "Numbers are read the Italian way: thousands dots and a decimal comma (1.234,56), with "
        "no more decimals than the column allows. A dot is never a decimal point.",
        "Write the number as 1234,56 or 1.234,56; round amounts to cents.",
    ),
    FindingType(
        BAD_BOOLEAN,
        Severity.ERROR,
        "A yes/no cell holds something else",
        "Yes/no columns accept sì/si/s/vero/x/1 and no/n/falso/0.",
        "Write sì or no.",
    ),
    FindingType(
        OUT_OF_RANGE,
        Severity.ERROR,
        "A number or date is outside the column's range",
        "The value reads correctly but lies outside the bounds the layout sets (a negative "
        "cost, an age of 300, a date before the programme existed).",
        "Check the value; if the bound is wrong, change the layout.",
    ),
    FindingType(
        BAD_ISTAT_CODE,
        Severity.ERROR,
        "A municipality code is not six digits",
        "ISTAT municipality codes have six digits, the first three being the province "
        "(015146 is Milano). A spreadsheet that stored the code as a number dropped the "
        "leading zero (15146).",
        "Store the column as text and restore the leading zeros.",
    ),
    FindingType(
        BAD_CODICE_FISCALE,
        Severity.ERROR,
        "A codice fiscale is malformed or its check character is wrong",
        "A codice fiscale has 16 characters (a person) whose last letter is a checksum of the "
        "others, or 11 digits (a body) with a check digit, like a partita IVA.",
        "Copy the code again from a reliable document; a single mistyped character is enough.",
    ),
    FindingType(
        BAD_PARTITA_IVA,
        Severity.ERROR,
        "A partita IVA is malformed or its check digit is wrong",
        "A partita IVA has 11 digits (an IT prefix is allowed): seven for the body, three for "
        "the issuing office and a Luhn check digit.",
        "Copy the number again from an invoice or the VIES register.",
    ),
    FindingType(
        MALFORMED_ROW,
        Severity.ERROR,
        "A CSV row has the wrong number of fields",
        "The row has more or fewer fields than the header, usually because a value contains "
        "the delimiter and is not quoted. The whole row is kept, as text, in the rejects table.",
        'Quote values that contain the delimiter ("Rossi; Bianchi"), or remove stray delimiters.',
    ),
    FindingType(
        DUPLICATE_ID,
        Severity.ERROR,
        "Two rows have the same id",
        "A row's id is the id of an earlier row of the same run (in the same file or another "
        "file of the run). The first row is kept; each later one is rejected, naming the first, "
        "so that one record is never exported twice.",
        "Remove the repeated row, or give it its own id; do not pass the same register twice.",
    ),
    FindingType(
        ATS_MISMATCH,
        Severity.ERROR,
        "A row belongs to another ATS than the register's",
        "The row's ATS column names another ATS than the one the register is ingested for "
        "(--ats). It would otherwise be filed in the wrong ATS's register.",
        "Ingest the row with its own ATS's register, or correct its ATS column.",
    ),
)


def register_finding_types() -> tuple[FindingType, ...]:
    """The catalogue of register codes, in a stable order."""
    return _TYPES


def finding_type(code: str) -> FindingType:
    return next(t for t in _TYPES if t.code == code)


@attrs.frozen
class RowIssue:
    """One failing cell (or malformed row): where it is, what it holds, and why it fails."""

    file: str
    row: int | None
    """The line in the file, the header being line 1 (CSV: blank lines and the line breaks in
    quoted cells are counted; XLSX: the sheet's own row number). ``None`` when the reader
    cannot say."""
    column: str | None
    """The column header as the layout names it; ``None`` for a malformed row."""
    field: str | None
    value: str | None
    """The cell as read (the whole line for a malformed row); ``None`` for a personal column,
    or a malformed line of a layout with personal columns, unless personal data is asked for."""
    code: str
    message: str

    def to_finding(self, *, entity: str, ats_id: str | None) -> Finding:
        """As a core :class:`~conciliazione.findings.Finding`: the entity id names the file and
        the row, the path the field."""
        where = f"{self.file}:{self.row}" if self.row is not None else self.file
        return Finding(
            code=self.code,
            severity=finding_type(self.code).severity,
            message=self.message,
            entity=entity,
            entity_id=where,
            path=self.field,
            ats_id=ats_id,
            source_id=f"register:{self.file}",
        )


def message_for(spec: ColumnSpec, code: str, value: str | None, *, hidden: bool = False) -> str:
    """The human message of a failing cell, naming the column and quoting the value (unless
    ``hidden``: the values of personal columns are not repeated in reports)."""
    column = f"column {spec.header!r}"
    shown = "the value (personal data, not shown)" if hidden else repr(value)
    if code == REQUIRED_MISSING:
        return f"{column} is required and empty"
    if code == BAD_NUMBER:
        kind = (
            "a whole number"
            if spec.type == "int"
            else f"a number with at most {spec.scale} decimals"
        )
        return f"{column}: {shown} is not {kind} in Italian format (1.234,56)"
    if code == BAD_DATE:
        return f"{column}: {shown} is not an existing date dd/mm/yyyy"
    if code == BAD_BOOLEAN:
        return f"{column}: {shown} is not sì or no"
    if code == NOT_IN_CODELIST:
        allowed = sorted(set(spec.value_map.values()))
        listed = ", ".join(allowed[:8]) + (", …" if len(allowed) > 8 else "")
        source = f"codelist {spec.codelist!r}" if spec.codelist else "the layout's values"
        return f"{column}: {shown} is not in {source} ({listed})"
    if code == OUT_OF_RANGE:
        low = "" if spec.minimum is None else str(spec.minimum)
        high = "" if spec.maximum is None else str(spec.maximum)
        return f"{column}: {shown} is outside the range [{low}, {high}]"
    if code == BAD_ISTAT_CODE:
        return f"{column}: {shown} is not a six-digit ISTAT municipality code"
    if code == BAD_CODICE_FISCALE:
        return f"{column}: {shown} is not a valid codice fiscale (format or check character)"
    if code == BAD_PARTITA_IVA:
        return f"{column}: {shown} is not a valid partita IVA (format or check digit)"
    if code == DUPLICATE_ID:
        return f"{column}: {shown} is the id of an earlier row"
    if code == ATS_MISMATCH:
        return f"{column}: {shown} is another ATS than the register's"
    return f"{column}: {shown} fails {code}"
