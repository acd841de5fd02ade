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
        <location line="+33"/>
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
        <location filename="../../ui/models/registers.py" line="+99"/>
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
        <location filename="../../ui/main_window.py" line="+909"/>
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
    <name>CertificateDialog</name>
    <message>
        <location filename="../../ui/dialogs/report_dialogs.py" line="+237"/>
        <source>Create a signing certificate</source>
        <translation>创建签名证书</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>A self-signed certificate lets you sign reports offline. It is valid for three years; give the file and its passphrase only to yourself.</source>
        <translation>自签名证书用于离线签署报告，有效期三年；证书文件及其口令只应由您本人保管。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>optional, e.g. your inspection body</source>
        <translation>可选，例如您所在的检查机构</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Browse…</source>
        <translation>浏览(&amp;B)…</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>at least {0} characters</source>
        <translation>至少 {0} 个字符</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>&amp;Holder&apos;s name:</source>
        <translation>持有人姓名(&amp;H)：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Organisation:</source>
        <translation>所属单位(&amp;O)：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;File:</source>
        <translation>证书文件(&amp;F)：</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Passphrase:</source>
        <translation>口令(&amp;P)：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Repeat:</source>
        <translation>再次输入(&amp;R)：</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Create</source>
        <translation>创建(&amp;C)</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Save the certificate as</source>
        <translation>证书保存为</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>The two passphrases differ.</source>
        <translation>两次输入的口令不一致。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Choose where to save the certificate.</source>
        <translation>请选择证书的保存位置。</translation>
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
    <name>ExportDialog</name>
    <message>
        <location filename="../../ui/dialogs/report_dialogs.py" line="+65"/>
        <source>Export report — case {0}</source>
        <translation>导出报告 — 案件 {0}</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Case {0}</source>
        <translation>案件 {0}</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Browse…</source>
        <translation>浏览(&amp;B)…</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>&amp;Sign the report with my certificate</source>
        <translation>用我的证书对报告进行数字签名(&amp;S)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>your signing certificate (.p12)</source>
        <translation>您的签名证书（.p12）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Br&amp;owse…</source>
        <translation>浏览(&amp;O)…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Create &amp;certificate…</source>
        <translation>创建证书(&amp;C)…</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Cancel e&amp;xport</source>
        <translation>取消导出(&amp;X)</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>&amp;File:</source>
        <translation>报告文件(&amp;F)：</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Language:</source>
        <translation>报告语言(&amp;L)：</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Ce&amp;rtificate:</source>
        <translation>签名证书(&amp;R)：</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>&amp;Open report</source>
        <translation>打开报告(&amp;O)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Export</source>
        <translation>导出(&amp;E)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Save the report as</source>
        <translation>报告保存为</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Choose your signing certificate</source>
        <translation>选择您的签名证书</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Certificate created: {0}</source>
        <translation>证书已创建：{0}</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>self-signed</source>
        <translation>自签名</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>issued by an authority</source>
        <translation>由认证机构签发</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Holder: {0} · valid until {1} · {2}</source>
        <translation>持有人：{0} · 有效期至 {1} · {2}</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>Choose where to save the report.</source>
        <translation>请选择报告的保存位置。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The folder {0} does not exist.</source>
        <translation>文件夹 {0} 不存在。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>{0} exists. Press Export again to replace it.</source>
        <translation>{0} 已存在。再次点击“导出”将替换该文件。</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Choose your signing certificate, or create one.</source>
        <translation>请选择签名证书，或创建一个新证书。</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Not exported: no passphrase was given.</source>
        <translation>未导出：没有输入证书口令。</translation>
    </message>
    <message>
        <location line="+61"/>
        <source>Cancelling…</source>
        <translation>正在取消…</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Signed by {0}.</source>
        <translation>签名人：{0}。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Not signed.</source>
        <translation>未签名。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Report saved: {0}</source>
        <translation>报告已保存：{0}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>SHA-256 of the file: {0}</source>
        <translation>文件 SHA-256：{0}</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Export cancelled; no file was written.</source>
        <translation>导出已取消，未写入任何文件。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The report could not be produced.</source>
        <translation>无法生成报告。</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>No program to open PDF files was found.</source>
        <translation>未找到可打开 PDF 文件的程序。</translation>
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
        <source>Initial assessment</source>
        <translation>首次评估</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Periodic assessment</source>
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
        <location filename="../../ui/main_window.py" line="-491"/>
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
        <location line="+3"/>
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
        <location line="-16"/>
        <source>&amp;Export report…</source>
        <translation>导出报告(&amp;E)…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Verify report…</source>
        <translation>验证报告(&amp;V)…</translation>
    </message>
    <message>
        <location line="+17"/>
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
        <location line="+140"/>
        <source>Select a case first.</source>
        <translation>请先选择一个案件。</translation>
    </message>
    <message>
        <location line="+47"/>
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
    <message>
        <location line="+10"/>
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
    <name>PassphraseDialog</name>
    <message>
        <location filename="../../ui/dialogs/report_dialogs.py" line="-539"/>
        <source>Certificate passphrase</source>
        <translation>证书口令</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Enter the passphrase of the signing certificate {0}:</source>
        <translation>请输入签名证书 {0} 的口令：</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>It is stored in the system keyring, so you are asked only once.</source>
        <translation>口令将保存在系统密钥环中，只需输入一次。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No system keyring is available: you are asked each time you sign.</source>
        <translation>没有可用的系统密钥环：每次签名时都需要输入口令。</translation>
    </message>
</context>
<context>
    <name>ReportDialogs</name>
    <message>
        <location line="-74"/>
        <source>PDF reports (*.pdf)</source>
        <translation>PDF 报告 (*.pdf)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Signing certificates (*.p12 *.pfx)</source>
        <translation>签名证书 (*.p12 *.pfx)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Choose a report to verify</source>
        <translation>选择要验证的报告</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>No system keyring is available, so the passphrase was not stored; you will be asked for it again next time.</source>
        <translation>没有可用的系统密钥环，口令未保存；下次签名时将再次询问。</translation>
    </message>
    <message>
        <location line="+195"/>
        <source>Reading the case…</source>
        <translation>正在读取案件…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Drawing the chart…</source>
        <translation>正在绘制图表…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Laying out the report…</source>
        <translation>正在排版报告…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Writing pages…</source>
        <translation>正在生成页面…</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+1"/>
        <source>Signing…</source>
        <translation>正在签名…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Saving…</source>
        <translation>正在保存…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Checking signatures…</source>
        <translation>正在检查签名…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Done</source>
        <translation>完成</translation>
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
        <location filename="../../ui/dialogs/startup_error_dialog.py" line="+30"/>
        <source>Cannot open the case database</source>
        <translation>无法打开案件数据库</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Database server: %1</source>
        <translation>数据库服务器：%1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Check that the server is running and reachable from this computer and that the user name and password in the database address are right, then try again. Nothing has been changed.</source>
        <translation>请确认数据库服务器已启动、本机可以连通，且数据库地址中的用户名和密码正确，然后重试。未做任何更改。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Data folder: %1</source>
        <translation>数据目录：%1</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>You can open (or create) the database in another folder, for example a restored backup, or quit and fix the problem first. Nothing has been changed in the current folder.</source>
        <translation>您可以在另一个目录中打开（或新建）数据库，例如已恢复的备份；也可以先退出程序解决问题。当前目录中的内容未作任何更改。</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>&amp;Try again</source>
        <translation>重试(&amp;T)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Choose another folder…</source>
        <translation>选择其他目录(&amp;C)…</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Choose a data folder</source>
        <translation>选择数据目录</translation>
    </message>
</context>
<context>
    <name>VerifyDialog</name>
    <message>
        <location filename="../../ui/dialogs/report_dialogs.py" line="+397"/>
        <source>Verify report</source>
        <translation>验证报告</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>choose a signed PDF report</source>
        <translation>选择一份已签名的 PDF 报告</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Choose…</source>
        <translation>选择(&amp;C)…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Report:</source>
        <translation>报告：</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Signer</source>
        <translation>签名人</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Signed at</source>
        <translation>签名时间</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Intact</source>
        <translation>内容完整</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Valid</source>
        <translation>签名有效</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Certificate</source>
        <translation>证书</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Covers whole document</source>
        <translation>覆盖整份文件</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Type</source>
        <translation>签名类型</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>Checking {0}…</source>
        <translation>正在验证 {0}…</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>Cannot verify: {0}</source>
        <translation>无法验证：{0}</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Yes</source>
        <translation>是</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>No</source>
        <translation>否</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>The signing certificate is self-signed: compare its SHA-256 below with the one the assessor gave you.</source>
        <translation>签名证书为自签名证书：请将下方的证书 SHA-256 与评估人员提供的指纹核对。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>{0} signature(s) · case {1} · file SHA-256 {2}</source>
        <translation>{0} 个签名 · 案件 {1} · 文件 SHA-256 {2}</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Certified by {0} ({1})</source>
        <translation>由 {0} 认证（{1}）</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Trusted</source>
        <translation>受信任</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Self-signed</source>
        <translation>自签名</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Not trusted</source>
        <translation>不受信任</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>No (later signatures only)</source>
        <translation>否（其后仅追加了签名）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Certification</source>
        <translation>认证签名</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Approval</source>
        <translation>批准签名</translation>
    </message>
    <message>
        <location line="+9"/>
        <location line="+12"/>
        <source>{0}: {1}</source>
        <translation>{0}：{1}</translation>
    </message>
    <message>
        <location line="-6"/>
        <source>Certificate SHA-256:</source>
        <translation>签名证书 SHA-256：</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Valid: the report is unaltered and every signature verifies.</source>
        <translation>有效：报告未被改动，所有签名均验证通过。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Not current: the signatures verify, but the case changed after this report was produced.</source>
        <translation>已过时：签名验证通过，但报告生成后案件已被修改。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Not valid: the file carries no signature.</source>
        <translation>无效：文件没有数字签名。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Not valid: the file was altered or a signature does not verify.</source>
        <translation>无效：文件已被改动或签名验证失败。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Answers and evidence digest:</source>
        <translation>答案与证据摘要：</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>matches case {0} in this database</source>
        <translation>与本数据库中的案件 {0} 一致</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>differs from case {0} in this database</source>
        <translation>与本数据库中的案件 {0} 不一致</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>not in this report</source>
        <translation>报告中没有摘要</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>not checked: case {0} is not in this database</source>
        <translation>未核对：本数据库中没有案件 {0}</translation>
    </message>
</context>
</TS>
