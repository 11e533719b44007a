"""Demo audience questions and feedback (issue #11, part 6), called from demo.seed.

The sample forums' dialogue and paper sessions get questions through the services (attendees registered
first, most questions approved, one hidden, one answered, votes by other attendees); the bulk events that
are over get questions with votes and feedback written in bulk, their vote counts equal to their votes.
"""

import datetime

from django.utils import timezone

from musharaka.core.bulk import insert_rows
from musharaka.core.errors import DomainError

from . import questions, services
from .models import (
    Event,
    Question,
    QuestionStatus,
    QuestionVote,
    Registration,
    RegistrationStatus,
    Session,
    SessionFeedback,
    SessionKind,
)

QUESTION_TEXTS = [
    "كيف يمكن للجمعيات الأهلية الصغيرة أن تدخل في شراكات مع القطاع الخاص؟",
    "ما المؤشرات التي تعتمدونها لقياس الأثر الاجتماعي للمبادرات؟",
    "هل هناك خطة لتعميم تجربة مراكز الأحياء على بقية مدن المنطقة؟",
    "كيف نضمن استدامة المبادرات بعد انتهاء التمويل؟",
    "ما دور الشباب المتطوعين في تنفيذ توصيات الملتقى؟",
    "متى تنشر توصيات هذا الملتقى وكيف نتابع تنفيذها؟",
    "هل يمكن للقطاع غير الربحي الاستفادة من المنصات الرقمية الحكومية مجانًا؟",
    "كيف تُشرك البلدية سكان الحي في ترتيب أولويات المشاريع؟",
    "ما الحوافز المقدمة للشركات التي تتبنى مبادرات المسؤولية المجتمعية؟",
    "هل توجد برامج تدريبية لقادة الجمعيات في إدارة الشراكات؟",
]
COMMENTS = [
    "جلسة ثرية والمتحدثون متمكنون.",
    "نتمنى زيادة وقت الأسئلة والنقاش.",
    "المحتوى مفيد لكن القاعة كانت مزدحمة.",
    "أفكار عملية يمكن تطبيقها في جمعيتنا.",
    "",
    "",
]
ASKING_KINDS = (SessionKind.DIALOGUE, SessionKind.PAPER)


def seed(ctx, samples: list[Event]) -> None:
    _samples(ctx, samples)
    _bulk(ctx)
    ctx.log(f"  {Question.objects.count()} audience questions, {QuestionVote.objects.count()} votes, "
            f"{SessionFeedback.objects.count()} session ratings")


def _samples(ctx, samples: list[Event]) -> None:
    rng = ctx.rng
    people = ctx.shared["people"]
    for event in samples:
        sessions = list(Session.objects.filter(event=event, kind__in=ASKING_KINDS).order_by("starts_at", "pk"))
        if not sessions:
            continue
        attendees = []
        categories = list(event.audiences.values_list("category", flat=True))
        category = "public" if "public" in categories else categories[0] if categories else "public"
        for person in rng.sample(people, min(12, len(people))):
            if Registration.objects.filter(event=event, user=person).exists():
                continue
            try:
                registration = services.registration_create(actor=person, event=event, category=category)
            except DomainError:
                continue
            if registration.status == RegistrationStatus.CONFIRMED:
                attendees.append(person)
        if len(attendees) < 3:
            continue
        moderator = event.created_by or attendees[0]
        for session in sessions:
            texts = rng.sample(QUESTION_TEXTS, 4)
            for index, text in enumerate(texts):
                asker = attendees[index % len(attendees)]
                question = questions.question_ask(actor=asker, session=session, text=text, anonymous=index == 2)
                if index == 3:
                    continue  # one left waiting for the moderator
                questions.question_moderate(actor=moderator, question=question, action="approve")
                for voter in rng.sample(attendees, rng.randint(0, len(attendees) - 1)):
                    if voter.pk != asker.pk:
                        questions.question_vote(actor=voter, question=question)
            if rng.random() < 0.5:
                hidden = questions.question_ask(actor=attendees[-1], session=session,
                                                text="سؤال خارج موضوع الجلسة تماماً")
                questions.question_moderate(actor=moderator, question=hidden, action="hide")


def _bulk(ctx) -> None:
    """Past bulk events: three questions per dialogue or paper session with votes, and ratings from attendees."""
    rng = ctx.rng
    now = timezone.now()
    past = list(Event.objects.filter(ends_at__lt=now, series__isnull=True, created_by__isnull=True)
                .values_list("pk", flat=True))
    attendees: dict[int, list[int]] = {}
    for event_id, user_id in (Registration.objects.filter(event_id__in=past, status=RegistrationStatus.CONFIRMED,
                                                          user__isnull=False).values_list("event_id", "user_id")):
        attendees.setdefault(event_id, []).append(user_id)
    sessions = list(Session.objects.filter(event_id__in=past).values_list("pk", "event_id", "kind", "ends_at"))
    question_rows, feedback_rows, voters_by_question = [], [], []
    for session_id, event_id, kind, ends_at in sessions:
        people = attendees.get(event_id, [])
        if len(people) < 5:
            continue
        if kind in ASKING_KINDS:
            for text in rng.sample(QUESTION_TEXTS, 3):
                voters = rng.sample(people, rng.randint(0, min(25, len(people) - 1)))
                asker = rng.choice([p for p in people if p not in voters] or people)
                voters = [v for v in voters if v != asker]
                status = rng.choice([QuestionStatus.ANSWERED, QuestionStatus.ANSWERED, QuestionStatus.APPROVED,
                                     QuestionStatus.HIDDEN])
                question_rows.append((session_id, asker, text, rng.random() < 0.2, status, len(voters),
                                      ends_at - datetime.timedelta(minutes=30)))
                voters_by_question.append(voters)
        for user_id in rng.sample(people, min(10, len(people))):
            rating = rng.choices([1, 2, 3, 4, 5], weights=[1, 2, 5, 9, 8])[0]
            feedback_rows.append((session_id, user_id, rating, rng.choice(COMMENTS), now, now))
    created = Question.objects.bulk_create(
        [Question(session_id=s, author_id=a, text=t, anonymous=anon, status=st, vote_count=n, created_at=at)
         for s, a, t, anon, st, n, at in question_rows], batch_size=5000)
    votes = [(question.pk, voter, now) for question, voters in zip(created, voters_by_question, strict=True)
             for voter in voters]
    insert_rows(QuestionVote, ["question_id", "user_id", "created_at"], votes)
    insert_rows(SessionFeedback, ["session_id", "user_id", "rating", "comment", "created_at", "updated_at"],
                feedback_rows)
