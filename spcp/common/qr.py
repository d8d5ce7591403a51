"""QR codes drawn on the server as inline SVG (no image request, sized by CSS, named for screen readers)."""

from __future__ import annotations

import re

import qrcode
import qrcode.image.svg
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe


def inline_qr(data: str, label: str) -> SafeString:
    """An inline SVG QR code for `data`, with role="img" and `label` as its accessible name."""
    image = qrcode.make(data, image_factory=qrcode.image.svg.SvgPathImage, box_size=10, border=2)
    svg = image.to_string(encoding="unicode")
    svg = re.sub(r"^<\?xml[^>]*>\s*", "", svg if isinstance(svg, str) else svg.decode())
    svg = svg.replace("<svg ", format_html('<svg role="img" aria-label="{}" class="spcp-qr" ', label), 1)
    return mark_safe(svg)  # noqa: S308 - qrcode's own markup; the label is escaped above
