"""Document templates, the one place the desktop takes them from: format, loading, user copies.

`loading` finds the shipped, the Land's and the user's templates; `copies` makes and sets aside
the user's copies („Vorlage anpassen“). The format itself (domain.document_templates) and the
shape of a Land release (importers.template_release) stay in the core because the server checks
releases with them and must not import `ozg_desk.documents`; they are re-exported here so that
desktop code imports every template name from this package (docs/decisions/0010).
"""

from ozg_desk.documents.templates.loading import (
    TemplateSet,
    document_version,
    load_signature_rules,
    load_template,
    load_template_set,
    load_templates,
    shipped_dir,
)
from ozg_desk.domain.document_templates import (
    COLUMNS,
    MAX_COLUMNS,
    SIGNATURES,
    BadTemplate,
    Section,
    SignatureRule,
    SignatureRules,
    Template,
    fill,
    parse_signature_rules,
    parse_template,
)

__all__ = [
    "COLUMNS",
    "MAX_COLUMNS",
    "SIGNATURES",
    "BadTemplate",
    "Section",
    "SignatureRule",
    "SignatureRules",
    "Template",
    "TemplateSet",
    "document_version",
    "fill",
    "load_signature_rules",
    "load_template",
    "load_template_set",
    "load_templates",
    "parse_signature_rules",
    "parse_template",
    "shipped_dir",
]
