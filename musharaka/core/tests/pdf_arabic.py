"""Checks that a PDF's page shows shaped Arabic right to left, for the reports' tests (the plan's, the impact
report's). Reading the words back with pdftotext proves the letters are there, not that they were joined: a PDF
drawn from isolated letters, or in a font without Arabic forms, reads back the same. These checks look at what
was drawn.

- shaped: the glyphs a page draws (its text operators' glyph ids, mapped back to letters through each font's
  ToUnicode) show the joining letters in more than one form — initial, medial, final — which only a shaper
  (HarfBuzz, through Pango) chooses; unshaped text draws one glyph per letter. The font is an Arabic one.
- right to left: on the page rendered to PNG the first line of text (the title) sits against the right margin.
"""

import re
from collections import defaultdict

ARABIC_FONTS = ("Amiri", "NotoNaskhArabic", "NotoSansArabic")
# Letters that join on both sides: in running text each shows up in several of its four forms.
DUAL_JOINING = set("بتثجحخسشصضطظعغفقكلمنهي")


def _glyphs_by_letter(font) -> dict[int, str]:
    """Glyph id → the text it stands for, from the font's ToUnicode CMap (bfchar and bfrange)."""
    cmap = font["/ToUnicode"].get_object().get_data().decode("latin-1")
    mapping: dict[int, str] = {}
    for block in re.findall(r"beginbfchar(.*?)endbfchar", cmap, re.S):
        for glyph, text in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            mapping[int(glyph, 16)] = bytes.fromhex(text).decode("utf-16-be")
    for block in re.findall(r"beginbfrange(.*?)endbfrange", cmap, re.S):
        for low, high, text in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            first = int(text, 16)
            for offset in range(int(high, 16) - int(low, 16) + 1):
                mapping[int(low, 16) + offset] = chr(first + offset)
    return mapping


def drawn_forms(pdf_path, page_number: int = 1) -> tuple[dict[str, int], set[str]]:
    """For each Arabic letter the page draws, how many different glyphs draw it (the most in any one font), and
    the names of the fonts that draw Arabic."""
    from pypdf import PdfReader
    from pypdf.generic import ByteStringObject, ContentStream, TextStringObject

    reader = PdfReader(pdf_path)
    page = reader.pages[page_number - 1]
    fonts = page["/Resources"]["/Font"]
    maps: dict[str, dict[int, str]] = {}
    used: dict[str, set[int]] = defaultdict(set)
    current = None
    for operands, operator in ContentStream(page.get_contents(), reader).operations:
        if operator == b"Tf":
            current = operands[0]
            if current not in maps:
                maps[current] = _glyphs_by_letter(fonts[current].get_object())
        elif operator in (b"Tj", b"TJ", b"'", b'"') and current is not None:
            strings = operands[0] if operator == b"TJ" else operands[-1:]
            for item in strings:  # Identity-H: two bytes per glyph id; the numbers between are kerning
                if isinstance(item, TextStringObject | ByteStringObject):
                    raw = item.original_bytes
                    used[current].update(int.from_bytes(raw[i:i + 2], "big") for i in range(0, len(raw) - 1, 2))
    forms: dict[str, int] = {}
    arabic_fonts: set[str] = set()
    for name, glyphs in used.items():
        per_letter: dict[str, set[int]] = defaultdict(set)
        for glyph in glyphs:
            for letter in maps[name].get(glyph, ""):
                if "\u0621" <= letter <= "\u064a":
                    per_letter[letter].add(glyph)
        if per_letter:
            arabic_fonts.add(str(fonts[name].get_object()["/BaseFont"]).split("+")[-1])
        for letter, ids in per_letter.items():
            forms[letter] = max(forms.get(letter, 0), len(ids))
    return forms, arabic_fonts


def assert_shaped_arabic(pdf_path, page_number: int = 1) -> None:
    forms, fonts = drawn_forms(pdf_path, page_number)
    assert fonts and all(font.startswith(ARABIC_FONTS) for font in fonts), fonts
    joining = {letter: count for letter, count in forms.items() if letter in DUAL_JOINING}
    assert len(joining) >= 8, forms  # a page of Arabic uses many of them
    several = [letter for letter, count in joining.items() if count >= 2]
    # Shaped text draws most of them in more than one form (a letter seen only at a word's end may have one).
    assert len(several) >= len(joining) * 2 // 3, forms
    assert forms.get("ل", 0) >= 3 and forms.get("م", 0) >= 2, forms


def assert_title_flush_right(png_path) -> None:
    """The page's first line of text (its title) ends near the right margin and starts far from the left one."""
    from PIL import Image

    image = Image.open(png_path).convert("L")
    width, height = image.size
    pixels = image.load()
    dark_rows = [y for y in range(height) if any(pixels[x, y] < 128 for x in range(width))]
    assert dark_rows, "the page is blank"
    top = dark_rows[0]
    line = [top]
    for y in dark_rows[1:]:
        if y != line[-1] + 1:
            break
        line.append(y)
    columns = [x for x in range(width) if any(pixels[x, y] < 128 for y in line)]
    left_gap, right_gap = columns[0], width - 1 - columns[-1]
    assert right_gap * 2 < left_gap, (left_gap, right_gap)
