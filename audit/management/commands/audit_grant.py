from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.management.base import BaseCommand, CommandError

from audit.models import AUDITOR_GROUP
from config.security import log_event


def auditor_group():
    """The group 审计管理员, made on first use, which may view audit rows and nothing else."""
    group, _created = Group.objects.get_or_create(name=AUDITOR_GROUP)
    group.permissions.add(Permission.objects.get(content_type__app_label="audit", codename="view_auditevent"))
    return group


class Command(BaseCommand):
    help = f"把用户加入（或 --remove 移出）“{AUDITOR_GROUP}”组：可查看和导出审计记录，不能修改。"

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--remove", action="store_true")

    def handle(self, *args, **options):
        user = get_user_model().objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"没有用户 {options['username']}。")
        group = auditor_group()
        if options["remove"]:
            user.groups.remove(group)
            log_event("auditor_removed", person=user.username)
            self.stdout.write(self.style.SUCCESS(f"已将 {user.username} 移出“{AUDITOR_GROUP}”。"))
        else:
            user.groups.add(group)
            log_event("auditor_added", person=user.username)
            self.stdout.write(self.style.SUCCESS(f"已将 {user.username} 加入“{AUDITOR_GROUP}”。"))
