"""`jixiao serve`: migrate, optionally load the demo, run the task consumer and waitress."""

from __future__ import annotations

import os
import sys
import threading
from pathlib import Path
from typing import TextIO

#: Threads of the WSGI server: enough for a department's reviewers on one machine.
DEFAULT_THREADS = 8


def configure(data_dir: str | None) -> None:
    """Point Django at our settings and the data folder, then set it up."""
    if data_dir:
        os.environ["JIXIAO_DATA"] = str(Path(data_dir).resolve())
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jixiao.web.settings")
    import django
    django.setup()


def migrate(out: TextIO) -> None:
    from django.core.management import call_command
    call_command("migrate", interactive=False, verbosity=0, stdout=out)


def start_consumer() -> None:
    """Run the huey consumer in this process (imports of many files in the background)."""
    from huey.contrib.djhuey import HUEY

    import jixiao.web.tasks  # noqa: F401  (registers the tasks left queued by a previous run)
    if HUEY.immediate:
        return
    consumer = HUEY.create_consumer(workers=1, worker_type="thread", periodic=False)
    thread = threading.Thread(target=consumer.run, name="jixiao-tasks", daemon=True)
    # The consumer installs signal handlers, which only the main thread may do.
    consumer._set_signal_handlers = lambda: None  # type: ignore[method-assign]
    thread.start()


def serve(host: str, port: int, data_dir: str | None, demo: bool, threads: int,
          out: TextIO = sys.stdout) -> None:
    configure(data_dir)
    migrate(out)
    from django.conf import settings
    url = f"http://{'127.0.0.1' if host in ('0.0.0.0', '::') else host}:{port}/"
    print(f"数据目录：{settings.DATA_DIR}", file=out)
    print(f"数据库：{settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}", file=out)
    if demo:
        from jixiao.web.demo import USERS, generated_password, load_demo
        password = os.environ.get("JIXIAO_DEMO_PASSWORD") or generated_password()
        accounts = load_demo(password)
        print("演示数据：" + ("已创建" if accounts.created else "已存在（密码已重设）"), file=out)
        for username, role, unit in USERS:
            print(f"  用户 {username:<9}{role.label}{'：' + unit if unit else ''}", file=out)
        print(f"  密码：{accounts.password}", file=out)
    start_consumer()
    print(f"地址：{url}  （Ctrl-C 停止）", file=out, flush=True)
    from waitress import serve as waitress_serve

    from jixiao.web.wsgi import application
    waitress_serve(application, host=host, port=port, threads=threads, ident="jixiao",
                   _quiet=True)
