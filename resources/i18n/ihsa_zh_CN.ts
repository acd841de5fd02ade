<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AboutDialog</name>
    <message>
        <location filename="../../ui/dialogs/about_dialog.py" line="+21"/>
        <source>Rule pack</source>
        <translation>规则包</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>About IHSA Workstation</source>
        <translation>关于互联网医院安全评估工作站</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Assesses internet hospitals and their Android apps offline: checklists, evidence, local APK analysis, a 100-point score with grades A/B/C and signed PDF reports. It never uses the network.</source>
        <translation>离线评估互联网医院及其 Android 应用：检查清单、证据留存、本地 APK 分析、百分制评分与 A/B/C 分级，并导出经数字签名的 PDF 报告。本程序从不访问网络。</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>&amp;Copy versions</source>
        <translation>复制版本信息(&amp;C)</translation>
    </message>
</context>
<context>
    <name>ApplicationDialog</name>
    <message>
        <location filename="../../ui/dialogs/application_dialog.py" line="+48"/>
        <source>Edit application</source>
        <translation>编辑应用</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>New application</source>
        <translation>新建应用</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>One SHA-256 fingerprint per line (64 hex digits, colons allowed)</source>
        <translation>每行一个 SHA-256 指纹（64 位十六进制，可含冒号）</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>not set</source>
        <translation>未设置</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>One distribution channel per line</source>
        <translation>每行一个分发渠道</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Version &amp;name:</source>
        <translation>版本名称(&amp;N)：</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Organisation:</source>
        <translation>所属机构(&amp;O)：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Name:</source>
        <translation>名称(&amp;N)：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Package:</source>
        <translation>包名(&amp;P)：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>P&amp;latform:</source>
        <translation>平台(&amp;L)：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Official &amp;certificates:</source>
        <translation>官方签名证书(&amp;C)：</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Version code:</source>
        <translation>版本号 versionCode(&amp;V)：</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Official APK SHA-&amp;256:</source>
        <translation>官方 APK SHA-256(&amp;2)：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>C&amp;hannels:</source>
        <translation>分发渠道(&amp;H)：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A&amp;uthorization code:</source>
        <translation>授权码(&amp;U)：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Status:</source>
        <translation>状态(&amp;S)：</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>Not a SHA-256 fingerprint on line %1</source>
        <translation>第 %1 行不是 SHA-256 指纹</translation>
    </message>
    <message numerus="yes">
        <location line="+8"/>
        <source>%n certificate(s)</source>
        <translation>
            <numerusform>%n 个证书</numerusform>
        </translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Without a certificate, counterfeit builds cannot be recognised</source>
        <translation>未登记证书时无法识别仿冒的安装包</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>Register the organisation first.</source>
        <translation>请先登记所属机构。</translation>
    </message>
</context>
<context>
    <name>ApplicationTableModel</name>
    <message>
        <location filename="../../ui/models/registers.py" line="+98"/>
        <source>No.</source>
        <translation>编号</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Organisation</source>
        <translation>机构</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Package</source>
        <translation>包名</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Platform</source>
        <translation>平台</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Version</source>
        <translation>版本</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Certificates</source>
        <translation>证书</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Authorization code</source>
        <translation>授权码</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
</context>
<context>
    <name>CaseDetails</name>
    <message>
        <location filename="../../ui/main_window.py" line="+880"/>
        <source>Organisation:</source>
        <translation>机构：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Application:</source>
        <translation>应用：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Type:</source>
        <translation>类型：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Status:</source>
        <translation>状态：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Assessor:</source>
        <translation>评估人员：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reviewer:</source>
        <translation>复核人：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Site:</source>
        <translation>评估地点：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Date:</source>
        <translation>日期：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Score:</source>
        <translation>得分：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Grade:</source>
        <translation>等级：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Rule pack:</source>
        <translation>规则包：</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Open in wizard</source>
        <translation>在向导中打开</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>No case selected</source>
        <translation>未选择案件</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Case %1</source>
        <translation>案件 %1</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>(provisional)</source>
        <translation>（暂定）</translation>
    </message>
</context>
<context>
    <name>CaseTableModel</name>
    <message>
        <location filename="../../ui/models/case_table.py" line="+72"/>
        <source>No.</source>
        <translation>编号</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Organisation</source>
        <translation>机构</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Application</source>
        <translation>应用</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Assessor</source>
        <translation>评估人员</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Score</source>
        <translation>得分</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Grade</source>
        <translation>等级</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>Provisional: some items are not assessed yet</source>
        <translation>暂定分：仍有检查项未评估</translation>
    </message>
</context>
<context>
    <name>CrashDialog</name>
    <message>
        <location filename="../../ui/dialogs/crash_dialog.py" line="+22"/>
        <source>Unexpected error</source>
        <translation>意外错误</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>&lt;b&gt;Something went wrong inside the program.&lt;/b&gt; This is a bug, not something you did. Data saved before this point is safe. Please send the report below and the log file to your support contact.</source>
        <translation>&lt;b&gt;程序内部出现错误。&lt;/b&gt;这是程序缺陷，并非您的操作所致。此前已保存的数据不受影响。请将下方报告和日志文件发送给技术支持人员。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>(no log file could be written)</source>
        <translation>（无法写入日志文件）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Log file: %1</source>
        <translation>日志文件：%1</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>&amp;Copy report</source>
        <translation>复制报告(&amp;C)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>C&amp;ontinue</source>
        <translation>继续(&amp;O)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
</context>
<context>
    <name>Errors</name>
    <message>
        <location filename="../../ui/errors.py" line="+26"/>
        <source>Error</source>
        <translation>错误</translation>
    </message>
</context>
<context>
    <name>Labels</name>
    <message>
        <location filename="../../ui/models/labels.py" line="+12"/>
        <source>Draft</source>
        <translation>草稿</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>In progress</source>
        <translation>评估中</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Submitted</source>
        <translation>已提交</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Approved</source>
        <translation>已批准</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Archived</source>
        <translation>已归档</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Initial</source>
        <translation>首次评估</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Periodic</source>
        <translation>定期评估</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Spot check</source>
        <translation>抽查</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Re-admission</source>
        <translation>重新准入</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Self-assessment</source>
        <translation>自评估</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Registered</source>
        <translation>已登记</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Active</source>
        <translation>在用</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Suspended</source>
        <translation>已暂停</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Removed</source>
        <translation>已清出</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Mini program</source>
        <translation>小程序</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Web</source>
        <translation>网页</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../ui/main_window.py" line="-472"/>
        <source>IHSA Workstation — Internet Hospital Security Assessment</source>
        <translation>互联网医院安全评估工作站</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;New assessment…</source>
        <translation>新建评估(&amp;N)…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Open assessment</source>
        <translation>打开评估(&amp;O)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Refresh</source>
        <translation>刷新(&amp;R)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Find case</source>
        <translation>查找案件(&amp;F)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Settings…</source>
        <translation>设置(&amp;S)…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>New &amp;organisation…</source>
        <translation>新建机构(&amp;O)…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Edit organisation…</source>
        <translation>编辑机构(&amp;E)…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>New &amp;application…</source>
        <translation>新建应用(&amp;A)…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Edit a&amp;pplication…</source>
        <translation>编辑应用(&amp;P)…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Cases</source>
        <translation>案件(&amp;C)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Organisations</source>
        <translation>机构(&amp;O)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Applications</source>
        <translation>应用(&amp;A)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;About IHSA Workstation</source>
        <translation>关于本工作站(&amp;A)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Open</source>
        <translation>打开</translation>
    </message>
    <message>
        <location line="-1"/>
        <source>New assessment</source>
        <translation>新建评估</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>New organisation</source>
        <translation>新建机构</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>New application</source>
        <translation>新建应用</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+1"/>
        <source>Edit</source>
        <translation>编辑</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>About</source>
        <translation>关于</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Registers</source>
        <translation>登记册(&amp;R)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Main toolbar</source>
        <translation>主工具栏</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cases</source>
        <translation>案件</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Organisations</source>
        <translation>机构登记</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Applications</source>
        <translation>应用登记</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Search:</source>
        <translation>搜索(&amp;S)：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Organisation, application, assessor, site…</source>
        <translation>机构、应用、评估人员、地点…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Search organisations</source>
        <translation>搜索机构</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Search applications</source>
        <translation>搜索应用</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Or&amp;ganisation:</source>
        <translation>机构(&amp;G)：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A&amp;pplication:</source>
        <translation>应用(&amp;P)：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>S&amp;tatus:</source>
        <translation>状态(&amp;T)：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Gra&amp;de:</source>
        <translation>等级(&amp;D)：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>From</source>
        <translation>起始</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>To</source>
        <translation>截止</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>C&amp;lear filters</source>
        <translation>清除筛选(&amp;L)</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Any status</source>
        <translation>全部状态</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Any grade</source>
        <translation>全部等级</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>All organisations</source>
        <translation>全部机构</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>All applications</source>
        <translation>全部应用</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Loading…</source>
        <translation>正在加载…</translation>
    </message>
    <message>
        <location line="+170"/>
        <source>Select an organisation first.</source>
        <translation>请先选择一个机构。</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Select an application first.</source>
        <translation>请先选择一个应用。</translation>
    </message>
    <message>
        <location line="+44"/>
        <source>The new data folder is used from the next start.</source>
        <translation>新的数据目录将在下次启动时生效。</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Database: %1</source>
        <translation>数据库：%1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Rule pack: %1</source>
        <translation>规则包：%1</translation>
    </message>
    <message numerus="yes">
        <location line="+4"/>
        <source>%n case(s)</source>
        <translation>
            <numerusform>共 %n 个案件</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%1 of %n case(s) shown</source>
        <translation>
            <numerusform>显示 %1 / %n 个案件</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>OrganisationDialog</name>
    <message>
        <location filename="../../ui/dialogs/organisation_dialog.py" line="+38"/>
        <source>18 characters: digits and capital letters</source>
        <translation>18 位：数字和大写字母</translation>
    </message>
    <message numerus="yes">
        <location line="+7"/>
        <source>%n of 18 characters</source>
        <translation>
            <numerusform>已输入 %n / 18 位</numerusform>
        </translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Check character should be %1</source>
        <translation>校验位应为 %1</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Valid credit code</source>
        <translation>统一社会信用代码有效</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Edit organisation</source>
        <translation>编辑机构</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>New organisation</source>
        <translation>新建机构</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Full registered name of the hospital</source>
        <translation>医院的登记全称</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Role</source>
        <translation>职务</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>E-mail</source>
        <translation>电子邮箱</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>&amp;Add contact</source>
        <translation>添加联系人(&amp;A)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Remove contact</source>
        <translation>删除联系人(&amp;R)</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>&amp;Name:</source>
        <translation>名称(&amp;N)：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Credit code:</source>
        <translation>统一社会信用代码(&amp;C)：</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Level:</source>
        <translation>医院等级(&amp;L)：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A&amp;ddress:</source>
        <translation>地址(&amp;D)：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Contacts:</source>
        <translation>联系人：</translation>
    </message>
</context>
<context>
    <name>OrganisationTableModel</name>
    <message>
        <location filename="../../ui/models/registers.py" line="-29"/>
        <source>No.</source>
        <translation>编号</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Credit code</source>
        <translation>统一社会信用代码</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Level</source>
        <translation>医院等级</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Contacts</source>
        <translation>联系人</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../ui/dialogs/settings_dialog.py" line="+30"/>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>The language changes as soon as you press OK.</source>
        <translation>点击“确定”后界面语言立即切换。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Browse…</source>
        <translation>浏览(&amp;B)…</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Where the case database and evidence are kept. Empty means the default folder. A new folder takes effect after a restart.</source>
        <translation>案件数据库和证据文件的存放位置。留空表示使用默认目录。更改目录后需重新启动程序才生效。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Your name, filled into new assessments</source>
        <translation>您的姓名，新建评估时自动填写</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Language:</source>
        <translation>界面语言(&amp;L)：</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Data folder:</source>
        <translation>数据目录(&amp;D)：</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Default &amp;assessor:</source>
        <translation>默认评估人员(&amp;A)：</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Choose the data folder</source>
        <translation>选择数据目录</translation>
    </message>
</context>
<context>
    <name>StartupErrorDialog</name>
    <message>
        <location filename="../../ui/dialogs/startup_error_dialog.py" line="+20"/>
        <source>Cannot open the case database</source>
        <translation>无法打开案件数据库</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Data folder: %1</source>
        <translation>数据目录：%1</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>You can open (or create) the database in another folder, for example a restored backup, or quit and fix the problem first. Nothing has been changed in the current folder.</source>
        <translation>您可以在另一个目录中打开（或新建）数据库，例如已恢复的备份；也可以先退出程序解决问题。当前目录中的内容未作任何更改。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>&amp;Choose another folder…</source>
        <translation>选择其他目录(&amp;C)…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Choose a data folder</source>
        <translation>选择数据目录</translation>
    </message>
</context>
</TS>
