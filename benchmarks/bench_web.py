"""Load benchmark of the web system: N simulated unit users, each in a loop opening its own form
in the editor, saving an edit (the save answers with the re-computed score) and reading the
score through the API — on SQLite and on PostgreSQL, against a real `jixiao serve`.

Run: `.venv/bin/python benchmarks/bench_web.py [--users 50] [--seconds 60] [--think 0]
[--databases sqlite postgresql] [--profile]` (or `bash scripts/bench-web.sh`, which sets up
the venv and PostgreSQL first; see benchmarks/README.md).

For each database the script starts `jixiao serve --demo` in a subprocess on 127.0.0.1 with a
fresh data folder (PostgreSQL: the database `jixiao_bench`, dropped and created anew each run),
creates one draft per user through the REST API (`POST /api/forms`, copies of a seed form of
`unit1`), signs each user in through the sign-in page (session cookie + CSRF token, as a
browser does) and then drives, per user, in its own thread and its own keep-alive connection:

- `GET /forms/{id}/` — the editor page (HTML);
- `POST /forms/{id}/save` — the editor's autosave: JSON `{"version", "form",
  "target_reasons"}`, header `X-CSRFToken`; the answer carries the new version and the score
  (save-and-rescore);
- `GET /api/forms/{id}/score` — the score as `jixiao score --format json` gives it (token).

The edit changes the executed amounts (全年执行数) of the funds block, so every save changes
the execution rate and re-scores the form. Each user does one untimed cycle first (warm-up),
then all start together; requests in the window are timed by the client (wall time from
sending to the last byte read). `--think` adds a pause between requests (mean seconds,
uniformly ±50 %); 0 is a closed loop, every user sending its next request at once.

Traffic goes only to 127.0.0.1; every loop is bounded by the window and by a request cap, and
the server is stopped at the end. With `--profile`, py-spy (if installed in the venv) samples
the server during the window and the functions where its time goes are printed.
"""

from __future__ import annotations

import argparse
import http.client
import json
import math
import os
import random
import resource
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = ROOT / ".venv" / "bin"
HOST = "127.0.0.1"
PASSWORD = "bench-Pass-2024"
USERNAME = "unit1"
#: The PostgreSQL role made by scripts/postgres.sh; the bench database is created with it.
PG_ADMIN_URL = "postgres://jixiao:jixiao@127.0.0.1:5432/jixiao"
PG_BENCH_DB = "jixiao_bench"
#: Ports tried for the server (the range the team uses for servers it starts by hand).
PORTS = range(8200, 8300)
#: Seconds the server may take to migrate, load the demo and answer /login/ on a busy machine.
START_TIMEOUT = 180
#: Seconds one request may take before it counts as an error.
REQUEST_TIMEOUT = 30
#: Requests one simulated user may send in a run, whatever the window: a hard bound.
MAX_REQUESTS_PER_USER = 100_000
KINDS = {
    "page": "打开表单  GET /forms/{id}/",
    "save": "保存并重算 POST /forms/{id}/save",
    "score": "读取得分  GET /api/forms/{id}/score",
}
CENT = Decimal("0.01")


# ---------------------------------------------------------------- HTTP


@dataclass
class Reply:
    status: int
    headers: dict[str, list[str]]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body.decode("utf-8"))


class Browser:
    """One keep-alive connection with its cookies: what one person's browser holds."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.cookies: dict[str, str] = {}
        self.conn: http.client.HTTPConnection | None = None

    def send(self, method: str, path: str, body: bytes | None = None,
             headers: dict[str, str] | None = None) -> Reply:
        """One request; reconnects once when the server closed the kept-alive connection."""
        head = {"Host": f"{HOST}:{self.port}", **(headers or {})}
        if self.cookies:
            head["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        for attempt in (1, 2):
            if self.conn is None:
                self.conn = http.client.HTTPConnection(HOST, self.port, timeout=REQUEST_TIMEOUT)
            try:
                self.conn.request(method, path, body=body, headers=head)
                response = self.conn.getresponse()
                data = response.read()
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                self.close()
                if attempt == 2:
                    raise
                continue
            headers_out: dict[str, list[str]] = {}
            for k, v in response.getheaders():
                headers_out.setdefault(k.lower(), []).append(v)
            self._keep_cookies(headers_out.get("set-cookie", []))
            if response.will_close:
                self.close()
            return Reply(response.status, headers_out, data)
        raise AssertionError("unreachable")

    def _keep_cookies(self, lines: list[str]) -> None:
        for line in lines:
            name, _, rest = line.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()
            self.conn = None


def post_json(browser: Browser, path: str, payload: Any, headers: dict[str, str]) -> Reply:
    body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
    return browser.send("POST", path, body, {"Content-Type": "application/json", **headers})


def expect(reply: Reply, status: int, what: str) -> Reply:
    if reply.status != status:
        raise SystemExit(f"{what}：应答 {reply.status}，应为 {status}：{reply.body[:300]!r}")
    return reply


# ---------------------------------------------------------------- the server


def free_port() -> int:
    for port in PORTS:
        with socket.socket() as s:
            try:
                s.bind((HOST, port))
            except OSError:
                continue
            return port
    raise SystemExit(f"端口 {PORTS.start}–{PORTS.stop - 1} 均被占用")


def fresh_postgres(admin_url: str) -> str:
    """Drop and create the bench database (owned by the admin URL's role); its URL."""
    import psycopg
    from psycopg import sql
    try:
        with psycopg.connect(admin_url, autocommit=True, connect_timeout=10) as conn:
            name = sql.Identifier(PG_BENCH_DB)
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name))
            conn.execute(sql.SQL("CREATE DATABASE {}").format(name))
    except psycopg.Error as exc:
        raise SystemExit(f"无法在 PostgreSQL 上重建压测库 {PG_BENCH_DB}：{exc}\n"
                         "先运行 bash scripts/postgres.sh（或用 --databases sqlite）") from None
    return urllib.parse.urlsplit(admin_url)._replace(path="/" + PG_BENCH_DB).geturl()


@dataclass
class Server:
    process: subprocess.Popen[bytes]
    port: int
    data: Path
    log: Path


@contextmanager
def running_server(database_url: str | None, threads: int) -> Iterator[Server]:
    """`jixiao serve --demo` on a fresh data folder, ready (its /login/ answers), then stopped."""
    data = Path(tempfile.mkdtemp(prefix="jixiao-bench-"))
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["JIXIAO_DEMO_PASSWORD"] = PASSWORD
    if database_url:
        env["DATABASE_URL"] = database_url
    port = free_port()
    log = data / "serve.log"
    with open(log, "wb") as out:
        process = subprocess.Popen(
            [str(VENV_BIN / "jixiao"), "serve", "--data", str(data), "--demo", "--host", HOST,
             "--port", str(port), "--threads", str(threads)],
            stdout=out, stderr=subprocess.STDOUT, env=env)
    server = Server(process, port, data, log)
    try:
        wait_ready(server)
        yield server
    finally:
        stop(process)
        shutil.rmtree(data, ignore_errors=True)


def wait_ready(server: Server) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise SystemExit(f"jixiao serve 退出（{server.process.returncode}）：\n"
                             + server.log.read_text(errors="replace")[-2000:])
        try:
            conn = http.client.HTTPConnection(HOST, server.port, timeout=5)
            conn.request("GET", "/login/")
            if conn.getresponse().status == 200:
                conn.close()
                return
            conn.close()
        except OSError:
            pass
        time.sleep(0.5)
    raise SystemExit(f"jixiao serve 在 {START_TIMEOUT} 秒内未就绪")


def stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


# ---------------------------------------------------------------- forms and users


@dataclass
class Draft:
    """A simulated user's own form: its id, version, content and the user's API token."""

    id: int
    version: int
    form: dict[str, Any]
    token: str


def api_token(port: int) -> str:
    reply = post_json(Browser(port), "/api/token",
                      {"username": USERNAME, "password": PASSWORD}, {})
    return expect(reply, 200, "POST /api/token").json()["token"]


def seed_form(port: int, token: str) -> dict[str, Any]:
    """The demo's seed form with the most indicator rows (a real form, as filed)."""
    browser = Browser(port)
    auth = {"Authorization": f"Bearer {token}"}
    listed = expect(browser.send("GET", "/api/forms", headers=auth), 200, "GET /api/forms").json()
    forms = [expect(browser.send("GET", f"/api/forms/{f['id']}", headers=auth), 200,
                    "GET /api/forms/{id}").json()["form"] for f in listed]
    browser.close()
    return max(forms, key=lambda f: len(f.get("indicators") or []))


def create_drafts(port: int, users: int) -> list[Draft]:
    """One draft per user through `POST /api/forms` (all users are `unit1`: one token)."""
    token = api_token(port)
    seed = seed_form(port, token)
    drafts = []
    for n in range(1, users + 1):
        form = {**seed, "project_name": f"{seed['project_name']}（压测 {n}）"}
        browser = Browser(port)
        reply = expect(post_json(browser, "/api/forms", form,
                                 {"Authorization": f"Bearer {token}"}), 201, "POST /api/forms")
        browser.close()
        made = reply.json()
        drafts.append(Draft(made["id"], made["version"], made["form"], token))
    return drafts


def sign_in(browser: Browser) -> None:
    """The sign-in page as a browser submits it: GET for the CSRF cookie, then POST."""
    expect(browser.send("GET", "/login/"), 200, "GET /login/")
    form = urllib.parse.urlencode({"username": USERNAME, "password": PASSWORD,
                                   "csrfmiddlewaretoken": browser.cookies["csrftoken"]})
    reply = browser.send("POST", "/login/", form.encode(), {
        "Content-Type": "application/x-www-form-urlencoded", "Origin": origin(browser)})
    expect(reply, 302, "POST /login/（登录）")
    if "sessionid" not in browser.cookies:
        raise SystemExit("登录后没有 sessionid")


def signed_in(port: int) -> Browser:
    """A new browser, signed in (one after another: each sign-in hashes the password)."""
    browser = Browser(port)
    sign_in(browser)
    return browser


def origin(browser: Browser) -> str:
    return f"http://{HOST}:{browser.port}"


def edited(form: dict[str, Any], step: int) -> dict[str, Any]:
    """The form with 全年执行数 of the total and fiscal rows at 90 %…100 % of 全年预算数."""
    share = Decimal(90 + step % 11) / 100
    rows = []
    for row in form["funds"]["rows"]:
        if row.get("source") in ("total", "fiscal") and row.get("annual"):
            executed = (Decimal(row["annual"]) * share).quantize(CENT, ROUND_HALF_UP)
            row = {**row, "executed": str(executed)}
        rows.append(row)
    return {**form, "funds": {**form["funds"], "rows": rows}}


# ---------------------------------------------------------------- the load


@dataclass
class Tally:
    """Timings (seconds) and failures per request kind, shared by all users' threads."""

    times: dict[str, list[float]] = field(default_factory=lambda: {k: [] for k in KINDS})
    errors: Counter[str] = field(default_factory=Counter)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, kind: str, seconds: float, failure: str | None) -> None:
        with self.lock:
            self.times[kind].append(seconds)
            if failure:
                self.errors[f"{kind} {failure}"] += 1


class SimulatedUser(threading.Thread):
    """One person at the editor: open the form, save an edit, read the score — in a loop."""

    def __init__(self, browser: Browser, draft: Draft, tally: Tally, think: float,
                 ready: threading.Barrier, go: threading.Event, window: list[float]) -> None:
        super().__init__(daemon=True)
        self.browser = browser
        self.draft = draft
        self.tally = tally
        self.think = think
        self.ready = ready
        self.go = go
        self.window = window
        self.step = 0
        self.failure: BaseException | None = None

    def run(self) -> None:
        try:
            self.cycle(None)  # warm-up, untimed
            self.ready.wait()
            self.go.wait()
            end = self.window[1]
            sent = 0
            while time.monotonic() < end and sent < MAX_REQUESTS_PER_USER:
                sent += self.cycle(end)
        except BaseException as exc:  # SystemExit too: reported by the main thread
            self.failure = exc
            self.ready.abort()
        finally:
            self.browser.close()

    def cycle(self, end: float | None) -> int:
        """Page, save, score (stopping at the window's end); the number of requests sent."""
        sent = 0
        for kind in KINDS:
            if end is not None and time.monotonic() >= end:
                break
            self.request(kind, timed=end is not None)
            sent += 1
            self.pause()
        return sent

    def request(self, kind: str, timed: bool) -> None:
        started = time.perf_counter()
        try:
            reply = getattr(self, kind)()
            failure = None if 200 <= reply.status < 300 else str(reply.status)
            if kind == "save" and failure is None:
                failure = self.take_save(reply)
        except (OSError, http.client.HTTPException, ValueError) as exc:
            failure = type(exc).__name__
            self.browser.close()
        if timed:
            self.tally.add(kind, time.perf_counter() - started, failure)
        elif failure:
            raise SystemExit(f"预热时 {KINDS[kind]} 失败：{failure}")

    def page(self) -> Reply:
        return self.browser.send("GET", f"/forms/{self.draft.id}/")

    def save(self) -> Reply:
        self.step += 1
        form = edited(self.draft.form, self.step)
        return post_json(self.browser, f"/forms/{self.draft.id}/save",
                         {"version": self.draft.version, "form": form, "target_reasons": {}},
                         {"X-CSRFToken": self.browser.cookies.get("csrftoken", ""),
                          "Origin": origin(self.browser)})

    def take_save(self, reply: Reply) -> str | None:
        """Keep the new version; a save without a score or a new version is a failure."""
        payload = reply.json()
        if "score" not in payload or payload.get("version", 0) <= self.draft.version:
            return "no-new-version"
        self.draft.version = payload["version"]
        return None

    def score(self) -> Reply:
        return self.browser.send("GET", f"/api/forms/{self.draft.id}/score",
                                 headers={"Authorization": f"Bearer {self.draft.token}"})

    def pause(self) -> None:
        if self.think > 0:
            time.sleep(self.think * random.uniform(0.5, 1.5))


# ---------------------------------------------------------------- CPU accounting


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of a process so far (0 when it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def postgres_backends() -> list[int]:
    """Pids of the PostgreSQL backends serving the bench database."""
    pids = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        if cmdline.startswith(b"postgres:") and f" {PG_BENCH_DB} ".encode() in cmdline:
            pids.append(int(entry.name))
    return pids


def code_version() -> str:
    """The commit measured, and whether src/ had uncommitted changes (the tree is shared)."""
    def git(*args: str) -> str:
        return subprocess.run(["git", *args], cwd=ROOT, capture_output=True,
                              text=True).stdout.strip()
    dirty = "，src/ 有未提交的修改" if git("status", "--porcelain", "--", "src") else ""
    return f"commit {git('rev-parse', '--short', 'HEAD') or '?'}{dirty}"


def uptime() -> str:
    return subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()


# ---------------------------------------------------------------- one run


@dataclass
class Result:
    database: str
    users: int
    seconds: float
    think: float
    tally: Tally
    server_cpu: float
    postgres_cpu: float | None
    client_cpu: float
    load_before: str
    load_after: str
    profile: list[str] = field(default_factory=list)

    @property
    def requests(self) -> int:
        return sum(len(t) for t in self.tally.times.values())


def run_once(database: str, args: argparse.Namespace) -> Result:
    url = fresh_postgres(args.postgres_url) if database == "postgresql" else None
    print(f"\n== {database}：启动 jixiao serve，创建 {args.users} 张草稿 …", flush=True)
    with running_server(url, args.threads) as server:
        drafts = create_drafts(server.port, args.users)
        tally = Tally()
        window = [0.0, 0.0]
        ready = threading.Barrier(args.users + 1)
        go = threading.Event()
        users = [SimulatedUser(signed_in(server.port), d, tally, args.think, ready, go, window)
                 for d in drafts]
        for user in users:
            user.start()
        try:
            ready.wait(timeout=START_TIMEOUT)
        except threading.BrokenBarrierError:
            failed = next((u.failure for u in users if u.failure), None)
            raise SystemExit(f"模拟用户准备失败：{failed}") from failed
        return measure(database, args, server, users, tally, (window, go))


def measure(database: str, args: argparse.Namespace, server: Server,
            users: list[SimulatedUser], tally: Tally,
            start: tuple[list[float], threading.Event]) -> Result:
    """Open the window for all users at once and account for time, CPU and load."""
    window, go = start
    load_before = uptime()
    spy = start_profiler(server.process.pid, args) if args.profile else None
    backends = postgres_backends() if database == "postgresql" else []
    pg_before = sum(cpu_seconds(p) for p in backends)
    cpu_before = cpu_seconds(server.process.pid)
    client_before = resource.getrusage(resource.RUSAGE_SELF)
    started = time.monotonic()
    window[:] = [started, started + args.seconds]
    go.set()
    for user in users:
        user.join(timeout=args.seconds + REQUEST_TIMEOUT + 10)
    elapsed = time.monotonic() - started
    client_after = resource.getrusage(resource.RUSAGE_SELF)
    server_cpu = cpu_seconds(server.process.pid) - cpu_before
    pg_cpu = (sum(cpu_seconds(p) for p in postgres_backends()) - pg_before
              if database == "postgresql" else None)
    load_after = uptime()
    profile = finish_profiler(spy) if spy else []
    failures = [u.failure for u in users if u.failure]
    if failures:
        print(f"注意：{len(failures)} 个模拟用户中途出错：{failures[0]!r}")
    client_cpu = (client_after.ru_utime + client_after.ru_stime
                  - client_before.ru_utime - client_before.ru_stime)
    return Result(database, args.users, elapsed, args.think, tally, server_cpu, pg_cpu,
                  client_cpu, load_before, load_after, profile)


# ---------------------------------------------------------------- profile (py-spy)


@dataclass
class Profiler:
    process: subprocess.Popen[bytes]
    output: Path


def start_profiler(pid: int, args: argparse.Namespace) -> Profiler | None:
    spy = shutil.which("py-spy", path=str(VENV_BIN)) or shutil.which("py-spy")
    if not spy:
        print("（未找到 py-spy：.venv/bin/pip install py-spy 后可用 --profile）")
        return None
    output = Path(tempfile.mkdtemp(prefix="jixiao-spy-")) / "stacks.txt"
    process = subprocess.Popen(
        [spy, "record", "--pid", str(pid), "--duration", str(int(args.seconds)),
         "--rate", "100", "--format", "raw", "--nolineno", "--nonblocking",
         *(["--gil"] if args.profile == "gil" else []), "--output", str(output)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return Profiler(process, output)


def finish_profiler(spy: Profiler) -> list[str]:
    try:
        spy.process.wait(timeout=60)
    except subprocess.TimeoutExpired:
        spy.process.terminate()
        spy.process.wait()
    if not spy.output.exists():
        return ["（py-spy 没有写出采样）"]
    lines = summarize_stacks(spy.output.read_text(errors="replace").splitlines())
    return [*lines, f"（采样原始栈：{spy.output}）"]


def summarize_stacks(lines: list[str], top: int = 15) -> list[str]:
    """Where the server's busy samples go, from py-spy's collapsed stacks: by view, the
    project's own functions (inclusive: counted once per stack) and the modules the time is
    finally spent in (the innermost frame's file, grouped by package)."""
    inclusive: Counter[str] = Counter()
    by_view: Counter[str] = Counter()
    leaf_module: Counter[str] = Counter()
    total = 0
    for line in lines:
        stack, _, count_text = line.rpartition(" ")
        if not count_text.isdigit():
            continue
        count = int(count_text)
        frames = [f.strip() for f in stack.split(";")]
        if frames[-1].startswith(IDLE_LEAVES):
            continue
        total += count
        by_view[view_of(frames)] += count
        leaf_module[module_of(frames[-1])] += count
        for frame in set(frames):
            if "(jixiao/" in frame:
                inclusive[frame] += count
    if not total:
        return ["（没有忙碌的采样）"]

    def share(pairs: list[tuple[str, int]]) -> list[str]:
        return [f"  {100 * n / total:5.1f}%  {name}" for name, n in pairs]

    return [f"服务器忙碌采样 {total} 个（py-spy 100 Hz）。按视图：",
            *share(by_view.most_common()),
            f"本项目函数（包含其调用的时间，前 {top} 个）：",
            *share(inclusive.most_common(top)),
            f"时间最终花在哪些模块（最内层帧，前 {top} 个）：",
            *share(leaf_module.most_common(top))]


#: Innermost frames of threads that wait rather than work (py-spy sometimes samples them).
IDLE_LEAVES = ("Condition.wait ", "poll (waitress", "select (", "Event.wait ")
VIEWS = ("form_detail", "form_save", "form_score", "login_view")


def view_of(frames: list[str]) -> str:
    """The view a sampled stack is in, or the part of the server outside any view."""
    for frame in frames:
        if frame.split(" ", 1)[0] in VIEWS:
            return frame
    if any("(django/" in f for f in frames):
        return "Django 中间件等（视图之外：会话、认证、CSRF、应答）"
    if any("(waitress/" in f for f in frames):
        return "waitress（收发、解析 HTTP）"
    if any("(huey/" in f for f in frames):
        return "huey 任务线程"
    return "其他"


def module_of(frame: str) -> str:
    """`func (django/template/base.py)` → `django/template`; `sqlite3` C calls stay as named."""
    _, _, where = frame.partition("(")
    where = where.rstrip(")")
    if not where:
        return frame
    parts = where.split("/")
    return "/".join(parts[:2]) if len(parts) > 2 else where


# ---------------------------------------------------------------- report


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile of a non-empty list."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


def report(result: Result) -> None:
    t = result.tally
    print(f"\n== {result.database}：{result.users} 个用户，{result.seconds:.1f} 秒，"
          f"思考时间 {result.think:g} 秒")
    print(f"负载（开始）：{result.load_before}")
    print(f"负载（结束）：{result.load_after}")
    errors = sum(t.errors.values())
    print(f"请求 {result.requests} 个，{result.requests / result.seconds:.1f} 个/秒；"
          f"错误（非 2xx 或连接失败）{errors} 个")
    print(f"{'请求':<36} {'个数':>6} {'个/秒':>7} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} "
          f"{'最大 ms':>8} {'错误':>5}")
    for kind, label in KINDS.items():
        times = t.times[kind]
        if not times:
            continue
        wrong = sum(n for k, n in t.errors.items() if k.startswith(kind + " "))
        ms = [x * 1000 for x in times]
        print(f"{label:<36} {len(ms):>6} {len(ms) / result.seconds:>7.1f} "
              f"{percentile(ms, 50):>8.1f} {percentile(ms, 95):>8.1f} {percentile(ms, 99):>8.1f} "
              f"{max(ms):>8.1f} {wrong:>5}")
    for failure, n in t.errors.most_common():
        print(f"  错误 {failure}: {n}")
    per_request = 1000 * result.server_cpu / max(result.requests, 1)
    print(f"服务器进程 CPU {result.server_cpu:.1f} 秒（每个请求 {per_request:.1f} ms）"
          + (f"；PostgreSQL 后端 CPU {result.postgres_cpu:.1f} 秒"
             if result.postgres_cpu is not None else "")
          + f"；压测客户端 CPU {result.client_cpu:.1f} 秒")
    for line in result.profile:
        print(line)


def summary(result: Result) -> dict[str, Any]:
    """The result as JSON (for --json)."""
    kinds = {}
    for kind, times in result.tally.times.items():
        ms = [x * 1000 for x in times]
        kinds[kind] = {"count": len(ms), **({f"p{p}": round(percentile(ms, p), 1)
                                              for p in (50, 95, 99)} if ms else {})}
    return {"database": result.database, "users": result.users, "think": result.think,
            "seconds": round(result.seconds, 1), "requests": result.requests,
            "requests_per_second": round(result.requests / result.seconds, 1),
            "errors": dict(result.tally.errors), "kinds": kinds,
            "server_cpu_seconds": round(result.server_cpu, 1),
            "postgres_cpu_seconds": (round(result.postgres_cpu, 1)
                                     if result.postgres_cpu is not None else None),
            "load_before": result.load_before, "load_after": result.load_after}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=50, help="模拟用户数（默认 50）")
    parser.add_argument("--seconds", type=float, default=60, help="计时窗口秒数（默认 60）")
    parser.add_argument("--think", type=float, default=0.0,
                        help="两次请求之间的平均思考时间，秒（默认 0：闭环压测）")
    parser.add_argument("--databases", nargs="+", default=["sqlite", "postgresql"],
                        choices=["sqlite", "postgresql"])
    parser.add_argument("--threads", type=int, default=8, help="jixiao serve 的线程数（默认 8）")
    parser.add_argument("--postgres-url", default=os.environ.get("JIXIAO_BENCH_PG", PG_ADMIN_URL),
                        help="有 CREATEDB 权限的角色的连接串；压测库 jixiao_bench 每次重建")
    parser.add_argument("--profile", nargs="?", const="wall", choices=["wall", "gil"],
                        help="用 py-spy 采样服务器：wall 为所有在忙的线程（含等锁、等数据库），"
                             "gil 只采持有 GIL 的线程（Python 代码的 CPU 时间）")
    parser.add_argument("--json", type=Path, help="把结果另写为 JSON 文件")
    args = parser.parse_args()
    if args.users < 1 or not 0 < args.seconds <= 3600 or args.think < 0:
        parser.error("--users ≥ 1，0 < --seconds ≤ 3600，--think ≥ 0")
    print(f"代码：{code_version()}；服务器线程 {args.threads}；CPU 核数 {os.cpu_count()}")
    results = []
    for database in args.databases:
        result = run_once(database, args)
        report(result)
        results.append(result)
    if args.json:
        args.json.write_text(json.dumps([summary(r) for r in results], ensure_ascii=False,
                                        indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
