"""`quizapp [--data-dir DIR] [--database URL] COMMAND ...`: the headless front end (DESIGN.md contract).

Exit 0 on success, 1 for a problem with the user's data or files (message on stderr, nothing
changed), 2 for a usage error. With `--json`, exactly one JSON object on stdout, failure included.
A traceback never reaches the user: unexpected errors are logged to the data dir's `logs/`.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import math
import os
import sys
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from quizapp import __version__
from quizapp.commands.result import CommandResult
from quizapp.core.errors import Located, UserError
from quizapp.core.packs.template import MAX_ITEMS, MAX_MINUTES

PASSPHRASE_ENV = "QUIZAPP_INSTRUCTOR_PASSPHRASE"

if TYPE_CHECKING:
    from quizapp.core.db.location import DatabaseLocation


class UsageError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{self.prog}: {message}")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="quizapp", description="Offline CCMA practice exams. Without a command, opens the app.")
    parser.add_argument("--version", action="version", version=f"quizapp {__version__}",
                        help='print the version and exit (with --json: {"version": V})')
    parser.add_argument("--data-dir", metavar="DIR", help="where your answers and settings live "
                        "(default: $QUIZAPP_DATA_DIR, else the platform's data folder)")
    desktop = parser.add_mutually_exclusive_group()
    desktop.add_argument("--install-desktop-entry", action="store_true",
                         help="add quizapp (this install, with --data-dir if given) to your desktop's application "
                              "menu: $XDG_DATA_HOME/applications/quizapp.desktop and its icon")
    desktop.add_argument("--remove-desktop-entry", action="store_true",
                         help="take that menu entry and its icon away again")
    parser.add_argument("--database", metavar="URL", type=_database_url,
                        help="another database instead of the one in the data dir, e.g. a class's server: "
                        "postgresql://user:password@host:port/database (default: $QUIZAPP_DATABASE_URL)")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    bank = commands.add_parser("bank", help="build, check or describe the built-in question bank")
    bank_cmds = bank.add_subparsers(dest="bank_command", metavar="SUBCOMMAND", required=True, parser_class=_Parser)
    build = bank_cmds.add_parser("build", help="compile question_bank/ to SQLite")
    build.add_argument("--out", metavar="FILE", help="output file (default: bank.sqlite in the data dir)")
    build.add_argument("--json", action="store_true")
    check = bank_cmds.add_parser("check", help="validate the bank files")
    check.add_argument("--documents", metavar="DIR", help="the source documents, to check every citation")
    check.add_argument("--json", action="store_true")
    stats = bank_cmds.add_parser("stats", help="counts per domain, key balance and more")
    stats.add_argument("--set", dest="set_slug", metavar="SLUG", help="only this built-in set (builtin, essentials)")
    stats.add_argument("--json", action="store_true")

    db = commands.add_parser("db", help="the database file itself")
    db_cmds = db.add_subparsers(dest="db_command", metavar="SUBCOMMAND", required=True, parser_class=_Parser)
    db_check = db_cmds.add_parser("check", help="run SQLite's integrity check on the database (exit 1 if damaged); "
                                  "on a server, check that it answers with a quizapp database")
    db_check.add_argument("--json", action="store_true")

    sets = commands.add_parser("sets", help="list question sets")
    sets.add_argument("--json", action="store_true")

    notes = commands.add_parser("notes", help="the CCMA Essentials study notes: list them, or show one as text")
    notes.add_argument("--json", action="store_true")
    notes_cmds = notes.add_subparsers(dest="notes_command", metavar="SUBCOMMAND", parser_class=_Parser)
    notes_show = notes_cmds.add_parser("show", help="print a note as plain text")
    notes_show.add_argument("name", metavar="NAME", help="the note's name, e.g. phlebotomy (see `quizapp notes`)")
    notes_show.add_argument("--json", action="store_true")

    stats = commands.add_parser("stats", help="one student's progress: answers, accuracy, readiness")
    stats.add_argument("--profile", metavar="NAME", help="whose progress (default: the last-used profile)")
    stats.add_argument("--class", dest="class_name", metavar="NAME", help="the profile's class, where names repeat")
    stats.add_argument("--pin-file", metavar="F", help="a file holding the profile's PIN, when it has one")
    stats.add_argument("--json", action="store_true")

    _instructor_commands(commands)

    blueprint = commands.add_parser("blueprint", help="check that the bank can fill a mock exam")
    blueprint_cmds = blueprint.add_subparsers(dest="blueprint_command", metavar="SUBCOMMAND", required=True,
                                              parser_class=_Parser)
    blueprint_check = blueprint_cmds.add_parser("check", help="wanted vs available items per domain")
    blueprint_check.add_argument("slug", metavar="SLUG")
    blueprint_check.add_argument("--json", action="store_true")

    imp = commands.add_parser("import", help="import a question set (GIFT, Aiken, Moodle XML, CSV, JSON) or an "
                              "exam pack")
    imp.add_argument("file", metavar="FILE")
    imp.add_argument("--format", choices=("gift", "aiken", "moodle-xml", "csv", "json"),
                     help="the file's format (default: detected from the content)")
    imp.add_argument("--name", help="the set's name (default: the file's name without extension)")
    imp.add_argument("--skip-invalid", action="store_true", help="import the valid questions, list the rest")
    imp.add_argument("--dry-run", action="store_true", help="report what would happen, change nothing")
    imp.add_argument("--json", action="store_true")

    exp = commands.add_parser("export", help="export a question set (GIFT, Moodle XML, CSV, JSON)")
    exp.add_argument("--set", dest="set_slug", metavar="SLUG", required=True, help="the set (see `quizapp sets`)")
    exp.add_argument("--format", choices=("gift", "moodle-xml", "csv", "json"), required=True)
    exp.add_argument("--out", metavar="FILE", required=True, help="the file to write (CSV images go beside it)")
    exp.add_argument("--json", action="store_true")

    pack = commands.add_parser("pack", help="exam packs for a class")
    pack_cmds = pack.add_subparsers(dest="pack_command", metavar="SUBCOMMAND", required=True, parser_class=_Parser)
    pack_export = pack_cmds.add_parser("export", help="draw an exam's questions now and write them as one pack file")
    pack_export.add_argument("--name", required=True, help="the exam's name, shown to students")
    pack_export.add_argument("--minutes", type=_minutes, required=True, metavar="M",
                             help=f"the time limit, whole minutes from 1 to {MAX_MINUTES}")
    pack_export.add_argument("--pass-mark", type=_pass_mark, required=True, metavar="PERCENT",
                             help="the instructor's pass mark, a percent of items correct from 1 to 100: 70 or "
                                  "70%% (never an NHA pass mark)")
    chosen = pack_export.add_mutually_exclusive_group(required=True)
    chosen.add_argument("--domain", action="append", type=_count, metavar="NAME=N",
                        help="N items from a CCMA domain or Clinical sub-domain (repeat for each)")
    chosen.add_argument("--set", dest="sets", action="append", type=_count, metavar="SLUG=N",
                        help="N items from a question set (repeat for each)")
    pack_export.add_argument("--out", metavar="FILE", required=True)
    pack_export.add_argument("--seed", type=int, help="draw the same questions again")
    pack_export.add_argument("--passphrase-file", metavar="FILE",
                             help="the file holding your signing passphrase (default: $QUIZAPP_INSTRUCTOR_PASSPHRASE); "
                                  "the first export creates your signing key with it")
    pack_export.add_argument("--json", action="store_true")

    history = commands.add_parser("history", help="carry a student's history between computers")
    history_cmds = history.add_subparsers(dest="history_command", metavar="SUBCOMMAND", required=True,
                                          parser_class=_Parser)
    history_export = history_cmds.add_parser("export", help="write a profile's history to a file")
    history_export.add_argument("--profile", required=True, metavar="NAME", help="whose history")
    history_export.add_argument("--class", dest="class_name", metavar="NAME", help="the profile's class, where "
                                "names repeat")
    history_export.add_argument("--out", required=True, metavar="FILE")
    history_export.add_argument("--json", action="store_true")
    history_import = history_cmds.add_parser("import", help="merge a history file into a profile (results are "
                                             "recomputed from this computer's keys)")
    history_import.add_argument("file", metavar="FILE")
    history_import.add_argument("--profile", required=True, metavar="NAME", help="the profile to merge it into")
    history_import.add_argument("--class", dest="class_name", metavar="NAME", help="the profile's class, where "
                                "names repeat")
    history_import.add_argument("--into-other-profile", action="store_true",
                                help="import it even though the file is another profile's")
    history_import.add_argument("--json", action="store_true")
    return parser


def _minutes(text: str) -> int:
    """A whole number of minutes, 1 to MAX_MINUTES: anything else is a usage error (exit 2)."""
    try:
        value = int(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of minutes") from None
    if not 1 <= value <= MAX_MINUTES:
        raise argparse.ArgumentTypeError(f"the time limit is from 1 to {MAX_MINUTES} minutes, not {value}")
    return value
def _instructor_commands(commands: Any) -> None:
    """`class create|results`, `items`, `report student|class`: each needs the passphrase."""

    def secret(p: argparse.ArgumentParser) -> None:
        p.add_argument("--passphrase-file", metavar="F", help="a file holding the instructor passphrase "
                       "(default: $QUIZAPP_INSTRUCTOR_PASSPHRASE)")
        p.add_argument("--json", action="store_true")

    def dates(p: argparse.ArgumentParser) -> None:
        p.add_argument("--since", metavar="DATE", help="from this local day on (YYYY-MM-DD)")
        p.add_argument("--until", metavar="DATE", help="up to this local day, included (YYYY-MM-DD)")

    klass = commands.add_parser("class", help="classes on a shared database (instructor)")
    class_cmds = klass.add_subparsers(dest="class_command", metavar="SUBCOMMAND", required=True, parser_class=_Parser)
    create = class_cmds.add_parser("create", help="a new class; the first one sets the instructor passphrase")
    create.add_argument("name", metavar="NAME")
    secret(create)
    results = class_cmds.add_parser("results", help="every student: answers, accuracy by domain, mock exams")
    results.add_argument("--class", dest="class_name", metavar="NAME", help="one class (default: every student)")
    dates(results)
    secret(results)

    items = commands.add_parser("items", help="item analysis: which questions are too easy, too hard or broken")
    items.add_argument("--set", dest="set_slug", metavar="SLUG")
    items.add_argument("--class", dest="class_name", metavar="NAME")
    dates(items)
    items.add_argument("--min-answers", type=_non_negative, default=1, metavar="N",
                       help="only questions answered by at least N students")
    secret(items)

    report = commands.add_parser("report", help="a student's or the class's report as PDF or CSV")
    report_cmds = report.add_subparsers(dest="report_command", metavar="SUBCOMMAND", required=True,
                                        parser_class=_Parser)
    student = report_cmds.add_parser("student", help="one student's results, trend, weakest topics, mock exams")
    student.add_argument("--profile", metavar="P", required=True)
    student.add_argument("--class", dest="class_name", metavar="NAME")
    student.add_argument("--out", metavar="FILE", required=True, help="FILE.pdf or FILE.csv")
    secret(student)
    whole = report_cmds.add_parser("class", help="the results table and an item-analysis summary")
    whole.add_argument("--class", dest="class_name", metavar="NAME")
    dates(whole)
    whole.add_argument("--out", metavar="FILE", required=True, help="FILE.pdf or FILE.csv")
    secret(whole)


def _non_negative(text: str) -> int:
    if not text.strip().isdigit():
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of 0 or more")
    return int(text)


def _database_url(text: str) -> DatabaseLocation:
    from quizapp.core.db.location import BadDatabaseUrl, parse_database_url

    try:
        return parse_database_url(text)
    except BadDatabaseUrl as exc:
        raise argparse.ArgumentTypeError(exc.message) from None


def _pass_mark(text: str) -> float:
    """A percent from 1 to 100 ("70" or "70%"), as the fraction core keeps. "0.7" or "1" were
    ambiguous (1%? 100%?), so a mark is always a percent."""
    try:
        value = float(text.strip().removesuffix("%"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a pass mark: give a percent from 1 to 100, e.g. 70")from None
    if not 1 <= value <= 100:
        raise argparse.ArgumentTypeError(f"{text!r} is not a pass mark: give a percent from 1 to 100, e.g. 70 "
                                         "(not a fraction like 0.7)")
    return value / 100


def _passphrase(file: str | None) -> str:
    """The instructor's passphrase from `--passphrase-file` (one trailing newline stripped) or
    QUIZAPP_INSTRUCTOR_PASSPHRASE (DESIGN.md); a UserError when neither is given."""
    if file is not None:
        from quizapp.core.user_files import read_user_text

        return read_user_text(Path(file), 64 * 1024, "a passphrase file").removesuffix("\n")
    found = os.environ.get(PASSPHRASE_ENV)
    if not found:
        raise UserError(f"exporting a pack signs it: give your signing passphrase with --passphrase-file FILE or "
                        f"{PASSPHRASE_ENV}")
    return found


def _count(text: str) -> tuple[str, int]:
    name, equals, number = text.rpartition("=")
    number = number.strip()
    if not equals or not name.strip() or not number.lstrip("-").isdigit():
        raise argparse.ArgumentTypeError(f"{text!r} must be NAME=N, e.g. \"Phlebotomy=5\"")
    value = int(number)
    if not 0 <= value <= MAX_ITEMS:
        raise argparse.ArgumentTypeError(f"the number of items in {text!r} is from 0 to {MAX_ITEMS}")
    return name.strip(), value


class _Shown(Exception):
    """`--version` or `--help` with `--json`: the one JSON object to print instead (exit 0)."""

    def __init__(self, payload: dict[str, str]) -> None:
        super().__init__()
        self.payload = payload


def _parse(argv: list[str], as_json: bool) -> argparse.Namespace:
    """The parsed arguments. `--version` and `--help` print text and exit 0; with `--json` their
    text becomes one JSON object, `{"version": V}` or `{"help": TEXT}`, as every command's does."""
    parser = build_parser()
    if not as_json:
        return parser.parse_args(argv)
    shown = io.StringIO()
    try:
        with contextlib.redirect_stdout(shown):
            return parser.parse_args(argv)
    except SystemExit as exit_:
        if exit_.code not in (0, None):
            raise
        text = shown.getvalue()
        raise _Shown({"version": __version__} if text == f"quizapp {__version__}\n" else {"help": text}) from None


def _error_payload(located: Located) -> dict[str, Any]:
    return {"file": located.file, "line": located.line, "message": located.message}


def finite(value: Any) -> Any:
    """`value` with every NaN or infinite number as null: JSON has neither, and a reader's
    parser may choke on Python's `NaN` or `Infinity` (issue #24)."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {k: finite(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [finite(v) for v in value]
    return value


def emit(result: CommandResult, as_json: bool) -> int:
    if as_json:
        payload = dict(result.payload)
        if result.error is not None:
            payload["error"] = _error_payload(result.error)
        print(json.dumps(finite(payload), indent=2, ensure_ascii=False, allow_nan=False))
    else:
        for line in result.lines:
            print(line)
    for problem in result.problems:
        print(str(problem), file=sys.stderr)
    return result.exit_code


def _dispatch(args: argparse.Namespace) -> CommandResult:
    from quizapp.core.datadir import resolve_data_dir

    if args.command == "bank":
        from quizapp.commands import bank

        if args.bank_command == "check":
            return bank.check(Path(args.documents) if args.documents else None)
        if args.bank_command == "stats":
            return bank.stats(args.set_slug)
        out = Path(args.out) if args.out else resolve_data_dir(args.data_dir) / "bank.sqlite"
        return bank.build(out)
    if args.command == "pack":
        from quizapp.commands.export import pack_values_problem

        problem = pack_values_problem(args.name, args.minutes, args.pass_mark, dict(args.domain or args.sets),
                                      "domain" if args.domain else "set")
        if problem is not None:  # a usage error: said before the data or a passphrase is asked for
            return problem
    if args.command == "db":
        from quizapp.commands import db

        return db.check(resolve_data_dir(args.data_dir), args.database)
    return _with_context(args, _context_command(args))


def _context_command(args: argparse.Namespace) -> Callable[[Any], CommandResult]:
    if args.command == "sets":
        from quizapp.commands.sets import list_sets

        return list_sets
    if args.command == "notes":
        from quizapp.commands import notes

        if args.notes_command == "show":
            return lambda ctx: notes.show(ctx, args.name)
        return notes.list_notes
    if args.command == "stats":
        from quizapp.commands.stats import stats

        return lambda ctx: stats(ctx, args.profile, args.class_name, args.pin_file)
    if args.command in ("class", "items", "report"):
        return _instructor_command(args)
    if args.command == "blueprint":
        from quizapp.commands import blueprint

        return lambda ctx: blueprint.check(ctx, args.slug)
    if args.command == "import":
        from quizapp.commands.imports import import_file

        return lambda ctx: import_file(ctx, Path(args.file), args.format, args.name, args.skip_invalid,
                                       args.dry_run)
    if args.command == "export":
        from quizapp.commands.export import export_set

        return lambda ctx: export_set(ctx, args.set_slug, args.format, Path(args.out))
    if args.command == "pack":
        from quizapp.commands.export import export_pack

        by = "domain" if args.domain else "set"
        counts = dict(args.domain or args.sets)
        return lambda ctx: export_pack(ctx, args.name, args.minutes, args.pass_mark, counts, by, Path(args.out),
                                       args.seed, _passphrase(args.passphrase_file))
    if args.command == "history":
        from quizapp.commands import history

        if args.history_command == "export":
            return lambda ctx: history.export_history(ctx, args.profile, Path(args.out), args.class_name)
        return lambda ctx: history.import_history(ctx, Path(args.file), args.profile, args.into_other_profile,
                                                  args.class_name)
    raise UsageError(f"quizapp: unknown command {args.command!r}")


def _desktop_entry(args: argparse.Namespace) -> int:
    from quizapp import desktop

    if args.command is not None:
        raise UsageError("quizapp: --install-desktop-entry and --remove-desktop-entry take no command")
    try:
        if args.remove_desktop_entry:
            removed = desktop.remove()
            print("\n".join(f"removed {path}" for path in removed) or "no desktop entry was installed")
            return 0
        files = desktop.install(args.data_dir)
    except OSError as exc:
        raise UserError(f"cannot write the desktop entry: {exc.strerror or exc}",
                        exc.filename if isinstance(exc.filename, str) else None) from None
    print(f"installed {files.entry}")
    print(f"  starts: {' '.join(desktop.quizapp_argv(args.data_dir))}")
    for icon in files.icons:
        print(f"  icon:   {icon}")
    return 0
def _instructor_command(args: argparse.Namespace) -> Callable[[Any], CommandResult]:
    from quizapp.commands import classroom as c

    secret = args.passphrase_file
    if args.command == "class" and args.class_command == "create":
        return lambda ctx: c.create_class(ctx, args.name, secret)
    if args.command == "class":
        return lambda ctx: c.class_results(ctx, args.class_name, args.since, args.until, secret)
    if args.command == "items":
        return lambda ctx: c.items(ctx, args.set_slug, args.class_name, args.since, args.until, args.min_answers,
                                   secret)
    if args.report_command == "student":
        return lambda ctx: c.report_student(ctx, args.profile, args.class_name, Path(args.out), secret)
    return lambda ctx: c.report_class(ctx, args.class_name, args.since, args.until, Path(args.out), secret)


def _with_context(args: argparse.Namespace, command: Callable[[Any], CommandResult]) -> CommandResult:
    from quizapp.core.context import AppContext
    from quizapp.core.datadir import resolve_data_dir

    ctx = AppContext.open(resolve_data_dir(args.data_dir), database=args.database)
    try:
        ctx.bank.ensure_installed()
        return command(ctx)
    finally:
        ctx.close()


def _storage_failure(args: argparse.Namespace | None, exc: Exception) -> UserError | None:
    """`exc` in words when SQLite raised it about the database file (DatabaseDamaged for damage)."""
    try:
        from quizapp.core.datadir import resolve_data_dir
        from quizapp.core.db.failures import explain
        from quizapp.core.db.location import resolve_database

        data_dir = resolve_data_dir(getattr(args, "data_dir", None))
        location = getattr(args, "database", None) or resolve_database(data_dir)
        return explain(exc, location.sqlite_path)
    except Exception:
        return None


def _log_crash(args: argparse.Namespace | None) -> Path | None:
    try:
        from quizapp.core.datadir import resolve_data_dir

        logs = resolve_data_dir(getattr(args, "data_dir", None)) / "logs"
        logs.mkdir(parents=True, exist_ok=True)
        path = logs / "cli-error.log"
        path.write_text(traceback.format_exc(), encoding="utf-8")
        return path
    except Exception:
        return None


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    as_json = "--json" in argv
    args: argparse.Namespace | None = None
    try:
        try:
            args = _parse(argv, as_json)
        except _Shown as shown:
            print(json.dumps(shown.payload, ensure_ascii=False))
            return 0
        if args.install_desktop_entry or args.remove_desktop_entry:
            return _desktop_entry(args)
        if args.command is None:
            from quizapp.ui.launch import launch_gui

            return launch_gui(args.data_dir, args.database)
        return emit(_dispatch(args), as_json)
    except UsageError as exc:
        if as_json:
            print(json.dumps({"error": {"file": None, "line": None, "message": str(exc)}}, ensure_ascii=False))
        print(str(exc), file=sys.stderr)
        print("Try 'quizapp --help'.", file=sys.stderr)
        return 2
    except UserError as exc:
        return emit(CommandResult({}, 1, [], [exc.located], exc.located), as_json)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (`quizapp bank stats --json | head`): nothing more to say, and
        # Python's own flush at exit must not print a traceback either.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except Exception as exc:
        explained = _storage_failure(args, exc)
        if explained is not None:  # a damaged database, a full disk, a read-only file, a busy one
            return emit(CommandResult({}, 1, [], [explained.located], explained.located), as_json)
        log = _log_crash(args)
        where = f" (details in {log})" if log else ""
        located = Located(None, None, f"unexpected error: {exc.__class__.__name__}: {exc}{where}")
        return emit(CommandResult({}, 1, [], [located], located), as_json)
