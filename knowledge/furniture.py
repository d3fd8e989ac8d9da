"""Page furniture: the lines of a web page that are not the article.

Menus, headline lists, "Sign up here", cookie and consent notices, share and print
buttons, picture credits, bylines, timestamps, agency credits ("Reporting by …; Editing
by …"). Each pattern carries the reason an admin is shown when a line is dropped. The
list grows whenever a new kind slips through: tests/test_corpus_clean.py scans every fact
of the real corpus for furniture.
"""

from __future__ import annotations

import re

# A line that ends the article: nothing after it, up to the next article body, is prose
# of this story.
TAIL_MARKER = re.compile(
    r"^(?:related(?: news| stories| articles| content| coverage| topics| reading| posts)?"
    r"|more (?:on this story|stories|news|from [\w .'’-]+|in [\w .'’-]+|to explore|like this)"
    r"|recommended(?: stories| for you| reading)?|read (?:more|next|also)|also read|see also"
    r"|most (?:read|popular|viewed|watched)|you may also like|you might also like|trending(?: now)?"
    r"|latest (?:news|stories|articles)|editor'?s picks|in other news|from our partners"
    r"|popular (?:from|in|on) [\w .'’-]+|top stories|what to read next|keep reading"
    r"|our standards: the thomson reuters trust principles.*|(?:additional )?reporting by\b.*"
    r"|(?:writing|editing) by\b.*|follow (?:ap|reuters|our)['’]?s? coverage.*"
    r"|share this (?:article|story)|comments|show comments|leave a (?:comment|reply)"
    r"|sign up for .*|newsletter|subscribe to .*|about the authors?|tags?"
    r"|topics|filed under.*|more from .*|read the latest .*)\s*:?$"
    # An author's biography ends the article: "Jane Doe is a senior fellow at …".
    r"|^(?:[A-Z][\w.'’-]+\s){1,4}is (?:an?|the) (?:[\w-]+\s){0,4}(?:professor|fellow|editor"
    r"|correspondent|reporter|journalist|director|analyst|researcher|writer|columnist|author"
    r"|contributor|intern)\b.*",
    re.IGNORECASE,
)

_CONSENT = (r"cookies?|(?:your|manage|withdraw(?:ing)?(?: your)?) consent|consent (?:selection|preferences"
            r"|settings|choices|management|to (?:the )?(?:use|processing|cookies))"
            r"|personal data|privacy (?:policy|settings|choices|notice)"
            r"|your (?:choices|preferences)|trackers?|tracking technologies|opt[ -]out"
            r"|do not sell|data protection")
_SUBSCRIBE = (r"newsletters?|subscribe|subscription|subscribers?|sign[ -]?up|sign in|log ?in|"
              r"register (?:now|here|for free)|create (?:a|an|your) (?:free )?account|"
              r"unlock (?:unlimited )?access|already (?:a subscriber|have an account)|"
              r"(?:delivered|straight) to your inbox|invalid email|email address|"
              r"download (?:our|the) app|follow us|join us on|get the app|"
              r"all rights reserved|copyright ©?|©|premium (?:support|content)")
_SHARE = (r"share (?:this|on|via)|copy (?:article )?link|click to (?:share|print|email)|"
          r"opens (?:in )?(?:a )?new (?:tab|window)|print this|purchase licensing rights|"
          r"listen to (?:this )?article|min(?:ute)? read|reading time")
_DONATE = (r"donate (?:now|today|here)|^donate\b|make a (?:monthly |one-time )?(?:gift|donation)"
           r"|(?:monthly|one-time) (?:gift|donor)|your (?:gift|donation)|donors? like you"
           r"|give (?:now|today|monthly)|support (?:our|independent) journalism"
           r"|become a (?:member|supporter|patron)|readers like you|your support (?:keeps|helps|makes)"
           r"|help us (?:protect|keep|continue)")

FURNITURE: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"^-?\s*list \d+ of \d+|^end of list$", re.I), "teaser list"),
    (re.compile(r"^(?:advertisement|sponsored(?: content)?|ad|skip (?:to )?(?:main )?(?:content|navigation)"
                r"|share|print|email|save|menu|search|close|back|loading\.*|comments?"
                r"|listen|watch(?: live)?|video|photos?|live|breaking(?: news)?|explainer)$", re.I),
     "page furniture"),
    (re.compile(r"\b(?:" + _CONSENT + r")\b", re.I), "cookie or consent notice"),
    (re.compile(r"\b(?:" + _SUBSCRIBE + r")\b", re.I), "newsletter, subscription or account line"),
    (re.compile(r"\b(?:" + _SHARE + r")\b", re.I), "share, print or licensing line"),
    (re.compile(r"\b(?:" + _DONATE + r")\b", re.I), "donation appeal"),
    (re.compile(r"^(?:photo|image|picture|video|file photo|caption|credit|source|illustration)"
                r"(?:\s+credit)?\s*:|\b(?:photograph|photo|picture|image|illustration)"
                r"(?: credit)?:\s|\((?:photo|image|picture)(?: by| credit)?[: ][^)]*\)"
                r"|\((?:reuters|ap|afp|getty(?: images)?|epa|anadolu|handout)(?:/[^)]*)?\)$"
                r"|\[[^\]]*/(?:reuters|ap|afp|getty images|epa|anadolu)[^\]]*\]$"
                r"|(?-i:\b(?:REUTERS|Reuters|AFP|EPA|AP Photo|Getty Images|Sputnik|TASS)/[A-Z][a-z])"
                r"|\bvia (?:ap|reuters|getty images|afp)\)|\bgetty images\b"
                r"|^item \d+ of \d+\b|^\[\d+/\d+\]|^\d+ of \d+$", re.I),
     "picture credit or caption"),
    # A caption ends with where and when the picture was taken: "…, Ukraine, on Feb. 22, 2026."
    (re.compile(r",\s+(?:on\s+)?(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)?(?:jan|feb|mar|apr|may"
                r"|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2},\s+\d{4}\.$|\(not seen\)"
                r"|\bnext issue of\b", re.I), "picture caption or note"),
    (re.compile(r"^(?:(?i:by|written by|words by|author|edited by|compiled by):?\s+"
                r"(?:[A-Z][\w.'’-]*\s*(?:,|and|&)?\s*){1,8}$)"
                r"|^(?i:by)\s+[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){0,3},\s+(?:an?|the)\s"),
     "byline or credit"),
    (re.compile(r"^welcome (?:back )?to\b", re.I), "newsletter greeting"),
    (re.compile(r"\b(?:write to us|e-?mail us|send us (?:your )?(?:tips|feedback|questions))\b", re.I),
     "contact line"),
    (re.compile(r"\b(?:was|were) (?:produced|prepared|compiled) by\b.{0,120}\b(?:staff|researchers?|team)\b",
                re.I), "credit"),
    (re.compile(r"\b(?:reported (?:from|by)|contributed (?:to )?(?:this )?(?:report|reporting))\b"
                r"[^.]{0,60}\.?$", re.I), "reporter credit"),
    (re.compile(r"^(?:updated|published|posted|last updated|first published)\b.{0,60}\d.{0,30}$",
                re.I), "timestamp"),
    (re.compile(r"^\d+ (?:minutes?|mins?|hours?|hrs?|days?|weeks?) ago\b", re.I), "timestamp"),
    (re.compile(r"\|"), "table row or menu"),
    (re.compile(r"^\[?\]?\(|^\[[^\]]*\]\(|^<https?:|^https?://|\]\(https?:|www\.\w", re.I),
     "link"),
    (re.compile(r"^\d+\.\s.*\baccessed\b", re.I), "reference list"),
    (re.compile(r"^(?:note|disclaimer|editor['’]s note|correction)\s*:|\bviews expressed (?:in|here)"
                r"|\bendnotes\b|\bdoes not receive any classified\b|\bthis (?:article|story) "
                r"(?:was|has been) (?:updated|corrected|amended)\b", re.I), "disclaimer or note"),
    (re.compile(r"^(?:q|a)\s*:|^faq\b", re.I), "FAQ"),
    (re.compile(r"\b(?:terms of (?:use|service)|accessibility|sitemap|rss feed|contact us"
                r"|about us|advertise with us|help cent(?:er|re))\b", re.I),
     "site menu or footer"),
    (re.compile(r"\b(?:javascript|browser (?:is|does)|enable js|ad ?blocker|captcha"
                r"|are you a robot|verify (?:you are|that you)|age verification)\b", re.I),
     "browser or access notice"),
    (re.compile(r"\b(?:click ?here\w*|please view our|tap here|learn more about this|read the full|read more|"
                r"see more|view (?:all|more)|show more|watch:|listen:)\b", re.I),
     "call to action"),
    (re.compile(r"^\W*(?:key (?:points|takeaways|events)|summary|what we know|timeline)\W*$", re.I),
     "section heading"),
    (re.compile(r"\bget (?:instant )?alerts\b|\bbased on your interests\b|\byour favou?rite\b"
                r"|\bsponsor-free\b", re.I), "promotion"),
    (re.compile(r"\b(?:the )?(?:content|page) you requested\b|\bpage not found\b"
                r"|\bpersonal information will\b|\bprivacy cent(?:er|re)\b", re.I), "site notice"),
    (re.compile(r"'s mission is to\b|’s mission is to\b|\bresearch is nonpartisan\b"
                r"|\bis a (?:private, )?(?:non-?profit|nonpartisan|tax-exempt)\b"
                r"|\bdevelops and advances ideas\b|\btradition of independent research\b"
                r"|\bturn to our (?:work|research|analysis)\b", re.I),
     "institution boilerplate"),
    (re.compile(r"\boffers (?:weekly|daily|monthly) (?:news|newsletters?|digests?|briefings?)\b"
                r"|\bmedia advisories\b|\bwe bring you\b", re.I), "promotion"),
    (re.compile(r"\bcreated (?:the|this) (?:graphic|map|chart|illustration|visuali[sz]ation)s?\b"
                r"|\blicensed under\b|\bcreative commons\b", re.I), "credit or licence"),
]
# Link text the crawler lost leaves holes: "see our story .", "from a on Ukraine's port".
LOST_LINK_WORDS = re.compile(
    r"\s[.,;:][\"”’)]*$|\s\)|\(\s|\b(?:a|an|the)\s+(?:on|in|of|to|for|as|by|and|or|with|from)\s", re.I)
# Judged sentence by sentence only: a paragraph holding one such sentence keeps the others.
SENTENCE_FURNITURE: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"\b(?:follow|read|check out) our\b|\bcheck out\b|\bsee our (?:story|stories|coverage"
                r"|live ?blog|report|article|explainer|guide)\b", re.I), "call to action"),
    (LOST_LINK_WORDS, "missing words (a link the page lost)"),
]

# Pages that are walls or appeals rather than news; each with its reason.
AGE_WALL = re.compile(r"\bage verification\b|\bverify your age\b|\bare you (?:over|at least) (?:18|21)\b",
                      re.I)
DONATION = re.compile(r"\b(?:donate|donations?|donors?|monthly gift|your gift|give now)\b", re.I)
GIFT = re.compile(r"\b(?:make a (?:monthly |one-time )?gift|give (?:now|today|monthly))\b", re.I)
PAYWALL = re.compile(r"\b(?:unlock (?:unlimited )?access|subscriber-only|to continue reading"
                     r"|subscribe to (?:read|continue)|this article is for subscribers)\b", re.I)


def furniture_pattern(line: str, *, sentence: bool = False) -> str | None:
    """The reason line (or, with sentence, one sentence) matches a furniture pattern, or None."""
    for pattern, reason in FURNITURE + SENTENCE_FURNITURE if sentence else FURNITURE:
        if pattern.search(line):
            return reason
    return None
