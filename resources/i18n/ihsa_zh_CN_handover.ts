<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>ExportBundleDialog</name>
    <message>
        <location filename="../../ui/handover/dialogs.py" line="+156"/>
        <source>Export case bundle — case {0}</source>
        <translation>导出案件交接包 — 案件 {0}</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Case {0}</source>
        <translation>案件 {0}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The bundle holds the answers, APK analyses, evidence files, reports and audit events of the case. Hand it over on a USB stick or by mail; the receiver verifies your signature before importing it.</source>
        <translation>交接包包含本案件的答案、APK 分析结果、证据文件、报告记录和审计事件。可通过 U 盘或邮件移交；接收方在导入前会核验您的签名。</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>&amp;Browse…</source>
        <translation>浏览(&amp;B)…</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>your signing certificate (.p12)</source>
        <translation>您的签名证书（.p12）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Br&amp;owse…</source>
        <translation>浏览(&amp;O)…</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Export &amp;without a signature (the receiver must accept it explicitly)</source>
        <translation>不签名导出(&amp;W)（接收方须明确同意才能导入）</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;File:</source>
        <translation>文件(&amp;F)：</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Ce&amp;rtificate:</source>
        <translation>证书(&amp;R)：</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>&amp;Export</source>
        <translation>导出(&amp;E)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Save the case bundle as</source>
        <translation>交接包另存为</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Choose your signing certificate</source>
        <translation>选择您的签名证书</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>The folder {0} does not exist.</source>
        <translation>文件夹 {0} 不存在。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Choose your signing certificate (or export without a signature).</source>
        <translation>请选择签名证书（或选择不签名导出）。</translation>
    </message>
    <message>
        <location line="+44"/>
        <source>Bundle written: {0} — signed by {1}.</source>
        <translation>交接包已写入：{0} — 签名人 {1}。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Unsigned bundle written: {0}.</source>
        <translation>未签名的交接包已写入：{0}。</translation>
    </message>
</context>
<context>
    <name>HandoverActions</name>
    <message>
        <location filename="../../ui/handover/__init__.py" line="+46"/>
        <source>Export case &amp;bundle…</source>
        <translation>导出案件交接包(&amp;B)…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Write the selected case as a signed bundle to hand over</source>
        <translation>将所选案件导出为带签名的交接包以便移交</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Import case bundle…</source>
        <translation>导入案件交接包(&amp;I)…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Verify a case bundle and merge its case</source>
        <translation>核验案件交接包并合并其中的案件</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Select a case first.</source>
        <translation>请先选择一个案件。</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Choose a case bundle to import</source>
        <translation>选择要导入的案件交接包</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>All files (*)</source>
        <translation>所有文件 (*)</translation>
    </message>
</context>
<context>
    <name>HandoverDialogs</name>
    <message>
        <location filename="../../ui/handover/dialogs.py" line="-272"/>
        <source>Case bundles (*{0})</source>
        <translation>案件交接包 (*{0})</translation>
    </message>
</context>
<context>
    <name>ImportBundleDialog</name>
    <message>
        <location line="+294"/>
        <source>Import case bundle</source>
        <translation>导入案件交接包</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Bundle:</source>
        <translation>交接包：</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>I accept this &amp;unsigned bundle although its origin cannot be confirmed</source>
        <translation>我接受此未签名的交接包(&amp;U)，尽管其来源无法确认</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Replace the local copy of the case (it is kept in the hand-over log)</source>
        <translation>替换本机的案件副本(&amp;R)（本机版本保存在交接记录中）</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>&amp;Import</source>
        <translation>导入(&amp;I)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Checking the bundle…</source>
        <translation>正在核验交接包…</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>The bundle checks out. Press Import to merge it.</source>
        <translation>交接包核验通过。点击“导入”进行合并。</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>Importing…</source>
        <translation>正在导入…</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The case was imported as case {0}.</source>
        <translation>案件已导入，本机编号 {0}。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Case {0} was replaced by the bundle&apos;s version.</source>
        <translation>案件 {0} 已被交接包中的版本替换。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Case {0} is already up to date; nothing was changed.</source>
        <translation>案件 {0} 已是最新，未做任何更改。</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Signature</source>
        <translation>签名</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>NONE — unsigned bundle</source>
        <translation>无 — 未签名的交接包</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>self-signed</source>
        <translation>自签名</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>issued by an authority</source>
        <translation>由认证机构签发</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Signed by</source>
        <translation>签名人</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Exported</source>
        <translation>导出</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Organisation</source>
        <translation>机构</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Application</source>
        <translation>应用</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Case</source>
        <translation>案件</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Contents</source>
        <translation>内容</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{0} answers, {1} evidence files ({2:.1f} MB), {3} APK analyses, {4} reports, {5} rectifications, {6} audit events</source>
        <translation>{0} 条答案，{1} 个证据文件（{2:.1f} MB），{3} 份 APK 分析，{4} 份报告，{5} 项整改，{6} 条审计事件</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Evidence files</source>
        <translation>证据文件</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+10"/>
        <source>{0} new, {1} already here</source>
        <translation>新增 {0} 个，本机已有 {1} 个</translation>
    </message>
    <message>
        <location line="-2"/>
        <source>Audit events</source>
        <translation>审计事件</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Rule pack</source>
        <translation>规则库</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>will be created</source>
        <translation>将新建</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>created</source>
        <translation>已新建</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>found here</source>
        <translation>本机已有</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>will replace the local copy</source>
        <translation>将替换本机副本</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>replaced</source>
        <translation>已替换</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>already up to date</source>
        <translation>已是最新</translation>
    </message>
</context>
<context>
    <name>_JobDialog</name>
    <message>
        <location line="-469"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Reading the case…</source>
        <translation>正在读取案件…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Writing evidence files…</source>
        <translation>正在写入证据文件…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Checking signature and files…</source>
        <translation>正在核验签名和文件…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Merging…</source>
        <translation>正在合并…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Done</source>
        <translation>完成</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Cancelled; nothing was changed.</source>
        <translation>已取消，未做任何更改。</translation>
    </message>
</context>
</TS>
