"""Visit templates: the built-in note structures (初回面談, 定期訪問, ...) and the user's
own, and how a template's structure is merged into notes already typed."""

from __future__ import annotations

import unicodedata
import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from sqlmodel import Session, col, select

from companion.db.models import VisitTemplate
from companion.domain.enums import VisitMode
from companion.errors import NotFoundError, ValidationError
from companion.services.visits.capture import MAX_LONG_TEXT, MAX_SHORT_TEXT, check_length
from companion.services.visits.follow_ups import OpenAction
from companion.services.visits.notes import headings


@dataclass(frozen=True)
class TemplateInfo:
    id: uuid.UUID | None  # None: built in
    name: str
    mode: VisitMode
    purpose: str
    notes: str

    @property
    def builtin(self) -> bool:
        return self.id is None


BUILTIN_TEMPLATES: tuple[TemplateInfo, ...] = (
    TemplateInfo(None, "初回面談", VisitMode.ON_SITE, "初回面談",
                 "■事業の概要・沿革\n\n■代表者の想い・困りごと\n\n■売上・客層・販路の現状\n\n"
                 "■強みの候補(対話で見つけたこと)\n\n■本質的課題の仮説\n\n■次回までに\n"),
    TemplateInfo(None, "定期訪問", VisitMode.ON_SITE, "定期訪問",
                 "■前回の宿題の確認\n\n■この間の動き(売上・客数・出来事)\n\n■今日の相談内容\n\n"
                 "■気づき・助言\n\n■次回までに\n"),
    TemplateInfo(None, "オンライン相談", VisitMode.ONLINE, "オンライン相談",
                 "■参加者・接続\n\n■相談内容\n\n■画面で共有した資料\n\n■助言と合意\n\n■次回までに\n"),
    TemplateInfo(None, "補助金申請支援", VisitMode.AT_CENTRE, "補助金の申請支援",
                 "■対象の補助金・公募回・締切\n\n■事業計画の要点(取組内容と効果)\n\n"
                 "■経費の見込み(見積書の有無)\n\n■必要書類と不足しているもの\n\n"
                 "■加点項目・スケジュール\n\n■役割分担(事業者/支援者)\n"),
)
_BUILTIN_NAMES = {t.name for t in BUILTIN_TEMPLATES}


def list_templates(*, session: Session) -> list[TemplateInfo]:
    """The built-in templates, then the user's own (by name)."""
    own = session.exec(select(VisitTemplate).where(col(VisitTemplate.archived).is_(False))
                       .order_by(col(VisitTemplate.name))).all()
    return [*BUILTIN_TEMPLATES,
            *(TemplateInfo(t.id, t.name, VisitMode(t.mode), t.purpose, t.notes) for t in own)]


def save_template(*, session: Session, name: str, mode: VisitMode, purpose: str,
                  notes: str) -> TemplateInfo:
    """Save the user's own template (a template of the same name is replaced)."""
    name = unicodedata.normalize("NFC", name).strip()
    if not name:
        raise ValidationError("テンプレートの名前を入力してください。", field="template")
    if len(name) > 40:
        raise ValidationError("テンプレートの名前は40文字までです。", field="template")
    if name in _BUILTIN_NAMES:
        raise ValidationError("「{name}」は標準のテンプレートの名前です。別の名前にしてください。",
                              field="template", name=name)
    if not notes.strip() and not purpose.strip():
        raise ValidationError("テンプレートにする目的か記録の構成を入力してください。", field="template")
    check_length(notes, MAX_LONG_TEXT, "notes")
    check_length(purpose, MAX_SHORT_TEXT, "purpose")
    template = session.exec(select(VisitTemplate).where(VisitTemplate.name == name)).first()
    if template is None:
        template = VisitTemplate(name=name, mode=mode)
        session.add(template)
    template.mode = VisitMode(mode)
    template.purpose = purpose
    template.notes = notes
    template.archived = False
    session.commit()
    return TemplateInfo(template.id, template.name, VisitMode(template.mode), template.purpose,
                        template.notes)


def archive_template(*, session: Session, template_id: uuid.UUID) -> None:
    """Remove one of the user's templates from the list (kept in the database)."""
    template = session.get(VisitTemplate, template_id)
    if template is None:
        raise NotFoundError("テンプレートが見つかりません。")
    template.archived = True
    session.commit()


def _action_line(action: OpenAction) -> str:
    due = f"、{action.due_on.month}/{action.due_on.day}まで" if action.due_on else ""
    return f"・{action.text}({action.owner}{due})"


def template_notes(template: TemplateInfo, open_actions: Sequence[OpenAction] = ()) -> str:
    """The template's note structure; the last visit's open next actions are listed under
    the heading where they are checked (■前回の宿題…, else at the top)."""
    notes = template.notes
    if not open_actions:
        return notes
    lines = "\n".join(_action_line(a) for a in open_actions)
    marker = "■前回の宿題の確認\n"
    if marker in notes:
        return notes.replace(marker, marker + lines + "\n", 1)
    return f"■前回の次のアクション(未完了)\n{lines}\n\n{notes}"


def merge_notes(current: str, addition: str) -> str:
    """Add a template's structure to notes without losing what was typed."""
    if not current.strip():
        return addition
    if addition.strip() in current:
        return current
    return current.rstrip("\n") + "\n\n" + addition


def template_of(notes: str, templates: Sequence[TemplateInfo]) -> TemplateInfo | None:
    """The template the notes were started from: the one whose ■ headings are all in
    the notes (the one with the most headings when several are); None when none is."""
    present = set(headings(notes))
    best: TemplateInfo | None = None
    best_count = 0
    for template in templates:
        wanted = set(headings(template.notes))
        if wanted and wanted <= present and len(wanted) > best_count:
            best, best_count = template, len(wanted)
    return best
