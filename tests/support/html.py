"""What the tests read out of pages drawn with GOV.UK Frontend (docs/frontend.md)."""

# A field's error message, as (field id, message), from GOV.UK's
# `<p id="<id>-error" class="govuk-error-message">`.
ERROR_MESSAGE = (
    r'<p id="([^"]+)-error" class="govuk-error-message">\s*'
    r'<span class="govuk-visually-hidden">Error:</span>\s*([^<]*?)\s*</p>'
)
