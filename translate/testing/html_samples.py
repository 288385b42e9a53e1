"""Arabic news pages as sites publish them, for tests and ``scripts/eval_documents.py``.

:func:`news_page` wraps an article (headline, paragraphs) in one of a few page templates modelled on
Arabic news sites: an RTL ``<html lang="ar" dir="rtl">``, a ``<head>`` with title, description and
Open Graph tags, inline CSS with ``direction: rtl``, a menu, a breaking-news ticker, ads, a share bar,
"read more" teasers (links around a heading and a summary), a byline and date, a photo with a caption
and alt text, scripts (analytics, JSON-LD) and a footer. The article body is what an extractor should
keep; everything else is what it should drop.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

__all__ = ["TEMPLATES", "news_page"]

TEMPLATES = ("portal", "blog", "wire")

_MENU = ["الرئيسية", "سياسة", "اقتصاد", "رياضة", "ثقافة", "منوعات", "اتصل بنا"]
_TEASERS = [
    ("ارتفاع أسعار النفط في الأسواق العالمية", "شهدت أسعار النفط ارتفاعا ملحوظا خلال تعاملات اليوم."),
    ("منتخب الكرة يستعد للمباراة المقبلة", "بدأ المنتخب الوطني معسكره التدريبي استعدادا للبطولة."),
    ("افتتاح معرض الكتاب بمشاركة واسعة", "يشارك في المعرض أكثر من ألف دار نشر من مختلف الدول."),
]


def _head(headline: str, lead: str) -> str:
    return (
        '<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(headline)} | أخبار اليوم</title>"
        f'<meta name="description" content="{escape(lead[:150], quote=True)}">'
        f'<meta property="og:title" content="{escape(headline, quote=True)}"><meta property="og:locale" content="ar_AR">'
        '<link rel="stylesheet" href="/static/site.css">'
        "<style>body{direction:rtl;text-align:right;font-family:Tahoma,Arial}.ad{background:#eee}</style>"
        '<script async src="https://www.googletagmanager.com/gtag/js?id=G-XXXX"></script>'
        "<script>window.dataLayer=window.dataLayer||[];function gtag(){dataLayer.push(arguments)}gtag('js',new Date());</script>"
        "</head>"
    )


def _menu() -> str:
    items = "".join(f'<li><a href="/section/{i}">{escape(name)}</a></li>' for i, name in enumerate(_MENU))
    return f'<header class="site-header"><div class="logo"><a href="/"><img src="/logo.png" alt="أخبار اليوم"></a></div><nav class="menu"><ul>{items}</ul></nav></header>'


def _ticker() -> str:
    return '<div class="ticker"><span class="label">عاجل</span> <marquee>مجلس الوزراء يعقد جلسته الأسبوعية غدا</marquee></div>'


def _ad(slot: int) -> str:
    return f'<div class="ad" id="ad-{slot}"><span>إعلان</span><script>googletag.cmd.push(function(){{googletag.display("ad-{slot}")}});</script></div>'


def _teasers() -> str:
    cards = "".join(f'<div class="card"><a href="/news/{i}"><h3>{escape(title)}</h3> <p>{escape(summary)}</p></a></div>' for i, (title, summary) in enumerate(_TEASERS))
    return f'<aside class="related"><h2>اقرأ أيضا</h2>{cards}</aside>'


def _footer() -> str:
    return (
        '<footer class="site-footer"><p>جميع الحقوق محفوظة © 2024 أخبار اليوم</p>'
        '<ul><li><a href="/about">من نحن</a></li><li><a href="/privacy">سياسة الخصوصية</a></li></ul></footer>'
        '<script type="application/ld+json">{"@type":"NewsArticle","publisher":"أخبار اليوم"}</script>'
    )


def _share() -> str:
    return '<div class="share">شارك: <a href="https://facebook.com/share">فيسبوك</a> | <a href="https://twitter.com/share">تويتر</a></div>'


def news_page(headline: str, paragraphs: Sequence[str], template: str = "portal", byline: str = "القاهرة - أخبار اليوم", date: str = "2024-05-12") -> str:
    """A whole news page around the article ``headline`` + ``paragraphs`` (see the module docstring)."""
    lead = paragraphs[0] if paragraphs else headline
    body_paragraphs = [f"<p>{escape(text)}</p>" for text in paragraphs]
    if len(body_paragraphs) > 2:
        body_paragraphs.insert(2, _ad(2))
    figure = f'<figure><img src="/photos/1.jpg" alt="{escape(headline, quote=True)}"><figcaption>صورة أرشيفية</figcaption></figure>'
    meta = f'<div class="meta"><span class="byline">{escape(byline)}</span> <time datetime="{date}">{date}</time></div>'
    if template == "portal":
        article = f'<main><article class="story"><h1 class="title">{escape(headline)}</h1>{meta}{_share()}{figure}<div class="story-body">{"".join(body_paragraphs)}</div>{_share()}</article>{_teasers()}</main>'
        body = _menu() + _ticker() + _ad(1) + article + _footer()
    elif template == "blog":
        article = f'<div id="content" class="col-md-8"><div class="post"><h2 class="post-title">{escape(headline)}</h2>{meta}<div class="entry">{"".join(body_paragraphs)}</div><div class="tags">وسوم: <a href="/tag/1">أخبار</a></div></div><div class="comments"><h4>التعليقات</h4><p>لا توجد تعليقات بعد.</p></div></div>'
        sidebar = f'<div id="sidebar" class="col-md-4">{_teasers()}{_ad(3)}</div>'
        body = _menu() + '<div class="row">' + article + sidebar + "</div>" + _footer()
    elif template == "wire":
        breaks = "".join(f"{escape(text)}<br><br>" for text in paragraphs)
        article = f'<table width="100%"><tr><td class="side">{"".join(f"<a href=/s/{i}>{escape(n)}</a><br>" for i, n in enumerate(_MENU))}</td><td class="main"><font size="5"><b>{escape(headline)}</b></font><br>{escape(byline)}<br><br>{breaks}</td></tr></table>'
        body = article + _footer()
    else:
        raise ValueError(f"unknown template {template!r}; one of {TEMPLATES}")
    return f'<!DOCTYPE html>\n<html lang="ar" dir="rtl">{_head(headline, lead)}<body>{body}</body></html>\n'
