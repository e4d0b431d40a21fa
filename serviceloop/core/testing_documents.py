"""Checks on generated PDFs for the documents' tests: text, fonts, ink on page 1."""

import io
import shutil
import subprocess
import tempfile
from pathlib import Path

from PIL import Image
from pypdf import PdfReader


def pdf_text(pdf: bytes) -> str:
    """The text of every page of a PDF, as a reader would copy it."""
    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages)


def pdf_page_count(pdf: bytes) -> int:
    return len(PdfReader(io.BytesIO(pdf)).pages)


def fonts_not_embedded(pdf: bytes) -> list[str]:
    """The names of the fonts a PDF uses without embedding them (should be none)."""
    missing: list[str] = []
    for page in PdfReader(io.BytesIO(pdf)).pages:
        fonts = (page.get("/Resources") or {}).get("/Font") or {}
        for ref in fonts.values():
            font = ref.get_object()
            descriptor = font.get("/FontDescriptor")
            if descriptor is None and "/DescendantFonts" in font:
                descriptor = font["/DescendantFonts"][0].get_object().get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor is not None else {}
            if not any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")):
                missing.append(str(font.get("/BaseFont")))
    return missing


def first_page_ink(pdf: bytes) -> float:
    """The share of non-white pixels on page 1 rendered by pdftoppm (0: a blank page)."""
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "document.pdf"
        source.write_bytes(pdf)
        pdftoppm = shutil.which("pdftoppm") or "pdftoppm"
        subprocess.run(  # noqa: S603 — our own PDF, a fixed command
            [pdftoppm, "-r", "40", "-png", "-f", "1", "-l", "1", "-singlefile", source, "page"],
            cwd=folder,
            check=True,
            capture_output=True,
        )
        pixels = Image.open(Path(folder) / "page.png").convert("L").tobytes()
    return sum(1 for pixel in pixels if pixel < 200) / len(pixels)
