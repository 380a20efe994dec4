"""The messenger channel's own records: each chat with where its conversation stands, the
links of chats to citizens, the updates received from the bot API, and the simulator's
transcript.

A chat is identified by the bot API's chat id (private chats only: a chat is one person)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from qyzmet.core.encrypted import EncryptedCharField, EncryptedTextField


class Step(models.TextChoices):
    START = "start"  # nothing asked
    IIN = "iin"  # linking: waiting for the IIN
    CODE = "code"  # linking: waiting for the one-time code
    MENU = "menu"  # linked: choosing a life situation or a service
    QUESTIONS = "questions"  # answering the life situation's questions
    CHECK = "check"  # confirming the registry data
    FIELD = "field"  # typing or choosing the value of ``Chat.field``
    REVIEW = "review"  # ready to submit
    CONFIRM = "confirm"  # waiting for the SMS code that signs the draft
    APPEAL = "appeal"  # waiting for the reasons of an appeal of the case ``Chat.field``
    APPEAL_CONFIRM = "appeal_confirm"  # the reasons written: waiting for "Send"


class Chat(models.Model):
    """One chat with the bot, and where its conversation stands. Kept in the database, so a
    conversation survives restarts and any worker can carry it on; a worker holds the chat's
    lease while it answers, so the updates of one chat are answered one at a time, in order."""

    chat_id = models.BigIntegerField(primary_key=True, help_text="The bot API's chat id.")
    language = models.CharField(max_length=2, default="ru", help_text="kk, ru or en.")
    step = models.CharField(max_length=16, choices=Step.choices, default=Step.START)
    iin = EncryptedCharField(
        max_length=12, blank=True, help_text="While linking: the IIN a code was asked for."
    )
    application = models.ForeignKey(
        "applications.Application",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The draft this chat is filling in.",
    )
    field = models.CharField(
        max_length=140,
        blank=True,
        help_text="Step `field`: the field asked, `service.name`; `appeal`: the case's id.",
    )
    reasons = EncryptedTextField(
        blank=True, help_text="Step `appeal_confirm`: the appeal's reasons as written, unsent."
    )
    code_requests = models.JSONField(
        default=list,
        blank=True,
        help_text="When this chat asked for linking codes within the last hour (the limit).",
    )
    lease = models.CharField(
        max_length=32, blank=True, help_text="The worker answering the chat's updates, if any."
    )
    leased_until = models.DateTimeField(
        null=True, blank=True, help_text="When the lease ends unless its worker renews it."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"chat {self.chat_id} ({self.step})"


class ChatLink(models.Model):
    """A chat linked to a citizen, proven with a one-time code sent to the citizen through
    qyzmet. A chat is linked to one citizen at a time, a citizen to one chat at a time; an
    ended link is kept with ``unlinked_at`` as its history."""

    chat = models.ForeignKey(Chat, on_delete=models.CASCADE, related_name="links")
    citizen = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="chat_links"
    )
    linked_at = models.DateTimeField(auto_now_add=True)
    unlinked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-linked_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["chat"],
                condition=models.Q(unlinked_at__isnull=True),
                name="chat_linked_once",
            ),
            models.UniqueConstraint(
                fields=["citizen"],
                condition=models.Q(unlinked_at__isnull=True),
                name="citizen_linked_once",
            ),
        ]

    def __str__(self) -> str:
        return f"chat {self.chat_id} → {self.citizen_id}"


class Update(models.Model):
    """An update received from the bot API, kept until a worker has answered it. The bot API
    sends an update again when it is not acknowledged, so ``update_id`` is unique: a repeated
    update is acknowledged and not answered twice. What the citizen wrote is emptied once
    answered; the row stays for a week to recognise late repeats."""

    update_id = models.BigIntegerField(unique=True)
    chat_id = models.BigIntegerField(help_text="The chat it came from.")
    payload = models.JSONField(help_text="The update as received; emptied once answered.")
    received_at = models.DateTimeField(auto_now_add=True)
    processed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["chat_id", "update_id"])]

    def __str__(self) -> str:
        return f"update {self.update_id} of chat {self.chat_id}"


class SimulatedMessage(models.Model):
    """A message of a simulated chat (``/demo/messenger/``): what the ``simulator`` bot client
    sent, and what the visitor wrote or pressed."""

    class Sender(models.TextChoices):
        BOT = "bot"
        CITIZEN = "citizen"

    chat_id = models.BigIntegerField()
    sender = models.CharField(max_length=8, choices=Sender.choices)
    text = models.TextField()
    reply_markup = models.JSONField(default=dict, blank=True)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["chat_id", "id"])]

    def __str__(self) -> str:
        return f"{self.sender} in chat {self.chat_id}"
