"""ptdocs-html: two fixes to the HTML of every page of the site.

- The repository link in the header stays a plain link: as a "source"
  component, Material's JavaScript would fetch stars and the latest release
  from api.github.com on every page view, and pages must not call other hosts.
- The language selector links to the other language's home page
  (extra.alternate): it is pointed at the same page in the other language.
  target="_self" keeps Material's own alternate handler out: it maps pages
  through the sitemap's absolute site_url, which misses on any other host or
  port, and with zh at the site root it never maps en pages back to zh.
"""

from __future__ import annotations

from mkdocs.plugins import BasePlugin

SOURCE = ' class="md-source" data-md-component="source"'


class HtmlPlugin(BasePlugin):
    def on_post_page(self, output, page, config):
        output = output.replace(SOURCE, ' class="md-source"')
        for alt in config["extra"].get("alternate") or []:
            link = alt["link"]
            if not link.endswith("/"):
                continue
            output = output.replace(
                f'<a href="{link}" hreflang="{alt["lang"]}" class="md-select__link">',
                f'<a href="{link}{page.url}" hreflang="{alt["lang"]}" '
                f'class="md-select__link" target="_self">')
        return output

    def on_post_template(self, output_content, template_name, config):
        # 404.html is a theme template, not a page: the same plain link.
        return output_content.replace(SOURCE, ' class="md-source"')
