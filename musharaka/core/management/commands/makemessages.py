"""Django's makemessages, reading the Jinja2 templates (any file under a `jinja2/` folder) with Babel's
Jinja2 extractor instead of Django's template lexer, so that their strings go into the same `django.po`
catalogues as the Python ones and are not marked obsolete."""

from django.core.management.commands import makemessages

from musharaka.core.template_messages import as_python, is_jinja_template


class JinjaBuildFile(makemessages.BuildFile):
    def preprocess(self):
        if not (self.is_templatized and self.domain == "django" and is_jinja_template(self.path)):
            return super().preprocess()
        with open(self.path, encoding="utf-8") as fp:
            source = fp.read()
        with open(self.work_path, "w", encoding="utf-8") as fp:
            fp.write(as_python(source))


class Command(makemessages.Command):
    build_file_class = JinjaBuildFile
