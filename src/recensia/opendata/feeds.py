"""Atom feed of the newest published projects (``/projets/flux.atom``)."""

from __future__ import annotations

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape

from recensia.opendata import selectors
from recensia.projects.models import Project

FEED_SIZE = 50


class NewProjectsFeed(Feed):
    feed_type = Atom1Feed
    title = "RecensIA — nouveaux projets publiés"
    subtitle = ("Les 50 derniers projets d'intelligence artificielle des collectivités "
                "territoriales publiés sur RecensIA.")
    author_name = "RecensIA"
    language = "fr"
    feed_copyright = "Licence Ouverte 2.0"

    def link(self) -> str:
        return reverse("search:list")

    def feed_url(self) -> str:
        return reverse("projects-feed")

    def items(self) -> list[Project]:
        return selectors.newest_published(FEED_SIZE)

    def item_title(self, item: Project) -> str:
        return f"{item.title} — {item.owner.display_name}"

    def item_description(self, item: Project) -> str:
        # Atom readers take the summary as HTML: the text must not be read as markup.
        return escape(item.short_description)

    def item_link(self, item: Project) -> str:
        return item.get_absolute_url()

    def item_pubdate(self, item: Project):
        return item.published_at

    def item_updateddate(self, item: Project):
        return item.updated_at

    def item_author_name(self, item: Project) -> str:
        return item.owner.name

    def item_categories(self, item: Project) -> list[str]:
        return [domain.name for domain in item.domains.all()]
