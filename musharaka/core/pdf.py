"""HTML to PDF with WeasyPrint, for the certificates (events' attendance, awards' winners).

Arabic is shaped right to left by Pango (fonts Amiri, Noto Naskh Arabic). The templates embed their one image as a
data: URI; nothing else may be fetched (no file, no network), whatever a template names.
"""


def html_to_pdf(html: str, *, base_url: str = "") -> bytes:
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    fetcher = URLFetcher(allowed_protocols={"data"}, allow_redirects=False)
    return HTML(string=html, base_url=base_url or None, url_fetcher=fetcher).write_pdf()
