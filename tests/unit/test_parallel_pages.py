"""The render split of plugins/parallel_pages, without Pelican: what each process renders."""

from __future__ import annotations

import io

from plugins.parallel_pages import Split


class Template:
    def __init__(self) -> None:
        self.rendered: list[str] = []

    def render(self, context) -> str:
        self.rendered.append(context["output_file"])
        return f"<p>{context['output_file']}</p>"


def pages(count: int) -> list[dict]:
    return [{"output_file": f"p{i}.html"} for i in range(1, count + 1)]


def test_the_child_renders_every_second_page_and_sends_it_with_its_name():
    sink = io.BytesIO()
    template = Template()
    child = Split("child", sink)
    assert [child.render(template, page) for page in pages(5)] == [""] * 5
    assert template.rendered == ["p2.html", "p4.html"]

    # The parent takes those two from the stream and renders the other three itself.
    sink.seek(0)
    template = Template()
    parent = Split("parent", sink)
    texts = [parent.render(template, page) for page in pages(5)]
    assert texts == [f"<p>p{i}.html</p>" for i in range(1, 6)]
    assert template.rendered == ["p1.html", "p3.html", "p5.html"]


def test_out_of_step_the_parent_renders_everything_from_there_on():
    sink = io.BytesIO()
    child = Split("child", sink)  # a child that wrote other pages than the parent's
    for page in [{"output_file": "other.html"}, {"output_file": "elsewhere.html"}]:
        child.render(Template(), page)
    sink.seek(0)
    template = Template()
    parent = Split("parent", sink)
    texts = [parent.render(template, page) for page in pages(4)]
    assert texts == [f"<p>p{i}.html</p>" for i in range(1, 5)]
    assert template.rendered == ["p1.html", "p2.html", "p3.html", "p4.html"]
    assert not parent.in_step


def test_a_child_that_stopped_early_leaves_the_parent_rendering():
    template = Template()
    parent = Split("parent", io.BytesIO(b""))
    texts = [parent.render(template, page) for page in pages(3)]
    assert texts == [f"<p>p{i}.html</p>" for i in range(1, 4)]
