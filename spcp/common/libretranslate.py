"""A client for a self-hosted LibreTranslate server (https://github.com/LibreTranslate/LibreTranslate).

Only its `POST /translate` call is used: a JSON body {q, source, target, format: "text", api_key?} answered by
{"translatedText": "..."} or, on failure, an HTTP error with {"error": "..."}. The server runs inside the
agency's network, so participants' words never reach a third party. Every failure (refused connection,
timeout, an error status, a malformed answer) raises TranslateError: callers keep the original text and try
again later, they never crash a request on it.

Language codes are the site's (en, ko, es, zh-hans, vi); LibreTranslate names Simplified Chinese "zh" (and,
in recent releases, also "zh-Hans"), so "zh-hans" is sent as "zh" and, when a server refuses that, as "zh-Hans".
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from dataclasses import dataclass

# The site's language code → LibreTranslate's codes, tried in order.
SERVER_CODES: dict[str, tuple[str, ...]] = {"zh-hans": ("zh", "zh-Hans")}
MAX_ERROR_BYTES = 2000


class TranslateError(Exception):
    """The server could not translate (unreachable, slow, refused, or answered nonsense)."""


@dataclass(frozen=True)
class LibreTranslate:
    url: str
    api_key: str = ""
    timeout: float = 20.0

    def translate(self, text: str, *, source: str, target: str) -> str:
        """`text` from `source` into `target`, or TranslateError."""
        sources = SERVER_CODES.get(source, (source,))
        targets = SERVER_CODES.get(target, (target,))
        last: TranslateError | None = None
        for code_from in sources:
            for code_to in targets:
                try:
                    return self._call(text, code_from, code_to)
                except UnsupportedLanguage as exc:  # try the next spelling of the language
                    last = exc
        assert last is not None
        raise last

    def _call(self, text: str, source: str, target: str) -> str:
        body: dict[str, str] = {"q": text, "source": source, "target": target, "format": "text"}
        if self.api_key:
            body["api_key"] = self.api_key
        if not self.url.startswith(("http://", "https://")):
            raise TranslateError("SPCP_TRANSLATE_URL must start with http:// or https://")
        request = urllib.request.Request(  # noqa: S310 (the scheme is checked above)
            f"{self.url.rstrip('/')}/translate",
            data=json.dumps(body).encode("utf-8"),
            headers={"Content-Type": "application/json", "Accept": "application/json"},
            method="POST",
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310 (checked above)
                raw = response.read()
        except urllib.error.HTTPError as exc:
            detail = _error_text(exc.read(MAX_ERROR_BYTES))
            if exc.code == 400 and "not supported" in detail.lower():
                raise UnsupportedLanguage(detail) from exc
            raise TranslateError(f"HTTP {exc.code}: {detail}") from exc
        except OSError as exc:  # refused, unreachable, timed out (URLError and TimeoutError are OSErrors)
            raise TranslateError(str(exc)) from exc
        try:
            answer = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, ValueError) as exc:
            raise TranslateError("the answer is not JSON") from exc
        translated = answer.get("translatedText") if isinstance(answer, dict) else None
        if not isinstance(translated, str) or not translated.strip():
            raise TranslateError("the answer has no translatedText")
        return translated.strip()


class UnsupportedLanguage(TranslateError):
    """The server does not know this language code (another spelling may work)."""


def _error_text(raw: bytes) -> str:
    try:
        answer = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return raw.decode("utf-8", "replace")[:200]
    if isinstance(answer, dict) and isinstance(answer.get("error"), str):
        return str(answer["error"])
    return str(answer)[:200]
