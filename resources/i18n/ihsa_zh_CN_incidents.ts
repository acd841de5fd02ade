<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>IncidentDialog</name>
    <message>
        <location filename="../../ui/incidents/dialogs.py" line="+75"/>
        <source>Edit incident</source>
        <translation>修改事件</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>New incident</source>
        <translation>登记事件</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>&amp;Organisation:</source>
        <translation>机构(&amp;O)：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A&amp;pplication:</source>
        <translation>涉及应用(&amp;P)：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Related &amp;case:</source>
        <translation>关联案件(&amp;C)：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Title:</source>
        <translation>事件名称(&amp;T)：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>C&amp;ategory:</source>
        <translation>事件类别(&amp;A)：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Severity:</source>
        <translation>事件级别(&amp;S)：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Discovered:</source>
        <translation>发现时间(&amp;D)：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Occ&amp;urred:</source>
        <translation>发生时间(&amp;U)：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>D&amp;escription:</source>
        <translation>情况说明(&amp;E)：</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
</context>
<context>
    <name>IncidentTableModel</name>
    <message>
        <location filename="../../ui/incidents/view.py" line="+76"/>
        <source>No.</source>
        <translation>编号</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Discovered</source>
        <translation>发现时间</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Organisation</source>
        <translation>机构</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Title</source>
        <translation>事件名称</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Severity</source>
        <translation>级别</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Notice due</source>
        <translation>通报时限</translation>
    </message>
</context>
<context>
    <name>IncidentsMenu</name>
    <message>
        <location filename="../../ui/incidents/__init__.py" line="+53"/>
        <source>&amp;Incidents</source>
        <translation>事件通报(&amp;I)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Incident register</source>
        <translation>事件登记簿(&amp;I)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;New incident…</source>
        <translation>登记事件(&amp;N)…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Periodic &amp;statistics…</source>
        <translation>定期统计(&amp;S)…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Incidents</source>
        <translation>事件通报</translation>
    </message>
</context>
<context>
    <name>IncidentsView</name>
    <message>
        <location filename="../../ui/incidents/view.py" line="+159"/>
        <source>&amp;Search:</source>
        <translation>搜索(&amp;S)：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Title, description, organisation…</source>
        <translation>事件名称、情况说明、机构…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>S&amp;tatus:</source>
        <translation>状态(&amp;T)：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Se&amp;verity:</source>
        <translation>级别(&amp;V)：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Overdue notices only</source>
        <translation>仅显示通报逾期(&amp;O)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;New incident…</source>
        <translation>登记事件(&amp;N)…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Edit…</source>
        <translation>修改(&amp;E)…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Produce &amp;notice…</source>
        <translation>生成通报(&amp;N)…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Record &amp;delivery…</source>
        <translation>登记送达(&amp;D)…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>C&amp;lose…</source>
        <translation>关闭(&amp;L)…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Re&amp;open…</source>
        <translation>重新打开(&amp;O)…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Refresh</source>
        <translation>刷新(&amp;R)</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Any</source>
        <translation>全部</translation>
    </message>
    <message numerus="yes">
        <location line="+29"/>
        <source>%n incident(s) overdue for notice or escalation</source>
        <translation>
            <numerusform>%n 起事件通报或上报逾期</numerusform>
        </translation>
    </message>
    <message>
        <location line="+43"/>
        <source>Organisation</source>
        <translation>机构</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Application</source>
        <translation>涉及应用</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Severity</source>
        <translation>级别</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Occurred</source>
        <translation>发生时间</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Discovered</source>
        <translation>发现时间</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Notice due</source>
        <translation>通报时限</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Notified</source>
        <translation>送达机构</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Escalation</source>
        <translation>上报</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>not required</source>
        <translation>无需上报</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Resolution</source>
        <translation>处置结果</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Notices</source>
        <translation>通报记录</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>to deliver</source>
        <translation>待送达</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>History</source>
        <translation>处理记录</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Incidents</source>
        <translation>事件通报</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Register an organisation first.</source>
        <translation>请先登记机构。</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>PDF letters (*.pdf)</source>
        <translation>PDF 通报函 (*.pdf)</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Text files (*.txt)</source>
        <translation>文本文件 (*.txt)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Save the notice</source>
        <translation>保存通报</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Notice produced</source>
        <translation>通报已生成</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Saved to %1 for: %2</source>
        <translation>已保存到 %1，通报对象：%2</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Record delivery</source>
        <translation>登记送达</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Delivered now:</source>
        <translation>现已送达：</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Close incident</source>
        <translation>关闭事件</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>How was it resolved?</source>
        <translation>处置结果：</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Reopen incident</source>
        <translation>重新打开事件</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Why is it reopened?</source>
        <translation>重新打开的原因：</translation>
    </message>
</context>
<context>
    <name>NoticeDialog</name>
    <message>
        <location filename="../../ui/incidents/dialogs.py" line="+44"/>
        <source>Produce notice</source>
        <translation>生成通报</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Already &amp;delivered at:</source>
        <translation>已送达，时间(&amp;D)：</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>&amp;Channel:</source>
        <translation>通报方式(&amp;C)：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Language:</source>
        <translation>语言(&amp;L)：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Recipients:</source>
        <translation>通报对象(&amp;R)：</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Nothing is sent from this program: the letter or text is saved for you to deliver. Major incidents are copied to the escalation recipient.</source>
        <translation>本程序不会发送任何内容：通报函或文本保存后由您送达。达到上报级别的事件同时抄报上报对象。</translation>
    </message>
</context>
<context>
    <name>StatisticsDialog</name>
    <message>
        <location filename="../../ui/incidents/statistics_dialog.py" line="+134"/>
        <source>Periodic statistics</source>
        <translation>定期统计</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Period:</source>
        <translation>统计期间(&amp;P)：</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Quarter</source>
        <translation>季度</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Month</source>
        <translation>月度</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Year</source>
        <translation>年度</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>From – to</source>
        <translation>起止日期</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Show</source>
        <translation>统计(&amp;S)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Report &amp;language:</source>
        <translation>报告语言(&amp;L)：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Export PDF…</source>
        <translation>导出 PDF(&amp;E)…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Cancel</source>
        <translation>取消(&amp;C)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location line="+77"/>
        <source>Assessment cases</source>
        <translation>评估案件</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Concluded official assessments</source>
        <translation>已完成的正式评估</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Mean score</source>
        <translation>平均得分</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Grades A / B / C</source>
        <translation>等级 A / B / C</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>APK files analysed</source>
        <translation>分析的安装包</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Counterfeit or tampered / outdated</source>
        <translation>仿冒或篡改 / 过期版本</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Open / overdue rectifications</source>
        <translation>未完成 / 逾期整改</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Incidents recorded</source>
        <translation>安全事件</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Notices on time / late / overdue</source>
        <translation>按时 / 逾期送达 / 逾期未通报</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Escalated / to escalate</source>
        <translation>已上报 / 须上报</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Export statistics report</source>
        <translation>导出统计报告</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>PDF reports (*.pdf)</source>
        <translation>PDF 报告 (*.pdf)</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>Report exported</source>
        <translation>报告已导出</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Saved to %1</source>
        <translation>已保存到 %1</translation>
    </message>
</context>
</TS>
