"""``tracker names``: the sponsors, jurisdictions and tags in use; renaming and merging
them; their aliases."""

from __future__ import annotations

from typing import Annotated

import typer

from tracker.cli import TrackerGroup, app, environment, tracker_of
from tracker.cli.options import by_option, complete, format_option
from tracker.renderers import NamesRenderer, check_format

KINDS = ("sponsor", "jurisdiction", "tag")
KIND_HELP = "sponsor, jurisdiction or tag."

names_app = typer.Typer(
    cls=TrackerGroup,
    name="names",
    invoke_without_command=True,
    subcommand_metavar="[COMMAND [ARGS]...]",
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
app.add_typer(names_app, name="names")

KindArgument = Annotated[
    str, typer.Argument(metavar="KIND", help=KIND_HELP, autocompletion=complete(KINDS))
]
KindFilter = Annotated[
    str | None,
    typer.Option(
        metavar="KIND", help="Only this kind: " + KIND_HELP, autocompletion=complete(KINDS)
    ),
]


def _renderer(ctx: typer.Context, command: str, fmt: str | None) -> NamesRenderer:
    """The renderer for ``fmt`` (by default a table on a terminal for the lists, else
    plain lines; what a change did is one line either way)."""
    env = environment(ctx)
    key = check_format(command, fmt, env.stdout_isatty)
    return NamesRenderer.chosen(command, key, env.out, env.colour)


@names_app.callback()
def names(
    ctx: typer.Context,
    kind: KindFilter = None,
    fmt: str | None = format_option("names"),
) -> None:
    """List the sponsors, jurisdictions and tags in use, with how many initiatives
    carry each, most used first; a name an alias or another script's spelling folds
    into another shows that one (Folds to).

    Off a terminal: one tab-separated line per name (kind, name, initiatives, and the
    name it folds to if any). With --format json: [{kind, name, initiatives,
    folds_to}]. The commands below rename, merge and alias names.

    Example: tracker names --kind jurisdiction
    """
    if ctx.invoked_subcommand is not None:
        if kind is not None or fmt is not None:
            from tracker.errors import InputError

            raise InputError(
                f"give --kind and --format after 'names {ctx.invoked_subcommand}', not before"
            )
        return
    _renderer(ctx, "names", fmt).names(tracker_of(ctx).names(kind))


@names_app.command()
def rename(
    ctx: typer.Context,
    kind: KindArgument,
    old: Annotated[str, typer.Argument(metavar="OLD", help="The name in use.")],
    new: Annotated[str, typer.Argument(metavar="NEW", help="Its new name (not in use).")],
    fmt: str | None = format_option("names rename"),
    by: str | None = by_option(),
) -> None:
    """Rename a sponsor, jurisdiction or tag in every initiative carrying it; each
    records the change in its history (one transaction).

    OLD may be spelled in any case or Chinese script. A NEW already in use is refused
    (names merge joins two names), and so is an alias. With --format json: {action,
    kind, from, to, initiatives: [slugs], alias_added}.

    Example: tracker names rename sponsor "HK Government" "Hong Kong Government"
    """
    _renderer(ctx, "names rename", fmt).names_changed(tracker_of(ctx).rename_name(kind, old, new))


@names_app.command()
def merge(
    ctx: typer.Context,
    kind: KindArgument,
    source: Annotated[str, typer.Argument(metavar="A", help="The name that goes.")],
    target: Annotated[str, typer.Argument(metavar="B", help="The name its initiatives take.")],
    alias: Annotated[
        bool,
        typer.Option(
            "--alias/--no-alias", help="Make A an alias of B, so that A typed later means B."
        ),
    ] = True,
    fmt: str | None = format_option("names merge"),
    by: str | None = by_option(),
) -> None:
    """Merge name A into B: A's initiatives take B (those with both keep B); each
    records the change in its history (one transaction), and A becomes an alias of B.

    With --format json: {action, kind, from, to, initiatives: [slugs], alias_added}.

    Example: tracker names merge jurisdiction HK "Hong Kong"
    """
    change = tracker_of(ctx).merge_names(kind, source, target, alias)
    _renderer(ctx, "names merge", fmt).names_changed(change)


@names_app.command("alias")
def add_alias(
    ctx: typer.Context,
    kind: KindArgument,
    alias: Annotated[str, typer.Argument(metavar="ALIAS", help="Another spelling.")],
    name: Annotated[str, typer.Argument(metavar="NAME", help="The name it stands for.")],
    fmt: str | None = format_option("names alias"),
) -> None:
    """Make ALIAS another spelling of NAME: add, edit and import store NAME for it, and
    list and report filters and the report's groups fold it into NAME.

    Case, spaces and traditional or simplified Chinese do not matter (香港 is 香港,
    大灣區 is 大湾区). Initiatives already carrying ALIAS keep it until names merge
    gives them NAME. An alias already meaning another name is changed. With --format
    json: {action, kind, alias, name, replaced, carrying}.

    Example: tracker names alias jurisdiction 香港 "Hong Kong"
    """
    change = tracker_of(ctx).add_alias(kind, alias, name)
    _renderer(ctx, "names alias", fmt).names_changed(change)


@names_app.command("aliases")
def list_aliases(
    ctx: typer.Context,
    kind: KindFilter = None,
    fmt: str | None = format_option("names aliases"),
) -> None:
    """List the aliases: kind, alias and the name it stands for.

    Off a terminal: one tab-separated line each. With --format json: [{kind, alias,
    name}].

    Example: tracker names aliases --kind sponsor
    """
    _renderer(ctx, "names aliases", fmt).aliases(tracker_of(ctx).aliases(kind))


@names_app.command("unalias")
def remove_alias(
    ctx: typer.Context,
    kind: KindArgument,
    alias: Annotated[str, typer.Argument(metavar="ALIAS", help="The alias to remove.")],
    fmt: str | None = format_option("names unalias"),
) -> None:
    """Remove an alias: ALIAS is a name of its own again.

    With --format json: {action, kind, alias, name}.

    Example: tracker names unalias jurisdiction HK
    """
    change = tracker_of(ctx).remove_alias(kind, alias)
    _renderer(ctx, "names unalias", fmt).names_changed(change)
