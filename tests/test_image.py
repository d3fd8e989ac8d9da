"""The Docker image's recipe, replayed without Docker (neither this machine nor CI runs an
engine): only the files the Dockerfile copies, built into a package the way its RUN line
does, then run as its ENTRYPOINT, CMD, HEALTHCHECK and STOPSIGNAL say, with its ENV and the
database under a stand-in for the /data volume. A file the package forgets (the seed
article, a glossary, the timeline's font) or a write outside /data fails here, not in
production.
"""

from __future__ import annotations

import json
import os
import shlex
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from dockerfile_parse import DockerfileParser

from tests.bot_harness import USER_ID, admin_has_chat, assert_telegram_accepted_everything, last_reply
from tests.fake_bot_api import FakeBotAPI

ROOT = Path(__file__).resolve().parent.parent
VOLUME = "/data"


@dataclass(frozen=True)
class Image:
    """The replayed image: where its files are and how its commands run."""

    root: Path  # stands for the container's file system: app/, site/, data/, home/
    env: dict[str, str]
    entrypoint: list[str]
    cmd: list[str]
    healthcheck: list[str]
    stopsignal: signal.Signals

    @property
    def data(self) -> Path:
        return self.root / "data"

    def command(self, args: list[str]) -> list[str]:
        """ENTRYPOINT + args, with the installed `negobot` script run by this Python."""
        assert args[0] == "negobot", args
        return [sys.executable, str(self.root / "site" / "bin" / "negobot"), *args[1:]]

    def run(self, args: list[str], stdin: str = "", extra: dict[str, str] | None = None,
            ) -> subprocess.CompletedProcess[str]:
        return subprocess.run(self.command(args), input=stdin, capture_output=True, text=True,
                              env=self.env | (extra or {}), cwd=self.root / "app", timeout=120)

    def written(self) -> set[Path]:
        """Every file in the image outside the package it was built into."""
        return {path for path in self.root.rglob("*")
                if path.is_file() and "site" not in path.relative_to(self.root).parts}


def _json_form(value: str) -> list[str]:
    words = json.loads(value)
    assert isinstance(words, list), f"{value!r}: use the exec (JSON) form, so signals reach negobot"
    return [str(word) for word in words]


@pytest.fixture(scope="module")
def image(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Image]:
    parser = DockerfileParser(path=str(ROOT / "Dockerfile"))
    root = tmp_path_factory.mktemp("image")
    app, site = root / "app", root / "site"
    app.mkdir()
    (root / "data").mkdir()
    (root / "home").mkdir()
    healthcheck: list[str] = []
    last = {step["instruction"]: step["value"] for step in parser.structure}  # the one in force
    for step in parser.structure:
        instruction, value = step["instruction"], step["value"]
        if instruction == "COPY":
            *sources, target = shlex.split(value)
            for source in sources:
                destination = app / target / Path(source).name if target.endswith("/") else app / target
                if (ROOT / source).is_dir():
                    shutil.copytree(ROOT / source, destination,
                                    ignore=shutil.ignore_patterns("__pycache__"))
                else:
                    shutil.copyfile(ROOT / source, destination)
        elif instruction == "HEALTHCHECK":
            healthcheck = _json_form(value.split(" CMD ", 1)[1])
    # The RUN line's `pip install .`, offline: dependencies come from the test's environment.
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-index",
                    "--no-build-isolation", "--target", str(site), str(app)],
                   check=True, capture_output=True, timeout=300)
    # The build leaves its own files in app/; the image's COPY layer is what counts.
    for leftover in ("build", "negobot.egg-info"):
        shutil.rmtree(app / leftover, ignore_errors=True)
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("TELEGRAM_", "NEGOBOT_", "PYTHON")) and k != "HOME"}
    for name, value in parser.envs.items():
        env[name] = value.replace(VOLUME, str(root / "data"))
    env.update(PYTHONPATH=str(site), HOME=str(root / "home"))
    yield Image(root, env, _json_form(last["ENTRYPOINT"]), _json_form(last["CMD"]), healthcheck,
                signal.Signals[last["STOPSIGNAL"]])


def test_the_image_runs_negobot_from_its_own_package_not_from_the_checkout(image: Image) -> None:
    where = subprocess.run(
        [sys.executable, "-c", "import bot, knowledge; print(bot.__file__, knowledge.__file__)"],
        capture_output=True, text=True, env=image.env, cwd=image.root, check=True)
    assert all(path.startswith(str(image.root / "site")) for path in where.stdout.split())
    assert image.entrypoint == ["negobot"]


def test_its_default_command_answers_from_the_bundled_base_in_both_scripts(image: Image) -> None:
    before = image.written()
    chat = image.run(image.entrypoint + image.cmd,
                     stdin="abu dabi talks\nЧи поїде Зеленський до Москви?\n")
    assert chat.returncode == 0, chat.stderr
    assert "Abu Dhabi" in chat.stdout and "Source: Al Jazeera" in chat.stdout
    assert "Джерело: Al Jazeera" in chat.stdout and "would not go to Moscow" in chat.stdout
    assert (image.data / "negobot.db").exists()
    # Nothing but the volume is written: the user it runs as may write nowhere else.
    assert {p for p in image.written() - before if image.data not in p.parents} == set()


def test_its_healthcheck_passes_on_a_sound_base_and_fails_on_a_damaged_one(image: Image) -> None:
    image.run(image.entrypoint + image.cmd, stdin="\n")
    assert image.run(image.healthcheck).returncode == 0
    damaged = image.root / "damaged.db"
    damaged.write_bytes(b"SQLite format 3\x00" + b"\x00" * 200)
    assert image.run(image.healthcheck, extra={"NEGOBOT_DB": str(damaged)}).returncode != 0
    damaged.unlink()


def test_its_timeline_picture_draws_with_the_packaged_font(image: Image) -> None:
    added = image.run([*image.entrypoint, "facts", "add", "--published", "2026-02-18", "--outlet",
                       "Reuters", "Russian and Ukrainian negotiators met in Geneva on February 17 "
                       "for US-brokered talks."])
    assert added.returncode == 0, added.stderr
    out = image.root / "data" / "timeline.png"
    result = image.run([*image.entrypoint, "timeline", "--out", str(out)])
    assert result.returncode == 0, result.stderr
    assert out.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")


def test_it_serves_telegram_is_healthy_while_serving_and_stops_on_its_stopsignal(
        image: Image, fake_api: FakeBotAPI) -> None:
    admin_has_chat(fake_api)
    process = subprocess.Popen(
        image.command([*image.entrypoint, "serve", "--poll-timeout", "1"]),
        env=image.env | {"TELEGRAM_BOT_TOKEN": fake_api.token, "TELEGRAM_API_URL": fake_api.url},
        cwd=image.root / "app", stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        fake_api.wait_for_sync(lambda: fake_api.waiting_polls > 0, timeout=60)
        fake_api.private_message(USER_ID, "abu dabi talks")
        assert "Abu Dhabi" in last_reply(fake_api, USER_ID, 1)["text"]
        assert image.run(image.healthcheck).returncode == 0
        process.send_signal(image.stopsignal)
        _, stderr = process.communicate(timeout=10)
        assert process.returncode == 0 and "Traceback" not in stderr, stderr
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    assert_telegram_accepted_everything(fake_api)
