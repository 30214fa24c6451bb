"""Text crossing Slack both ways: a customer's words stay words, a rep's Slack markup reaches the customer readable."""

from __future__ import annotations

from connectors.slack.render import escape, inbox_message, plain_text


def test_customer_markup_is_shown_not_obeyed_in_the_reps_slack() -> None:
    assert escape("<!here> mira <https://evil.example|tu banco> & listo") == \
        "&lt;!here&gt; mira &lt;https://evil.example|tu banco&gt; &amp; listo"


def test_a_reps_links_and_mentions_reach_the_customer_spelled_out() -> None:
    assert plain_text("Mira <https://rumbo.example/precios|la lista de precios> &amp; avísame") == \
        "Mira la lista de precios (https://rumbo.example/precios) & avísame"
    assert plain_text("Escríbeme a <mailto:ana@demo.cl|ana@demo.cl> o <https://x.cl>") == "Escríbeme a ana@demo.cl o https://x.cl"
    assert plain_text("<!here> <@U123> en <#C9|ventas>: 3 &lt; 5 &gt; 2") == "@here @U123 en #ventas: 3 < 5 > 2"


def test_the_inbox_thread_escapes_the_customers_name_and_text() -> None:
    from crm_core.read_models.inbox import Received

    class Message:
        def display_text(self) -> str:
            return "hola <!channel> <https://phish.example|ver factura>"

    received = Received.__new__(Received)
    object.__setattr__(received, "contact_name", "Ana <b>&</b>")
    object.__setattr__(received, "message", Message())
    shown = inbox_message(received)
    assert "<!channel>" not in shown and "<https://" not in shown
    assert shown == "*Ana &lt;b&gt;&amp;&lt;/b&gt;:* hola &lt;!channel&gt; &lt;https://phish.example|ver factura&gt;"
