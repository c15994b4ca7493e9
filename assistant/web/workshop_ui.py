"""The trainers' workshop (Gradio Blocks at /workshop, trainer role): scenario runs and quiz mode."""

import tempfile
import time
from html import escape
from pathlib import Path

import gradio as gr
import yaml

from ..errors import AssistantError, ScenarioError
from ..evaluate import evaluate, html_report, parse_scenarios, passed, run_scenario
from .quiz import quiz_report, record, records_csv, totals
from .render import BADGES, answer_html, badge, clause_link
from .workshop_view import present_reveal, present_slide, results_table, split_extras, summary_html

VERDICT_CHOICES = [(words, verdict) for verdict, (words, _) in BADGES.items()]


def scenario_files(eval_dir: Path) -> list[str]:
    """Scenario files under eval/, as paths relative to it."""
    root = Path(eval_dir)
    return sorted(str(p.relative_to(root)) for p in root.rglob("*.y*ml") if p.is_file()) if root.is_dir() else []


def upload_folder() -> Path:
    """Where Gradio keeps uploaded files: the only place an uploaded scenario file may be read from."""
    from gradio.utils import get_upload_folder

    return Path(get_upload_folder()).resolve()


def yaml_problem(exc: Exception) -> str:
    """Where and what is wrong in a YAML file, without echoing any of the file's text."""
    mark = getattr(exc, "problem_mark", None)
    problem = getattr(exc, "problem", None) or "not YAML"
    where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark is not None else ""
    return f"{where}{problem}"


def load_choice(eval_dir: Path, choice: str | None, upload: str | None, clause_ids: set[str], renames=None,
                warnings: list | None = None):
    """(source name, scenarios) from an uploaded file, else the chosen file under eval/ (never outside either).
    Renamed clause ids count as their new ids; the warning lines go to `warnings`."""
    name, scenarios, _ = load_with_extras(eval_dir, choice, upload, clause_ids, renames, warnings)
    return name, scenarios


def load_with_extras(eval_dir: Path, choice: str | None, upload: str | None, clause_ids: set[str], renames=None,
                     warnings: list | None = None):
    """(source name, scenarios, {scenario id: {note, source}}): load_choice plus the trainer's notes."""
    if upload:
        path, name = Path(upload).resolve(), Path(upload).name
        if upload_folder() not in path.parents:
            raise ScenarioError(f"{name}: upload the file with the upload box")
    elif choice:
        root = Path(eval_dir).resolve()
        path, name = (root / choice).resolve(), choice
        if root not in path.parents:
            raise ScenarioError(f"{choice}: choose a file from the list")
    else:
        raise ScenarioError("choose a scenario file from the list or upload one")
    if path.suffix.lower() not in (".yaml", ".yml"):
        raise ScenarioError(f"{name}: a scenario file ends in .yaml or .yml")
    try:
        text = path.read_text(encoding="utf-8")
        data = yaml.safe_load(text)
    except OSError:
        raise ScenarioError(f"{name}: the file could not be read; upload it again") from None
    except UnicodeDecodeError:
        raise ScenarioError(f"{name}: not UTF-8 text; save it as UTF-8 and upload it again") from None
    except yaml.YAMLError as exc:
        raise ScenarioError(f"{name}: not valid YAML ({yaml_problem(exc)})") from None
    except ValueError:  # a value YAML cannot build, e.g. the date 2026-13-01
        raise ScenarioError(f"{name}: not valid YAML (a value that cannot be read, such as an impossible date)") \
            from None
    data, extras = split_extras(data)
    return name, parse_scenarios(data, name, clause_ids, renames, (warnings if warnings is not None else []).append,
                                 text), extras  # errors name the line and key, never the file's text


KEEP_EXPORTS = 3600.0  # seconds a report or quiz export stays on disk for its download


def exports_folder() -> Path:
    return Path(tempfile.gettempdir()) / "policy-assistant-workshop"


def prune_exports(folder: Path, keep: float = KEEP_EXPORTS, now: float | None = None) -> int:
    """Delete reports and exports older than `keep` seconds; returns how many went."""
    now = time.time() if now is None else now
    gone = 0
    for old in folder.glob("*/*") if folder.is_dir() else []:
        try:
            if now - old.stat().st_mtime > keep:
                old.unlink()
                old.parent.rmdir()
                gone += 1
        except OSError:
            continue  # another worker took it first, or the folder is not empty yet
    return gone


def _write(text: str, name: str) -> str:
    folder = exports_folder()
    folder.mkdir(mode=0o700, exist_ok=True)
    prune_exports(folder)
    path = Path(tempfile.mkdtemp(prefix="export-", dir=folder)) / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def policy_answer_html(scenario, clauses, note: str = "") -> str:
    """What the scenario file says the answer is: the acceptable verdicts, the expected clauses quoted, and the
    trainer's note."""
    verdicts = " ".join(badge(v) for v in scenario.expected_verdicts or ()) or "<em>verdict not scored</em>"
    items = "".join(
        f'<li><a href="{escape(clause_link(cid))}" target="_blank" rel="noopener">{escape(clauses[cid].label)}</a> '
        f'<code>{escape(cid)}</code><span class="pa-quote">&ldquo;{escape(clauses[cid].text)}&rdquo;</span></li>'
        for cid in scenario.expected_clauses)
    body = f'<ul class="pa-cites">{items}</ul>' if items else "<p>Out of scope: the policy does not cover this.</p>"
    why = f'<p class="pr-note"><strong>Why:</strong> {escape(note)}</p>' if note else ""
    return f'<div class="pa-answer"><p>{verdicts}</p>{body}{why}</div>'


def build_workshop_ui(svc):
    """Build (not launch) the workshop Blocks."""
    engine, eval_dir = svc.engine, svc.settings.eval_dir
    clause_ids, renames = set(engine.clauses), getattr(engine.corpus, "renames", None)

    def run(choice, upload, progress=gr.Progress()):  # noqa: B008 - Gradio finds the tracker by this default
        notes: list[str] = []
        try:
            source, scenarios = load_choice(eval_dir, choice, upload, clause_ids, renames, notes)
        except AssistantError as exc:
            return f'<p class="error" role="alert">{escape(str(exc))}</p>', None, None
        progress(0, desc="Running scenarios")
        result = evaluate(engine, scenarios, lambda done, total: progress((done, total), desc="Running scenarios"))
        report = _write(html_report(result, source), "evaluation-report.html")
        warned = "".join(f'<p class="pa-warning" role="status">{escape(n)}</p>' for n in notes)
        return warned + summary_html(result, source), results_table(result["results"]), report

    def quiz_view(state):
        if not state:
            return "<p>Choose a scenario file and start the quiz.</p>"
        i, scenarios = state["i"], state["scenarios"]
        if i >= len(scenarios):
            got, possible = totals(state["records"])
            return f"<h2>Finished: {got} of {possible} points. Export the session below.</h2>"
        return (f'<p>Scenario {i + 1} of {len(scenarios)}</p><h2 id="quiz-question">{escape(scenarios[i].question)}'
                "</h2>" + ("<p>Earlier in the conversation: " + escape(" / ".join(scenarios[i].history)) + "</p>"
                           if scenarios[i].history else ""))

    def score_line(state) -> str:
        got, possible = totals(state["records"]) if state else (0, 0)
        return f"**Score: {got} of {possible}**"

    def start(choice, upload):
        try:
            source, scenarios, extras = load_with_extras(eval_dir, choice, upload, clause_ids, renames)
        except AssistantError as exc:
            return None, f'<p class="error" role="alert">{escape(str(exc))}</p>', "", "", score_line(None)
        state = {"source": source, "scenarios": scenarios, "extras": extras, "i": 0, "records": [],
                 "revealed": False}
        return state, quiz_view(state), "", "", score_line(state)

    def reveal(state, verdict, clause):
        if not state or state["i"] >= len(state["scenarios"]) or state["revealed"]:
            return state, gr.update(), gr.update(), gr.update()
        scenario = state["scenarios"][state["i"]]
        answer = engine.ask(scenario.question, audience=scenario.audience, history=scenario.history)
        result = run_scenario(engine, scenario)
        result["passed"] = passed(result)
        entry = record(scenario, verdict or "", clause or "", result)
        state = {**state, "records": [*state["records"], entry], "revealed": True}
        verdict_note = {True: "right", False: "not the policy's", None: "not scored"}[entry["verdict_ok"]]
        mark = (f"<p>The group's verdict is {verdict_note}; the clause is "
                f"{'right' if entry['clause_ok'] else 'not one the policy answer rests on'} "
                f"({entry['points']} of {entry['possible']} points).</p>")
        note = state.get("extras", {}).get(scenario.id, {}).get("note", "")
        shown = answer_html(answer.to_dict(), clauses=engine.clauses)
        return state, mark + policy_answer_html(scenario, engine.clauses, note), shown, score_line(state)

    def next_scenario(state):
        if not state:
            return state, quiz_view(state), "", "", None, ""
        state = {**state, "i": state["i"] + 1, "revealed": False}
        return state, quiz_view(state), "", "", None, ""

    def export(state):
        if not state or not state["records"]:
            return None, None
        name = Path(state["source"]).stem
        return (_write(records_csv(state["records"]), f"quiz-{name}.csv"),
                _write(quiz_report(state["records"], state["source"]), f"quiz-{name}.html"))

    def present_start(choice, upload):
        try:
            source, scenarios, extras = load_with_extras(eval_dir, choice, upload, clause_ids)
        except AssistantError as exc:
            return None, f'<p class="error" role="alert">{escape(str(exc))}</p>', "", None
        state = {"source": source, "scenarios": scenarios, "extras": extras, "i": 0}
        return state, present_slide(state), "", None

    def present_reveal_step(state, vote):
        if not state or state["i"] >= len(state["scenarios"]):
            return gr.update()
        scenario = state["scenarios"][state["i"]]
        return present_reveal(scenario, state["extras"].get(scenario.id, {}), engine.clauses, vote)

    def present_move(state, step: int):
        if not state:
            return state, present_slide(state), "", None
        state = {**state, "i": min(max(state["i"] + step, 0), len(state["scenarios"]))}
        return state, present_slide(state), "", None

    # Gradio's own upload and output cache is cleared of files older than an hour, every hour.
    with gr.Blocks(title="Workshop: policy assistant", delete_cache=(3600, 3600)) as blocks:
        gr.HTML('<h1 style="margin:0">Trainers\' workshop</h1><p><a href="/">Home</a> &middot; '
                '<a href="/staff">Staff chat</a> &middot; <a href="/logout">Sign out</a></p>')
        with gr.Tab("Scenario run"):
            with gr.Row():
                choice = gr.Dropdown(scenario_files(eval_dir), label="Scenario file from eval/", elem_id="ws-file")
                upload = gr.File(label="... or upload a scenario file (YAML)", file_types=[".yaml", ".yml"],
                                 type="filepath", elem_id="ws-upload")
            go = gr.Button("Run", variant="primary", elem_id="ws-run")
            summary = gr.HTML(elem_id="ws-summary")
            table = gr.HTML(elem_id="ws-table")
            report = gr.File(label="HTML report", elem_id="ws-report")
            go.click(run, [choice, upload], [summary, table, report])
        with gr.Tab("Quiz"):
            state = gr.State(None)
            with gr.Row():
                q_choice = gr.Dropdown(scenario_files(eval_dir), label="Scenario file from eval/", elem_id="qz-file")
                q_upload = gr.File(label="... or upload one", file_types=[".yaml", ".yml"], type="filepath")
            begin = gr.Button("Start the quiz", variant="primary", elem_id="qz-start")
            question = gr.HTML(quiz_view(None), elem_id="qz-question")
            with gr.Row():
                verdict = gr.Radio(VERDICT_CHOICES, label="The group's verdict", elem_id="qz-verdict")
                clause = gr.Textbox(label="The group's clause, e.g. policy:4.1(2)", elem_id="qz-clause")
            with gr.Row():
                show = gr.Button("Reveal", variant="primary", elem_id="qz-reveal")
                after = gr.Button("Next scenario", elem_id="qz-next")
            score = gr.Markdown(score_line(None), elem_id="qz-score")
            with gr.Row(equal_height=False):
                with gr.Column():
                    gr.Markdown("### The policy answer")
                    policy = gr.HTML(elem_id="qz-policy")
                with gr.Column():
                    gr.Markdown("### The assistant's answer")
                    assistant = gr.HTML(elem_id="qz-assistant")
            save = gr.Button("Export the session (CSV and printable report)", elem_id="qz-export")
            with gr.Row():
                csv_file = gr.File(label="CSV")
                html_file = gr.File(label="Printable report (HTML)")
            begin.click(start, [q_choice, q_upload], [state, question, policy, assistant, score])
            show.click(reveal, [state, verdict, clause], [state, policy, assistant, score])
            after.click(next_scenario, [state], [state, question, policy, assistant, verdict, clause])
            save.click(export, [state], [csv_file, html_file])
        with gr.Tab("Present to a room", elem_id="pr-tab"):
            p_state = gr.State(None)
            with gr.Accordion("Scenario file", open=True, elem_id="pr-setup") as p_setup:
                with gr.Row():
                    p_choice = gr.Dropdown(scenario_files(eval_dir), label="Scenario file from eval/",
                                           elem_id="pr-file")
                    p_upload = gr.File(label="... or upload one", file_types=[".yaml", ".yml"], type="filepath")
            with gr.Row():
                p_begin = gr.Button("Start presenting", variant="primary", elem_id="pr-start")
                p_full = gr.Button("Full screen (Esc to leave)", elem_id="pr-full")
            with gr.Column(elem_id="pr-stage"):
                p_slide = gr.HTML(present_slide(None), elem_id="pr-slide")
                p_vote = gr.Radio(VERDICT_CHOICES, label="The room's vote", elem_id="pr-vote")
                with gr.Row():
                    p_back = gr.Button("Previous", elem_id="pr-back")
                    p_show = gr.Button("Reveal the policy's answer", variant="primary", elem_id="pr-reveal")
                    p_next = gr.Button("Next scenario", elem_id="pr-next")
                p_answer = gr.HTML(elem_id="pr-answer-box")
            to_stage = "() => { const s = document.getElementById('pr-stage'); if (s) { s.scrollIntoView(); } }"
            p_begin.click(present_start, [p_choice, p_upload], [p_state, p_slide, p_answer, p_vote]).then(
                lambda st: gr.Accordion(open=st is None), [p_state], [p_setup]).then(None, None, None, js=to_stage)
            p_show.click(present_reveal_step, [p_state, p_vote], [p_answer]).then(None, None, None, js=to_stage)
            p_next.click(lambda st: present_move(st, 1), [p_state], [p_state, p_slide, p_answer, p_vote])
            p_back.click(lambda st: present_move(st, -1), [p_state], [p_state, p_slide, p_answer, p_vote])
            p_full.click(None, None, None, js="() => { const s = document.getElementById('pr-stage'); "
                         "if (document.fullscreenElement) { document.exitFullscreen(); } "
                         "else if (s && s.requestFullscreen) { s.requestFullscreen(); } }")
    return blocks
