"""The peer for the throughput benchmark: flashgeotext over the same JSON Lines, whole process.

flashgeotext is a dictionary-only spotter (flashtext keyword tries over its bundled
city and country lists) with no disambiguation. This driver does the same
end-to-end work as ``conflictmap extract --jsonl``: load, read each ``{"id",
"text"}`` line, extract, and write one JSON line per article to stdout.

Usage::

    python bench/flashgeotext_driver.py articles.jsonl > out.jsonl
"""

from __future__ import annotations

import json
import sys


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print("usage: flashgeotext_driver.py FILE.jsonl", file=sys.stderr)
        return 2
    from flashgeotext.geotext import GeoText

    geotext = GeoText()
    out = sys.stdout
    with open(argv[1], encoding="utf-8") as handle:
        for line in handle:
            if not line.strip():
                continue
            item = json.loads(line)
            found = geotext.extract(input_text=item["text"], span_info=True)
            out.write(json.dumps({"id": item.get("id"), "found": found}, ensure_ascii=False))
            out.write("\n")
    out.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
