"""How ``flask --app wsgi templates export`` writes the templates for the providers' application
forms: as text to read and paste, as CSV for a spreadsheet (its empty ``code`` column, filled in
as approvals arrive, is what ``templates import-codes`` reads back), or as JSON for a script.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from typing import Final

from gateway.domain.template_forms import Attribute
from gateway.services.sending.template_submission import Exported

#: The CSV's columns; ``templates import-codes`` reads provider, locale, name, code, international.
CSV_COLUMNS: Final = (
    "provider",
    "locale",
    "name",
    "required",
    "template_type",
    "content",
    "variables",
    "use_case",
    "code",
    "international",
)


def render(exported: Sequence[Exported], output: str) -> str:
    """``exported`` as ``output`` (text, csv or json)."""
    if output == "json":
        return json.dumps([_as_json(t) for t in exported], ensure_ascii=False, indent=2) + "\n"
    if output == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(CSV_COLUMNS)
        for t in exported:
            variables = "; ".join(
                f"{_placeholder(t, v.name, v.position)}={_attribute(v.attribute)}"
                for v in t.variables
            )
            writer.writerow(
                [t.provider, t.locale, t.name, _need(t), _type(t), t.template.text, variables]
                + [t.use_case, "", "0"]
            )
        return buffer.getvalue()
    return "".join(_as_text(t) for t in exported)


def _need(template: Exported) -> str:
    return "required" if template.required else "optional"


def _type(template: Exported) -> str:
    """The type to submit it as, with the number the provider's API takes for it."""
    kind = template.template_type
    field = "TemplateType" if template.provider == "aliyun" else "SmsType"
    return f"{kind.label} ({field} {kind.code})"


def _attribute(attribute: Attribute) -> str:
    return f"{attribute.label} ({attribute.code})" if attribute.code else attribute.label


def _placeholder(template: Exported, name: str, position: int) -> str:
    return "${" + name + "}" if template.provider == "aliyun" else "{" + str(position) + "}"


def _as_text(t: Exported) -> str:
    lines = [f"# {t.provider} {t.locale}/{t.name} ({_need(t)})", t.template.text]
    lines.append(f"  submit as {_type(t)}")
    for v in t.variables:
        limit = f"up to {v.max_length} characters" if v.max_length else "length as the form says"
        lines.append(
            f"  {_placeholder(t, v.name, v.position)} {v.name}: {_attribute(v.attribute)}, "
            f"{limit}, e.g. {v.example}"
        )
    if not t.variables:
        lines.append("  no variables")
    lines.append(f"  申请说明: {t.use_case}")
    return "\n".join(lines) + "\n\n"


def _as_json(t: Exported) -> dict[str, object]:
    return {
        "provider": t.provider,
        "locale": t.locale,
        "name": str(t.name),
        "required": t.required,
        "template_type": t.template_type.label,
        "template_type_code": t.template_type.code,
        "content": t.template.text,
        "variables": [
            {
                "name": v.name,
                "placeholder": _placeholder(t, v.name, v.position),
                "attribute": v.attribute.label,
                "attribute_code": v.attribute.code,
                "max_length": v.max_length,
                "example": v.example,
            }
            for v in t.variables
        ],
        "use_case": t.use_case,
        "problems": [p.message for p in t.problems],
    }
