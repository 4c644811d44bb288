"""The ``crrd`` command: info, tables, describe, validate."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from crrd._paths import DESCRIPTOR

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # argparse exits 2 too; keep its message short
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"crrd: error: {message}\n")


def _cmd_tables(args: argparse.Namespace) -> int:
    import crrd

    print("\n".join(crrd.tables()))
    return EXIT_OK


def _cmd_describe(args: argparse.Namespace) -> int:
    import crrd

    try:
        codebook = crrd.describe(args.table)
    except crrd.UnknownTableError as e:
        print(f"crrd: {e}", file=sys.stderr)
        return EXIT_USAGE
    from crrd.metadata import installed_package

    t = installed_package().tables[args.table]
    print(f"{t.name}: {t.title}\n{t.description}\n")
    from crrd.coverage import describe_series, series_of

    for s in series_of(t):
        first, *gaps = describe_series(s)
        print(f"Coverage: {first}")
        for g in gaps:
            print(f"  {g}")
    print()
    for row in codebook.itertuples(index=False):
        unit = f" [{row.unit}]" if isinstance(row.unit, str) else ""
        req = ", required" if row.required else ""
        print(f"  {row.field} ({row.type}{req}){unit}: {row.description}")
        if row.constraints:
            print(f"      {row.constraints}")
    return EXIT_OK


def _cmd_info(args: argparse.Namespace) -> int:
    from crrd.summary import info_text

    print(info_text())
    return EXIT_OK


def _cmd_validate(args: argparse.Namespace) -> int:
    from crrd.validation import UnreadableInput, validate_package
    from crrd.validation.problems import render

    if args.path is not None:
        root = Path(args.path)
        if root.is_file() and root.name == DESCRIPTOR:
            root = root.parent
    else:
        found = find_package(Path.cwd())
        if found is None:
            from crrd._paths import data_root

            found = data_root()
            print(
                f"crrd validate: no {DESCRIPTOR} here or in any parent directory; checking the installed data",
                file=sys.stderr,
            )
        root = found
    if not root.is_dir():
        print(f"crrd validate: {args.path}: no such directory", file=sys.stderr)
        return EXIT_USAGE
    print(f"crrd validate: checking the package at {root}", file=sys.stderr)
    from crrd.metadata import installed_package

    try:
        expected = list(installed_package().tables)
    except (FileNotFoundError, KeyError, ValueError):
        expected = None
    try:
        problems = validate_package(root, expected)
    except UnreadableInput as e:
        print(f"crrd validate: {e}", file=sys.stderr)
        return EXIT_USAGE
    if problems:
        print(render(problems, args.format))
        files = len({p.file for p in problems})
        print(
            f"crrd validate: {len(problems)} problem{'s' * (len(problems) != 1)} in {files} file{'s' * (files != 1)}",
            file=sys.stderr,
        )
        return EXIT_PROBLEMS
    if args.format == "json":
        print("[]")
    print(f"crrd validate: {root} is valid", file=sys.stderr)
    return EXIT_OK


def find_package(start: Path) -> Path | None:
    """The nearest directory at or above ``start`` holding a descriptor, as git looks for ``.git``."""
    for d in (start, *start.resolve().parents):
        if (d / DESCRIPTOR).is_file():
            return d
    return None


def _package_dir(path: str | None, command: str) -> Path | None:
    """The directory holding a descriptor (given, or found upwards from here), or None after saying why not."""
    if path is None:
        root = find_package(Path.cwd())
        if root is None:
            print(f"crrd {command}: no {DESCRIPTOR} here or in any parent directory", file=sys.stderr)
        return root
    root = Path(path)
    if not (root / DESCRIPTOR).is_file():
        print(f"crrd {command}: {root}: no {DESCRIPTOR} here", file=sys.stderr)
        return None
    return root


def _cmd_fmt(args: argparse.Namespace) -> int:
    from crrd.formatting import Unformattable, format_file
    from crrd.metadata import UnsafePath, read_package

    root = _package_dir(args.path, "fmt")
    if root is None:
        return EXIT_USAGE
    try:
        pkg = read_package(root)
    except UnsafePath as e:
        print(f"crrd fmt: {root / DESCRIPTOR}: {e}; nothing was written", file=sys.stderr)
        return EXIT_PROBLEMS
    except (OSError, ValueError, KeyError) as e:
        print(f"crrd fmt: cannot read the descriptor or schemas ({e}); run `crrd validate`", file=sys.stderr)
        return EXIT_USAGE
    changed, refused = [], 0
    for table in pkg.tables.values():
        path = root / table.path
        try:
            if format_file(path, table, check=args.check):
                changed.append(table.path)
        except Unformattable as e:
            print(f"{table.path}:{e.line}:: {e.message}; left untouched", file=sys.stderr)
            refused += 1
        except OSError as e:
            print(f"{table.path}: cannot read or write it ({e.strerror}); left untouched", file=sys.stderr)
            refused += 1
    verb = "would reformat" if args.check else "reformatted"
    for p in changed:
        print(f"{verb} {p}")
    if changed and not args.check:
        print("run `crrd refresh` to record the new hashes", file=sys.stderr)
    if refused:
        return EXIT_PROBLEMS
    return EXIT_PROBLEMS if (args.check and changed) else EXIT_OK


def _write_files(command: str, write: Callable[[], list[Path]]) -> int:
    """Run a command that writes files and may need an optional extra; print the paths written."""
    try:
        paths = write()
    except ImportError as e:  # the message names the extra to install
        print(f"crrd {command}: {e}", file=sys.stderr)
        return EXIT_USAGE
    except OSError as e:
        print(f"crrd {command}: cannot write ({e.strerror})", file=sys.stderr)
        return EXIT_USAGE
    for p in paths:
        print(p)
    return EXIT_OK


def _cmd_export(args: argparse.Namespace) -> int:
    from crrd.exporting import export

    return _write_files("export", lambda: export(args.format, args.outdir))


def _cmd_plot(args: argparse.Namespace) -> int:
    def draw() -> list[Path]:
        from crrd.plotting import plot

        return plot(args.outdir)

    return _write_files("plot", draw)


def _cmd_cite(args: argparse.Namespace) -> int:
    from crrd.citation import UnknownRowError, cite

    try:
        print(cite(args.format, row=args.row))
    except UnknownRowError as e:
        print(f"crrd cite: {e}", file=sys.stderr)
        return EXIT_USAGE
    return EXIT_OK


def _cmd_claims(args: argparse.Namespace) -> int:
    from crrd.claims_evidence import UnknownClaimError, claim_text, claims_text

    try:
        print(claim_text(args.claim) if args.claim else claims_text())
    except UnknownClaimError as e:
        print(f"crrd claims: {e}", file=sys.stderr)
        return EXIT_USAGE
    return EXIT_OK


def _cmd_refresh(args: argparse.Namespace) -> int:
    from crrd.descriptor import refresh

    root = _package_dir(args.path, "refresh")
    if root is None:
        return EXIT_USAGE
    from crrd.metadata import UnsafePath

    try:
        changed = refresh(root)
    except UnsafePath as e:
        print(f"crrd refresh: {root / DESCRIPTOR}: {e}; nothing was written", file=sys.stderr)
        return EXIT_PROBLEMS
    print(f"crrd refresh: updated {', '.join(changed)}" if changed else "crrd refresh: everything up to date")
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="crrd", description="CRRD, the China–Russia Relations Dataset.")
    parser.add_argument("--version", action="store_true", help="print the dataset version and exit")
    sub = parser.add_subparsers(dest="command", parser_class=_Parser)
    sub.add_parser("info", help="version, tables with row counts and years, how to cite").set_defaults(func=_cmd_info)
    sub.add_parser("tables", help="list the table names").set_defaults(func=_cmd_tables)
    p = sub.add_parser("describe", help="print the codebook of a table")
    p.add_argument("table")
    p.set_defaults(func=_cmd_describe)
    p = sub.add_parser(
        "validate", help="validate a CRRD package (a contribution) and report problems by file:line:column"
    )
    p.add_argument(
        "path",
        nargs="?",
        help=f"directory holding {DESCRIPTOR} (default: the nearest one at or above the current directory, else the installed data)",
    )
    p.add_argument("--format", choices=["text", "json", "github"], default="text", help="output format (default: text)")
    p.set_defaults(func=_cmd_validate)
    p = sub.add_parser("fmt", help="rewrite the CSV files in canonical form (encoding, line endings, quoting, order)")
    p.add_argument("path", nargs="?", help=f"directory holding {DESCRIPTOR} (default: the nearest one at or above .)")
    p.add_argument("--check", action="store_true", help="change nothing; exit 1 if a file would be reformatted")
    p.set_defaults(func=_cmd_fmt)
    p = sub.add_parser("export", help="write every table as parquet, sqlite, duckdb, xlsx, json or stata")
    p.add_argument("--format", required=True, choices=["parquet", "sqlite", "duckdb", "xlsx", "json", "stata"])
    p.add_argument("outdir", help="directory to write into (created if missing)")
    p.set_defaults(func=_cmd_export)
    p = sub.add_parser("plot", help="draw the figures as PNG files (extra: plot)")
    p.add_argument("outdir", help="directory to write into (created if missing); the README's figures: docs/figures")
    p.set_defaults(func=_cmd_plot)
    p = sub.add_parser("cite", help="print the citation of the installed version, or of one row with its sources")
    p.add_argument("row", nargs="?", help="a row id (e.g. mtg-0001): cite that row and the sources it rests on")
    p.add_argument("--format", choices=["text", "bibtex"], default="text", help="citation style (default: text)")
    p.set_defaults(func=_cmd_cite)
    p = sub.add_parser("claims", help="list the seed essay's claims with verdicts, or show one with its evidence")
    p.add_argument("claim", nargs="?", help="a claim id (e.g. clm-0026): its verdict, correct value and evidence")
    p.set_defaults(func=_cmd_claims)
    p = sub.add_parser(
        "refresh", help="rewrite the derived files: hashes and titles in datapackage.json, docs/codebook.md"
    )
    p.add_argument(
        "path", nargs="?", help=f"repository root (default: the nearest one at or above . with {DESCRIPTOR})"
    )
    p.set_defaults(func=_cmd_refresh)
    _add_diff(sub)
    p = sub.add_parser("site", help="write the dataset as a static website with search (extra: site)")
    p.add_argument("outdir", help="folder to write into: new, empty, or a site written before (rebuilt)")
    p.add_argument("--no-search", action="store_true", help="leave out the search index (Pagefind)")
    p.set_defaults(func=_cmd_site)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.version:
        import crrd

        print(crrd.__version__)
        return EXIT_OK
    if args.command is None:
        parser.print_help()
        return EXIT_USAGE
    try:
        return int(args.func(args))
    except BrokenPipeError:  # `crrd validate | head`
        return EXIT_OK
    except KeyboardInterrupt:
        return 130


def _cmd_diff(args: argparse.Namespace) -> int:
    from crrd.diff import DiffError, diff_packages, render

    old, new = _package_dir(args.old, "diff"), _package_dir(args.new, "diff")
    if old is None or new is None:
        return EXIT_USAGE
    try:
        d = diff_packages(old, new)
    except DiffError as e:
        print(f"crrd diff: {e}", file=sys.stderr)
        return EXIT_USAGE
    sys.stdout.write(render(d, "markdown" if args.format == "text" else args.format))
    return EXIT_OK


def _add_diff(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("diff", help="list the rows added, removed and changed between two versions of the package")
    p.add_argument("old", help=f"directory holding the old {DESCRIPTOR}")
    p.add_argument("new", help=f"directory holding the new {DESCRIPTOR}")
    p.add_argument(
        "--format", choices=["markdown", "text", "json", "csv"], default="markdown",
        help="output format (default: markdown; text is markdown too)",
    )  # fmt: skip
    p.set_defaults(func=_cmd_diff)


def _cmd_site(args: argparse.Namespace) -> int:
    try:
        from crrd.site import NotASite, build_site

        built = build_site(args.outdir, search=not args.no_search)
    except ImportError as e:  # the message names the extra to install
        print(f"crrd site: {e}", file=sys.stderr)
        return EXIT_USAGE
    except NotASite as e:
        print(f"crrd site: {e}; nothing was written", file=sys.stderr)
        return EXIT_USAGE
    except RuntimeError as e:  # Pagefind could not index the pages
        print(f"crrd site: {e}", file=sys.stderr)
        return EXIT_PROBLEMS
    except OSError as e:
        print(f"crrd site: cannot write ({e.strerror})", file=sys.stderr)
        return EXIT_USAGE
    print(
        f"crrd site: {built.pages} pages, {built.files} files, {built.bytes / 1e6:.1f} MB in {built.outdir} ({built.seconds:.1f} s)"
    )
    return EXIT_OK
