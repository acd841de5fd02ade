<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>ApkPage</name>
    <message>
        <location filename="../../ui/wizard/apk_page.py" line="+155"/>
        <source>APK analysis</source>
        <translation>APK 分析</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Analyse the hospital&apos;s Android app offline; its findings pre-fill the checklist.</source>
        <translation>离线分析医院的 Android 客户端；分析发现将预填检查项。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Each file is analysed in a separate process with time and memory limits, so you can keep working. Results are stored on the case; items the analysis decides are answered automatically and marked “auto”.</source>
        <translation>每个文件在独立进程中分析，并限制时间和内存，分析期间可继续工作。结果保存到案件；分析能够判定的检查项将自动作答并标记为“自动”。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Choose APK files…</source>
        <translation>选择 APK 文件(&amp;C)…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>…or drop .apk files (or a folder of them) anywhere on this page.</source>
        <translation>…或将 .apk 文件（或存放它们的文件夹）拖放到本页任意位置。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Stored &amp;analyses:</source>
        <translation>已保存的分析(&amp;A)：</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>This case has no registered application: signing certificate and version cannot be compared with the official release.</source>
        <translation>本案件未关联已登记的应用：无法与官方版本比对签名证书和版本。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Compared with the registered release of {0} ({1}): versionCode {2}, {3} official certificate(s).</source>
        <translation>与已登记的 {0}（{1}）官方版本比对：versionCode {2}，官方证书 {3} 个。</translation>
    </message>
    <message>
        <location line="+39"/>
        <source>No APK has been analysed for this case yet.</source>
        <translation>本案件尚未分析任何 APK。</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Choose APK files</source>
        <translation>选择 APK 文件</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Android apps (*.apk *.xapk *.apks *.apkm);;All files (*)</source>
        <translation>Android 应用及安装包组 (*.apk *.xapk *.apks *.apkm);;所有文件 (*)</translation>
    </message>
    <message>
        <location line="+56"/>
        <source>Done: {0} finding(s); {1} item(s) answered automatically.</source>
        <translation>完成：发现 {0} 项；自动作答 {1} 个检查项。</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Cancelled.</source>
        <translation>已取消。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Not analysed: {0}</source>
        <translation>未能分析：{0}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Failed: {0}</source>
        <translation>失败：{0}</translation>
    </message>
</context>
<context>
    <name>ApkRunRow</name>
    <message>
        <location line="-260"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Waiting…</source>
        <translation>等待中…</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Cancelling…</source>
        <translation>正在取消…</translation>
    </message>
</context>
<context>
    <name>ApkSummary</name>
    <message>
        <location filename="../../ui/wizard/apk_summary.py" line="+52"/>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>SHA-256</source>
        <translation>SHA-256</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Package</source>
        <translation>包名</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Version</source>
        <translation>版本</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Android SDK</source>
        <translation>Android SDK</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Signing</source>
        <translation>签名</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Consistency</source>
        <translation>一致性</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Packer / protector</source>
        <translation>加固/保护</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Third-party SDKs</source>
        <translation>第三方 SDK</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The code is packed: code-level checks are incomplete, not clean.</source>
        <translation>代码已加固：代码级检查不完整，不代表没有问题。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Degraded parse: {0}</source>
        <translation>解析降级：{0}</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>{0} bundle: analysed {1}; {2} split APK(s)</source>
        <translation>{0} 安装包组：分析其中的 {1}；另有拆分包 {2} 个</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Bundle</source>
        <translation>安装包组</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>unsigned</source>
        <translation>未签名</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>The signature does not verify.</source>
        <translation>签名校验失败。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Not the registered package.</source>
        <translation>不是备案的应用包名。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Not signed with the registered certificate.</source>
        <translation>不是备案证书签名。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Older than the registered release.</source>
        <translation>版本低于备案版本。</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>No registered application on this case: the certificate and version cannot be compared.</source>
        <translation>本案件未关联已登记的应用：无法比对证书和版本。</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Registered: {0}, versionCode {1}, {2} certificate(s)</source>
        <translation>登记信息：{0}，versionCode {1}，证书 {2} 个</translation>
    </message>
    <message>
        <location line="+13"/>
        <location line="+12"/>
        <source>none found</source>
        <translation>未发现</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>{0} found, {1} collect personal data (bold)</source>
        <translation>发现 {0} 个，其中 {1} 个收集个人信息（粗体）</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Automatic answers set on {0} item(s): {1}</source>
        <translation>已自动作答 {0} 个检查项：{1}</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Your own answers were kept where the analysis disagrees: {0}</source>
        <translation>分析结论不同但保留了您的人工结论：{0}</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>No findings.</source>
        <translation>无发现。</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Severity</source>
        <translation>严重程度</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Rule</source>
        <translation>规则</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Finding and evidence</source>
        <translation>发现与证据</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Findings ({0})</source>
        <translation>发现（{0}）</translation>
    </message>
</context>
<context>
    <name>AssessmentWizard</name>
    <message>
        <location filename="../../ui/wizard/assessment_wizard.py" line="+176"/>
        <source>New assessment</source>
        <translation>新建评估</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Assessment {0} — {1}</source>
        <translation>评估案件 {0} — {1}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Next &gt;</source>
        <translation>下一步(&amp;N) &gt;</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&lt; &amp;Back</source>
        <translation>&lt; 上一步(&amp;B)</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+4"/>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>&amp;Submit</source>
        <translation>提交(&amp;S)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Save draft and c&amp;lose</source>
        <translation>保存草稿并关闭(&amp;L)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Next page (Alt+→)</source>
        <translation>下一页（Alt+→）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Previous page (Alt+←)</source>
        <translation>上一页（Alt+←）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Everything is already saved; close and continue later</source>
        <translation>所有内容均已保存；关闭后可稍后继续</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Case information</source>
        <translation>案件信息</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>APK analysis</source>
        <translation>APK 分析</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Review and submit</source>
        <translation>复核与提交</translation>
    </message>
</context>
<context>
    <name>CaseInfoPage</name>
    <message>
        <location filename="../../ui/wizard/new_case_page.py" line="+112"/>
        <source>Case information</source>
        <translation>案件信息</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The case is created when you continue; every answer after that is saved at once.</source>
        <translation>继续时创建案件；此后每个回答都会立即保存。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Case {0} · changes are saved as you make them</source>
        <translation>案件 {0} · 修改即时保存</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Case {0} · submitted, shown read-only</source>
        <translation>案件 {0} · 已提交，仅供查看</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Organisation:</source>
        <translation>机构(&amp;O)：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Application:</source>
        <translation>应用(&amp;A)：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Assessment &amp;type:</source>
        <translation>评估类型(&amp;T)：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A&amp;ssessor:</source>
        <translation>评估人员(&amp;S)：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Reviewer:</source>
        <translation>复核人(&amp;R)：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>S&amp;ite:</source>
        <translation>评估地点(&amp;I)：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Date:</source>
        <translation>评估日期(&amp;D)：</translation>
    </message>
    <message>
        <location line="+7"/>
        <location line="+24"/>
        <location line="+23"/>
        <source>(no application: organisation only)</source>
        <translation>（不关联应用：仅评估机构）</translation>
    </message>
    <message>
        <location line="-46"/>
        <source>optional; must differ from the assessor</source>
        <translation>可选；不得与评估人员相同</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>e.g. hospital information centre, 3rd floor</source>
        <translation>例如：医院信息中心三楼</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>No organisation is registered yet. Register the hospital and its application in the main window first.</source>
        <translation>尚未登记任何机构。请先在主窗口登记医院及其应用。</translation>
    </message>
    <message>
        <location line="+113"/>
        <source>Saved.</source>
        <translation>已保存。</translation>
    </message>
</context>
<context>
    <name>DomainPage</name>
    <message>
        <location filename="../../ui/wizard/domain_page.py" line="+125"/>
        <source>&amp;Show:</source>
        <translation>显示(&amp;S)：</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>All items</source>
        <translation>全部检查项</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Unanswered only</source>
        <translation>仅未评估</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Failed or partial only</source>
        <translation>仅不符合或部分符合</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Search items (Ctrl+F)</source>
        <translation>搜索检查项（Ctrl+F）</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>auto</source>
        <translation>自动</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>override</source>
        <translation>已推翻</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>justification missing</source>
        <translation>缺少理由</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{0} evidence</source>
        <translation>证据 {0} 份</translation>
    </message>
    <message>
        <location line="+49"/>
        <source>Answered {0} of {1}</source>
        <translation>已评估 {0}/{1}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{0} items · answered {1} of {2}</source>
        <translation>共 {0} 项 · 已评估 {1}/{2}</translation>
    </message>
</context>
<context>
    <name>EvidenceWidget</name>
    <message>
        <location filename="../../ui/wizard/evidence_widget.py" line="+109"/>
        <source>Evidence (drop files here)</source>
        <translation>证据（可将文件拖放到此处）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>SHA-256</source>
        <translation>SHA-256</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Attach files…</source>
        <translation>添加文件…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Open</source>
        <translation>打开</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Copy files into the evidence store (Ctrl+E)</source>
        <translation>将文件复制到证据库（Ctrl+E）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Expected: {0}</source>
        <translation>建议证据：{0}</translation>
    </message>
    <message>
        <location line="+45"/>
        <source>Attach evidence files</source>
        <translation>添加证据文件</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>Copying {0} file(s) into the evidence store…</source>
        <translation>正在将 {0} 个文件复制到证据库…</translation>
    </message>
</context>
<context>
    <name>ItemEditor</name>
    <message>
        <location filename="../../ui/wizard/item_editor.py" line="+169"/>
        <source>Result (keys 1–5)</source>
        <translation>结论（按键 1–5）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Guidance and references</source>
        <translation>评估方法与依据</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Note (what was checked, what was found)</source>
        <translation>备注(&amp;N)（检查了什么，发现了什么）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Saved automatically as you type</source>
        <translation>输入时自动保存</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>N/A &amp;justification (required when the result is not applicable)</source>
        <translation>不适用理由(&amp;J)（结论为不适用时必填）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Why does this item not apply here?</source>
        <translation>为什么此项不适用？</translation>
    </message>
    <message>
        <location line="+53"/>
        <source>Severity: {0}</source>
        <translation>重要程度：{0}</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Method: {0}</source>
        <translation>评估方式：{0}</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>References</source>
        <translation>依据</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Fed by APK analysis rules:</source>
        <translation>由以下 APK 分析规则判定：</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Automatic answer “{0}” overridden. Reason: {1}</source>
        <translation>已推翻自动结论“{0}”。理由：{1}</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Automatic answer from the APK analysis: “{0}”. Choosing another result asks for a written reason.</source>
        <translation>APK 分析的自动结论：“{0}”。选择其他结论须填写书面理由。</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>A written justification is required for “not applicable”</source>
        <translation>“不适用”须填写书面理由</translation>
    </message>
</context>
<context>
    <name>Labels</name>
    <message>
        <location filename="../../ui/wizard/labels.py" line="+22"/>
        <source>Pass</source>
        <translation>符合</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Partial</source>
        <translation>部分符合</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Fail</source>
        <translation>不符合</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Not applicable</source>
        <translation>不适用</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Not assessed</source>
        <translation>未评估</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>High</source>
        <translation>高</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Medium</source>
        <translation>中</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Low</source>
        <translation>低</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Critical</source>
        <translation>严重</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Info</source>
        <translation>提示</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Interview</source>
        <translation>访谈</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Document review</source>
        <translation>文档审查</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Configuration check</source>
        <translation>配置核查</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Test</source>
        <translation>测试</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Veto item</source>
        <translation>否决项</translation>
    </message>
</context>
<context>
    <name>OverrideReasonDialog</name>
    <message>
        <location filename="../../ui/wizard/item_editor.py" line="-245"/>
        <source>Override automatic answer</source>
        <translation>推翻自动结论</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The APK analysis answered {0} with “{1}”. Explain why the answer should be “{2}” instead. The reason is kept with the case and shown in the report.</source>
        <translation>APK 分析对 {0} 的结论是“{1}”。请说明为什么应改为“{2}”。理由将随案件保存并写入报告。</translation>
    </message>
</context>
<context>
    <name>ReviewPage</name>
    <message>
        <location filename="../../ui/wizard/review_page.py" line="+105"/>
        <source>Review and submit</source>
        <translation>复核与提交</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Everything is saved as you work. Submit when every item is answered.</source>
        <translation>所有内容随时保存。全部检查项评估完成后即可提交。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Domain</source>
        <translation>领域</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Answered</source>
        <translation>已评估</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Fulfilled</source>
        <translation>符合度</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Points</source>
        <translation>得分</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>E&amp;xport report…</source>
        <translation>导出报告(&amp;X)…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Write the case&apos;s PDF report, signed with your certificate if you choose</source>
        <translation>生成本案件的 PDF 报告，可选择用您的证书签名</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Verify report…</source>
        <translation>验证报告(&amp;V)…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Check a report&apos;s signatures and compare it with this database</source>
        <translation>检查报告的签名，并与本数据库中的案件核对</translation>
    </message>
    <message>
        <location line="+39"/>
        <source> (provisional)</source>
        <translation>（暂定）</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Grade</source>
        <translation>等级</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Grade rule: {0}</source>
        <translation>定级依据：{0}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Handling: {0}</source>
        <translation>处置：{0}</translation>
    </message>
    <message>
        <location line="+16"/>
        <location line="+14"/>
        <source>n/a</source>
        <translation>不适用</translation>
    </message>
    <message>
        <location line="-1"/>
        <source>Fulfilment by domain (%)</source>
        <translation>各领域符合度（%）</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Enter or double-click to open this item</source>
        <translation>按回车或双击打开此检查项</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Open items ({0}) — Enter or double-click goes to the item:</source>
        <translation>待处理项(&amp;O)（{0}）— 按回车或双击转到该项：</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>No open items: the case can be submitted.</source>
        <translation>没有待处理项：案件可以提交。</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>Cannot submit: {0} item(s) still open (listed above).</source>
        <translation>无法提交：仍有 {0} 项待处理（见上方列表）。</translation>
    </message>
</context>
</TS>
