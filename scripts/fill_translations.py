#!/usr/bin/env python3
"""Fills translations/persona_{ru,en}.ts after `lupdate`: Russian texts for every source string
from RU below, and English plural forms derived from the "(s)" in the source. Run after adding UI
strings: lupdate ui app -ts translations/persona_ru.ts translations/persona_en.ts -no-obsolete
-locations none && python3 scripts/fill_translations.py. Strings without a Russian text are
listed and left unfinished (Qt then shows the English source)."""
import re
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
from translations_ru import RU  # noqa: E402

# Each room of the UI may keep its Russian texts in its own scripts/translations_ru_<room>.py (a
# dict RU), so that work on two rooms at once does not edit one file.
for extra in sorted(Path(__file__).resolve().parent.glob("translations_ru_*.py")):
    namespace = {}
    exec(compile(extra.read_text(encoding="utf-8"), str(extra), "exec"), namespace)
    RU.update(namespace["RU"])


def english_plural(source):
    one = re.sub(r"\((s|es)\)", "", source)
    many = re.sub(r"\((s|es)\)", r"\1", source)
    return [one, many]


def fill(path, russian):
    tree = ET.parse(path)
    missing = []
    for message in tree.getroot().iter("message"):
        source = message.find("source").text or ""
        translation = message.find("translation")
        numerus = message.get("numerus") == "yes"
        if russian:
            value = RU.get(source)
            if value is None:
                if translation.get("type") == "unfinished":
                    missing.append(source)
                continue
        elif numerus:
            value = english_plural(source)
        else:
            continue
        for child in list(translation):
            translation.remove(child)
        translation.text = None
        translation.attrib.pop("type", None)
        if numerus:
            forms = value if isinstance(value, list) else [value] * (3 if russian else 2)
            translation.text = "\n            "
            for i, form in enumerate(forms):
                node = ET.SubElement(translation, "numerusform")
                node.text = form
                node.tail = "\n            " if i + 1 < len(forms) else "\n        "
        else:
            translation.text = value
    ET.indent(tree, space="    ")
    text = ET.tostring(tree.getroot(), encoding="unicode")
    Path(path).write_text('<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n' + text + "\n", encoding="utf-8")
    return missing


if __name__ == "__main__":
    missing = fill(ROOT / "translations" / "persona_ru.ts", True)
    fill(ROOT / "translations" / "persona_en.ts", False)
    for m in missing:
        print("no Russian text:", repr(m))
    sys.exit(1 if missing else 0)
