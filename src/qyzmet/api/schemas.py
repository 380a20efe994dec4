"""Request and response shapes of the JSON API (they make the OpenAPI document)."""

from __future__ import annotations

import datetime
import uuid
from typing import Annotated, Any, Literal

from ninja import Field
from pydantic import AfterValidator, model_validator
from pydantic_core import PydanticCustomError

from qyzmet.applications.models import ReversalGround
from qyzmet.callers.shapes import Shape
from qyzmet.core.storable import storable


class Text(Shape):
    kk: str
    ru: str
    en: str


class ServiceSummary(Shape):
    id: str
    version: int
    agency: str
    title: Text
    fee_mci: float
    deadline_days: int = Field(description="Legal deadline in working days.")
    result: str


class FeeExemptionOut(Shape):
    category: str
    title: Text
    when: list[dict[str, Any]] = Field(description="Conditions that must all hold.")


class ServiceDetail(ServiceSummary):
    description: Text
    fee_tenge: int
    fee_paid: str = Field(description="online (before the case proceeds) or in_person.")
    fee_exemptions: list[FeeExemptionOut] = Field(description="Who pays no fee.")
    refund_on_rejection: bool = Field(description="A rejected case gets its fee back.")
    attachments: list[dict[str, Any]] = Field(
        default_factory=list,
        description="Documents to attach to a draft (`POST /applications/{id}/attachments`): "
        "id, label, help, required, types (MIME types, detected from the content), max_mb.",
    )
    registry_data: list[str]
    form: dict[str, Any] = Field(description="JSON Schema with x-label, x-help and x-order.")
    steps: list[dict[str, Any]]
    phrasings: dict[str, list[str]]


class LifeSituationSummary(Shape):
    id: str
    version: int
    title: Text
    services: list[str]


class LifeSituationDetail(LifeSituationSummary):
    description: Text
    questions: list[dict[str, Any]]
    service_conditions: list[dict[str, Any]] = Field(
        description="Each service with the answers ('when') that make it apply."
    )
    phrasings: dict[str, list[str]]


def _storable_text(value: str) -> str:
    if not storable(value):
        raise PydanticCustomError("value_error", "contains a NUL character or a lone surrogate")
    return value


# A form field of an upload (multipart), which ``request_text`` leaves to its view.
StorableText = Annotated[str, AfterValidator(_storable_text)]


class RequestBody(Shape):
    """A request body: a JSON object (``[]``, ``false`` or ``"x"`` are refused as not a
    dictionary) whose every string and number the database can store."""

    @model_validator(mode="before")
    @classmethod
    def _an_object(cls, value: Any) -> Any:
        if not isinstance(value, dict):
            raise PydanticCustomError("dict_type", "Input should be a valid dictionary")
        if not storable(value):
            raise PydanticCustomError(
                "value_error", "contains a NUL character, a lone surrogate or an infinite number"
            )
        return value


class ApplicationIn(RequestBody):
    life_situation: str | None = Field(None, description="Life situation id, or...")
    service: str | None = Field(None, description="...one service id.")
    on_behalf_of: str | None = Field(
        None,
        description="Whom it is for: the IIN of the citizen's minor child or of a principal "
        "whose mandate in force names the citizen, or the BIN of a company the citizen heads.",
    )
    answers: dict[str, Any] | None = None
    data: dict[str, dict[str, Any]] | None = Field(None, description="Form values per service.")
    submit: bool = Field(False, description="Submit at once instead of keeping a draft.")
    conversation: str = Field(
        "",
        max_length=200,
        description="Your reference of the chat or session, as sent to `/assistant/route`: "
        "the assistant's last answer there (within two hours) is linked to this application, "
        "so that auditors see what it suggested against what was applied for. Kept hashed.",
    )


class DraftIn(RequestBody):
    answers: dict[str, Any] | None = None
    data: dict[str, dict[str, Any]] | None = None


class SignatureIn(RequestBody):
    signed_xml: str | None = Field(
        None, max_length=2_000_000,
        description="The applicant's EDS signature: the document of `GET /applications/{id}/"
        "signing` signed as an enveloped XML signature (as NCALayer makes it), in base64.",
    )  # fmt: skip
    sms_code: str | None = Field(
        None, max_length=16,
        description="Or, where the service allows it, the code sent to the applicant by "
        "`POST /applications/{id}/signing/code`, which confirms that document's digest.",
    )  # fmt: skip


class SubmitIn(DraftIn):
    signature: SignatureIn | None = Field(
        None, description="Needed when the application's services ask for a signature "
        "(`assurance` of `GET /applications/{id}/signing`).",
    )  # fmt: skip


class SigningOut(Shape):
    application: uuid.UUID
    assurance: str = Field(description="none, sms (an SMS code or EDS) or eds (EDS only).")
    methods: list[str] = Field(description="How it may be signed: eds and/or sms.")
    document: str = Field(description="The canonical XML document to sign, as it is.")
    document_base64: str = Field(description="The same bytes in base64 (for NCALayer).")
    digest: str = Field(description="SHA-256 (hex) of the document: what an SMS code confirms.")


class CodeSentOut(Shape):
    sent_to: str = Field(description="The phone the code went to, masked.")
    digest: str = Field(description="The digest of the document the code confirms.")
    minutes: int = Field(description="How long the code works.")


class ConfirmationOut(Shape):
    id: int
    confirmed_at: datetime.datetime
    phone: str = Field(description="The number the code went to, masked.")
    delivery: str | None = Field(description="The text message's delivery status.")


class SignerOut(Shape):
    iin: str
    name: str
    bin: str | None = Field(description="A company certificate: the company's BIN.")
    role: str | None
    certificate_serial: str | None
    certificate_issuer: str | None


class SignatureCheckOut(Shape):
    valid: bool
    problems: list[str] = Field(description="Message codes: why it does not hold.")
    checked_at: datetime.datetime
    as_of: datetime.datetime | None = Field(
        description="The time the certificate was judged at: when the application was signed."
    )
    by: str = Field(description="Who asked for the check.")
    channel: str


class SignatureOut(Shape):
    method: str = Field(description="eds (XML signature) or sms (confirmed with a code).")
    assurance: str
    signed_at: datetime.datetime
    document_digest: str
    document: str = Field(description="The canonical document that was signed.")
    signed_xml_base64: str | None = Field(description="EDS: the signed XML, in base64.")
    confirmation: ConfirmationOut | None = Field(description="SMS: the citizen's confirmation.")
    signer: SignerOut
    valid: bool = Field(description="Whether it held when it was submitted.")
    problems: list[str]
    checked_at: datetime.datetime
    verifications: list[SignatureCheckOut] = Field(description="Later checks, oldest first.")


class WithdrawIn(RequestBody):
    reason: str = Field("", max_length=2000)


class DisplayItem(Shape):
    text: str = Field(description="The entry in words: a child's name and date of birth.")
    details: list[str] = Field(description="Its secondary lines: an IIN, a plate number.")


class Display(Shape):
    """A registry value in words, in the language of Accept-Language (kk, ru, en; ru by
    default), as the portal shows it: to show people, never to parse."""

    text: str = Field(
        description="Its main line: `Қазақстан` for `KZ`, `1985 жылғы 12 наурыз` for "
        "`1985-03-12`, an address's words; empty for a list (see `items`). A missing value or "
        "an empty list reads `None` (`Жоқ`, `Нет`)."
    )
    details: list[str] = Field(
        description="Its secondary lines: an address's RCA, a document's dates and issuer."
    )
    items: list[DisplayItem] | None = Field(
        description="A list's entries (children, vehicles, property), each in words; null when "
        "the value is not a list."
    )
    line: str = Field(description="The whole of it in one line, the entries joined by `; `.")


class PrefilledValue(Shape):
    field: str = Field(description="registry.entity.field")
    registry: str
    agency: str | None = Field(description="The agency that owns the registry.")
    value: Any = Field(
        description="The value as the registry gives it (codes like `KZ` or `M`, ISO dates, "
        "lists of records): for programs; it does not change with the language."
    )
    display: Display = Field(description="The same value in words, for people.")


class PresetOut(Shape):
    """An answer or form value the state pre-sets where the caller leaves it open."""

    question: str | None = Field(description="The life situation's question it answers...")
    service: str | None = Field(description="...or the service...")
    field: str | None = Field(description="...and the form field it fills.")
    value: Any = Field(description="The value pre-set.")
    says: str = Field(
        description="Where it comes from, to show instead of asking, in the language of "
        "Accept-Language: `From the population registry: you have children born in 2022.`"
    )
    applied: bool = Field(
        description="Whether the application has this value (false: the caller gave another)."
    )


class StatusChangeOut(Shape):
    at: datetime.datetime
    status: str
    case: uuid.UUID | None
    service: str | None
    actor: str = Field(
        description="Who made it: `system`, the citizen's own user name, or, for citizens and "
        "partners, `officer` for an officer (officers read the user name)."
    )
    channel: str
    note: str


class ReversalOut(Shape):
    at: datetime.datetime
    decision: str = Field(description="The decision reversed: `approved` or `rejected`.")
    ground: ReversalGround
    reason: str = Field(description="As the officer wrote it; never translated.")
    reason_language: str | None = Field(
        description="The language the reason is written in (`kk`, `ru` or `en`, from its "
        "letters), so a reader in another language can be told; null when it has no words."
    )
    officer: str
    revoked_document: str | None = Field(description="The result document it revoked, if any.")


class CorrectionItemOut(Shape):
    kind: str = Field(
        description="What must change: `field` (of the service's form) or `document` (one of "
        "the service's attachments, to upload anew with `POST /applications/{id}/attachments` "
        "before resubmitting)."
    )
    name: str = Field(description="The field's name in the service's form, or the document's id.")


class CorrectionOut(Shape):
    """A case sent back for correction, waiting for the citizen."""

    items: list[CorrectionItemOut]
    message: str = Field(description="The officer's message, as written.")
    message_language: str = Field(description="The language it is written in (kk, ru, en).")
    sent_at: datetime.datetime
    term_ends: datetime.date = Field(description="The last day to resubmit (inclusive).")


class StageOut(Shape):
    """The stage a case is at, for a service whose catalogue names stages."""

    stage: str = Field(description="The stage's word in the catalogue: `review`, `sign-off`.")
    role: str = Field(
        description="Whose officers act next: `reviewer`, `supervisor`, or `consulted` (another "
        "agency's, at a consultation)."
    )
    number: int = Field(description="Its place among the service's stages, from 1.")
    of: int = Field(description="How many stages the service has.")


class PreparedDecisionOut(Shape):
    """A decision prepared at the first stage, waiting at `stage` to be signed off."""

    decision: Literal["approve", "reject"]
    reason: str = Field(description="A rejection's reason as the citizen will read it.")
    prepared_by: str
    prepared_at: datetime.datetime


class CaseConsultationOut(Shape):
    """Another agency consulted on a decision prepared on the case, and its answer."""

    agency: str = Field(description="The agency consulted (its slug).")
    stage: str
    asked_at: datetime.datetime
    term_ends: datetime.date = Field(description="The last working day for its answer.")
    outcome: Literal["open", "answered", "no_answer", "void"]
    answer: Literal["agree", "object"] | None
    note: str = Field(description="The consulted officer's note, as written.")
    answered_by: str | None


class CaseOut(Shape):
    id: uuid.UUID
    application: uuid.UUID
    application_reference: str = Field(description="The reference of its application.")
    service: str
    service_version: int
    service_title: Text
    agency: str
    status: str
    due_date: datetime.date
    overdue: bool
    assigned_to: str | None = Field(
        description="Whether an officer works it: `officer` for citizens and partners, the "
        "officer's user name for officers; null while nobody does."
    )
    decision_reason: str
    decided_at: datetime.datetime | None
    data: dict[str, Any]
    checks: list[dict[str, Any]]
    correction: CorrectionOut | None = Field(
        None,
        description="When the case is sent back (`status` sent_back): what to change, the "
        "officer's message and the term; the due date is stopped meanwhile.",
    )
    stage: StageOut | None = Field(
        None,
        description="The stage a pending case is at, when its service names stages (a "
        "decision prepared at review waits for a supervisor's sign-off); null otherwise.",
    )


class CaseDetail(CaseOut):
    subject_iin: str
    registry_extract: dict[str, Any]
    history: list[StatusChangeOut]
    reversals: list[ReversalOut] = Field(description="Decisions on the case reversed so far.")
    signature: SignatureOut | None = Field(
        None, description="How the applicant signed the application, if its services asked."
    )
    prepared_decision: PreparedDecisionOut | None = Field(
        None,
        description="The decision waiting for sign-off at `stage`, if one is prepared: sign it "
        "off with `POST /cases/{id}/sign-off` or return it with `POST /cases/{id}/return`.",
    )
    consultations: list[CaseConsultationOut] = Field(
        default_factory=list, description="Other agencies consulted on the case's decisions."
    )
    escalated_at: datetime.datetime | None = Field(
        None, description="When the case was escalated before its legal deadline, if it was."
    )


class ApplicationOut(Shape):
    id: uuid.UUID
    reference: str = Field(
        description="The application's short reference (QZ-7K4M-2P9X), the number people read "
        "and type on every channel; it names the application, it grants no access."
    )
    status: str
    life_situation: str | None
    service: str | None
    subject_iin: str = Field(
        description="Whom it is for: the applicant's own IIN, their child's, or a principal's; "
        "for a company's application, the person acting in its name."
    )
    subject_bin: str | None = Field(None, description="The company it is made for, if any.")
    ground: str = Field(
        "self", description="On what ground it was made: self, minor-child, granted, "
        "notarised, guardianship, company-head or company-certificate.",
    )  # fmt: skip
    mandate: uuid.UUID | None = Field(None, description="The mandate it was made under.")
    made_by_iin: str = Field(
        "", description="Who made it: the caller, or a representative in the caller's name."
    )
    made_by_name: dict[str, str] = Field(
        default_factory=dict, description="A representative's name (kk, ru), under a mandate."
    )
    channel: str
    created_at: datetime.datetime
    submitted_at: datetime.datetime | None


class FeeLineOut(Shape):
    service: str
    fee_mci: float = Field(description="The service's fee in MCI (before any exemption).")
    amount_tiyn: int = Field(description="What this person pays, in tiyn (1 tenge = 100 tiyn).")
    paid: str = Field(description="online (before the case proceeds) or in_person.")
    exemption: str | None = Field(description="The exemption category that waived the fee.")


class FeesOut(Shape):
    total_tiyn: int = Field(description="The whole application's fees, in tiyn.")
    online_tiyn: int = Field(description="What is paid online before the cases proceed.")
    currency: str
    services: list[FeeLineOut]


class ApplicationDetail(ApplicationOut):
    answers: dict[str, Any]
    data: dict[str, Any]
    services: list[str] = Field(description="Services that apply for the current answers.")
    prefilled: list[PrefilledValue] = Field(
        description="What the registries said about the applicant, each value as it is and in "
        "words."
    )
    presets: list[PresetOut] = Field(
        description="Answers and form values the state pre-set (decision 0050): the questions "
        "the registries answer and the values earlier answers give. A question or field left "
        "out or null gets them; what was sent stands."
    )
    cases: list[CaseOut]
    history: list[StatusChangeOut]
    fees: FeesOut = Field(
        description="Fees of the services that apply (a draft: with the values so far), for "
        "the person the application is for; exemptions applied."
    )


class AssignIn(RequestBody):
    assignee: str | None = Field(None, description="User name of an officer; default: you.")


class DecisionIn(RequestBody):
    decision: Literal["approve", "reject"]
    reason: str = Field("", max_length=4000, description="Required to reject.")


class ReturnIn(RequestBody):
    note: str = Field(
        "",
        max_length=2000,
        description="Required: what the officer who prepared the decision "
        "should look at again (officers read it, the citizen does not).",
    )


class ReversalIn(RequestBody):
    ground: ReversalGround = Field(description="Why the decision no longer stands.")
    reason: str = Field(
        "", max_length=2000, description="Required: the officer's reason; the citizen reads it."
    )


class FieldErrorOut(Shape):
    field: str = Field(description="Where, as in the request: `data.passport.reason`.")
    code: str = Field(description="What, as a stable message code.")
    message: str = Field(description="What, in the language of Accept-Language.")


class ProblemOut(Shape):
    """An error as ``application/problem+json`` (RFC 9457)."""

    type: str = Field(description="`urn:qyzmet:problem:<code>`.")
    title: str = Field(description="The HTTP status in words.")
    status: int
    detail: str = Field(description="What went wrong, in the language of Accept-Language.")
    code: str = Field(description="qyzmet's message code, stable for programs.")
    errors: list[FieldErrorOut] | None = Field(None, description="One entry per field in error.")


# Send back for correction
class SendBackIn(RequestBody):
    fields: list[str] = Field(
        [], description="Names of the fields of the service's form the citizen must change."
    )
    documents: list[str] = Field(
        [],
        description="Ids of the service's attachments the citizen must replace or add (at "
        "least one field or document).",
    )
    message: str = Field(
        "", max_length=2000, description="Required: what to change and why; read as written."
    )


class CorrectionIn(RequestBody):
    data: dict[str, Any] = Field(
        {},
        description="The new values of the fields named in the case's `correction` (null "
        "clears one); every other value is kept as submitted. A correction naming documents "
        "only may send none: the documents named must have been uploaded since the send-back.",
    )
