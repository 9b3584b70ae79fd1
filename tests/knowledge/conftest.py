"""Fixtures that write small knowledge directories in a temp dir."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

SOURCE_TEXT = textwrap.dedent(
    """\
    Un article de test.

    La best practice dans le domaine : ouvrir un compte SAV indépendant du compte officiel. Les marques l’ont bien compris.
    Oubliez le nombre de followers et ne le suivez plus serait déjà une première approche.
    La télévision reste un très bon moyen de lancer un hashtag pendant une émission.
    """
)

BLOG_TEXT = textwrap.dedent(
    """\
    Un billet de blog.

    Affichez le hashtag à l’écran pendant toute l’émission, pas seulement au début. C’est encore rare aujourd’hui.
    """
)

SOURCES = """\
[[source]]
id = "test-article"
title = "Un article de test"
author = "Jeanne Test"
date = "2011-02-22"
lang = "fr"
seed = "000_test.txt"

[[source]]
id = "test-blog"
title = "Un blog de test"
publisher = "Blog (anonyme)"
# The page gives no date: its content means 2013 or later.
date = "2013"
date_is_estimate = true
lang = "fr"
seed = "001_test.txt"
"""

TOPICS = """\
[[topic]]
id = "customer-service"
fr = "Service client"
en = "Customer service"

[[topic]]
id = "followers"
fr = "Abonnés"
en = "Followers"

[[topic]]
id = "tv"
fr = "Télévision"
en = "Television"
"""

ENTRIES = """\
[[entry]]
id = "separate-support-account"
kind = "tip"
topics = ["customer-service"]
[entry.fr]
title = "Ouvrez un compte SAV séparé"
body = "Ouvrez un compte de service client indépendant du compte officiel."
why = "Les demandes des clients ne noient pas le compte de la marque."
practice = "Cette semaine, listez les questions de clients reçues sur le compte officiel."
[entry.en]
title = "Open a separate customer-service account"
body = "Open a customer-service account independent of the official one."
why = "Customers' requests do not drown the brand's account."
practice = "This week, list the customer questions the official account received."
[[entry.sources]]
article = "test-article"
quote = "La best practice dans le domaine : ouvrir un compte SAV indépendant du compte officiel."
quote_en = "The best practice here: open a customer-service account independent of the official account."

[[entry]]
id = "forget-followers"
kind = "tip"
topics = ["followers"]
[entry.fr]
title = "Oubliez le nombre d'abonnés"
body = "Arrêtez de suivre le nombre de followers."
why = "Le nombre ne dit pas à qui vous parlez."
practice = "Cette semaine, retirez le nombre d'abonnés de votre reporting."
[entry.en]
title = "Forget your follower count"
body = "Stop tracking the number of followers."
why = "The number does not say who you are talking to."
practice = "This week, drop the follower count from your reporting."
[[entry.sources]]
article = "test-article"
quote = "Oubliez le nombre de followers et ne le suivez plus serait déjà une première approche."
quote_en = "Forgetting the number of followers and no longer tracking it would already be a first approach."

[[entry]]
id = "tv-hashtag"
kind = "checklist"
topics = ["tv"]
[entry.fr]
title = "Un hashtag pendant une émission de télévision"
body = "Quand votre marque passe à la télévision."
steps = ["Choisissez un hashtag court.", "Affichez-le pendant l'émission."]
practice = "Cette semaine, choisissez le hashtag de votre prochaine émission."
[entry.en]
title = "A hashtag during a TV programme"
body = "When your brand is on television."
steps = ["Pick a short hashtag.", "Show it during the programme."]
practice = "This week, pick the hashtag of your next programme."
[[entry.sources]]
article = "test-article"
quote = "La télévision reste un très bon moyen de lancer un hashtag pendant une émission."
quote_en = "Television remains a very good way to launch a hashtag during a programme."
step = 1

[[entry.sources]]
article = "test-blog"
quote = "Affichez le hashtag à l’écran pendant toute l’émission, pas seulement au début."
quote_en = "Show the hashtag on screen for the whole programme, not just at the start."
step = 2
"""


@pytest.fixture
def make_kb(tmp_path: Path) -> Callable[..., Path]:
    """Write a knowledge directory; any file's content can be replaced by a keyword argument."""

    def make(
        entries: str = ENTRIES, sources: str = SOURCES, topics: str = TOPICS, synonyms: str = ""
    ) -> Path:
        root = tmp_path / "knowledge"
        (root / "sources").mkdir(parents=True, exist_ok=True)
        (root / "entries").mkdir(exist_ok=True)
        (root / "sources.toml").write_text(sources, encoding="utf-8")
        (root / "sources" / "test-article.txt").write_text(SOURCE_TEXT, encoding="utf-8")
        (root / "sources" / "test-blog.txt").write_text(BLOG_TEXT, encoding="utf-8")
        (root / "topics.toml").write_text(topics, encoding="utf-8")
        (root / "entries" / "tips.toml").write_text(entries, encoding="utf-8")
        if synonyms:
            (root / "synonyms.toml").write_text(synonyms, encoding="utf-8")
        return root

    return make
