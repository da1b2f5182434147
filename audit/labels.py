"""What each event code means, for the audit page (the rows keep the code)."""

from django.utils.translation import gettext_lazy as _

EVENTS = {
    "login": _("登录"),
    "login_failed": _("登录失败"),
    "login_locked": _("登录被锁定"),
    "logout": _("退出登录"),
    "password_changed": _("修改密码"),
    "denied": _("拒绝访问（403）"),
    "round_status": _("轮次状态变更"),
    "score_changed_after_close": _("评分截止后修改评分"),
    "adjustment_added_after_close": _("评分截止后添加加减分"),
    "adjustment_deleted_after_close": _("评分截止后删除加减分"),
    "import": _("导入"),
    "backup": _("备份"),
    "restore": _("恢复"),
    "repair_text": _("清理控制字符"),
    "account_create": _("创建账号"),
    "account_grant": _("授予角色"),
    "account_revoke": _("撤销角色"),
    "account_reset": _("重置开通"),
    "account_disable": _("停用账号"),
    "account_enable": _("启用账号"),
    "account_activate": _("开通账号"),
    "activation_failed": _("开通码错误"),
    "activation_throttled": _("开通尝试过多被拒"),
    "summary_issued": _("签发通报"),
    "summary_corrected": _("签发更正通报"),
    "pledge_photo_deleted": _("删除承诺进展照片"),
    "office_settings_changed": _("办事处设置变更"),
    "audit_prune": _("清理审计记录"),
    "audit_exported": _("导出审计记录"),
    "auditor_added": _("加入审计管理员"),
    "auditor_removed": _("移出审计管理员"),
}


def event_label(code):
    label = EVENTS.get(code)
    return f"{label}（{code}）" if label else code
