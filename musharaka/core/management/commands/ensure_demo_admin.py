from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

DEMO_PASSWORD = "musharaka-demo-2026"


class Command(BaseCommand):
    help = "Create the demo administrator (local development only) and print the demo sign-ins."

    def handle(self, *args, **options):
        users = get_user_model().objects
        admin = users.filter(username="admin").first()
        if admin is None:
            admin = users.create_superuser("admin", "admin@musharaka.local", DEMO_PASSWORD, first_name="مدير المنصة")
        demo_accounts = [("admin", "platform administrator")]
        demo_accounts += [
            (username, role)
            for username, role in (("coordinator", "coordinator of Riyadh region"), ("orgadmin", "organisation admin"))
            if users.filter(username=username).exists()
        ]
        self.stdout.write(self.style.SUCCESS(f"Demo sign-ins (password for all: {DEMO_PASSWORD}):"))
        for username, role in demo_accounts:
            self.stdout.write(f"  {username:<12} {role}")
        self.stdout.write("These roles require two-factor sign-in: the first sign-in of each leads to its set-up "
                          "(any authenticator app: scan the QR code or type the key).")
        self.stdout.write("Open http://127.0.0.1:8000/ (Arabic) or http://127.0.0.1:8000/en/ (English).")
