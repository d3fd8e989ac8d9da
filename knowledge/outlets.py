"""Outlet names from web addresses: reuters.com → Reuters, apnews.com → AP.

A full host wins over a shorter suffix, and a suffix over a single label, so rbc.ua is
RBC-Ukraine while rbc.ru is Russia's RBC, and news.sky.com is Sky News. An address nobody
listed gets a tidy name from its registrable label ("mezha.net" → "Mezha").
"""

from __future__ import annotations

import ipaddress
from urllib.parse import urlparse

_OUTLET_NAMES = {
    # News agencies and broadcasters
    "reuters": "Reuters", "apnews": "AP", "afp": "AFP", "aa.com.tr": "Anadolu Agency",
    "aa": "Anadolu Agency", "tass": "TASS", "interfax": "Interfax", "ukrinform": "Ukrinform",
    "bbc": "BBC", "cnn": "CNN", "cnbc": "CNBC", "cbsnews": "CBS News", "nbcnews": "NBC News",
    "abcnews": "ABC News", "foxnews": "Fox News", "npr": "NPR", "news.sky": "Sky News",
    "sky": "Sky News", "aljazeera": "Al Jazeera", "france24": "France 24", "dw": "DW",
    "euronews": "Euronews", "kten": "KTEN", "kfgo": "KFGO", "aol": "AOL",
    # Newspapers and magazines
    "theguardian": "The Guardian", "nytimes": "The New York Times", "ft": "Financial Times",
    "washingtonpost": "The Washington Post", "wsj": "The Wall Street Journal",
    "economist": "The Economist", "bloomberg": "Bloomberg", "politico": "Politico",
    "axios": "Axios", "time": "TIME", "fortune": "Fortune", "foreignpolicy": "Foreign Policy",
    "timesofindia.indiatimes": "The Times of India", "dailysabah": "Daily Sabah",
    "turkiyetoday": "Türkiye Today", "newsofbahrain": "News of Bahrain", "news.az": "News.az",
    "nzz": "NZZ", "euobserver": "EUobserver", "europeansting": "The European Sting",
    "islamtimes": "Islam Times", "kurdistan24": "Kurdistan24", "oilprice": "OilPrice.com",
    "cotidianul": "Cotidianul", "vijesti": "Vijesti", "osvnews": "OSV News",
    "evrimagaci": "Evrim Ağacı", "scotscoop": "Scot Scoop", "genevasolutions": "Geneva Solutions",
    "news.northeastern": "Northeastern Global News", "icij": "ICIJ",
    # Ukrainian and Russian outlets
    "kyivindependent": "The Kyiv Independent", "kyivpost": "Kyiv Post",
    "pravda.com.ua": "Ukrainska Pravda", "rbc.ua": "RBC-Ukraine", "rbc.ru": "RBC",
    "nv.ua": "NV", "united24media": "UNITED24 Media", "euromaidanpress": "Euromaidan Press",
    "mezha": "Mezha", "zona.media": "Mediazona", "meduza": "Meduza",
    "themoscowtimes": "The Moscow Times", "rferl": "RFE/RL", "visitukraine": "Visit Ukraine",
    # Think tanks, institutions, agencies
    "understandingwar": "ISW", "criticalthreats": "Critical Threats",
    "atlanticcouncil": "Atlantic Council", "csis": "CSIS", "cfr": "Council on Foreign Relations",
    "carnegieendowment": "Carnegie Endowment", "lowyinstitute": "Lowy Institute",
    "bushcenter": "George W. Bush Presidential Center", "russiamatters": "Russia Matters",
    "prio": "PRIO", "globalsecurity": "GlobalSecurity.org", "indexoncensorship": "Index on Censorship",
    "nato": "NATO", "consilium.europa": "Council of the EU",
    "civil-protection-humanitarian-aid.ec.europa": "European Commission (ECHO)",
    "reneweuropegroup": "Renew Europe", "commonslibrary.parliament": "House of Commons Library",
    "ukraine.ohchr": "UN Human Rights Office", "unhcr": "UNHCR", "unrefugees": "USA for UNHCR",
    "unocha": "OCHA", "reliefweb": "ReliefWeb", "care": "CARE",
    "womensrefugeecommission": "Women's Refugee Commission",
    "mickryan.substack": "Mick Ryan (Substack)", "blog.roninsgrips": "Ronin's Grips",
}
# Second-level suffixes under which the registrable label is one further left.
_PUBLIC_SUFFIXES = frozenset(
    "co.uk org.uk ac.uk gov.uk com.ua org.ua gov.ua com.tr org.tr com.au net.au co.jp co.in "
    "com.br co.za co.nz".split()
)


def host_of(url: str) -> str:
    """The host of url without "www."/"amp." ("" when it has none)."""
    try:
        host = urlparse(url).hostname or ""
    except ValueError:
        return ""
    for prefix in ("www.", "amp.", "m."):
        host = host.removeprefix(prefix)
    return host


def outlet_from_url(url: str) -> str | None:
    """The outlet's usual name from a URL's host: reuters.com → Reuters (None without a host)."""
    host = host_of(url)
    if not host:
        return None
    try:
        ipaddress.ip_address(host)
        return host  # a bare address names no outlet; show it as it is
    except ValueError:
        pass
    labels = host.split(".")
    # Longest known name first: the full host, then ever shorter pieces of it.
    for size in range(len(labels), 0, -1):
        for start in range(len(labels) - size + 1):
            key = ".".join(labels[start : start + size])
            if key in _OUTLET_NAMES and (size > 1 or start < len(labels) - 1):
                return _OUTLET_NAMES[key]
    return _tidy_name(labels)


def _tidy_name(labels: list[str]) -> str:
    if len(labels) < 2:
        return labels[0]
    index = -3 if ".".join(labels[-2:]) in _PUBLIC_SUFFIXES and len(labels) >= 3 else -2
    label = labels[index].replace("-", " ")
    return " ".join(word.capitalize() for word in label.split())
