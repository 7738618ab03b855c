"""The roles a co-creator or reviewer can have.

A closed list, so every role can be translated: the labels are gettext messages (marked with
``N_`` for extraction, translated when a page or PDF is rendered).
"""


def N_(message: str) -> str:
    """Mark a string for extraction without translating it here."""
    return message


ROLES = {
    "patient-expert": N_("Patient expert"),
    "patient": N_("Patient"),
    "caregiver": N_("Caregiver"),
    "patient-representative": N_("Patient representative"),
    "oncologist": N_("Oncologist"),
    "surgeon": N_("Surgeon"),
    "gastroenterologist": N_("Gastroenterologist"),
    "nurse": N_("Nurse"),
    "dietitian": N_("Dietitian"),
    "psychologist": N_("Psychologist"),
    "palliative-care-doctor": N_("Palliative care doctor"),
    "general-practitioner": N_("General practitioner"),
    "pharmacist": N_("Pharmacist"),
    "plain-language-editor": N_("Plain-language editor"),
    "medical-writer": N_("Medical writer"),
}

MEDICAL_ROLES = frozenset({
    "oncologist", "surgeon", "gastroenterologist", "nurse", "dietitian", "psychologist",
    "palliative-care-doctor", "general-practitioner", "pharmacist",
})
"""Roles whose review is a *medical* review (issue #13): a clinician checked that the content is
right. A review by anyone else (a patient expert, a plain-language editor, a medical writer) is an
*editorial* review: readers are never told a guide was medically reviewed on its date."""


def is_medical(role: str) -> bool:
    """True when a review by someone in ``role`` is a medical review."""
    return role in MEDICAL_ROLES
