"""``callcenter-rules serve``: the JSON service (`callcenter_rules.server`) on uvicorn.

The command is part of every install; the server itself is an optional extra
(``pip install "callcenter-rules[serve]"``), imported only when the command runs, so that
``callcenter-rules --help`` works without it and ``serve`` says what to install.

Its configuration options and ``--workers`` are the other commands' own
(`callcenter_rules.cli.common`), with the same help.

Exit codes: 0 stopped (SIGTERM or Ctrl-C, after the requests in flight are answered),
1 the server could not start (the address is in use), 2 bad options, or the extra is not
installed.
"""

from __future__ import annotations

import ipaddress
import os
import signal
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Final

import click

from ..text import os_reason
from .common import (
    WORKERS,
    BadInput,
    Seconds,
    WholeNumber,
    configuration_options,
    configure,
    lang_option,
    resolve,
    say,
)
from .zh import Command, option_help_zh

__all__ = [
    "DEFAULT_BODY_LIMIT",
    "DEFAULT_HOST",
    "DEFAULT_LIMITS",
    "DEFAULT_PORT",
    "HELP_ZH_SERVE",
    "MIN_TOKEN_LENGTH",
    "TOKEN_ENVIRONMENT",
    "serve_command",
]

#: The environment variable that may hold the token (``--token-file`` wins).
TOKEN_ENVIRONMENT: Final = "CALLCENTER_RULES_TOKEN"
#: The shortest token accepted: a shared secret must not be guessable.
MIN_TOKEN_LENGTH: Final = 16
DEFAULT_HOST: Final = "127.0.0.1"
DEFAULT_PORT: Final = 8000
#: 1 MiB, as `callcenter_rules.server.DEFAULT_BODY_LIMIT` (not imported: the server
#: module needs the extra).
DEFAULT_BODY_LIMIT: Final = 1 << 20
#: The defaults of `callcenter_rules.server.Limits` (not imported, as above), by option.
DEFAULT_LIMITS: Final[dict[str, float]] = {
    "limit_concurrency": 128,
    "limit_batches": 4,
    "batch_read_ahead": 4 << 20,
    "max_header_size": 16 << 10,
    "timeout_keep_alive": 5.0,
    "timeout_header": 10.0,
    "timeout_body": 30.0,
    "batch_min_rate": 4096,
}

#: The Chinese help of the command and of its own options (keys as in
#: `callcenter_rules.cli.HELP_ZH`); the options it shares with other commands carry theirs
#: (`HELP_ZH_SERVE` adds them below the command).
_HELP_ZH_OWN: Final[dict[str, str]] = {
    "serve": "启动 JSON 服务（HTTP），供任何语言的工具调用：评估、取得许可的途径、"
    "批量筛查（流式 JSON Lines）、规则、参数、JSON Schema 及接口说明（“/openapi.json”）。"
    "结果与命令行的 JSON 输出完全相同。\n\n"
    "默认只监听本机（127.0.0.1:8000）。没有令牌时不监听其他地址，除非指定 --allow-remote。"
    "收到 SIGTERM 后先答复进行中的请求再退出。\n\n"
    "需要安装可选依赖：“pip install callcenter-rules[serve]”。\n\n"
    "退出码：0 已停止（SIGTERM 或 Ctrl-C），1 无法启动（如端口已被占用），"
    "2 选项有误或未安装可选依赖。",
    "serve.host": "监听的地址（默认只监听本机）。监听其他地址需要令牌或 --allow-remote。",
    "serve.port": "监听的端口。",
    "serve.body_limit": "评估接口和许可途径接口请求体的最大字节数，也是批量接口每一行的"
    "最大字节数；超出时答复 413。",
    "serve.token_file": "保存共享令牌的文件（至少16个字符）；设置后每个请求都须带有请求头"
    "“Authorization: Bearer 令牌”。未指定时读取环境变量 CALLCENTER_RULES_TOKEN。",
    "serve.allow_remote": "允许没有令牌时监听本机以外的地址"
    "（能访问该地址的任何人都可调用本服务）。",
    "serve.limit_concurrency": "每个工作进程同时打开的连接数上限；超出时答复 503"
    "（带“Retry-After”头），达到两倍时新连接立即关闭。",
    "serve.limit_batches": "每个工作进程同时处理的批量接口请求数上限；超出时答复 503"
    "（带“Retry-After”头）。",
    "serve.batch_read_ahead": "每个批量请求预先读入、尚未评估的输入的字节数上限；"
    "达到后暂停读取请求，直到评估赶上。",
    "serve.max_header_size": "请求头（请求行和各个头字段）的最大字节数；超出时答复 431。",
    "serve.timeout_keep_alive": "答复后空闲连接保持打开的秒数。",
    "serve.timeout_header": "从连接打开（或上一个答复结束）起，请求头须在多少秒内全部到达；"
    "否则关闭连接（已收到部分请求头时先答复 408）。",
    "serve.timeout_body": "评估接口和许可途径接口的请求体须在多少秒内全部到达（否则答复 408）；"
    "批量请求的输入中断多少秒后截断答复；客户端多少秒不读取答复时关闭连接。",
    "serve.batch_min_rate": "批量请求的输入在服务器等待它的时间里"
    "（不含服务器忙于评估已收到的行的时间）平均每秒至少应到达的字节数；"
    "服务器为其累计等待满 --timeout-body 秒后开始检查，"
    "低于此速率时，已读到的行照常答复，然后截断答复。",
    "serve.access_log": "为每个请求在标准错误输出中记录一行访问日志。",
    "serve.lang": "提示信息的语言（默认：区域设置为 zh_* 时为中文，否则为英文）。",
}


class _CannotStart(click.ClickException):
    """The server could not start (uvicorn says why): exit code 1."""

    exit_code = 1

    def show(self, file: Any = None) -> None:
        click.echo(say("Error: ", "错误：") + self.format_message(), err=True)


class _Stopped(Exception):
    """SIGTERM or SIGINT, re-raised by uvicorn once it has shut down gracefully."""


def _stop(_signum: int, _frame: object) -> None:
    raise _Stopped


@click.command("serve", cls=Command)
@click.option(
    "--host",
    metavar="HOST",
    default=DEFAULT_HOST,
    show_default=True,
    help="Address to listen on (loopback by default). Any other address needs a token or "
    "--allow-remote.",
)
@click.option(
    "--port",
    type=WholeNumber(min=0, max=65535),
    metavar="PORT",
    default=DEFAULT_PORT,
    show_default=True,
    help="Port to listen on.",
)
@WORKERS
@configuration_options
@click.option(
    "--body-limit",
    type=WholeNumber(min=1),
    metavar="BYTES",
    default=DEFAULT_BODY_LIMIT,
    show_default=True,
    help="Largest body of /v1/assess and /v1/plan, and longest line of /v1/batch, in bytes; "
    "over it: 413.",
)
@click.option(
    "--limit-concurrency",
    type=WholeNumber(min=1),
    metavar="N",
    default=DEFAULT_LIMITS["limit_concurrency"],
    show_default=True,
    help="Connections open at once, per worker; a request over it: 503 with Retry-After (at "
    "twice as many, a new connection is closed at once).",
)
@click.option(
    "--limit-batches",
    type=WholeNumber(min=1),
    metavar="N",
    default=DEFAULT_LIMITS["limit_batches"],
    show_default=True,
    help="/v1/batch requests answered at once, per worker; one more: 503 with Retry-After.",
)
@click.option(
    "--batch-read-ahead",
    type=WholeNumber(min=1),
    metavar="BYTES",
    default=DEFAULT_LIMITS["batch_read_ahead"],
    show_default=True,
    help="Input of a batch read ahead of its assessments, at most; then the request is not "
    "read until they catch up.",
)
@click.option(
    "--max-header-size",
    type=WholeNumber(min=1),
    metavar="BYTES",
    default=DEFAULT_LIMITS["max_header_size"],
    show_default=True,
    help="Largest request head (request line and headers); over it: 431.",
)
@click.option(
    "--timeout-keep-alive",
    type=Seconds(),
    metavar="SECONDS",
    default=DEFAULT_LIMITS["timeout_keep_alive"],
    show_default=True,
    help="Seconds an idle connection stays open after an answer.",
)
@click.option(
    "--timeout-header",
    type=Seconds(),
    metavar="SECONDS",
    default=DEFAULT_LIMITS["timeout_header"],
    show_default=True,
    help="Seconds a request head has to arrive whole, from the opening of the connection (or "
    "the end of the previous answer); then the connection is closed (after a 408 if part of "
    "the head came).",
)
@click.option(
    "--timeout-body",
    type=Seconds(),
    metavar="SECONDS",
    default=DEFAULT_LIMITS["timeout_body"],
    show_default=True,
    help="Seconds the body of /v1/assess or /v1/plan has to arrive whole (else 408); a batch "
    "whose input stops for as long has its answer cut off; a client that leaves an answer "
    "unread for as long has its connection closed.",
)
@click.option(
    "--batch-min-rate",
    type=WholeNumber(min=1),
    metavar="BYTES",
    default=DEFAULT_LIMITS["batch_min_rate"],
    show_default=True,
    help="Bytes a second a batch's input must average over the time the server waits for it "
    "(not the time it is busy with rows it has), once it has waited --timeout-body for it in "
    "all; slower, the rows read are answered and the answer is cut off.",
)
@click.option(
    "--token-file",
    metavar="FILE",
    default=None,
    help="File holding a shared token (16 characters or more); every request must then carry "
    f"Authorization: Bearer <token>. Default: the environment variable {TOKEN_ENVIRONMENT}.",
)
@click.option(
    "--allow-remote",
    is_flag=True,
    default=False,
    help="Listen on an address other than loopback without a token (anyone who can reach "
    "it can use the service).",
)
@click.option(
    "--access-log",
    is_flag=True,
    default=False,
    help="Log a line per request on standard error.",
)
@lang_option("Language of the messages (default: zh when the locale is zh_*, otherwise en).")
def serve_command(
    host: str,
    port: int,
    workers: int,
    config_file: str | None,
    policy: tuple[str, ...],
    param: tuple[str, ...],
    rule_pack: tuple[str, ...],
    body_limit: int,
    limit_concurrency: int,
    limit_batches: int,
    batch_read_ahead: int,
    max_header_size: int,
    timeout_keep_alive: float,
    timeout_header: float,
    timeout_body: float,
    batch_min_rate: int,
    token_file: str | None,
    allow_remote: bool,
    access_log: bool,
    lang: str | None,
) -> None:
    """Serve the library as JSON over HTTP, for tools in any language: assess, plan, batch
    (streamed JSON Lines), the rules, the parameters, the JSON Schemas and an OpenAPI
    document (/openapi.json). The answers are the command line's JSON.

    Listens on loopback (127.0.0.1:8000) by default; without a token it refuses any other
    address unless --allow-remote is given. On SIGTERM it answers the requests in flight,
    then exits.

    Needs the optional extra: pip install "callcenter-rules[serve]".

    Exit codes: 0 stopped (SIGTERM or Ctrl-C), 1 could not start (the address is in use),
    2 bad options, or the extra is not installed.
    """
    resolve(lang)
    try:
        import starlette  # noqa: F401
        import uvicorn
    except ImportError:
        raise BadInput(
            'the server is an optional extra: pip install "callcenter-rules[serve]"',
            "服务器是可选组件，请先安装：“pip install callcenter-rules[serve]”",
        ) from None
    chosen = configure(config_file, policy, param, rule_pack)
    token = _token(token_file)
    if token is None and not allow_remote and not _is_loopback(host):
        raise BadInput(
            f"{host} is not a loopback address: without a token, anyone who can reach it "
            f"could use the service. Give a token (--token-file, or {TOKEN_ENVIRONMENT}), "
            "or --allow-remote if that is intended.",
            f"{host} 不是本机回环地址：没有令牌时，能访问该地址的任何人都可调用本服务。"
            f"请提供令牌（--token-file 或环境变量 {TOKEN_ENVIRONMENT}），"
            "如确有此意，请加上 --allow-remote。",
        )
    from .. import server

    limits = server.Limits(
        limit_concurrency=limit_concurrency,
        limit_batches=limit_batches,
        batch_read_ahead=batch_read_ahead,
        max_header_size=max_header_size,
        timeout_keep_alive=timeout_keep_alive,
        timeout_header=timeout_header,
        timeout_body=timeout_body,
        batch_min_rate=batch_min_rate,
    )
    options: dict[str, Any] = {
        "host": host,
        "port": port,
        "log_level": "info",
        "access_log": access_log,
        "server_header": False,
        "proxy_headers": False,
        "lifespan": "on",
        **server.uvicorn_settings(limits),
    }
    previous = {sig: signal.signal(sig, _stop) for sig in (signal.SIGTERM, signal.SIGINT)}
    try:
        if workers == 1:
            app = _built(
                lambda: server.create_app(chosen, token=token, body_limit=body_limit, limits=limits)
            )
            uvicorn.run(app, **options)
        else:
            # Each worker builds its own engine from the same configuration (the factory
            # reads it from the environment, which the worker processes inherit); one is
            # built here first, so that a configuration the engine refuses stops the
            # command before anything listens.
            _built(lambda: chosen.engine().close())
            state = server.worker_state(chosen, token=token, body_limit=body_limit, limits=limits)
            with _worker_environment(server.WORKER_ENVIRONMENT, state):
                uvicorn.run(
                    "callcenter_rules.server:worker_app", factory=True, workers=workers, **options
                )
    except _Stopped:
        return
    except SystemExit as done:
        if done.code not in (0, None):
            raise _CannotStart(
                say("the server could not start (see above)", "服务器无法启动（原因见上）")
            ) from None
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


@contextmanager
def _worker_environment(name: str, state: str) -> Iterator[None]:
    """While the worker processes start (they inherit the environment): ``name`` set to
    ``state``, and `TOKEN_ENVIRONMENT` unset, so that a worker has the token's digest (in
    the state) and never the token itself. Both are as they were afterwards."""
    saved = {key: os.environ.get(key) for key in (name, TOKEN_ENVIRONMENT)}
    os.environ[name] = state
    os.environ.pop(TOKEN_ENVIRONMENT, None)
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def _built(build: Any) -> Any:
    """``build()``, its refusal of the configuration reported as bad usage."""
    try:
        return build()
    except ValueError as error:
        message_zh = getattr(error, "message_zh", None) or f"配置无法使用：{error}"
        raise BadInput(str(error), message_zh) from None


def _token(path: str | None) -> str | None:
    """The shared token: from ``path``, else from the environment, else none."""
    if path is not None:
        try:
            text = Path(path).read_text(encoding="utf-8")
        except OSError as error:
            reason = os_reason(error)
            raise BadInput(
                f"cannot read the token file {path}: {reason}",
                f"无法读取令牌文件 {path}：{reason.zh}",
            ) from None
        except UnicodeDecodeError as error:
            raise BadInput(
                f"cannot read the token file {path}: it is not UTF-8 (byte {error.start + 1})",
                f"无法读取令牌文件 {path}：不是 UTF-8 文本（第{error.start + 1}个字节）",
            ) from None
        source, source_zh = f"the token file {path}", f"令牌文件 {path}"
    else:
        found = os.environ.get(TOKEN_ENVIRONMENT)
        if found is None:
            return None
        text = found
        source, source_zh = TOKEN_ENVIRONMENT, f"环境变量 {TOKEN_ENVIRONMENT}"
    token = text.strip()
    if len(token) < MIN_TOKEN_LENGTH or not all("!" <= char <= "~" for char in token):
        raise BadInput(
            f"{source} must hold a token of {MIN_TOKEN_LENGTH} or more printable ASCII "
            f"characters without spaces (got {len(token)} characters); e.g. the output of "
            "python3 -c 'import secrets; print(secrets.token_urlsafe(32))'",
            f"{source_zh}中的令牌应至少有 {MIN_TOKEN_LENGTH} 个可打印的 ASCII 字符，且不含空白"
            f"（实际为 {len(token)} 个字符）；可用 "
            "python3 -c 'import secrets; print(secrets.token_urlsafe(32))' 生成",
        )
    return token


def _is_loopback(host: str) -> bool:
    """Whether every address ``host`` stands for is a loopback address."""
    name = host.strip("[]")
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        pass
    try:
        found = socket.getaddrinfo(name, None)
    except (OSError, UnicodeError):
        return False
    addresses = {str(info[4][0]).partition("%")[0] for info in found}
    return bool(addresses) and all(ipaddress.ip_address(a).is_loopback for a in addresses)


#: The Chinese help of the command and of each of its options (keys as in
#: `callcenter_rules.cli.HELP_ZH`).
HELP_ZH_SERVE: Final[dict[str, str]] = {**_HELP_ZH_OWN, **option_help_zh("serve", serve_command)}
