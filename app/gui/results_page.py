"""The results: overall score and maturity level (and what caps it), a bar per theme, the
critical gaps first, and the "I don't know" answers apart as things to find out."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QEvent, QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QListView,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from app.domain.scoring import AssessmentScore
from app.gui.charts import Bar, ThemeBarChart
from app.gui.look import card, label, score_color
from app.gui.report_buttons import ReportButtons
from app.gui.result_list_model import QUESTION_ID_ROLE, ResultDelegate, ResultListModel
from app.gui.session import AssessmentSession
from app.gui.translation import is_language_change
from app.i18n import _, format_number, ngettext


class ResultsPage(QWidget):
    question_requested = Signal(str)
    """The person wants to see (and maybe change) this question."""
    action_plan_requested = Signal()
    provider_questions_requested = Signal()
    """The person wants the page of technical questions for the IT provider."""

    def __init__(self, session: AssessmentSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session = session
        em = self.fontMetrics().height()

        self._title = label("title")
        self._score = label("score", wrap=False)
        self._out_of = label("muted", wrap=False)
        self._level = label("heading")
        self._level_text = label("body")
        self._open = label("muted")
        self._continue = QPushButton()
        self._continue.clicked.connect(self.on_continue_clicked)
        self._cap_frame, cap_layout = card("warning")
        self._cap = label("body")
        cap_layout.addWidget(self._cap)
        self._checks_frame, checks_layout = card("warning")
        self._checks = label("body")
        checks_layout.addWidget(self._checks)

        score_card, score_layout = card()
        number = QHBoxLayout()
        number.addWidget(self._score, 0, Qt.AlignmentFlag.AlignBottom)
        number.addWidget(self._out_of, 0, Qt.AlignmentFlag.AlignBottom)
        number.addSpacing(em)
        level = QVBoxLayout()
        level.addWidget(self._level)
        level.addWidget(self._level_text)
        number.addLayout(level, 1)
        score_layout.addLayout(number)
        score_layout.addWidget(self._cap_frame)
        score_layout.addWidget(self._checks_frame)
        open_row = QHBoxLayout()
        open_row.addWidget(self._open, 1)
        open_row.addWidget(self._continue)
        score_layout.addLayout(open_row)

        self._chart_title = label("heading")
        self._chart = ThemeBarChart()
        chart_card, chart_layout = card()
        chart_layout.addWidget(self._chart_title)
        chart_layout.addWidget(self._chart)

        self._gaps_title = label("heading")
        self._gaps_hint = label("muted")
        self._gaps = ResultListModel(session, self)
        self._gaps_view = self._list(self._gaps)
        self._unknown_title = label("heading")
        self._unknown_hint = label("muted")
        self._unknowns = ResultListModel(session, self)
        self._unknown_view = self._list(self._unknowns)
        lists_card, lists_layout = card()
        for widget in (self._gaps_title, self._gaps_hint, self._gaps_view,
                       self._unknown_title, self._unknown_hint, self._unknown_view):
            lists_layout.addWidget(widget)

        self._plan = QPushButton()
        self._plan.setProperty("primary", True)
        self._plan.clicked.connect(self.action_plan_requested)
        self._reports = ReportButtons()
        self._provider = QPushButton()
        self._provider.setObjectName("providerQuestions")
        self._provider.clicked.connect(self.provider_questions_requested)
        header = QHBoxLayout()
        header.addWidget(self._title, 1)
        header.addWidget(self._provider, 0, Qt.AlignmentFlag.AlignVCenter)
        header.addWidget(self._reports, 0, Qt.AlignmentFlag.AlignVCenter)
        header.addWidget(self._plan, 0, Qt.AlignmentFlag.AlignVCenter)

        left = QVBoxLayout()
        left.setSpacing(em)
        left.addWidget(score_card)
        left.addWidget(chart_card)
        left.addStretch(1)
        columns = QHBoxLayout()
        columns.setSpacing(em)
        columns.addLayout(left, 1)
        columns.addWidget(lists_card, 1)
        content = QWidget()
        content.setObjectName("page")
        layout = QVBoxLayout(content)
        layout.setContentsMargins(em * 3 // 2, em, em * 3 // 2, em)
        layout.setSpacing(em)
        layout.addLayout(header)
        layout.addLayout(columns, 1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(content)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)

        session.answers_changed.connect(self.refresh)
        self.retranslate()

    def _list(self, model: ResultListModel) -> QListView:
        view = QListView()
        view.setModel(model)
        view.setItemDelegate(ResultDelegate(view))
        view.setResizeMode(QListView.ResizeMode.Adjust)
        view.setVerticalScrollMode(QListView.ScrollMode.ScrollPerPixel)
        view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        view.setEditTriggers(QListView.EditTrigger.NoEditTriggers)
        view.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        view.setMinimumHeight(view.fontMetrics().height() * 6)
        view.activated.connect(self.on_list_activated)
        view.doubleClicked.connect(self.on_list_activated)
        return view

    @property
    def report_buttons(self) -> ReportButtons:
        return self._reports

    @property
    def provider_button(self) -> QPushButton:
        return self._provider

    @property
    def chart(self) -> ThemeBarChart:
        return self._chart

    @property
    def gaps_model(self) -> ResultListModel:
        return self._gaps

    @property
    def unknowns_model(self) -> ResultListModel:
        return self._unknowns

    def focus_first(self) -> None:
        """The next step has the focus: continue the questionnaire, or see the plan."""
        target = self._continue if self._continue.isVisible() else self._plan
        target.setFocus(Qt.FocusReason.OtherFocusReason)

    def score_text(self) -> str:
        return self._score.text()

    def retranslate(self) -> None:
        self._title.setText(_("Your results"))
        self._out_of.setText(_("/ 100"))
        self._continue.setText(_("Continue the questionnaire"))
        self._provider.setText(_("Questions for your IT provider…"))
        self._provider.setToolTip(_("Save as PDF the technical questions still open (no answer "
                                    "yet, or “I don't know”), to hand to your IT provider"))
        self._chart_title.setText(_("Score by theme"))
        self._gaps_view.setAccessibleName(_("Critical gaps"))
        self._unknown_hint.setText(_("You answered \"I don't know\": ask your IT provider or "
                                     "colleagues, then update the answer."))
        self._unknown_view.setAccessibleName(_("Answers to find out"))
        self._plan.setText(_("See the action plan") + " →")
        self._gaps.retranslate()
        self._unknowns.retranslate()
        self.refresh()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if is_language_change(event):
            self.retranslate()
        super().changeEvent(event)

    def refresh(self) -> None:
        score = self._session.score()
        text = self._session.text
        self._score.setText(format_number(score.overall) if score.overall is not None else "—")
        self._score.setStyleSheet(f"color: {score_color(score.overall).name()};")
        self._level.setText(_("Maturity level {number} of 5: {name}").format(
            number=score.level.number, name=_(score.level.name)))
        self._level_text.setText(_(score.level.description))
        self._cap_frame.setVisible(score.is_capped)
        if score.is_capped:
            self._cap.setText(self._cap_text(score))
        self._checks_frame.setVisible(bool(score.checks))
        if score.checks:
            items = "".join(f"<li><b>{escape(', '.join(check.about))}</b>: "
                            f"{escape(text(check.check.message))}</li>"
                            for check in score.checks)
            self._checks.setText("<p>" + escape(ngettext(
                "{count} answer to check: it contradicts another one.",
                "{count} answers to check: they contradict each other.",
                len(score.checks)).format(count=len(score.checks))) + f"</p><ul>{items}</ul>")
        open_count = len(self._session.open_questions())
        self._open.setText(ngettext(
            "{count} question is still open: the score counts only the answered ones.",
            "{count} questions are still open: the score counts only the answered ones.",
            open_count).format(count=open_count) if open_count else
            _("Every question is answered."))
        self._continue.setVisible(bool(open_count))
        self._chart.set_bars([Bar(text(t.theme.title), t.score)
                              for t in score.themes if t.asked])
        self._gaps.set_results(score.critical_gaps)
        self._unknowns.set_results(score.unknowns)
        self._unknown_title.setVisible(bool(score.unknowns))
        self._unknown_hint.setVisible(bool(score.unknowns))
        self._unknown_view.setVisible(bool(score.unknowns))
        self._gaps_view.setVisible(bool(score.critical_gaps))
        self._gaps_title.setText(_("Fix first: critical gaps ({count})").format(
            count=len(score.critical_gaps)))
        self._unknown_title.setText(_("To find out ({count})").format(
            count=len(score.unknowns)))
        self._gaps_hint.setText(
            _("Each of these alone exposes the practice. Double-click one to review your "
              "answer.") if score.critical_gaps else
            _("No critical gap among the answered questions."))

    def _cap_text(self, score: AssessmentScore) -> str:
        """Why the level is capped: each verdict rule that holds, with its reason."""
        intro = _("Your score alone would reach level {uncapped} ({name}), but these answers "
                  "hold the practice at level {level}. Fix them first.").format(
            uncapped=score.uncapped_level.number, name=_(score.uncapped_level.name),
            level=score.level.number)
        if not score.caps:  # a questionnaire without verdict rules
            return escape(intro)
        items = "".join(
            "<li>" + escape(_("Level {level} at most ({questions}): {reason}").format(
                level=cap.level, questions=", ".join(cap.about),
                reason=self._session.text(cap.rule.reason))) + "</li>"
            for cap in score.caps)
        return f"<p>{escape(intro)}</p><ul>{items}</ul>"

    def on_continue_clicked(self) -> None:
        open_questions = self._session.open_questions()
        if open_questions:
            self.question_requested.emit(open_questions[0])

    def on_list_activated(self, index: QModelIndex) -> None:
        question_id = index.data(QUESTION_ID_ROLE)
        if isinstance(question_id, str):
            self.question_requested.emit(question_id)
