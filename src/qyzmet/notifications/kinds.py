"""What each kind of notification says, in Kazakh, Russian and English.

Texts are ``str.format`` templates filled from the notification's context. A kind may have
variants chosen by a context value (``case.decided`` by its ``outcome``). A context value that
is itself a ``{kk, ru, en}`` text is put in the recipient's language first.

A kind that ``carries_code`` (a one-time code) is worth delivering only while the code lives
(``lifetime``: no retry after it), never falls back to another channel (the code is bound to
where it went), and its stored body is masked once a gateway has taken it.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

from qyzmet.core.texts import Text, filled, pick
from qyzmet.core.written import as_html, as_text, is_written


@dataclass(frozen=True)
class Message:
    subject: Text
    body: Text


@dataclass(frozen=True)
class Kind:
    variants: dict[str, Message]
    variant_by: str = ""  # the context key whose value picks the variant
    carries_code: bool = False
    lifetime: datetime.timedelta | None = None  # not delivered (retried) after it


CODE_LIFETIME = datetime.timedelta(minutes=5)  # of sign-in and confirmation codes (accounts)


KINDS: dict[str, Kind] = {
    "application.submitted": Kind(
        {
            "": Message(
                subject={
                    "kk": "Өтінім берілді: {title}",
                    "ru": "Заявка подана: {title}",
                    "en": "Application submitted: {title}",
                },
                body={
                    "kk": "«{title}» өтініміңіз қабылданды (№ {number}). Шешім қабылданғанда "
                    "сізге хабарлаймыз. Мәртебесін «Менің өтінімдерім» бөлімінен көре аласыз.",
                    "ru": "Мы получили вашу заявку «{title}» (№ {number}). Мы сообщим вам о "
                    "решении. Следить за статусом можно в разделе «Мои заявки».",
                    "en": "We have received your application “{title}” (no. {number}). We will "
                    "tell you when it is decided. You can follow it under “My applications”.",
                },
            )
        }
    ),
    "case.decided": Kind(
        {
            "approved": Message(
                subject={
                    "kk": "Мақұлданды: {service}",
                    "ru": "Одобрено: {service}",
                    "en": "Approved: {service}",
                },
                body={
                    "kk": "«{service}» қызметіне өтініміңіз (№ {number}) мақұлданды. "
                    "Мекеме: {agency}.",
                    "ru": "Ваша заявка на услугу «{service}» (№ {number}) одобрена. "
                    "Ведомство: {agency}.",
                    "en": "Your application for “{service}” (no. {number}) has been approved. "
                    "Agency: {agency}.",
                },
            ),
            "rejected": Message(
                subject={
                    "kk": "Бас тартылды: {service}",
                    "ru": "Отказано: {service}",
                    "en": "Rejected: {service}",
                },
                body={
                    "kk": "«{service}» қызметіне өтініміңіз (№ {number}) бойынша бас тарту "
                    "туралы шешім қабылданды. Мекеме: {agency}. Себебі: {reason}",
                    "ru": "По вашей заявке на услугу «{service}» (№ {number}) принято решение "
                    "об отказе. Ведомство: {agency}. Причина: {reason}",
                    "en": "Your application for “{service}” (no. {number}) has been rejected. "
                    "Agency: {agency}. Reason: {reason}",
                },
            ),
            "withdrawn": Message(  # a correction not made in time (applications.corrections)
                subject={
                    "kk": "Өтінім кері қайтарылды: {service}",
                    "ru": "Заявка отозвана: {service}",
                    "en": "Application withdrawn: {service}",
                },
                body={
                    "kk": "«{service}» қызметіне өтініміңіз (№ {number}) кері қайтарылды. "
                    "Мекеме: {agency}. Себебі: {reason}",
                    "ru": "Ваша заявка на услугу «{service}» (№ {number}) отозвана. "
                    "Ведомство: {agency}. Причина: {reason}",
                    "en": "Your application for “{service}” (no. {number}) has been withdrawn. "
                    "Agency: {agency}. Reason: {reason}",
                },
            ),
        },
        variant_by="outcome",
    ),
    "case.reversed": Kind(
        {
            "approved": Message(
                subject={
                    "kk": "Шешімнің күші жойылды: {service}",
                    "ru": "Решение отменено: {service}",
                    "en": "Decision reversed: {service}",
                },
                body={
                    "kk": "«{service}» қызметіне өтініміңізді (№ {number}) мақұлдау туралы "
                    "шешімнің күші жойылды. Негізі: {ground}. Себебі: {reason}\n{revoked}"
                    "Мекеме ({agency}) жаңа шешім қабылдайды, ол туралы сізге хабарлаймыз.",
                    "ru": "Решение об одобрении вашей заявки на услугу «{service}» (№ {number}) "
                    "отменено. Основание: {ground}. Причина: {reason}\n{revoked}"
                    "Ведомство ({agency}) примет новое решение, мы сообщим вам о нём.",
                    "en": "The approval of your application for “{service}” (no. {number}) has "
                    "been reversed. Ground: {ground}. Reason: {reason}\n{revoked}"
                    "The agency ({agency}) will take a new decision; we will tell you of it.",
                },
            ),
            "rejected": Message(
                subject={
                    "kk": "Шешімнің күші жойылды: {service}",
                    "ru": "Решение отменено: {service}",
                    "en": "Decision reversed: {service}",
                },
                body={
                    "kk": "«{service}» қызметіне өтініміңіз (№ {number}) бойынша бас тарту "
                    "туралы шешімнің күші жойылды. Негізі: {ground}. Себебі: {reason}\n"
                    "Мекеме ({agency}) жаңа шешім қабылдайды, ол туралы сізге хабарлаймыз.",
                    "ru": "Решение об отказе по вашей заявке на услугу «{service}» (№ {number}) "
                    "отменено. Основание: {ground}. Причина: {reason}\n"
                    "Ведомство ({agency}) примет новое решение, мы сообщим вам о нём.",
                    "en": "The rejection of your application for “{service}” (no. {number}) has "
                    "been reversed. Ground: {ground}. Reason: {reason}\n"
                    "The agency ({agency}) will take a new decision; we will tell you of it.",
                },
            ),
        },
        variant_by="decision",
    ),
    "case.overdue": Kind(
        {
            "": Message(
                subject={
                    "kk": "Мерзімі өтіп кетті: {service}",
                    "ru": "Срок истёк: {service}",
                    "en": "Deadline missed: {service}",
                },
                body={
                    "kk": "«{service}» ісіңіз (№ {number}) бойынша заңда белгіленген мерзім "
                    "{due_date} аяқталды, бірақ шешім әлі қабылданған жоқ (мекеме: {agency}). "
                    "Шешім қабылданғанда сізге хабарлаймыз.",
                    "ru": "Установленный законом срок по вашему делу «{service}» (№ {number}) "
                    "истёк {due_date}, но решение ещё не принято (ведомство: {agency}). "
                    "Мы сообщим вам о решении.",
                    "en": "The legal deadline for your case “{service}” (no. {number}) was "
                    "{due_date}, and it has not been decided yet (agency: {agency}). "
                    "We will tell you when it is decided.",
                },
            )
        }
    ),
    "consent.code": Kind(
        {
            "": Message(
                subject={
                    "kk": "{partner} сіздің атыңыздан әрекет етуге рұқсат сұрайды",
                    "ru": "{partner} просит разрешения действовать от вашего имени",
                    "en": "{partner} asks to act on your behalf",
                },
                body={
                    "kk": "{partner} мақсаты: {purpose}. Келіссеңіз, {partner} қосымшасына осы "
                    "кодты енгізіңіз: {code} ({minutes} минут жарамды), немесе qyzmet "
                    "порталында «Келісімдер» бөлімінде растаңыз. Сұрауды өзіңіз бастамасаңыз, "
                    "кодты ешкімге айтпаңыз.",
                    "ru": "{partner}, цель: {purpose}. Если вы согласны, введите в приложении "
                    "{partner} код {code} (действует {minutes} минут) или подтвердите запрос "
                    "на портале qyzmet в разделе «Согласия». Если вы не начинали это сами, "
                    "никому не сообщайте код.",
                    "en": "{partner}, purpose: {purpose}. If you agree, enter the code {code} "
                    "in {partner}'s app (valid {minutes} minutes), or approve the request in "
                    "the qyzmet portal under “Consents”. If you did not start this yourself, "
                    "give the code to nobody.",
                },
            )
        },
        carries_code=True,
    ),
    "confirmation.code": Kind(
        {
            "": Message(
                subject={
                    "kk": "Растау коды",
                    "ru": "Код подтверждения",
                    "en": "Your confirmation code",
                },
                body={
                    "kk": "qyzmet: {what} растау коды: {code}. {minutes} минут жарамды. "
                    "Кодты ешкімге айтпаңыз.",
                    "ru": "qyzmet: код {code} подтверждает: {what}. Действует {minutes} минут. "
                    "Никому не сообщайте код.",
                    "en": "qyzmet: code {code} confirms: {what}. Valid for {minutes} minutes. "
                    "Never tell it to anyone.",
                },
            )
        },
        carries_code=True,
        lifetime=CODE_LIFETIME,
    ),
    "offer.made": Kind(
        {
            "": Message(
                subject={
                    "kk": "Мемлекет ұсынады: {title}",
                    "ru": "Государство предлагает: {title}",
                    "en": "The state offers you: {title}",
                },
                body={
                    "kk": "{description}\n\nҰсынысты qyzmet порталының «Ұсыныстар» бөлімінде бір "
                    "рет басып қабылдаңыз немесе одан бас тартыңыз; ол {until} дейін жарамды.",
                    "ru": "{description}\n\nПримите предложение одним нажатием или откажитесь "
                    "от него на портале qyzmet в разделе «Предложения»; оно действует до {until}.",
                    "en": "{description}\n\nAccept it with one click, or decline it, in the "
                    "qyzmet portal under “Offers”; it is open until {until}.",
                },
            )
        }
    ),
    # representation: mandates, and applications made by a representative
    "mandate.offered": Kind(
        {
            "": Message(
                subject={
                    "kk": "{principal} сізге сенімхат береді",
                    "ru": "{principal} выдаёт вам доверенность",
                    "en": "{principal} gives you a mandate",
                },
                body={
                    "kk": "{principal} сізге өз атынан өтініш беруге сенімхат береді: {services}, "
                    "{until} дейін. Оны qyzmet порталында «Аккаунт → Өкілдер» бөлімінде "
                    "қабылдаңыз немесе одан бас тартыңыз.",
                    "ru": "{principal} выдаёт вам доверенность подавать заявки от его имени: "
                    "{services}, до {until}. Примите или отклоните её на портале qyzmet в "
                    "разделе «Аккаунт → Представители».",
                    "en": "{principal} gives you a mandate to apply in their name: {services}, "
                    "until {until}. Accept or decline it in the qyzmet portal under "
                    "“Account → Representatives”.",
                },
            )
        }
    ),
    "mandate.answered": Kind(
        {
            "accepted": Message(
                subject={
                    "kk": "{representative} сенімхатты қабылдады",
                    "ru": "{representative} принял(а) доверенность",
                    "en": "{representative} accepted your mandate",
                },
                body={
                    "kk": "{representative} енді сіздің атыңыздан өтініш бере алады: {services}, "
                    "{until} дейін. Сенімхатты кез келген уақытта «Аккаунт → Өкілдер» "
                    "бөлімінде тоқтата аласыз.",
                    "ru": "{representative} теперь может подавать заявки от вашего имени: "
                    "{services}, до {until}. Прекратить доверенность можно в любой момент в "
                    "разделе «Аккаунт → Представители».",
                    "en": "{representative} may now apply in your name: {services}, until "
                    "{until}. You can end the mandate at any time under “Account → "
                    "Representatives”.",
                },
            ),
            "declined": Message(
                subject={
                    "kk": "Сенімхат қабылданбады",
                    "ru": "Доверенность отклонена",
                    "en": "Your mandate was declined",
                },
                body={
                    "kk": "Сіз берген сенімхатты өкіл қабылдамады: ол сіздің атыңыздан өтініш "
                    "бере алмайды.",
                    "ru": "Представитель отклонил выданную вами доверенность: подавать заявки "
                    "от вашего имени он не может.",
                    "en": "The representative declined the mandate you gave: they cannot "
                    "apply in your name.",
                },
            ),
        },
        variant_by="answer",
    ),
    "mandate.ended": Kind(
        {
            "": Message(
                subject={
                    "kk": "Сенімхат тоқтатылды",
                    "ru": "Доверенность прекращена",
                    "en": "A mandate was ended",
                },
                body={
                    "kk": "{principal} атынан {representative} әрекет ететін сенімхат "
                    "тоқтатылды ({by}). Бұдан былай ол бойынша өтініш беруге болмайды.",
                    "ru": "Доверенность, по которой {representative} действует от имени "
                    "{principal}, прекращена ({by}). Подавать по ней заявки больше нельзя.",
                    "en": "The mandate under which {representative} acts for {principal} was "
                    "ended ({by}). No application can be made under it any more.",
                },
            )
        }
    ),
    "mandate.recorded": Kind(
        {
            "": Message(
                subject={
                    "kk": "Өкілдік тіркелді: {kind}",
                    "ru": "Зарегистрировано представительство: {kind}",
                    "en": "Representation recorded: {kind}",
                },
                body={
                    "kk": "{agency} {principal} атынан {representative} әрекет ететінін тіркеді "
                    "({kind}, {document}): {services}, {until} дейін. Өкілдерді qyzmet "
                    "порталында «Аккаунт → Өкілдер» бөлімінен көре аласыз.",
                    "ru": "{agency} зарегистрировало, что {representative} действует от имени "
                    "{principal} ({kind}, {document}): {services}, до {until}. Представителей "
                    "видно на портале qyzmet в разделе «Аккаунт → Представители».",
                    "en": "{agency} recorded that {representative} acts for {principal} "
                    "({kind}, {document}): {services}, until {until}. You can see "
                    "representatives in the qyzmet portal under “Account → Representatives”.",
                },
            )
        }
    ),
    "application.submitted_for_you": Kind(
        {
            "": Message(
                subject={
                    "kk": "Сіздің атыңыздан өтінім берілді: {title}",
                    "ru": "От вашего имени подана заявка: {title}",
                    "en": "An application was made in your name: {title}",
                },
                body={
                    "kk": "Сіздің өкіліңіз {representative} атыңыздан «{title}» өтінімін берді "
                    "(№ {number}). Оны «Менің өтінімдерім» бөлімінен, ал деректеріңізге "
                    "сұрауларды деректер трекерінен көре аласыз.",
                    "ru": "Ваш представитель {representative} подал(а) от вашего имени заявку "
                    "«{title}» (№ {number}). Она видна в разделе «Мои заявки», а запросы ваших "
                    "данных — в трекере данных.",
                    "en": "Your representative {representative} made the application “{title}” "
                    "in your name (no. {number}). You can follow it under “My applications”, "
                    "and who asked for your data in your data tracker.",
                },
            )
        }
    ),
    "signin.code": Kind(
        {
            "": Message(
                subject={
                    "kk": "Кіру коды",
                    "ru": "Код для входа",
                    "en": "Your sign-in code",
                },
                body={
                    "kk": "qyzmet жүйесіне кіру кодыңыз: {code}. Ол {minutes} минут жарамды. "
                    "Кодты ешкімге, тіпті қызметкерлерге де айтпаңыз.",
                    "ru": "Ваш код для входа в qyzmet: {code}. Он действует {minutes} минут. "
                    "Никому его не сообщайте, даже сотрудникам.",
                    "en": "Your qyzmet sign-in code: {code}. It is valid for {minutes} minutes. "
                    "Never tell it to anyone, not even to staff.",
                },
            )
        },
        carries_code=True,
        lifetime=CODE_LIFETIME,
    ),
    # Appointments at service centres (issue 16): the reminder of the day before.
    "visit.reminder": Kind(
        {
            "": Message(
                subject={
                    "kk": "Ертең ХҚКО-ға келесіз: {time}",
                    "ru": "Завтра вы записаны в ЦОН: {time}",
                    "en": "Your visit to the service centre tomorrow: {time}",
                },
                body={
                    "kk": "Еске саламыз: ертең, {date}, сағат {time} «{centre}» ({address}) "
                    "күтеміз. Мақсаты: {purpose}. Өтінім № {number}. Жеке басты куәландыратын "
                    "құжатыңызды алыңыз. Келе алмасаңыз, уақытты ауыстырыңыз немесе жазылуды "
                    "болдырмаңыз — орын басқа адамға босайды.",
                    "ru": "Напоминаем: завтра, {date}, в {time} вас ждут в «{centre}» ({address}). "
                    "Цель: {purpose}. Заявка № {number}. Возьмите документ, удостоверяющий "
                    "личность. Если не сможете прийти, перенесите или отмените запись — место "
                    "освободится для другого.",
                    "en": "A reminder: tomorrow, {date}, at {time} you are expected at "
                    "“{centre}” ({address}). Purpose: {purpose}. Application no. {number}. "
                    "Bring your identity document. If you cannot come, move or cancel the "
                    "visit so that someone else can have the time.",
                },
            )
        }
    ),
    # Send back for correction (applications.corrections)
    "case.sent_back": Kind(
        {
            "": Message(
                subject={
                    "kk": "Өтінімді түзету қажет: {service}",
                    "ru": "Нужно исправить заявку: {service}",
                    "en": "Your application needs correcting: {service}",
                },
                body={
                    "kk": "«{service}» қызметіне өтініміңіз (№ {number}) түзетуге қайтарылды. "
                    "Түзету керек: {fields}. Мекеменің хабарламасы: {message}\n"
                    "Түзетіп, {term_ends} қоса алғанға дейін қайта жіберіңіз; қалғаны "
                    "сақталады. Өтінім түзетілгенше шешім мерзімі тоқтатылады.",
                    "ru": "Ваша заявка на услугу «{service}» (№ {number}) возвращена на "
                    "исправление. Исправить нужно: {fields}. Сообщение ведомства: {message}\n"
                    "Исправьте и отправьте её снова до {term_ends} включительно; всё остальное "
                    "сохранено. Пока заявка на исправлении, срок решения остановлен.",
                    "en": "Your application for “{service}” (no. {number}) has been sent back "
                    "for correction. To change: {fields}. The agency's message: {message}\n"
                    "Correct it and send it again by {term_ends} inclusive; everything else "
                    "is kept. The deadline for the decision stops while it is with you.",
                },
            )
        }
    ),
    # Appeals and complaints about delays (casework.appeals)
    "case.appealed": Kind(
        {
            "decision": Message(
                subject={
                    "kk": "Шағымыңыз қабылданды: {service}",
                    "ru": "Ваша жалоба принята: {service}",
                    "en": "Your appeal is received: {service}",
                },
                body={
                    "kk": "«{service}» қызметіне өтініміңіз (№ {number}) бойынша шешімге "
                    "шағымыңыз қабылданды. Оны {body} {due_date} қоса алғанға дейін қарайды.",
                    "ru": "Ваша жалоба на решение по заявке на услугу «{service}» (№ {number}) "
                    "принята. Её рассмотрит {body} до {due_date} включительно.",
                    "en": "Your appeal against the decision on your application for "
                    "“{service}” (no. {number}) is received. {body} will decide it by "
                    "{due_date} inclusive.",
                },
            ),
            "delay": Message(
                subject={
                    "kk": "Мерзімнің бұзылуы туралы шағымыңыз қабылданды: {service}",
                    "ru": "Ваша жалоба на нарушение срока принята: {service}",
                    "en": "Your complaint about the delay is received: {service}",
                },
                body={
                    "kk": "«{service}» қызметіне өтініміңіздің (№ {number}) мерзімі бұзылғаны "
                    "туралы шағымыңыз қабылданды. Оны {body} {due_date} қоса алғанға дейін "
                    "қарайды.",
                    "ru": "Ваша жалоба на нарушение срока по заявке на услугу «{service}» "
                    "(№ {number}) принята. Её рассмотрит {body} до {due_date} включительно.",
                    "en": "Your complaint about the delay of your application for “{service}” "
                    "(no. {number}) is received. {body} will decide it by {due_date} "
                    "inclusive.",
                },
            ),
        },
        variant_by="kind",
    ),
    "case.appeal_decided": Kind(
        {
            "dismissed": Message(
                subject={
                    "kk": "Шағым қанағаттандырусыз қалдырылды: {service}",
                    "ru": "Жалоба оставлена без удовлетворения: {service}",
                    "en": "Appeal dismissed: {service}",
                },
                body={
                    "kk": "«{service}» қызметіне өтініміңіз (№ {number}) бойынша шағымыңызды "
                    "{body} қанағаттандырусыз қалдырды. Себебі: {reason}\n"
                    "Бұл шешімге сотқа шағымдануға болады.",
                    "ru": "{body} оставило без удовлетворения вашу жалобу по заявке на услугу "
                    "«{service}» (№ {number}). Причина: {reason}\n"
                    "Это решение можно обжаловать в суде.",
                    "en": "{body} dismissed your appeal about your application for "
                    "“{service}” (no. {number}). Reasons: {reason}\n"
                    "You may challenge this in court.",
                },
            ),
            "upheld": Message(  # a complaint about a delay (an appeal upheld reverses)
                subject={
                    "kk": "Шағымыңыз қанағаттандырылды: {service}",
                    "ru": "Ваша жалоба удовлетворена: {service}",
                    "en": "Your complaint is upheld: {service}",
                },
                body={
                    "kk": "«{service}» қызметіне өтініміңіздің (№ {number}) мерзімі бұзылғаны "
                    "туралы шағымыңызды {body} қанағаттандырды: {reason}\n"
                    "Мекемеге ({agency}) шешімді кідіртпей қабылдау тапсырылды.",
                    "ru": "{body} удовлетворило вашу жалобу на нарушение срока по заявке на "
                    "услугу «{service}» (№ {number}): {reason}\n"
                    "Ведомству ({agency}) поручено принять решение без промедления.",
                    "en": "{body} upheld your complaint about the delay of your application "
                    "for “{service}” (no. {number}): {reason}\n"
                    "The agency ({agency}) is instructed to decide without further delay.",
                },
            ),
            "moot": Message(  # a complaint about a delay, the case decided meanwhile
                subject={
                    "kk": "Мерзімнің бұзылуы туралы шағым жабылды: {service}",
                    "ru": "Жалоба на нарушение срока закрыта: {service}",
                    "en": "Your complaint about the delay is closed: {service}",
                },
                body={
                    "kk": "«{service}» қызметіне өтініміңіз (№ {number}) бойынша осы уақыт "
                    "ішінде шешім қабылданды, сондықтан мерзімнің бұзылуы туралы шағымыңыз "
                    "жабылды. Шешімнің өзіне белгіленген мерзімде шағымдана аласыз.",
                    "ru": "По вашей заявке на услугу «{service}» (№ {number}) за это время "
                    "принято решение, поэтому ваша жалоба на нарушение срока закрыта. Само "
                    "решение можно обжаловать в установленный срок.",
                    "en": "Your application for “{service}” (no. {number}) has been decided "
                    "meanwhile, so your complaint about its delay is closed. You may appeal the "
                    "decision itself within its term.",
                },
            ),
        },
        variant_by="outcome",
    ),
}


def _value(value: Any, language: str, *, html: bool) -> Any:
    """A context value in ``language``: a ``{kk, ru, en}`` text picked, a value made of parts
    (a reason: a catalogue text and what an officer wrote) shown by ``core.written``."""
    if isinstance(value, list) or is_written(value):
        return as_html(value, language) if html else as_text(value, language)
    if isinstance(value, dict):
        value = pick(value, language)
    return conditional_escape(value) if html else value


def render_message(
    *, kind: str, context: dict[str, Any], language: str, html: bool = False
) -> tuple[str, str]:
    """The subject and body of a ``kind`` notification in ``language``; with ``html``, the body
    escaped, what an officer wrote in another language marked with its ``lang`` and a note."""
    spec = KINDS[kind]
    message = spec.variants[str(context.get(spec.variant_by, "")) if spec.variant_by else ""]
    plain = {key: _value(value, language, html=False) for key, value in context.items()}
    subject = filled(pick(message.subject, language), plain)
    if not html:
        return subject, filled(pick(message.body, language), plain)
    values = {key: _value(value, language, html=True) for key, value in context.items()}
    template = "<br>".join(
        conditional_escape(line) for line in pick(message.body, language).split("\n")
    )
    return subject, mark_safe(filled(template, values))  # template and values escaped


@dataclass(frozen=True)
class Shown:
    """A notification as the inbox shows it: in the reader's ``language`` when its context was
    kept, else as it was sent (``language`` then says which, for the page to mark)."""

    subject: str
    body: SafeString
    language: str
    as_sent: bool


def shown_in(notification: Any, language: str) -> Shown:
    context = notification.context
    if context is not None and notification.kind in KINDS:
        try:
            subject, body = render_message(
                kind=notification.kind, context=context, language=language, html=True
            )
        except (KeyError, IndexError, ValueError):  # a kind's wording changed since: as sent
            pass
        else:
            return Shown(subject, mark_safe(body), language, as_sent=False)
    body = mark_safe(
        "<br>".join(conditional_escape(line) for line in notification.body.split("\n"))
    )
    return Shown(notification.subject, body, notification.language, as_sent=True)
