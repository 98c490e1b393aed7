"""The closed vocabularies of the questionnaire format: answer types, priorities, owners…

Values are stable identifiers stored in YAML and in databases; labels are marked for translation
and translated where they are shown.
"""

from __future__ import annotations

from enum import StrEnum

from app.i18n import N_


class QuestionType(StrEnum):
    YES_NO = "yes_no"
    YES_PARTLY_NO = "yes_partly_no"
    SINGLE = "single"
    MULTIPLE = "multiple"
    NUMBER = "number"


class Priority(StrEnum):
    CRITICAL = "critical"
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"

    @property
    def rank(self) -> int:
        """0 is the most urgent."""
        return list(Priority).index(self)


class Effort(StrEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"

    @property
    def rank(self) -> int:
        return list(Effort).index(self)


class Owner(StrEnum):
    PRACTICE = "practice"
    IT_PROVIDER = "it_provider"


class InsurerTopic(StrEnum):
    """The controls cyber insurers ask about; a question tagged with one is listed for them."""

    BACKUP = "backup"
    UPDATES = "updates"
    MALWARE_PROTECTION = "malware_protection"
    MFA = "mfa"
    REMOTE_ACCESS = "remote_access"
    TRAINING = "training"
    INCIDENT_RESPONSE = "incident_response"
    ACCESS_CONTROL = "access_control"
    ENCRYPTION = "encryption"


# Special answers, valid for every type where the question allows them.
UNKNOWN = "unknown"
NOT_APPLICABLE = "not_applicable"

# The fixed options of the yes/no types and what each is worth.
YES_NO_SCORES: dict[str, float] = {"yes": 1.0, "no": 0.0}
YES_PARTLY_NO_SCORES: dict[str, float] = {"yes": 1.0, "partly": 0.5, "no": 0.0}

LABELS: dict[str, str] = {
    "yes": N_("Yes"),
    "partly": N_("Partly"),
    "no": N_("No"),
    UNKNOWN: N_("I don't know"),
    NOT_APPLICABLE: N_("Not applicable"),
    Priority.CRITICAL: N_("Critical"),
    Priority.HIGH: N_("High"),
    Priority.MEDIUM: N_("Medium"),
    Priority.LOW: N_("Low"),
    Owner.PRACTICE: N_("The practice"),
    Owner.IT_PROVIDER: N_("IT provider"),
    InsurerTopic.BACKUP: N_("Backups kept offline"),
    InsurerTopic.UPDATES: N_("Security updates"),
    InsurerTopic.MALWARE_PROTECTION: N_("Antivirus / EDR"),
    InsurerTopic.MFA: N_("Multi-factor authentication"),
    InsurerTopic.REMOTE_ACCESS: N_("Remote access"),
    InsurerTopic.TRAINING: N_("Staff training"),
    InsurerTopic.INCIDENT_RESPONSE: N_("Incident response"),
    InsurerTopic.ACCESS_CONTROL: N_("Accounts and access rights"),
    InsurerTopic.ENCRYPTION: N_("Encryption"),
}
EFFORT_LABELS: dict[str, str] = {
    Effort.LOW: N_("Small effort"),
    Effort.MEDIUM: N_("Medium effort"),
    Effort.HIGH: N_("Large effort"),
}
