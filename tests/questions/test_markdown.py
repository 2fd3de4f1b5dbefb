"""Author Markdown is rendered safely: a corpus of attacks never survives."""

import pytest

from questions.markdown import render_markdown

ATTACKS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '<a href="javascript:alert(1)">click</a>',
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](  javascript:alert(1))",
    "[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "![img](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
    '<div hx-get="/admin/" hx-trigger="load">x</div>',
    '<span hx-post="/x" data-hx-post="/y">x</span>',
    '<p style="background:url(javascript:alert(1))">x</p>',
    '<iframe src="https://evil.example"></iframe>',
    "<svg onload=alert(1)><circle/></svg>",
    '<form action="https://evil.example"><input name=p></form>',
    '<object data="x.swf"></object>',
    "<body onload=alert(1)>",
    '<a href="https://ok.example" onclick="alert(1)">ok</a>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<base href="https://evil.example/">',
    '<meta http-equiv="refresh" content="0;url=https://evil.example">',
    "<link rel=stylesheet href=https://evil.example/x.css>",
    "```\n</code></pre><script>alert(1)</script>\n```",
    "<!-- <script>alert(1)</script> -->",
    '<a href="vbscript:msgbox(1)">x</a>',
]

FORBIDDEN = [
    "<script",
    "onerror",
    "onload",
    "onclick",
    "javascript:",
    "vbscript:",
    "data:",
    "hx-",
    "style=",
    "<iframe",
    "<svg",
    "<form",
    "<input",
    "<object",
    "<body",
    "<base",
    "<meta",
    "<link",
    "<style",
]


@pytest.mark.parametrize("attack", ATTACKS)
def test_attacks_are_neutralised(attack):
    html = render_markdown(attack).lower()
    for marker in FORBIDDEN:
        assert marker not in html, f"{marker!r} survived in {html!r}"


def test_ordinary_markdown_still_renders():
    html = render_markdown(
        "Use **CodeDeploy** with `AppSpec`:\n\n- one\n- two\n\n[Guide](https://docs.aws.amazon.com/)"
    )
    assert "<strong>CodeDeploy</strong>" in html
    assert "<code>AppSpec</code>" in html
    assert "<li>one</li>" in html
    assert 'href="https://docs.aws.amazon.com/"' in html
    assert 'rel="noopener noreferrer nofollow"' in html


def test_code_blocks_keep_their_text_escaped():
    html = render_markdown("```yaml\nkey: <value>\n```")
    assert "&lt;value&gt;" in html
    assert "<pre>" in html
