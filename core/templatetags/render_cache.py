"""``{% rendercache %}…{% endrendercache %}``: the part of a page that ``core.render_cache``
keeps. With a hit in the context (``render_part``, set by the view) the stored copy is
written and the body is not rendered at all; on a miss the body is rendered with the CSRF
placeholder and stored; with no ``render_part`` the body is simply rendered."""

from django import template

from core import render_cache

register = template.Library()


class RenderCacheNode(template.Node):
    def __init__(self, nodelist, variable: str):
        self.nodelist = nodelist
        self.variable = variable

    def render(self, context):
        part = context.get(self.variable)
        request = context.get("request")
        if part is None or request is None or render_cache.is_rendering(request):
            # (inside a part being rendered for the cache, a nested part is just its body)
            return self.nodelist.render(context)
        if part.hit:
            return render_cache.fill(part.html, request)
        if part.key is None:
            return self.nodelist.render(context)
        with render_cache.rendering(request), context.push(csrf_token=render_cache.SENTINEL):
            html = self.nodelist.render(context)
        render_cache.store(part, html)
        return render_cache.fill(html, request)


@register.tag
def rendercache(parser, token):
    bits = token.split_contents()
    if len(bits) > 2:
        raise template.TemplateSyntaxError("{% rendercache [variable] %} takes one argument")
    nodelist = parser.parse(("endrendercache",))
    parser.delete_first_token()
    return RenderCacheNode(nodelist, bits[1] if len(bits) == 2 else "render_part")
