"""Post-processing of the OpenAPI schema, so it promises exactly what the API accepts.

drf-spectacular describes a text field by its lengths only, but DRF's text fields also trim
whitespace (so ``"   "`` is blank) and refuse NUL characters. Without saying so, the schema would
call such input valid and the API would refuse it (a client, or schemathesis' positive-data
check, would rightly call that a broken contract). This adds the patterns that say it, and the
"exactly one of" rules (checkout's address or saved address, the cart's variant or product).
"""

from __future__ import annotations

from typing import Any

# Python's whitespace (what ``str.strip`` removes), written out: JSON Schema's ``\\s`` differs.
_SPACE = r"\s\x1c-\x1f\x85"
NO_NUL = r"^[^\x00]*$"
NOT_BLANK = rf"^[^\x00]*[^{_SPACE}\x00][^\x00]*$"


# Request bodies that take exactly one of two fields (their serializers' ``validate`` says so).
EXACTLY_ONE_OF = {
    "CheckoutInputRequest": ("address", "saved_address_id"),
    "CartAddRequest": ("variant_id", "product_id"),
}


def _is_text(schema: dict[str, Any]) -> bool:
    return (
        schema.get("type") == "string"
        and "format" not in schema
        and "enum" not in schema
        and "pattern" not in schema
    )


def text_patterns(result: dict[str, Any], generator: Any, request: Any, public: bool) -> Any:
    for name, component in result.get("components", {}).get("schemas", {}).items():
        if not name.endswith("Request"):
            continue
        for field in component.get("properties", {}).values():
            if _is_text(field):
                field["pattern"] = NOT_BLANK if field.get("minLength", 0) >= 1 else NO_NUL
    for item in result.get("paths", {}).values():
        for operation in item.values():
            for parameter in operation.get("parameters", []) if isinstance(operation, dict) else []:
                schema = parameter.get("schema", {})
                if parameter.get("in") == "query" and _is_text(schema):
                    schema["pattern"] = NO_NUL
    schemas = result.get("components", {}).get("schemas", {})
    for item in result.get("paths", {}).values():
        for operation in item.values():
            body = operation.get("requestBody") if isinstance(operation, dict) else None
            if not body:
                continue
            refs = [c.get("schema", {}).get("$ref", "") for c in body.get("content", {}).values()]
            if any(ref.rsplit("/", 1)[-1] in EXACTLY_ONE_OF for ref in refs):
                body["required"] = True  # an empty body names neither field
    for name, (one, other) in EXACTLY_ONE_OF.items():
        if name in schemas:
            schemas[name]["oneOf"] = [
                {"required": [one], "not": {"required": [other]}},
                {"required": [other], "not": {"required": [one]}},
            ]
    return result
