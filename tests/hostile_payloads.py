"""The hostile payload set: markup and script that must stay inert in every context.

Each payload sets ``window.__pwned`` to its own number (or opens a dialog, or
fetches) if it ever executes, so a browser test can tell which one ran. The set is:

- ``HAND_WRITTEN``: payloads written one by one, each aimed at one way into a
  page (tags, event handlers, ``javascript:`` URLs, template syntax, entity and
  escape tricks, comment and CDATA breakers, outside requests);
- generated ones: every *breaker* (a prefix that tries to leave the context the
  text is put in: an attribute's quotes, a JavaScript or JSON string, a
  ``<script>``, ``<style>``, ``<title>`` or ``<textarea>`` element, a comment,
  a CSS declaration, a line terminator) followed by every *sink* (a way to run
  script once out), numbered on from the hand-written ones.

``PAYLOADS`` holds them all, hand-written first (their indices are stable).

Examples
--------
>>> len(PAYLOADS) >= 150, len(set(PAYLOADS)) == len(PAYLOADS)
(True, True)
>>> PAYLOADS[0]
'<script>window.__pwned=1</script>'
>>> number(PAYLOADS[-1]) == len(PAYLOADS)
True
"""

from __future__ import annotations

import re

__all__ = ["BREAKERS", "HAND_WRITTEN", "PAYLOADS", "SINKS", "number"]

HAND_WRITTEN = [
    "<script>window.__pwned=1</script>",
    "<img src=x onerror=window.__pwned=2>",
    '"><img src=x onerror="window.__pwned=3">',
    "'><svg onload=window.__pwned=4>",
    "${window.__pwned=5}",
    "`;window.__pwned=6;`",
    "`);window.__pwned=7;//",
    "</script><script>window.__pwned=8</script>",
    '\\";window.__pwned=9;//',
    '<a href="javascript:window.__pwned=10" id="pw10">click</a>',
    '<iframe src="javascript:parent.__pwned=11"></iframe>',
    "<body onload=window.__pwned=12>",
    "<details open ontoggle=window.__pwned=13>",
    "<input autofocus onfocus=window.__pwned=14>",
    "<svg><script>window.__pwned=15</script></svg>",
    '<math><mi xlink:href="javascript:window.__pwned=16">x</mi></math>',
    "<!--<img src=x onerror=window.__pwned=17>-->",
    '<style>@import "javascript:window.__pwned=18";</style>',
    '<object data="javascript:window.__pwned=19"></object>',
    '<embed src="javascript:window.__pwned=20">',
    "\u2028window.__pwned=21\u2029",
    '"+(window.__pwned=22)+"',
    "'+(window.__pwned=23)+'",
    "{{constructor.constructor('window.__pwned=24')()}}",
    "<img src=x onerror=&#119;indow.__pwned=25>",
    '<a href="jav&#x09;ascript:window.__pwned=26">x</a>',
    '<video><source onerror="window.__pwned=27"></video>',
    "<marquee onstart=window.__pwned=28>x</marquee>",
    "<form><button formaction=javascript:window.__pwned=29>x</button></form>",
    '<div style="background:url(javascript:window.__pwned=30)">x</div>',
    "\\x3cscript>window.__pwned=31\\x3c/script>",
    "<scr<script>ipt>window.__pwned=32</scr</script>ipt>",
    "<![CDATA[<script>window.__pwned=33</script>]]>",
    '<meta http-equiv="refresh" content="0;url=javascript:window.__pwned=34">',
    "<img src=\"x\" onerror=\"window['__pw'+'ned']=35\">",
    "</textarea><script>window.__pwned=36</script>",
    "</title><script>window.__pwned=37</script>",
    '<base href="javascript:window.__pwned=38//">',
    "\\u003cimg src=x onerror=window.__pwned=39\\u003e",
    "<x onmouseover=window.__pwned=40 style=display:block;position:fixed;inset:0>hover</x>",
    "<link rel=stylesheet href=https://evil.invalid/x.css>",
    "<img src=https://evil.invalid/beacon.gif>",
    "__proto__",
    "constructor",
    "<svg><animate onbegin=window.__pwned=45 attributeName=x dur=1s>",
    "<audio src=x onerror=window.__pwned=46>",
    "<isindex type=image src=1 onerror=window.__pwned=47>",
    '<noscript><p title="</noscript><img src=x onerror=window.__pwned=48>">',
    "<template><img src=x onerror=window.__pwned=49></template>",
    "<select autofocus onfocus=window.__pwned=50>",
    "<textarea autofocus onfocus=window.__pwned=51>",
    "<keygen autofocus onfocus=window.__pwned=52>",
    "<object type=text/html data='data:text/html,<script>parent.__pwned=53</script>'>",
    "<iframe srcdoc='<script>parent.__pwned=54</script>'>",
    '<a href="data:text/html,<script>parent.__pwned=55</script>">x</a>',
    "\ufeff<script>window.__pwned=56</script>",
    "<scrİpt>window.__pwned=57</scrİpt>",
    "\x00<script>window.__pwned=58</script>",
    "%3Cscript%3Ewindow.__pwned=59%3C/script%3E",
    "&lt;script&gt;window.__pwned=60&lt;/script&gt;",
]

#: Prefixes that try to leave the context a text is written into.
BREAKERS = [
    '"',
    "'",
    '">',
    "'>",
    "</script>",
    "</style>",
    "</title>",
    "</textarea>",
    "-->",
    "]]>",
    '"}]',
    "\\'",
    "*/",
    "\u2028",
    "</mark></div>",
    "`",
]

#: Ways to run script once out of the context; ``{n}`` is the payload's number.
SINKS = [
    "<script>window.__pwned={n}</script>",
    "<img src=x onerror=window.__pwned={n}>",
    "<svg onload=window.__pwned={n}>",
    ";window.__pwned={n};//",
    "+(window.__pwned={n})+",
    " onmouseover=window.__pwned={n} x=",
    "<a href=javascript:window.__pwned={n}>x</a>",
]


def _generated(start: int) -> list[str]:
    out = []
    for breaker in BREAKERS:
        for sink in SINKS:
            start += 1
            out.append(breaker + sink.format(n=start))
    return out


PAYLOADS = HAND_WRITTEN + _generated(len(HAND_WRITTEN))

_NUMBER = re.compile(r"__pw(?:ned|'\+'ned'\])\s*=\s*(\d+)")


def number(payload: str) -> int | None:
    """The number a payload would set ``window.__pwned`` to (``None`` if it sets none)."""
    match = _NUMBER.search(payload)
    return int(match.group(1)) if match else None
