"""A warehouse of 253 CPAS × ~150 actions for the incremental benchmark (``make bench``), built without parsing.

Plans are written straight as ``ParsedDocument`` rows (titles and descriptions drawn from the generated
corpus's vocabulary, same seed → same warehouse) and loaded by ``Warehouse.load``; the after-load step
then computes themes, similar actions and the search index once. The file is cached in
``benchmarks/.corpus/`` next to the generated corpus and copied for each measured run.
"""

from __future__ import annotations

import hashlib
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from generate_corpus import OS_ENDS, OS_STEMS, PUBLICS, THINGS, VERBS, WORDS, cpas_names  # noqa: E402

CACHE = ROOT / "benchmarks" / ".corpus"
N_CPAS = 253
ACTIONS_PER_CPAS = 150


def _action_title(rng: random.Random) -> str:
    extra = " ".join(rng.choices(WORDS, k=rng.randint(0, 6)))
    return f"{rng.choice(VERBS)} {rng.choice(THINGS)} à destination {rng.choice(PUBLICS)} {extra}".strip()


def parsed_plan(name: str, nis: str, rng: random.Random, n_actions: int = ACTIONS_PER_CPAS):
    """One plan of ``n_actions`` actions under 6 OS × 5 OO, as the parser would hand it to the loader."""
    from pipeline.core.model import DocumentKind, Level, ParsedDocument, PlanItem, SourceFormat, Status, Volet

    statuses = [*Status, None]
    items: list[PlanItem] = []
    per_oo = max(1, n_actions // 30)
    for i in range(1, 7):
        volet = Volet.INTERNE if i <= 3 else Volet.EXTERNE
        items.append(PlanItem(position=len(items), level=Level.OS, number=str(i), volet=volet,
                              title=f"{rng.choice(OS_STEMS)} {rng.choice(OS_ENDS)}"))
        for j in range(1, 6):
            items.append(PlanItem(position=len(items), level=Level.OO, number=f"{i}.{j}", parent_number=str(i),
                                  volet=volet, title=_action_title(rng)))
            for k in range(1, per_oo + 1):
                status = rng.choice(statuses)
                items.append(PlanItem(
                    position=len(items), level=Level.ACTION, number=f"{i}.{j}.{k}", parent_number=f"{i}.{j}",
                    volet=volet, title=_action_title(rng), status=status,
                    description=" ".join(rng.choices(WORDS, k=rng.randint(8, 30))),
                ))
    source = f"{name}_pst.pdf"
    digest = hashlib.sha256(f"{source}:{rng.random()}".encode()).hexdigest()
    return ParsedDocument(source_file=source, sha256=digest, format=SourceFormat.PDF, parser_version="bench",
                          cpas_name=name, nis_code=nis, legislature="2018-2024", doc_kind=DocumentKind.PST,
                          page_count=40, items=tuple(items))


def build(path: Path, n_cpas: int = N_CPAS, seed: int = 2018) -> dict:
    """Load ``n_cpas`` plans into a new warehouse at ``path``, then run the after-load step; returns timings."""
    from pipeline.reference.municipalities import bound_cpas
    from warehouse.after_load import refresh_after_load
    from warehouse.loader import Warehouse

    nis = {m.name_fr: m.nis_code for m in bound_cpas()}
    rng = random.Random(seed)
    started = time.perf_counter()
    with Warehouse(path, defer_links=True) as wh:  # as a run's writer: the after-load step links every plan
        run_id = wh.start_run("bench", "bench")
        for name in cpas_names()[:n_cpas]:
            wh.load(parsed_plan(name, nis.get(name, ""), rng), f"/bench/{name}_pst.pdf", run_id=run_id)
        loaded = time.perf_counter() - started
        refresh_after_load(wh.con, changed=True, run_id=run_id)  # the corrections of every run
        wh.pending_links_done()
        items = wh.con.execute("SELECT count(*) FROM core_plan_items").fetchone()[0]
    return {"load": loaded, "after_load": time.perf_counter() - started - loaded, "items": items}


def cached(n_cpas: int = N_CPAS) -> Path:
    """The built warehouse, rebuilt when this file or the warehouse's code changed (a warehouse built by older code
    would pay its upgrade — a full relink, a full index normalization — in the measured run)."""
    digest = hashlib.sha256(Path(__file__).read_bytes())
    for code in sorted((ROOT / "warehouse").rglob("*.[ps][yq]*")):
        digest.update(code.read_bytes())
    stamp = digest.hexdigest()[:12]
    path = CACHE / f"big-{n_cpas}-{stamp}.duckdb"
    if not path.exists():
        CACHE.mkdir(parents=True, exist_ok=True)
        for old in [*CACHE.glob("big-*.duckdb"), *CACHE.glob(".big-*.lock")]:  # older builds and their writer locks
            old.unlink()
        tmp = path.with_suffix(".tmp")
        tmp.unlink(missing_ok=True)
        facts = build(tmp, n_cpas)
        tmp.rename(path)
        print(f"built {path.name}: {facts['items']} items, load {facts['load']:.0f}s, "
              f"after-load {facts['after_load']:.0f}s", flush=True)
    return path


if __name__ == "__main__":
    n = int(sys.argv[1]) if len(sys.argv) > 1 else N_CPAS
    out = Path(sys.argv[2]) if len(sys.argv) > 2 else CACHE / f"big-{n}.duckdb"
    print(build(out, n))
