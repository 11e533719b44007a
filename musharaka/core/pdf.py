"""HTML to PDF with WeasyPrint, for the certificates (events' attendance, awards' winners, volunteering) and reports,
and the QR code they print.

Arabic is shaped right to left by Pango (fonts Amiri, Noto Naskh Arabic). The templates embed their one image as a
data: URI; nothing else may be fetched (no file, no network), whatever a template names.
"""


def html_to_pdf(html: str, *, base_url: str = "") -> bytes:
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    fetcher = URLFetcher(allowed_protocols={"data"}, allow_redirects=False)
    return HTML(string=html, base_url=base_url or None, url_fetcher=fetcher).write_pdf()


def qr_png(text: str) -> bytes:
    """A QR code of `text` (a verification URL) as a PNG, medium error correction."""
    import io

    import segno

    out = io.BytesIO()
    segno.make(text, error="m").save(out, kind="png", scale=8, border=4)
    return out.getvalue()


def qr_data_uri(text: str) -> str:
    """The QR code as the data: URI a certificate's template embeds (the one image html_to_pdf may load)."""
    import base64

    return "data:image/png;base64," + base64.b64encode(qr_png(text)).decode()
