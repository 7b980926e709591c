"""Several computers of one practice, each with its own data folder and its own copy of
the sync folder, and a sync engine (a "cloud" copy) between them that can be late,
deliver a file twice, hand over half a file first, or leave "conflicted copy"
duplicates, as OneDrive and Dropbox do (tests/sync)."""

from __future__ import annotations

import filecmp
import random
import shutil
import uuid
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import keyring
from sqlmodel import Session, select

from companion.db.database import Database
from companion.db.models import Engagement, Kpi, PlanItem, SyncConflict, Visit
from companion.domain.enums import DisclosureKind, EngagementStatus, Granularity, Scheme
from companion.keystore import MemoryKeyring
from companion.paths import DataPaths
from companion.security.data_key import remember_key
from companion.services import sync
from companion.services.clients import (
    ClientDraft,
    EngagementDraft,
    create_client,
    create_engagement,
)
from companion.services.disclosures import DisclosureDraft, declare
from companion.services.kpis import KpiDraft, add_kpi, delete_kpi, set_kpi_actual
from companion.services.open_export import export_all
from companion.services.plans import (
    PlanItemDraft,
    add_plan_item,
    delete_plan_item,
    update_plan_item,
)
from companion.services.session import session_scope
from companion.services.storage import open_data_folder
from companion.services.sync import record_pending
from companion.services.visits.capture import VisitDraft, amend_visit, finalize_visit, load_visit
from companion_testing.clocks import today_in_japan

PASSPHRASE = "山あいの事務所から毎週通う道"


@dataclass
class Device:
    name: str
    db: Database
    folder: Path  # this computer's copy of the sync folder

    @property
    def paths(self) -> DataPaths:
        return self.db.paths

    def write(self, use_case: Any, **kwargs: Any) -> Any:
        with session_scope(self.db) as session:
            return use_case(session=session, **kwargs)

    def read(self, use_case: Any, **kwargs: Any) -> Any:
        with session_scope(self.db, write=False) as session:
            return use_case(session=session, **kwargs)

    def sync(self) -> sync.SyncResult:
        return sync.sync_once(self.db)

    def status(self) -> sync.SyncStatus:
        return self.read(sync.sync_status)

    @property
    def device_id(self) -> str:
        return self.status().device_id

    def conflicts(self) -> list[SyncConflict]:
        def rows(*, session: Session) -> list[SyncConflict]:
            return list(session.exec(select(SyncConflict)).all())
        return self.read(rows)

    def export(self, out: Path) -> Path:
        with session_scope(self.db, write=False) as session:
            return export_all(session=session, database=self.db, out=out).folder


@dataclass(frozen=True)
class FolderTemplate:
    """An empty, migrated, encrypted data folder and its data key: copied for each
    computer of a test (the key goes into the test's keyring), so neither the
    migrations nor scrypt run again."""

    root: Path
    key_id: str
    key: bytes


def make_folder_template(root: Path, *, migrated: Path,
                         passphrase: str = PASSPHRASE) -> FolderTemplate:
    paths = DataPaths(root)
    paths.root.mkdir(parents=True)
    shutil.copyfile(migrated, paths.database)
    previous = keyring.get_keyring()
    keyring.set_keyring(MemoryKeyring())  # made before any test's own keyring: never the real one
    try:
        opened = open_data_folder(paths, ask=lambda _purpose: passphrase)
        opened.db.close()
    finally:
        keyring.set_keyring(previous)
    paths.device_file.unlink(missing_ok=True)
    return FolderTemplate(root=root, key_id=opened.key.key_id, key=opened.key.key)


def make_device(root: Path, name: str, *, template: FolderTemplate | None = None,
                passphrase: str = PASSPHRASE) -> Device:
    """A new, empty data folder (``root/name``) and its own copy of the sync folder:
    a copy of ``template`` (made with PASSPHRASE), or made anew with ``passphrase``."""
    paths = DataPaths(root / name)
    if template is not None:
        shutil.copytree(template.root, paths.root,
                        ignore=shutil.ignore_patterns(".lock", "device.json", ".staging"))
        remember_key(template.key_id, template.key)
    opened = open_data_folder(paths, ask=lambda _purpose: passphrase, create=template is None)
    folder = root / f"{name}-OneDrive" / "Companion同期"
    folder.mkdir(parents=True)
    return Device(name=name, db=opened.db, folder=folder)


def _files(root: Path) -> dict[str, Path]:
    return {str(path.relative_to(root)): path for path in root.rglob("*") if path.is_file()}


@dataclass
class Cloud:
    """The sync engine: a cloud copy of the folder, and each computer's own copy.

    Uploads carry a computer's own files (and its deletions); downloads carry
    everything else to a computer, perturbed by ``rng``: a file may come later, come
    half first (completed at a later download), or come with a duplicate under a
    "conflicted copy" name beside it."""

    root: Path
    rng: random.Random = field(default_factory=lambda: random.Random(0))
    perturb: bool = True
    owners: dict[str, str] = field(default_factory=dict)  # device name -> device id
    duplicates: int = 0
    first_tricks: list[float] = field(default_factory=lambda: [0.2, 0.1, 0.4])
    truncations: int = 0
    delays: int = 0

    def __post_init__(self) -> None:
        self.root.mkdir(parents=True, exist_ok=True)

    def upload(self, device: Device) -> None:
        own = self.owners.get(device.name)
        for relative, path in _files(device.folder).items():
            top = relative.split("/", 1)[0]
            if top != own and relative != "companion-sync.json":
                continue
            if ".tmp-" in relative or "conflicted copy" in relative:
                continue
            target = self.root / relative
            if not target.exists() or not filecmp.cmp(path, target, shallow=False):
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(path, target)
        if own:
            mine = _files(device.folder)
            for relative, path in _files(self.root / own).items():
                if f"{own}/{relative}" not in mine:
                    path.unlink()

    def download(self, device: Device) -> None:
        own = self.owners.get(device.name)
        cloud = _files(self.root)
        for relative, path in cloud.items():
            if relative.split("/", 1)[0] == own:
                continue
            target = device.folder / relative
            whole = path.read_bytes()
            if target.exists() and target.read_bytes() == whole:
                if self.perturb and self.rng.random() < 0.05:
                    target.write_bytes(whole)  # delivered twice
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            roll = self.rng.random() if self.perturb else 1.0
            if self.perturb and relative.endswith(".cseg") and self.first_tricks:
                # each trick at least once, on the first segments, whatever the seed
                roll = self.first_tricks.pop(0)
            if roll < 0.15:
                self.delays += 1
                continue  # later
            if roll < 0.3 and len(whole) > 10 and not target.exists():
                self.truncations += 1
                target.write_bytes(whole[:self.rng.randrange(1, len(whole))])
                continue  # the rest comes at a later download
            target.write_bytes(whole)
            if roll < 0.5:
                self.duplicates += 1
                stem, dot, suffix = target.name.partition(".")
                (target.parent / f"{stem} ({device.name}'s conflicted copy {date(2026, 12, 3)})"
                 f"{dot}{suffix}").write_bytes(whole)
        for relative, path in _files(device.folder).items():
            top = relative.split("/", 1)[0]
            if top == own or "conflicted copy" in relative or relative in cloud:
                continue
            if top in self.owners.values() or top == "companion-sync.json":
                path.unlink()  # deleted by its writer (compaction, a used offer)

    def settle(self, devices: list[Device]) -> None:
        """Every computer's files everywhere, whole (the engine has caught up)."""
        was, self.perturb = self.perturb, False
        for device in devices:
            self.upload(device)
        for device in devices:
            self.download(device)
        self.perturb = was


# -- what the tests compare -------------------------------------------------------------------

PER_DEVICE_FILES = {
    # export-all's manifest says when it was written; its checksum list hashes it
    "manifest.json", "SHA256SUMS",
}


def export_differences(left: Path, right: Path) -> list[str]:
    """The files of two export-all folders that differ, or are in one only (the
    manifest and its checksums, which name the moment of export, are left out)."""
    a, b = _files(left), _files(right)
    differing = sorted(set(a) ^ set(b))
    for relative in sorted(set(a) & set(b)):
        if relative in PER_DEVICE_FILES:
            continue
        if not filecmp.cmp(a[relative], b[relative], shallow=False):
            differing.append(relative)
    return differing


def visit_start(day: date, hour: int = 10) -> datetime:
    return datetime(day.year, day.month, day.day, hour, 0, tzinfo=UTC) - timedelta(hours=9)


# -- edits a practitioner makes, through the services ------------------------------------------

CLIENTS = [
    ("有限会社やまなか酒造", "首都圏への販路開拓と蔵元ブランドの再構築"),
    ("株式会社みなと水産", "加工品の新商品開発とEC販路の立ち上げ"),
    ("合同会社さとやまカフェ", "観光客に頼らない通年の客数づくり"),
    ("丸福製麺所", "事業承継に向けた製造工程の見直し"),
]
NOTES = ["試飲会の結果を共有した", "新商品の原価計算を一緒に確認した",
         "商談会に向けて商品説明のシートを作った", "補助金の申請書を見直した"]
PLAN_TITLES = ["酒販店への営業リスト作成", "EC サイトの商品ページ改善", "冬季限定メニューの試作",
               "製造工程の手順書づくり"]


@dataclass
class Workload:
    """Random edits on any computer: engagements, visits, visit texts (each append
    leaves a token, so a lost edit shows), plan items, KPIs, deletes, and disclosure
    changes (sealed on the register keeper, pending elsewhere)."""

    rng: random.Random
    counter: int = 0
    tokens: dict[str, uuid.UUID] = field(default_factory=dict)  # token -> visit
    done: list[str] = field(default_factory=list)

    def _token(self, device: Device) -> str:
        self.counter += 1
        return f"〔{device.name}-{self.counter}〕"

    def _ids(self, device: Device, model: Any) -> list[uuid.UUID]:
        def query(*, session: Session) -> list[uuid.UUID]:
            return sorted(session.exec(select(model.id)).all())
        return device.read(query)  # type: ignore[no-any-return]

    def step(self, device: Device, *, keeper: bool) -> None:
        engagements = self._ids(device, Engagement)
        visits = self._ids(device, Visit)
        options: list[Any] = [self.new_engagement]
        if engagements:
            options += [self.new_visit, self.new_visit, self.new_plan_item, self.new_kpi]
            options += [self.disclosure]
        if visits:
            options += [self.append_note, self.append_note, self.append_note]
        if self._ids(device, PlanItem):
            options += [self.edit_plan_item, self.delete_plan_item]
        if self._ids(device, Kpi):
            options += [self.kpi_actual, self.delete_kpi]
        action = self.rng.choice(options)
        action(device, keeper=keeper)
        self.done.append(f"{device.name}: {action.__name__}")

    def new_engagement(self, device: Device, *, keeper: bool) -> None:
        name, title = self.rng.choice(CLIENTS)
        label = f"{name} {self._token(device)}"
        client = device.write(create_client, draft=ClientDraft(name=label, kana="てすと"),
                              allow_duplicate=True)
        device.write(create_engagement, draft=EngagementDraft(
            client_id=client, title=title, scheme=Scheme.COMMISSIONED,
            status=EngagementStatus.ACTIVE, start_on=date(2025, 4, 1),
            planned_end_on=date(2028, 3, 31)))

    def new_visit(self, device: Device, *, keeper: bool) -> None:
        engagement = self.rng.choice(self._ids(device, Engagement))
        token = self._token(device)
        visit = uuid.uuid4()
        device.write(finalize_visit, visit_id=visit, draft=VisitDraft(
            engagement_id=engagement, started_at=visit_start(date(2026, 11, self.rng.randint(1, 28))),
            purpose="定期訪問", notes=f"{self.rng.choice(NOTES)}{token}"))
        self.tokens[token] = visit

    def append_note(self, device: Device, *, keeper: bool) -> None:
        visit = self.rng.choice(self._ids(device, Visit))
        record = device.read(load_visit, visit_id=visit)
        if record.is_draft:
            return
        token = self._token(device)
        field_name = self.rng.choice(["notes", "notes", "decisions"])
        text = getattr(record.draft, field_name) + f" {self.rng.choice(NOTES)}{token}"
        device.write(amend_visit, visit_id=visit,
                     draft=replace(record.draft, **{field_name: text}))
        self.tokens[token] = visit

    def new_plan_item(self, device: Device, *, keeper: bool) -> None:
        engagement = self.rng.choice(self._ids(device, Engagement))
        device.write(add_plan_item, engagement_id=engagement, fiscal_year=2026,
                     draft=PlanItemDraft(title=self.rng.choice(PLAN_TITLES)))

    def edit_plan_item(self, device: Device, *, keeper: bool) -> None:
        item = self.rng.choice(self._ids(device, PlanItem))
        device.write(update_plan_item, item_id=item, draft=PlanItemDraft(
            title=f"{self.rng.choice(PLAN_TITLES)}{self._token(device)}",
            progress=self.rng.choice([0, 30, 60, 100])))

    def delete_plan_item(self, device: Device, *, keeper: bool) -> None:
        device.write(delete_plan_item, item_id=self.rng.choice(self._ids(device, PlanItem)))

    def new_kpi(self, device: Device, *, keeper: bool) -> None:
        engagement = self.rng.choice(self._ids(device, Engagement))
        device.write(add_kpi, engagement_id=engagement,
                     draft=KpiDraft(name=f"{self.rng.choice(['売上高', '新規取引先数', '客単価'])}"
                                         f"{self._token(device)}", unit="千円"))

    def kpi_actual(self, device: Device, *, keeper: bool) -> None:
        device.write(set_kpi_actual, kpi_id=self.rng.choice(self._ids(device, Kpi)),
                     period_start=date(2026, self.rng.randint(4, 11), 1),
                     granularity=Granularity.MONTH, value=self.rng.randint(100, 900))

    def delete_kpi(self, device: Device, *, keeper: bool) -> None:
        device.write(delete_kpi, kpi_id=self.rng.choice(self._ids(device, Kpi)))

    def disclosure(self, device: Device, *, keeper: bool) -> None:
        engagement = self.rng.choice(self._ids(device, Engagement))
        draft = DisclosureDraft(
            kind=DisclosureKind.ADVISORY, counterpart_name=f"株式会社みなと水産{self._token(device)}",
            started_on=date(2026, 4, 1), declared_on=today_in_japan(),
            amount_yen=self.rng.choice([300_000, 600_000]), engagement_ids=(engagement,))
        if keeper:
            device.write(declare, draft=draft)
        else:
            device.write(record_pending, action="declare", disclosure_id=None, draft=draft)


def run_random(devices: list[Device], cloud: Cloud, work: Workload, *, steps: int,
               keeper: Device) -> None:
    """``steps`` random edits and syncs (each sync with the engine's upload before and
    after, and downloads in any order, perturbed)."""
    for _ in range(steps):
        device = work.rng.choice(devices)
        if work.rng.random() < 0.6:
            work.step(device, keeper=device is keeper)
        else:
            cloud.download(device)
            device.sync()
            cloud.upload(device)


def settle_all(devices: list[Device], cloud: Cloud, *, rounds: int = 4) -> None:
    """The engine catches up and every computer syncs, a few times over."""
    for _ in range(rounds):
        cloud.settle(devices)
        for device in devices:
            result = device.sync()
            assert not result.refused, result.refused
            cloud.upload(device)
