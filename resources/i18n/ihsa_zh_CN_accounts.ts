<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AccountsMenu</name>
    <message>
        <location filename="../../ui/accounts/__init__.py" line="+53"/>
        <source>&amp;Account</source>
        <translation>账户(&amp;A)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Switch user…</source>
        <translation>切换用户(&amp;S)…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sign &amp;out</source>
        <translation>退出登录(&amp;O)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Change &amp;password…</source>
        <translation>修改口令(&amp;P)…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;User accounts…</source>
        <translation>用户账户(&amp;U)…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Audit &amp;log…</source>
        <translation>审计日志(&amp;L)…</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Single-user mode: %1 (no accounts)</source>
        <translation>单用户模式：%1（尚无账户）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Nobody signs in while the workstation has no accounts. Creating the first (administrator) account under Account ▸ User accounts turns sign-in on.</source>
        <translation>工作站尚无账户时无需登录。在“账户 ▸ 用户账户”中创建第一个（管理员）账户后即启用登录。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Signed in as %1</source>
        <translation>已登录：%1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Not signed in</source>
        <translation>未登录</translation>
    </message>
</context>
<context>
    <name>AuditLogDialog</name>
    <message>
        <location filename="../../ui/accounts/audit_dialog.py" line="+44"/>
        <source>Audit log</source>
        <translation>审计日志</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>any</source>
        <translation>全部</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>any user</source>
        <translation>全部用户</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>any action</source>
        <translation>全部操作</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Show</source>
        <translation>显示(&amp;S)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Case:</source>
        <translation>案件(&amp;C)：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;User:</source>
        <translation>用户(&amp;U)：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Action:</source>
        <translation>操作(&amp;A)：</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>No.</source>
        <translation>序号</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>User</source>
        <translation>用户</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Record</source>
        <translation>记录</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Case</source>
        <translation>案件</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Details</source>
        <translation>详情</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>&amp;Verify the chain</source>
        <translation>校验哈希链(&amp;V)</translation>
    </message>
    <message numerus="yes">
        <location line="+54"/>
        <source>%n event(s) shown</source>
        <translation>
            <numerusform>显示 %n 条事件</numerusform>
        </translation>
    </message>
    <message>
        <location line="+2"/>
        <source> (newest %1)</source>
        <translation>（最新 %1 条）</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Verifying…</source>
        <translation>正在校验…</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Intact: %1 events, newest #%2.</source>
        <translation>完整：共 %1 条事件，最新 #%2。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Broken at event #%1: %2</source>
        <translation>在事件 #%1 处断裂：%2</translation>
    </message>
</context>
<context>
    <name>ChangePasswordDialog</name>
    <message>
        <location filename="../../ui/accounts/password_dialog.py" line="+35"/>
        <source>Change password</source>
        <translation>修改口令</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>An administrator reset your password. Choose a new one now.</source>
        <translation>管理员已重置您的口令，请立即设置新口令。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>&amp;Current password:</source>
        <translation>当前口令(&amp;C)：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;New password:</source>
        <translation>新口令(&amp;N)：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Repeat:</source>
        <translation>再次输入(&amp;R)：</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>The two new passwords differ.</source>
        <translation>两次输入的新口令不一致。</translation>
    </message>
</context>
<context>
    <name>PasswordRules</name>
    <message>
        <location line="-52"/>
        <source>At least 10 characters with three of: upper-case, lower-case, digits, symbols; not containing the user name.</source>
        <translation>至少 10 个字符，包含大写字母、小写字母、数字、符号中的至少三类，且不得包含用户名。</translation>
    </message>
</context>
<context>
    <name>Roles</name>
    <message>
        <location filename="../../ui/accounts/users_dialog.py" line="+23"/>
        <source>Assessor</source>
        <translation>评估员</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reviewer</source>
        <translation>复核员</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Administrator</source>
        <translation>管理员</translation>
    </message>
</context>
<context>
    <name>SignInDialog</name>
    <message>
        <location filename="../../ui/accounts/sign_in_dialog.py" line="+29"/>
        <source>Sign in — IHSA Workstation</source>
        <translation>登录 — 互联网医院安全评估工作站</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>This workstation has user accounts. Sign in to continue.</source>
        <translation>本工作站已启用用户账户，请登录后继续。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>&amp;User name:</source>
        <translation>用户名(&amp;U)：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Password:</source>
        <translation>口令(&amp;P)：</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Sign in</source>
        <translation>登录</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Enter your user name.</source>
        <translation>请输入用户名。</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>The password must be changed before you can continue.</source>
        <translation>必须先修改口令才能继续。</translation>
    </message>
</context>
<context>
    <name>UserFormDialog</name>
    <message>
        <location filename="../../ui/accounts/users_dialog.py" line="+140"/>
        <source>Roles of %1</source>
        <translation>%1 的角色</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>New user account</source>
        <translation>新建用户账户</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>&amp;User name:</source>
        <translation>用户名(&amp;U)：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Display name:</source>
        <translation>显示名称(&amp;D)：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Roles:</source>
        <translation>角色：</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Password:</source>
        <translation>口令(&amp;P)：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Repeat:</source>
        <translation>再次输入(&amp;R)：</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>The two passwords differ.</source>
        <translation>两次输入的口令不一致。</translation>
    </message>
</context>
<context>
    <name>UsersDialog</name>
    <message>
        <location line="-176"/>
        <source>User accounts</source>
        <translation>用户账户</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>User</source>
        <translation>用户</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Roles</source>
        <translation>角色</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Locked until</source>
        <translation>锁定至</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>&amp;Add…</source>
        <translation>新增(&amp;A)…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Roles…</source>
        <translation>角色(&amp;R)…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Disable / enable</source>
        <translation>停用 / 启用(&amp;D)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Unlock</source>
        <translation>解锁(&amp;U)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reset &amp;password…</source>
        <translation>重置口令(&amp;P)…</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>active</source>
        <translation>在用</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>disabled</source>
        <translation>已停用</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>must change password</source>
        <translation>须修改口令</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Select a user.</source>
        <translation>请先选择一个用户。</translation>
    </message>
    <message>
        <location line="+40"/>
        <source>Reset password</source>
        <translation>重置口令</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Temporary password for %1 (to be changed at the next sign-in):</source>
        <translation>%1 的临时口令（下次登录时须修改）：</translation>
    </message>
</context>
</TS>
